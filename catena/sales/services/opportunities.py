"""Use cases of opportunities: create, change, and move between the pipeline's steps (which wins
or loses the deal).

Each runs in one transaction, checks the actor's rights before writing and emits a domain event.
``actor=None`` means a trusted system caller and skips the rights check.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.money import default_currency
from catena.core.validation import Errors
from catena.core.versions import check_version
from catena.parties.choices import PartyStatus
from catena.parties.models import Party
from catena.sales import field_checks as check
from catena.sales import timeline
from catena.sales.models import Lead, Opportunity, PipelineStep

OPPORTUNITY_FIELDS = ("name", "amount", "currency", "probability", "expected_close", "owner", "notes")


def first_open_step() -> PipelineStep:
    step = PipelineStep.objects.filter(is_active=True, is_won=False, is_lost=False).first()
    if step is None:
        raise ValidationError(
            {"step": ValidationError(_("No open pipeline stage is set up."), code="pipeline.not_set_up")}
        )
    return step


def won_step() -> PipelineStep:
    step = PipelineStep.objects.filter(is_active=True, is_won=True).first()
    if step is None:
        raise ValidationError(
            {"step": ValidationError(_("No won stage is set up."), code="pipeline.not_set_up")}
        )
    return step


def _resolve_step(value: Any, errors: Errors, field: str = "step") -> PipelineStep | None:
    if isinstance(value, PipelineStep):
        step: PipelineStep | None = value
    elif isinstance(value, int) or (isinstance(value, str) and value.isdecimal()):
        step = PipelineStep.objects.filter(pk=int(value)).first()
    else:
        step = PipelineStep.objects.filter(code=str(value)).first()
    if step is None or not step.is_active:
        errors.add(field, _("No such pipeline stage."), code="unknown_reference")
        return None
    return step


def _clean_opportunity(data: Mapping[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in OPPORTUNITY_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "name":
            cleaned[key] = check.text(errors, key, value, max_length=200, required=True)
        elif key == "amount":
            cleaned[key] = check.amount(errors, key, value)
        elif key == "currency":
            cleaned[key] = check.currency(errors, key, value)
        elif key == "probability":
            cleaned[key] = check.whole_percent(errors, key, value)
        elif key == "expected_close":
            cleaned[key] = check.day(errors, key, value) if value is not None else None
            if value is None:
                errors.add(key, _("This field is required."), code="required")
        elif key == "owner":
            cleaned[key] = check.owner(errors, key, value)
        elif key == "notes":
            cleaned[key] = str(value or "")
    return cleaned


@transaction.atomic
def create_opportunity(
    party: Party,
    *,
    actor: User | None,
    name: str,
    expected_close: date | str | None,
    amount: Decimal | int | str = 0,
    currency: str | None = None,
    step: PipelineStep | str | int | None = None,
    probability: int | None = None,
    owner: User | None = None,
    notes: str = "",
    source_lead: Lead | None = None,
) -> Opportunity:
    """Open a deal with ``party`` in ``step`` (the first open step by default); its probability
    is the step's unless given."""
    if actor is not None:
        access.ensure(actor, access.ADD, Opportunity)
        access.ensure(actor, access.VIEW, party)
    errors = Errors()
    fields: dict[str, Any] = {
        "name": name,
        "amount": amount,
        "currency": currency or default_currency(),
        "expected_close": expected_close,
        "notes": notes,
    }
    if probability is not None:
        fields["probability"] = probability
    if owner is not None:
        fields["owner"] = owner
    cleaned = _clean_opportunity(fields, errors)
    chosen = _resolve_step(step, errors) if step is not None else first_open_step()
    if party.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors.add(
            "party", _("This party is blocked or archived; no new business with it."), code="party.blocked"
        )
    errors.raise_if_any()
    assert chosen is not None
    now = timezone.now()
    opportunity = Opportunity(
        party=party,
        step=chosen,
        source_lead=source_lead,
        step_entered_at=now,
        closed_at=now if chosen.is_closed else None,
        **cleaned,
    )
    if "probability" not in cleaned:
        opportunity.probability = chosen.default_probability
    if "owner" not in cleaned:
        opportunity.owner = actor if actor is not None and not actor.is_superuser else party.owner
    save_with_history(opportunity, actor=actor)
    events.emit(
        "opportunity.created",
        opportunity,
        actor=actor,
        payload={"party": party.pk, "stage": chosen.code, "amount": str(opportunity.amount)},
    )
    return opportunity


