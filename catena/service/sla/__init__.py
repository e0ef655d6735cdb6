"""SLA arithmetic: the working calendar (``calendar``) and clocks counted on it (``clock``).

Pure functions over aware datetimes, no database: the escalation sweep computes a clock for every
open case with them, and the SLA policies (``catena.service.models.sla``) give the targets.
"""
