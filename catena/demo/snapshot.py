"""The first flow analytics snapshot of newly seeded data (the analytics page reads snapshots)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catena.insights.services import RunInProgress, compute_flow_metrics


def take_flow_snapshot() -> str:
    """Compute the flow figures now and say so; a run already under way is left to finish."""
    try:
        run = compute_flow_metrics()
    except RunInProgress as exc:
        return _(
            "Another flow analytics run (%(run)s) is under way; once it ends, run `catena flow_metrics` "
            "so that the figures include the new data."
        ) % {"run": exc.run.pk}
    return _("Computed the flow analytics in %(seconds).1f s.") % {"seconds": run.duration_seconds or 0}
