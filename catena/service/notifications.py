"""The service desk's part in the workspace: activities, follows, files and comments attach to
cases; a case's owner and followers hear when someone else moves it on or gives it to them, and
its SLA escalates by level: the owner is warned, a breach reaches the team's lead, and an
overrun of half the target again reaches the managers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import events
from catena.core.models import Event
from catena.service.choices import CaseStatus, MessageVisibility
from catena.service.models import Case, PartnerTask
from catena.service.policies import may_write
from catena.service.services import surveys
from catena.service.services.partners import partner_language
from catena.workspace import rules, targets


def _owner(case: Any) -> list[int]:
    return [case.owner_id]


def _customer_may_attach(user: Any, case: Any) -> bool:
    """A customer adds photos and documents to its own case while it takes replies."""
    return case.merged_into_id is None and may_write(user, case, MessageVisibility.REPLY)


targets.register(
    Case,
    url=lambda case: reverse("service:case_detail", args=[case.pk]),
    owners=_owner,
    portal_uploads=_customer_may_attach,
)


def _task_url(task: Any) -> str:
    return reverse("service:case_detail", args=[task.case_id]) + f"#task-{task.pk}"


def _task_owner(task: Any) -> list[int]:
    return [task.case.owner_id]


# A partner's portal user attaches its evidence to the task addressed to it.
targets.register(PartnerTask, url=_task_url, owners=_task_owner, portal_uploads=True)


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


@rules.audience("partner_task.answered", message=_("%(actor)s answered %(record)s for the partner"))
def partner_task_answered(event: Event, task: Any) -> list[int]:
    return [task.case.owner_id, *rules.followers(task.case)]


@rules.audience("partner_task.sla_breached", message=_("The partner's answer on %(record)s is overdue"))
def partner_task_sla_breached(event: Event, task: Any) -> list[int]:
    return [task.case.owner_id, *team_leads(task.case)]


@rules.audience(
    "partner_task.sla_escalated", message=_("The partner's answer on %(record)s is still overdue: escalated")
)
def partner_task_sla_escalated(event: Event, task: Any) -> list[int]:
    return [task.case.owner_id, *team_leads(task.case), *managers()]


@events.subscribe("partner_task.opened")
@events.subscribe("partner_task.sla_breached")
def mail_the_partner(event: Event) -> None:
    """The partner hears by e-mail, in its language, of a task addressed to it and of an answer
    it owes past its time; the mail links to the task in its portal."""
    task = PartnerTask.objects.select_related("partner", "case").filter(pk=event.subject_id).first()
    if task is None or not task.is_active:
        return
    recipients = list(
        User.objects.filter(
            portal_access__party=task.partner, is_active=True, role=Role.PORTAL_PARTNER
        ).exclude(email="")
    )
    link = settings.CATENA_SITE_URL.rstrip("/") + reverse("portal:partner_task_detail", args=[task.pk])
    overdue = event.name == "partner_task.sla_breached"
    for user in recipients:
        with translation.override(user.language or partner_language(task.partner)):
            due = timezone.localtime(task.due_at).strftime("%Y-%m-%d %H:%M") if task.due_at else ""
            subject = (
                gettext("Overdue: your answer on %(number)s")
                if overdue
                else gettext("Please answer: %(number)s")
            ) % {"number": task.number}
            body = render_to_string(
                "service/mail/partner_task.txt",
                {"task": task, "user": user, "link": link, "due": due, "overdue": overdue},
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@rules.audience("promise.broken", message=_("A promise to the customer on %(record)s was broken"))
def promise_broken(event: Event, case: Any) -> list[int]:
    """The case's owner answers for the case, the maker for the promise: both hear of it."""
    return [case.owner_id, event.payload["made_by"]] if case is not None else [event.payload["made_by"]]


@events.subscribe("case.status_changed")
def survey_the_resolved_case(event: Event) -> None:
    """A case just resolved sends its customer the satisfaction survey (once per case)."""
    if event.payload.get("to") != CaseStatus.RESOLVED:
        return
    case = Case.objects.filter(pk=event.subject_id).first()
    if case is not None:
        surveys.send_csat(case)


def _survey_case(survey: Any) -> Any:
    return None if survey is None else (survey.follow_up_case or survey.case)


@rules.audience(
    "survey.answered",
    message=_("A customer gave a low survey score: follow up on %(record)s"),
    target=_survey_case,
)
def survey_answered_low(event: Event, survey: Any) -> list[int]:
    """A detractor's score reaches the surveyed case's owner and the follow-up case's owner."""
    if survey is None or not event.payload.get("detractor"):
        return []
    owners = {case.owner_id for case in (survey.case, survey.follow_up_case) if case is not None}
    return sorted(owners)