def _locked_opportunity(opportunity: Opportunity, actor: User | None) -> Opportunity:
    # Lock the row alone: with a join, PostgreSQL drops a row whose step changed while we waited.
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if actor is not None:
        access.ensure(actor, access.CHANGE, locked)
    return locked


@transaction.atomic
def update_opportunity(
    opportunity: Opportunity, *, actor: User | None, expected_version: int | None = None, **changes: Any
) -> Opportunity:
    """Change name, amount, currency, probability, expected close, owner or notes."""
    opportunity = _locked_opportunity(opportunity, actor)
    check_version(opportunity, expected_version)
    errors = Errors()
    cleaned = _clean_opportunity(changes, errors)
    if actor is not None and "owner" in cleaned and cleaned["owner"] != opportunity.owner:
        probe = Opportunity(pk=opportunity.pk, owner=cleaned["owner"])
        if not access.can(actor, access.CHANGE, probe) and not access.can(actor, access.DELETE, opportunity):
            errors.add(
                "owner",
                _("You may not give this opportunity to somebody else."),
                code="opportunity.owner_not_allowed",
            )
    errors.raise_if_any()
    changed = sorted(k for k, v in cleaned.items() if getattr(opportunity, k) != v)
    if not changed:
        return opportunity
    for key, value in cleaned.items():
        setattr(opportunity, key, value)
    opportunity.version += 1
    save_with_history(opportunity, actor=actor)
    events.emit("opportunity.updated", opportunity, actor=actor, payload={"fields": changed})
    return opportunity


@transaction.atomic
def move_opportunity(
    opportunity: Opportunity,
    *,
    to: PipelineStep | str | int,
    actor: User | None,
    expected_version: int | None = None,
    lost_reason: str = "",
    probability: int | None = None,
) -> Opportunity:
    """Move a deal to another step of the board. Its probability becomes the step's (unless
    given); a won or lost step closes it, and a lost one needs the reason. The event keeps its
    published name, ``opportunity.stage_changed``."""
    opportunity = _locked_opportunity(opportunity, actor)
    check_version(opportunity, expected_version)
    errors = Errors()
    step = _resolve_step(to, errors, "to")
    chance = check.whole_percent(errors, "probability", probability) if probability is not None else None
    reason = check.text(errors, "lost_reason", lost_reason, max_length=200)
    if step is not None and step.is_lost and not reason:
        errors.add("lost_reason", _("Say why the deal was lost."), code="required")
    errors.raise_if_any()
    assert step is not None
    previous = opportunity.step
    if step == previous and chance is None:
        return opportunity
    now = timezone.now()
    opportunity.step = step
    opportunity.probability = chance if chance is not None else step.default_probability
    opportunity.lost_reason = reason if step.is_lost else ""
    if step != previous:
        opportunity.step_entered_at = now
    opportunity.closed_at = (opportunity.closed_at or now) if step.is_closed else None
    opportunity.version += 1
    save_with_history(opportunity, actor=actor)
    payload = {"from": previous.code, "to": step.code, "probability": opportunity.probability}
    events.emit("opportunity.stage_changed", opportunity, actor=actor, payload=payload)
    if step != previous and step.is_won:
        events.emit("opportunity.won", opportunity, actor=actor, payload={"amount": str(opportunity.amount)})
        timeline.note(
            opportunity.party,
            actor=actor,
            subject=_("Deal won: %(name)s (%(amount)s %(currency)s)")
            % {"name": opportunity.name, "amount": opportunity.amount, "currency": opportunity.currency},
            related=opportunity,
        )
    elif step != previous and step.is_lost:
        events.emit("opportunity.lost", opportunity, actor=actor, payload={"reason": reason})
        timeline.note(
            opportunity.party,
            actor=actor,
            subject=_("Deal lost: %(name)s") % {"name": opportunity.name},
            body=reason,
            related=opportunity,
        )
    return opportunity
