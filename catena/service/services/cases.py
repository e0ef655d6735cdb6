"""Opening a case (the one intake every channel calls), assigning it, moving its status and
merging duplicates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import Department, User
from catena.accounts.services import eligible_owner
from catena.catalog.models import Product
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.versions import check_version
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.parties.choices import BUYING_ROLES
from catena.parties.models import Contact, Party, PortalAccess
from catena.parties.policies import portal_party_id
from catena.sales.models import SalesOrder, SalesOrderLine
from catena.service.choices import (
    PRIORITY_RANK,
    CaseChannel,
    CasePriority,
    CaseSeverity,
    CaseStatus,
    CaseType,
    MessageSender,
    MessageVisibility,
    RootCause,
)
from catena.service.events import CaseMerged, CaseOpened
from catena.service.models import Case, CaseMessage
from catena.service.services import assignment, clocks
from catena.service.sla.calendar import default_calendar

OWNER_KIND = "case"
# Who owns a case when neither the agent nor the account manager may: the service desk first.
FALLBACK_ROLES = (Role.SERVICE, Role.MANAGER, Role.ADMINISTRATOR)


def _choice_error(value: Any) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not one of the allowed values.") % {"value": value}, code="invalid_choice"
    )


def _eligible(user: Any) -> User | None:
    try:
        return eligible_owner(user, kind=OWNER_KIND)
    except ValidationError:
        return None


def choose_owner(actor: Any, party: Party) -> User:
    """Who owns a new case nobody named an owner for: the agent opening it, else the customer's
    account manager, else the service desk's (then a manager's, an administrator's) longest-serving
    member. A case is never unowned: with nobody eligible, opening it fails."""
    for candidate in (actor, party.owner):
        if candidate is not None and (owner := _eligible(candidate)) is not None:
            return owner
    staff = User.objects.filter(is_active=True)
    for role in FALLBACK_ROLES:
        found = staff.filter(
            Q(role=role) | (Q(is_superuser=True) if role == Role.ADMINISTRATOR else Q(pk__in=[]))
        )
        if (owner := found.order_by("date_joined", "pk").first()) is not None:
            return owner
    raise ValidationError({"owner": [ValidationError(_("Nobody may own this case."), code="case.no_owner")]})


def _language(actor: Any, party: Party, language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    if language in known:
        return str(language)
    if roles.is_portal(actor) and getattr(actor, "language", "") in known:
        return str(actor.language)
    portal = PortalAccess.objects.filter(party=party).exclude(user__language="")
    found = portal.values_list("user__language", flat=True).first()
    return found if found in known else settings.LANGUAGE_CODE


def _check_links(party: Party, links: dict[str, Any], errors: dict[str, list[ValidationError]]) -> None:
    other = _("This record belongs to another customer.")
    order, line, shipment = links.get("order"), links.get("order_line"), links.get("shipment")
    expected = {
        "contact": Contact,
        "order": SalesOrder,
        "order_line": SalesOrderLine,
        "shipment": Shipment,
        "purchase_order": PurchaseOrder,
        "product": Product,
    }
    for key, value in links.items():
        if key not in expected:
            errors[key] = [ValidationError(_("Unknown field."), code="unknown_field")]
        elif value is not None and not isinstance(value, expected[key]):
            errors[key] = [ValidationError(_("No such record."), code="unknown_reference")]
    if any(key in errors for key in links):
        return
    contact = links.get("contact")
    if contact is not None and contact.party_id != party.pk:
        errors["contact"] = [
            ValidationError(_("This contact works for another party."), code="case.contact_other_party")
        ]
    if order is not None and order.customer_id != party.pk:
        errors["order"] = [ValidationError(other, code="case.link_other_party")]
    if line is not None and (
        line.order.customer_id != party.pk or (order is not None and line.order_id != order.pk)
    ):
        errors["order_line"] = [ValidationError(other, code="case.link_other_party")]
    if shipment is not None and shipment.sales_order.customer_id != party.pk:
        errors["shipment"] = [ValidationError(other, code="case.link_other_party")]


@transaction.atomic
def open_case(
    party: Party,
    *,
    actor: User | None,
    case_type: str,
    subject: str,
    body: str = "",
    channel: str = CaseChannel.STAFF,
    priority: str = CasePriority.NORMAL,
    severity: str = CaseSeverity.MODERATE,
    owner: User | None = None,
    team: Department | None = None,
    language: str | None = None,
    assign_by_rules: bool = False,
    **links: Any,
) -> Case:
    """Open a case for a customer: the one intake that pages, the API, the portal and later the
    channel adapters (e-mail, SMS, WeCom) call. ``links`` are ``contact``, ``order``,
    ``order_line``, ``shipment``, ``purchase_order`` and ``product``.

    The case gets an owner at once: the one named; else, for a case from the portal, the API of a
    portal user or a channel (no actor), or when ``assign_by_rules`` asks, the assignment rules;
    else :func:`choose_owner`. Its first reply is the
    acknowledgement to the customer, in the customer's language, with the case number."""
    if actor is not None:
        access.ensure(actor, access.ADD, Case)
        access.ensure(actor, access.VIEW, party)
        if roles.is_portal(actor) and portal_party_id(actor) != party.pk:
            raise access.PermissionDenied(access.ADD, party)
    errors: dict[str, list[ValidationError]] = {}
    for field, value, choices in (
        ("case_type", case_type, CaseType),
        ("channel", channel, CaseChannel),
        ("priority", priority, CasePriority),
        ("severity", severity, CaseSeverity),
    ):
        if value not in choices.values:
            errors[field] = [_choice_error(value)]
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = [ValidationError(_("This field is required."), code="required")]
    elif len(subject) > 200:
        errors["subject"] = [ValidationError(_("The value is too long."), code="too_long")]
    if not party.roles.filter(role__in=BUYING_ROLES).exists():
        errors["party"] = [
            ValidationError(_("Cases are opened for customers."), code="case.party_not_a_customer")
        ]
    _check_links(party, links, errors)
    if owner is not None and _eligible(owner) is None:
        errors["owner"] = [
            ValidationError(
                _("Choose an active member of staff who may own this kind of record."),
                code="owner.not_eligible",
            )
        ]
    if errors:
        raise ValidationError(errors)
    by_rules = owner is None and (assign_by_rules or actor is None or roles.is_portal(actor))
    rule = None
    if by_rules:
        inputs = assignment.CaseInputs(party=party, case_type=case_type, product=links.get("product"))
        owner, rule = assignment.choose_owner(inputs, actor=actor)
    (pk,) = reserve_ids(Case, 1)
    now = timezone.now()
    case = Case(
        pk=pk,
        number=f"CS-{pk:06d}",
        case_type=case_type,
        subject=subject,
        description=(body or "").strip(),
        party=party,
        priority=priority,
        priority_rank=PRIORITY_RANK[CasePriority(priority)],
        severity=severity,
        channel=channel,
        status=CaseStatus.NEW,
        status_changed_at=now,
        owner=owner or choose_owner(actor, party),
        team=team,
        language=_language(actor, party, language),
        created_by=actor,
        **links,
    )
    due = clocks.first_response_due(clocks.start_case(case, now))
    save_with_history(case, actor=actor, force_insert=True)
    if by_rules:
        assignment.record(case, rule, at=now)
    CaseMessage.objects.create(
        case=case,
        visibility=MessageVisibility.REPLY,
        sender=MessageSender.STAFF,
        body=_acknowledgement(case, due),
    )
    events.emit(
        CaseOpened(
            number=case.number,
            party=party.pk,
            case_type=case_type,
            channel=channel,
            owner=case.owner_id,
            rule=rule.pk if rule is not None else None,
        ),
        case,
        actor=actor,
    )
    return case


