"""Use cases of leads: create, change, work, qualify (BANT), disqualify and convert into a prospect
party with an opportunity.

Each runs in one transaction, checks the actor's rights before writing and emits a domain event.
``actor=None`` means a trusted system caller and skips the rights check.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties import services as party_services
from catena.parties.choices import ContactPointKind, PartyKind, PartyRoleType, PartyStatus
from catena.parties.models import Party
from catena.parties.validation import clean_email, clean_phone
from catena.sales import field_checks as check
from catena.sales import timeline
from catena.sales.choices import CONVERTIBLE_LEAD_STATUSES, LeadSource, LeadStatus
from catena.sales.models import Lead, Opportunity, PipelineStep
from catena.sales.services.opportunities import create_opportunity

LEAD_FIELDS = (
    "company", "contact_name", "title", "phone", "email", "source", "owner", "estimated_amount", "currency",
    "has_budget", "has_authority", "has_need", "has_timing", "qualification_notes", "notes",
)  # fmt: skip
BANT_FIELDS = ("has_budget", "has_authority", "has_need", "has_timing")
CONVERTED_CLOSE_AFTER_DAYS = 90


def _clean_lead(data: Mapping[str, Any], errors: Errors, *, instance: Lead | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in LEAD_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key in ("company", "title", "contact_name"):
            cleaned[key] = check.text(errors, key, value, max_length=200 if key == "company" else 100)
        elif key in ("qualification_notes", "notes"):
            cleaned[key] = str(value or "")
        elif key in BANT_FIELDS:
            cleaned[key] = bool(value)
        elif key == "phone":
            cleaned[key] = str(value or "").strip()
            if cleaned[key]:
                try:
                    cleaned[key] = clean_phone(cleaned[key])
                except ValidationError as exc:
                    errors.capture(key, exc)
        elif key == "email":
            cleaned[key] = str(value or "").strip()
            if cleaned[key]:
                try:
                    cleaned[key] = clean_email(cleaned[key])
                except ValidationError as exc:
                    errors.capture(key, exc)
        elif key == "source":
            cleaned[key] = check.choice(errors, key, value, LeadSource)
        elif key == "currency":
            cleaned[key] = check.currency(errors, key, value)
        elif key == "owner":
            cleaned[key] = check.owner(errors, key, value)
        elif key == "estimated_amount":
            cleaned[key] = None if value in (None, "") else check.amount(errors, key, value)
    company = cleaned.get("company", instance.company if instance else "")
    contact = cleaned.get("contact_name", instance.contact_name if instance else "")
    if not company and not contact and not errors.by_field.get("company"):
        errors.add("company", _("Give a company or a contact name."), code="lead.name_missing")
    return cleaned


@transaction.atomic
def create_lead(*, actor: User | None, **fields: Any) -> Lead:
    """Record a possible customer; it belongs to the actor unless another owner is given."""
    if actor is not None:
        access.ensure(actor, access.ADD, Lead)
    errors = Errors()
    cleaned = _clean_lead(fields, errors, instance=None)
    errors.raise_if_any()
    lead = Lead(**cleaned)
    if "owner" not in fields and actor is not None and not actor.is_superuser:
        lead.owner = actor
    save_with_history(lead, actor=actor)
    events.emit("lead.created", lead, actor=actor, payload={"source": lead.source, "name": str(lead)})
    return lead


def _locked_lead(lead: Lead, actor: User | None, action: str = access.CHANGE) -> Lead:
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if actor is not None:
        access.ensure(actor, action, lead)
    return lead


@transaction.atomic
def update_lead(lead: Lead, *, actor: User | None, **changes: Any) -> Lead:
    """Change some fields of a lead; a converted lead is a closed record."""
    lead = _locked_lead(lead, actor)
    errors = Errors()
    cleaned = _clean_lead(changes, errors, instance=lead)
    if lead.status == LeadStatus.CONVERTED:
        errors.add(
            "__all__",
            _("A converted lead cannot be changed; work on its party instead."),
            code="lead.converted",
        )
    if actor is not None and "owner" in cleaned and cleaned["owner"] != lead.owner:
        probe = Lead(pk=lead.pk, owner=cleaned["owner"])
        if not access.can(actor, access.CHANGE, probe) and not access.can(actor, access.DELETE, lead):
            errors.add(
                "owner", _("You may not give this lead to somebody else."), code="lead.owner_not_allowed"
            )
    errors.raise_if_any()
    changed = sorted(k for k, v in cleaned.items() if getattr(lead, k) != v)
    for key, value in cleaned.items():
        setattr(lead, key, value)
    if changed:
        save_with_history(lead, actor=actor)
        events.emit("lead.updated", lead, actor=actor, payload={"fields": changed})
    return lead


def _move_lead(lead: Lead, status: str, errors: Errors) -> None:
    if lead.status != status and not lead.can_change_status_to(status):
        errors.add(
            "status",
            _("A lead that is “%(current)s” cannot become “%(new)s”.")
            % {"current": lead.get_status_display(), "new": LeadStatus(status).label},
            code="lead.transition_not_allowed",
        )


@transaction.atomic
def start_working_lead(lead: Lead, *, actor: User | None) -> Lead:
    """Somebody is contacting the lead (also reopens a disqualified one)."""
    lead = _locked_lead(lead, actor)
    errors = Errors()
    _move_lead(lead, LeadStatus.WORKING, errors)
    errors.raise_if_any()
    lead.status = LeadStatus.WORKING
    lead.disqualified_reason = ""
    save_with_history(lead, actor=actor)
    events.emit("lead.working", lead, actor=actor, payload={})
    return lead


@transaction.atomic
def qualify_lead(lead: Lead, *, actor: User | None, notes: str | None = None, **bant: Any) -> Lead:
    """Record what is known of budget, authority, need and timing and mark the lead qualified."""
    lead = _locked_lead(lead, actor)
    errors = Errors()
    for key in bant:
        if key not in BANT_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
    _move_lead(lead, LeadStatus.QUALIFIED, errors)
    errors.raise_if_any()
    for key, value in bant.items():
        setattr(lead, key, bool(value))
    if notes is not None:
        lead.qualification_notes = str(notes)
    lead.status = LeadStatus.QUALIFIED
    save_with_history(lead, actor=actor)
    events.emit("lead.qualified", lead, actor=actor, payload={"bant_score": lead.bant_score})
    return lead


@transaction.atomic
def disqualify_lead(lead: Lead, *, actor: User | None, reason: str) -> Lead:
    """Stop pursuing a lead; the reason is kept (marketing learns which sources waste time)."""
    lead = _locked_lead(lead, actor)
    errors = Errors()
    reason = check.text(errors, "reason", reason, max_length=200, required=True)
    _move_lead(lead, LeadStatus.DISQUALIFIED, errors)
    errors.raise_if_any()
    lead.status = LeadStatus.DISQUALIFIED
    lead.disqualified_reason = reason
    save_with_history(lead, actor=actor)
    events.emit("lead.disqualified", lead, actor=actor, payload={"reason": reason})
    return lead


def _contact_points(lead: Lead) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = []
    if lead.phone:
        kind = ContactPointKind.PHONE
        try:
            parsed = phonenumbers.parse(lead.phone, settings.CATENA_DEFAULT_PHONE_REGION)
            if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
                kind = ContactPointKind.MOBILE
        except phonenumbers.NumberParseException:
            pass
        points.append({"kind": kind, "value": lead.phone, "is_primary": True})
    if lead.email:
        points.append({"kind": ContactPointKind.EMAIL, "value": lead.email, "is_primary": True})
    return points


def _prospect_from(lead: Lead, actor: User | None) -> Party:
    contact = (
        [
            {
                "name": lead.contact_name,
                "title": lead.title,
                "is_primary": True,
                "contact_points": _contact_points(lead),
            }
        ]
        if lead.contact_name and lead.company
        else []
    )
    extra: dict[str, Any] = {"owner": lead.owner} if lead.owner is not None else {}
    return party_services.create_party(
        actor=actor,
        kind=PartyKind.ORGANISATION if lead.company else PartyKind.PERSON,
        name=lead.company or lead.contact_name,
        roles=[PartyRoleType.PROSPECT],
        contacts=contact,
        contact_points=[] if contact else _contact_points(lead),
        notes=lead.notes,
        **extra,
    )


@transaction.atomic
def convert_lead(
    lead: Lead,
    *,
    actor: User | None,
    party: Party | None = None,
    opportunity_name: str = "",
    amount: Decimal | int | str | None = None,
    expected_close: date | None = None,
    step: PipelineStep | None = None,
) -> tuple[Party, Opportunity]:
    """Turn a lead into a prospect party (a new one, or ``party`` when it is already known) and an
    opportunity in the first step, and close the lead."""
    lead = _locked_lead(lead, actor)
    errors = Errors()
    if lead.status not in CONVERTIBLE_LEAD_STATUSES:
        errors.add(
            "status",
            _("A lead that is “%(current)s” cannot be converted.") % {"current": lead.get_status_display()},
            code="lead.transition_not_allowed",
        )
    if party is not None:
        if actor is not None and not access.can(actor, access.VIEW, party):
            errors.add("party", _("No such party."), code="unknown_reference")
        elif party.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
            errors.add("party", _("This party is blocked or archived."), code="party.blocked")
    errors.raise_if_any()
    if party is None:
        party = _prospect_from(lead, actor)
    elif not party.roles.filter(
        role__in=[
            PartyRoleType.CUSTOMER,
            PartyRoleType.PROSPECT,
            PartyRoleType.RETAILER,
            PartyRoleType.DISTRIBUTOR,
        ]
    ).exists():
        party_services.update_party(party, actor=None, roles=[*party.role_codes, PartyRoleType.PROSPECT])
    opportunity = create_opportunity(
        party,
        actor=actor,
        name=opportunity_name or _("%(name)s: first deal") % {"name": lead},
        amount=amount if amount is not None else (lead.estimated_amount or 0),
        currency=lead.currency,
        expected_close=expected_close or timezone.localdate() + timedelta(days=CONVERTED_CLOSE_AFTER_DAYS),
        step=step,
        owner=lead.owner,
        source_lead=lead,
    )
    lead.status = LeadStatus.CONVERTED
    lead.party = party
    lead.converted_at = timezone.now()
    save_with_history(lead, actor=actor)
    events.emit(
        "lead.converted", lead, actor=actor, payload={"party": party.pk, "opportunity": opportunity.pk}
    )
    timeline.note(
        party,
        actor=actor,
        subject=_("Lead converted: %(lead)s (source: %(source)s)")
        % {"lead": lead, "source": lead.get_source_display()},
        body=lead.qualification_notes,
        related=lead,
    )
    return party, opportunity
