"""Service desk models, one module per topic."""

from catena.service.models.sla import SlaClock, SlaClockState, SlaPolicy, SlaTarget, policy_for  # noqa: F401
