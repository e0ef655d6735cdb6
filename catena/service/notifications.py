"""The service desk's part in the workspace: activities, follows, files and comments attach to
cases; a case's owner and followers hear when someone else moves it on or gives it to them, and
its SLA escalates by level: the owner is warned, a breach reaches the team's lead, and an
overrun of half the target again reaches the managers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core.models import Event
from catena.service.models import Case
from catena.workspace import rules, targets


def _owner(case: Any) -> list[int]:
    return [case.owner_id]


targets.register(Case, url=lambda case: reverse("service:case_detail", args=[case.pk]), owners=_owner)


@rules.audience("case.assigned", message=_("%(actor)s gave you %(record)s"))
def case_assigned(event: Event, case: Any) -> list[int]:
    return [event.payload["to"]]


@rules.audience("case.status_changed", message=_("%(actor)s changed the status of %(record)s"))
def case_status_changed(event: Event, case: Any) -> list[int]:
    return rules.owners_and_followers(event, case)


@rules.audience("case.replied", message=_("%(actor)s replied on %(record)s"))
def case_replied(event: Event, case: Any) -> list[int]:
    return rules.owners_and_followers(event, case)


def team_leads(case: Any) -> list[int]:
    """The managers of the case's team (else of its owner's department): who hears of a breach."""
    department_id = case.team_id or getattr(case.owner, "department_id", None)
    if department_id is None:
        return []
    leads = User.objects.filter(is_active=True, role=Role.MANAGER, department_id=department_id)
    return list(leads.values_list("pk", flat=True))


def managers() -> list[int]:
    """Every active manager: who hears of an escalation."""
    return list(User.objects.filter(is_active=True, role=Role.MANAGER).values_list("pk", flat=True))


@rules.audience("case.sla_warned", message=_("%(record)s is due soon under its SLA"))
def case_sla_warned(event: Event, case: Any) -> list[int]:
    return [case.owner_id]


@rules.audience("case.sla_breached", message=_("%(record)s missed its SLA target"))
def case_sla_breached(event: Event, case: Any) -> list[int]:
    return [case.owner_id, *team_leads(case), *rules.followers(case)]


@rules.audience(
    "case.sla_escalated", message=_("%(record)s is still past its SLA target: escalated to the managers")
)
def case_sla_escalated(event: Event, case: Any) -> list[int]:
    return [case.owner_id, *team_leads(case), *managers()]
