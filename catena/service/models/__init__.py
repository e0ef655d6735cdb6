"""Service desk models, one module per topic."""

from catena.service.models.sla import SlaPolicy, SlaPolicyQuerySet, SlaTarget, policy_for  # noqa: F401
