"""``catena flow_metrics``: compute the order-flow figures now and print a summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from catena.insights import services
from catena.insights.choices import FlowDimension
from catena.insights.models import FlowMetric


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Compute the order-flow figures (cycle times, on-time and promise-kept rates) as a new "
            "snapshot and print a summary. Run it from cron to keep the figures fresh."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help=_("Print only the one-line summary."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = services.compute_flow_metrics()
        except services.RunInProgress as busy:
            raise CommandError(
                _("Flow figures run %(run)s is still waiting or computing; try again when it is done.")
                % {"run": busy.run.pk}
            ) from busy
        self.stdout.write(
            _(
                "Flow figures run %(run)s on %(engine)s: %(figures)s figures from %(orders)s delivered "
                "orders, %(stages)s finished stages, %(pos)s purchase orders, %(shipments)s shipments "
                "in %(seconds).2f s."
            )
            % {
                "run": run.pk,
                "engine": run.engine,
                "figures": run.metric_count,
                "orders": run.orders_measured,
                "stages": run.stages_measured,
                "pos": run.purchase_orders_measured,
                "shipments": run.shipments_measured,
                "seconds": run.duration_seconds or 0,
            }
        )
        if options["quiet"]:
            return
        for dimension in (
            FlowDimension.OVERALL,
            FlowDimension.ORDER_TYPE,
            FlowDimension.STAGE,
            FlowDimension.DEPARTMENT,
        ):
            for metric in FlowMetric.objects.filter(run=run, dimension=dimension).order_by("key"):
                self.stdout.write(
                    f"  {str(dimension):<11} {metric.key:<22} n={metric.count:<8} "
                    f"median={_hours(metric.median_hours)} p90={_hours(metric.p90_hours)} "
                    f"on_time={_rate(metric.on_time_rate)}"
                )


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}h"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
