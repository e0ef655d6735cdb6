"""The responsible partner on the clock: a case asks a carrier, supplier or manufacturer to answer
for what went wrong, with the response time of its contract; the partner answers in its portal,
accepting or disputing responsibility with evidence; the agent records the outcome.

The customer sees none of it: its case has one owner, and moves to "waiting on partner" and
back as tasks open and are answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.catalog.models import Product
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.choices import PartyRoleType, RelationshipKind
from catena.parties.models import Contract, Party, PortalAccess
from catena.service.choices import (
    CaseStatus,
    PartnerOutcome,
    PartnerRole,
    PartnerStance,
    PartnerTaskStatus,
)
from catena.service.models import Case, PartnerTask, SlaClock, SlaTarget
from catena.service.services.cases import _move
from catena.workspace.models import Attachment
from catena.workspace.services.files import attach_file

#: A partner with no response time in its contract answers within two working days.
DEFAULT_RESPONSE_HOURS = 16
#: The warning share of a partner's response target.
WARNING_PERCENT = 80
MAX_TEXT = 5_000
# The relationship kinds whose contract binds a partner in each role.
CONTRACT_KINDS = {
    PartnerRole.CARRIER: (RelationshipKind.SHIPS_FOR,),
    PartnerRole.SUPPLIER: (RelationshipKind.SUPPLIES,),
    PartnerRole.MANUFACTURER: (RelationshipKind.MANUFACTURES_FOR, RelationshipKind.SUPPLIES),
}


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


# --- the response target --------------------------------------------------------------------


def response_hours(partner: Party, role: str, customer: Party | None = None) -> int:
    """The partner's response time from its contract (the one for this customer, else any of
    its role), else the default of two working days. Business hours of the working calendar."""
    contracts = Contract.objects.filter(
        relationship__from_party=partner,
        relationship__kind__in=CONTRACT_KINDS[PartnerRole(role)],
        response_hours__isnull=False,
        response_hours__gt=0,
    )
    chosen = None
    if customer is not None:
        chosen = contracts.filter(relationship__to_party=customer).order_by("id").first()
    chosen = chosen or contracts.order_by("id").first()
    return chosen.response_hours if chosen and chosen.response_hours else DEFAULT_RESPONSE_HOURS


def _start_clock(task: PartnerTask, at: datetime) -> SlaClock:
    clock = SlaClock(
        record=task,
        kind=SlaTarget.FIRST_RESPONSE,
        policy=None,
        target_minutes=task.response_minutes,
        warning_percent=WARNING_PERCENT,
        started_at=at,
    )
    clock.schedule()
    clock.save()
    return clock


def _stop_clock(task: PartnerTask, at: datetime) -> None:
    for clock in SlaClock.objects.for_record(task).open().select_for_update():
        clock.stop(at)
        clock.save()


# --- the use cases --------------------------------------------------------------------------


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _error(field, _("This field is required."), "required")
    if len(value) > MAX_TEXT:
        raise _error(field, _("The value is too long."), "too_long")
    return value


def _check_partner(partner: Party, role: str, shipment: Shipment | None, po: PurchaseOrder | None) -> None:
    if role not in PartnerRole.values:
        raise _error(
            "partner_role",
            _("“%(value)s” is not one of the allowed values.") % {"value": role},
            "invalid_choice",
        )
    party_roles = set(partner.roles.values_list("role", flat=True))
    wanted = {PartnerRole.CARRIER: PartyRoleType.CARRIER, PartnerRole.SUPPLIER: PartyRoleType.SUPPLIER}
    needed = wanted.get(PartnerRole(role), PartyRoleType.MANUFACTURER)
    if needed not in party_roles and not (
        role == PartnerRole.MANUFACTURER and PartyRoleType.SUPPLIER in party_roles
    ):
        raise _error(
            "partner",
            _("This party is not a %(role)s of ours.") % {"role": PartnerRole(role).label},
            "partner_task.not_a_partner",
        )
    if shipment is not None and shipment.carrier_id != partner.pk:
        raise _error(
            "shipment", _("Another carrier carried this shipment."), "partner_task.link_other_partner"
        )
    if po is not None and po.supplier_id != partner.pk:
        raise _error(
            "purchase_order",
            _("This purchase order went to another supplier."),
            "partner_task.link_other_partner",
        )


def _locked_case(case: Case, actor: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, case)
    if case.merged_into_id is not None:
        raise ValidationError(_("This case was merged into another; work on that one."), code="case.merged")
    if not case.is_active:
        raise ValidationError(
            _("Reopen the case before asking a partner about it."), code="partner_task.case_not_active"
        )
    return case


@transaction.atomic
def open_partner_task(
    case: Case,
    partner: Party,
    *,
    actor: User | None,
    partner_role: str,
    request: str,
    shipment: Shipment | None = None,
    purchase_order: PurchaseOrder | None = None,
    product: Product | None = None,
) -> PartnerTask:
    """Ask ``partner`` to answer for the case, on the clock of its contract's response time. The
    case waits on the partner (unless it waits on the customer). One active task per partner
    and case."""
    case = _locked_case(case, actor)
    if actor is not None:
        access.ensure(actor, access.ADD, PartnerTask)
    request = _text(request, "request")
    _check_partner(partner, partner_role, shipment, purchase_order)
    if PartnerTask.objects.active().filter(case=case, partner=partner).exists():
        raise _error(
            "partner",
            _("This partner already has an open task on this case."),
            "partner_task.already_open",
        )
    now = timezone.now()
    (pk,) = reserve_ids(PartnerTask, 1)
    task = PartnerTask(
        pk=pk,
        number=f"PT-{pk:06d}",
        case=case,
        partner=partner,
        partner_role=partner_role,
        shipment=shipment,
        purchase_order=purchase_order,
        product=product,
        request=request,
        response_minutes=response_hours(partner, partner_role, case.party) * 60,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            save_with_history(task, actor=actor, force_insert=True)
    except IntegrityError as exc:  # another agent asked the same partner at the same moment
        raise _error(
            "partner", _("This partner already has an open task on this case."), "partner_task.already_open"
        ) from exc
    clock = _start_clock(task, now)
    PartnerTask.objects.filter(pk=task.pk).update(due_at=clock.due_at)
    task.due_at = clock.due_at
    if case.status in (CaseStatus.NEW, CaseStatus.OPEN):
        _move(case, CaseStatus.WAITING_ON_PARTNER, actor=actor)
    events.emit(
        "partner_task.opened",
        task,
        actor=actor,
        payload={
            "number": task.number,
            "case": case.pk,
            "partner": partner.pk,
            "partner_role": partner_role,
            "due_at": task.due_at.isoformat() if task.due_at else None,
        },
    )
    return task


def _locked_task(task: PartnerTask, actor: Any, expected_version: int | None) -> PartnerTask:
    task = PartnerTask.objects.select_for_update().select_related("case").get(pk=task.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, task)
    check_version(task, expected_version)
    return task


def _case_back_to_work(task: PartnerTask, actor: Any) -> None:
    """The case leaves "waiting on partner" once no partner owes an answer any more."""
    case = Case.objects.select_for_update().get(pk=task.case_id)
    waiting = PartnerTask.objects.filter(case=case, status=PartnerTaskStatus.OPEN).exclude(pk=task.pk)
    if case.status == CaseStatus.WAITING_ON_PARTNER and not waiting.exists():
        _move(case, CaseStatus.OPEN, actor=actor)


@transaction.atomic
def answer_partner_task(
    task: PartnerTask,
    *,
    actor: User | None,
    stance: str,
    answer: str,
    expected_version: int | None = None,
) -> PartnerTask:
    """The partner's answer: it accepts or disputes responsibility and says why. Its clock stops
    at the first answer; it may answer again (adding to the record) until the task is closed."""
    task = _locked_task(task, actor, expected_version)
    if not task.is_active:
        raise ValidationError(_("This task is closed."), code="partner_task.closed")
    if stance not in PartnerStance.values:
        raise _error("stance", _("Say whether you accept responsibility."), "partner_task.stance_required")
    answer = _text(answer, "answer")
    now = timezone.now()
    first = task.status == PartnerTaskStatus.OPEN
    if task.answer:
        answer = f"{task.answer}\n\n— {timezone.localtime(now):%Y-%m-%d %H:%M} —\n{answer}"
    task.stance, task.answer = stance, answer
    task.answered_at = task.answered_at or now
    task.answered_by = actor if actor is not None else task.answered_by
    task.status = PartnerTaskStatus.ANSWERED
    task.version += 1
    save_with_history(task, actor=actor)
    if first:
        _stop_clock(task, now)
        _case_back_to_work(task, actor)
    events.emit(
        "partner_task.answered",
        task,
        actor=actor,
        payload={"stance": stance, "first": first, "case": task.case_id},
    )
    return task


@transaction.atomic
def close_partner_task(
    task: PartnerTask,
    *,
    actor: User | None,
    outcome: str,
    note: str = "",
    expected_version: int | None = None,
) -> PartnerTask:
    """The agent's conclusion on the partner's responsibility: the figure its record keeps."""
    task = _locked_task(task, actor, expected_version)
    if actor is not None and not roles.is_internal(actor):
        raise access.PermissionDenied(access.CHANGE, task)
    if not task.is_active:
        raise ValidationError(_("This task is closed."), code="partner_task.closed")
    if outcome not in PartnerOutcome.values:
        raise _error(
            "outcome", _("Record whether the partner was responsible."), "partner_task.outcome_required"
        )
    now = timezone.now()
    was_open = task.status == PartnerTaskStatus.OPEN
    task.outcome, task.outcome_note = outcome, _text(note, "outcome_note", required=False)
    task.status, task.closed_at = PartnerTaskStatus.CLOSED, now
    task.version += 1
    save_with_history(task, actor=actor)
    if was_open:
        _stop_clock(task, now)
        _case_back_to_work(task, actor)
    events.emit("partner_task.closed", task, actor=actor, payload={"outcome": outcome, "case": task.case_id})
    return task


@transaction.atomic
def withdraw_partner_task(
    task: PartnerTask, *, actor: User | None, note: str = "", expected_version: int | None = None
) -> PartnerTask:
    """Take back a task asked by mistake: it counts for nothing in the partner's record."""
    task = _locked_task(task, actor, expected_version)
    if actor is not None and not roles.is_internal(actor):
        raise access.PermissionDenied(access.CHANGE, task)
    if not task.is_active:
        raise ValidationError(_("This task is closed."), code="partner_task.closed")
    now = timezone.now()
    was_open = task.status == PartnerTaskStatus.OPEN
    task.status, task.closed_at = PartnerTaskStatus.WITHDRAWN, now
    task.outcome_note = _text(note, "outcome_note", required=False)
    task.version += 1
    save_with_history(task, actor=actor)
    if was_open:
        _stop_clock(task, now)
        _case_back_to_work(task, actor)
    events.emit("partner_task.withdrawn", task, actor=actor, payload={"case": task.case_id})
    return task


def add_evidence(task: PartnerTask, file: File[Any], *, actor: User) -> Attachment:
    """A photo, a document or a report on the task, from the partner or the agent; checked by
    content and size like every upload. A closed task takes no more evidence."""
    if not task.is_active:
        raise ValidationError(_("This task is closed."), code="partner_task.closed")
    return attach_file(task, actor=actor, file=file)


def evidence(task: PartnerTask, user: Any) -> list[Attachment]:
    """The task's files ``user`` may see, oldest first."""
    return list(
        Attachment.objects.for_user(user)
        .present()
        .on(task)
        .select_related("uploaded_by")
        .order_by("created_at")
    )


def partner_language(partner: Party) -> str:
    """The language a partner's mails are written in: its portal users' language, else ours."""
    known = {code for code, _name in settings.LANGUAGES}
    found = PortalAccess.objects.filter(party=partner).exclude(user__language="")
    language = found.values_list("user__language", flat=True).first()
    return language if language in known else settings.LANGUAGE_CODE
