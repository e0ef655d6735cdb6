"""The service desk in the operators' admin."""

from catena.service.sla import admin as sla_admin  # noqa: F401  (registers the SLA policies)