def _acknowledgement(case: Case, due: datetime | None) -> str:
    """The first reply of every case, in the customer's language: the case number and, where a
    policy sets one, the time of our first answer (in the working calendar's time zone)."""
    with translation.override(case.language):
        if due is None:
            return _(
                "Thank you for contacting us. We have received your request and opened case %(number)s. "
                "We will answer you as soon as possible; please quote the case number when you write to us."
            ) % {"number": case.number}
        local = due.astimezone(default_calendar().time_zone)
        return _(
            "Thank you for contacting us. We have received your request and opened case %(number)s. "
            "We will answer you by %(due)s at the latest; please quote the case number when you write to us."
        ) % {"number": case.number, "due": formats.date_format(local, "DATETIME_FORMAT")}


def _locked(case: Case, actor: Any, expected_version: int | None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, case)
    check_version(case, expected_version)
    if case.merged_into_id is not None:
        raise ValidationError(_("This case was merged into another; work on that one."), code="case.merged")
    return case


@transaction.atomic
def assign(case: Case, owner: Any, *, actor: User | None, expected_version: int | None = None) -> Case:
    """Give the case to another owner (an active member of staff who works cases)."""
    case = _locked(case, actor, expected_version)
    try:
        new_owner = eligible_owner(owner, kind=OWNER_KIND)
    except ValidationError as exc:
        raise ValidationError({"owner": exc.error_list}) from exc
    if new_owner is None:
        raise ValidationError({"owner": [ValidationError(_("This field is required."), code="required")]})
    if new_owner.pk == case.owner_id:
        return case
    previous = case.owner_id
    case.owner = new_owner
    case.version += 1
    save_with_history(case, actor=actor)
    events.emit("case.assigned", case, actor=actor, payload={"from": previous, "to": new_owner.pk})
    return case


