"""Use cases of the interaction timeline."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.comms.choices import Channel, Direction, InteractionKind
from catena.comms.events import (
    InteractionCreated,
    InteractionDeleted,
    InteractionsImported,
    InteractionUpdated,
)
from catena.comms.models import Interaction
from catena.core import access, events, text
from catena.core.validation import Errors
from catena.parties.models import Contact, Party

EDITABLE = ("channel", "direction", "subject", "body", "occurred_at", "contact")


def text_errors(values: Mapping[str, Any]) -> dict[str, list[ValidationError]]:
    """The bounds on what people write (``catena.core.text``): a subject is one line free of
    control and text-direction characters, a body at most ``MAX_NOTES_CHARS`` long. Pages, the
    API, the portal and imports check the ``subject`` and ``body`` they are given here."""
    errors: dict[str, list[ValidationError]] = {}
    for key, check in (("subject", text.check_name), ("body", text.check_long_text)):
        if isinstance(values.get(key), str):
            try:
                check(values[key])
            except ValidationError as exc:
                errors[key] = exc.error_list
    return errors


def _clean(data: dict[str, Any], party: Party, *, typed: bool = True) -> Errors:
    """The errors of ``data``; ``typed`` is False for the system entries the services compose
    from their own records, which no one typed and whose text needs no bounds."""
    errors = Errors()
    for key, found in (text_errors(data) if typed else {}).items():
        errors.capture(key, ValidationError(found))
    if "channel" in data and data["channel"] not in Channel.values:
        errors.add(
            "channel",
            _("“%(value)s” is not one of the allowed values.") % {"value": data["channel"]},
            code="invalid_choice",
        )
    if "direction" in data and data["direction"] not in Direction.values:
        errors.add(
            "direction",
            _("“%(value)s” is not one of the allowed values.") % {"value": data["direction"]},
            code="invalid_choice",
        )
    if "subject" in data:
        subject = str(data["subject"] or "").strip()
        if not subject:
            errors.add("subject", _("This field is required."), code="required")
        elif len(subject) > 200:
            errors.add("subject", _("At most 200 characters."), code="too_long")
    occurred = data.get("occurred_at")
    if isinstance(occurred, datetime) and timezone.is_naive(occurred):
        data["occurred_at"] = timezone.make_aware(occurred)
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, Contact) or contact.party_id != party.pk):
        errors.add("contact", _("This contact belongs to another party."), code="contact.other_party")
    return errors


@transaction.atomic
def log_interaction(
    party: Party,
    *,
    actor: User | None,
    channel: str,
    subject: str,
    direction: str = Direction.OUTBOUND,
    body: str = "",
    occurred_at: datetime | None = None,
    contact: Contact | None = None,
    related: models.Model | None = None,
    external_id: str | None = None,
    system: bool = False,
) -> Interaction:
    """Put one exchange with ``party`` on its timeline. With an ``external_id`` the same channel
    message logged twice stays one interaction (the first one is returned).

    ``system`` entries are what the services write about a party's records (an order moved on, a
    purchase order answered, a shipment delivered): shown on the timeline, never counted as
    contact. Only services write them; no form or endpoint passes ``system``."""
    if actor is not None:
        access.ensure(actor, access.ADD, Interaction)
        access.ensure(actor, access.VIEW, party)
    data: dict[str, Any] = {
        "channel": channel,
        "direction": direction,
        "subject": subject,
        "contact": contact,
    }
    if occurred_at is not None:
        data["occurred_at"] = occurred_at
    errors = _clean(data, party, typed=not system)
    if not system:
        for key, found in text_errors({"body": body}).items():
            errors.capture(key, ValidationError(found))
    errors.raise_if_any()
    if external_id:
        existing = Interaction.objects.filter(channel=channel, external_id=external_id).first()
        if existing is not None:
            return existing
    kind = InteractionKind.SYSTEM if system else InteractionKind.EXCHANGE
    interaction = Interaction(
        party=party, author=actor, kind=kind, body=body, external_id=external_id or None, **data
    )
    if related is not None:
        interaction.related = related
    if not external_id:
        interaction.save()  # nothing it could collide with: no savepoint to pay for
    else:
        try:
            with transaction.atomic():
                interaction.save()
        except IntegrityError:  # the same message arrived twice at once: keep the first
            return Interaction.objects.get(channel=channel, external_id=external_id)
    events.emit(
        InteractionCreated(party=party.pk, kind=kind.value, channel=channel, direction=direction),
        interaction,
        actor=actor,
    )
    return interaction


@transaction.atomic
def update_interaction(interaction: Interaction, *, actor: User | None, **changes: Any) -> Interaction:
    if actor is not None:
        access.ensure(actor, access.CHANGE, interaction)
    unknown = [k for k in changes if k not in EDITABLE]
    errors = _clean(dict(changes), interaction.party)
    for key in unknown:
        errors.add(key, _("Unknown field."), code="unknown_field")
    errors.raise_if_any()
    for key, value in changes.items():
        setattr(interaction, key, value)
    interaction.save()
    events.emit(InteractionUpdated(fields=sorted(changes)), interaction, actor=actor)
    return interaction


@transaction.atomic
def delete_interaction(interaction: Interaction, *, actor: User | None) -> None:
    if actor is not None:
        access.ensure(actor, access.DELETE, interaction)
    events.emit(InteractionDeleted(party=interaction.party_id), interaction, actor=actor)
    interaction.delete()


IMPORT_FIELDS = ("channel", "direction", "subject", "body", "occurred_at", "contact")
IMPORT_BATCH = 1000


def write_imported_interactions(
    job: models.Model,
    creates: list[dict[str, Any]],
    updates: list[tuple[Interaction, dict[str, Any]]],
    *,
    actor: User | None,
) -> None:
    """Write a chunk of an interactions import in bulk: ``creates`` are the checked values of new
    interactions (``party_id``, ``channel``, …; authored by ``actor``, occurring now unless
    given), ``updates`` interactions imported before with the values that replace theirs (an
    empty date keeps the stored one). One ``interaction.imported`` event announces the chunk,
    with ``job`` as its subject. Runs in the caller's transaction (one per chunk)."""
    if actor is not None:
        access.ensure(actor, access.IMPORT, Interaction)
    now = timezone.now()
    new = [Interaction(author=actor, **{"occurred_at": now, **data}) for data in creates]
    changed = []
    for interaction, data in updates:
        for key in IMPORT_FIELDS:
            if key in data and (key != "occurred_at" or data[key] is not None):
                setattr(interaction, key, data[key])
        interaction.party_id = data["party_id"]
        changed.append(interaction)
    if new:
        Interaction.objects.bulk_create(new, batch_size=IMPORT_BATCH)
    if changed:
        Interaction.objects.bulk_update(changed, [*IMPORT_FIELDS, "party"], batch_size=IMPORT_BATCH)
    if new or changed:
        events.emit(
            InteractionsImported(job=job.pk, created=[i.pk for i in new], updated=[i.pk for i in changed]),
            job,
            actor=actor,
        )