def _move(case: Case, status: str, *, actor: Any, root_cause: str = "") -> None:
    """Put ``case`` (locked) in ``status`` and emit the event; the caller checked the move."""
    previous = case.status
    now = timezone.now()
    case.status = status
    case.status_changed_at = now
    if status == CaseStatus.RESOLVED:
        case.resolved_at = now
    elif status == CaseStatus.CLOSED:
        case.closed_at = now
        case.resolved_at = case.resolved_at or now
    elif previous in (CaseStatus.RESOLVED, CaseStatus.CLOSED):  # reopened: no longer resolved
        case.resolved_at = case.closed_at = None
        case.root_cause = ""
        case.resolution = ""
    clocks.on_status_change(case, previous, now)
    case.version += 1
    save_with_history(case, actor=actor)
    payload = {"from": previous, "to": status, "root_cause": root_cause}
    events.emit("case.status_changed", case, actor=actor, payload=payload)


@transaction.atomic
def change_status(
    case: Case,
    status: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
    root_cause: str = "",
    resolution: str = "",
) -> Case:
    """Move the case along the transition table (``choices.CASE_TRANSITIONS``). Resolving needs
    the root cause and the resolution; moving a resolved or closed case to open reopens it."""
    case = _locked(case, actor, expected_version)
    if status not in CaseStatus.values:
        raise ValidationError({"status": [_choice_error(status)]})
    if not case.can_change_status_to(status):
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("The case cannot move to this status."), code="case.transition_not_allowed"
                    )
                ]
            }
        )
    if status == CaseStatus.RESOLVED:
        errors: dict[str, list[ValidationError]] = {}
        if not root_cause:
            errors["root_cause"] = [
                ValidationError(
                    _("Give the root cause to resolve the case."), code="case.root_cause_required"
                )
            ]
        elif root_cause not in RootCause.values:
            errors["root_cause"] = [_choice_error(root_cause)]
        if not (resolution or "").strip():
            errors["resolution"] = [
                ValidationError(_("Say how the case was resolved."), code="case.resolution_required")
            ]
        if errors:
            raise ValidationError(errors)
        case.root_cause = root_cause
        case.resolution = resolution.strip()
    _move(case, status, actor=actor, root_cause=case.root_cause if status == CaseStatus.RESOLVED else "")
    return case


@transaction.atomic
def merge(
    duplicate: Case, survivor: Case, *, actor: User | None, expected_version: int | None = None
) -> Case:
    """Merge ``duplicate`` into ``survivor`` (the same customer's): its messages move to the
    survivor (each remembering where it was written), and the duplicate is closed, keeps its
    history and points to the survivor. Returns the survivor."""
    first, second = sorted((duplicate.pk, survivor.pk))
    list(Case.objects.select_for_update().filter(pk__in=(first, second)).order_by("pk"))
    duplicate = _locked(duplicate, actor, expected_version)
    survivor = _locked(survivor, actor, None)
    if duplicate.pk == survivor.pk or duplicate.party_id != survivor.party_id:
        raise ValidationError(
            {"into": [ValidationError(_("These cases cannot be merged."), code="case.merge_not_allowed")]}
        )
    messages = duplicate.messages.all()
    messages.filter(merged_from__isnull=True).update(merged_from=duplicate)
    moved = messages.update(case=survivor)
    duplicate.merged_into = survivor
    if duplicate.status != CaseStatus.CLOSED:
        previous = duplicate.status
        duplicate.status = CaseStatus.CLOSED
        duplicate.status_changed_at = duplicate.closed_at = timezone.now()
        clocks.on_status_change(duplicate, previous, duplicate.closed_at)
    duplicate.version += 1
    save_with_history(duplicate, actor=actor)
    CaseMessage.objects.create(
        case=survivor,
        visibility=MessageVisibility.NOTE,
        author=actor,
        body=_("Case %(number)s (%(subject)s) was merged into this case.")
        % {"number": duplicate.number, "subject": duplicate.subject},
    )
    events.emit(CaseMerged(into=survivor.pk, messages=moved), duplicate, actor=actor)
    return survivor
