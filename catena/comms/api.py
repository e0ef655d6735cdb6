"""REST endpoints for the interaction timeline (calls, visits, e-mails, notes… with a party)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.comms import selectors, services
from catena.comms.models import Interaction
from catena.comms.schemas import (
    InteractionIn,
    InteractionListParams,
    InteractionOut,
    InteractionPageOut,
    InteractionPatch,
)
from catena.core import access, gate
from catena.core.api_schemas import MAX_ID, RowId, page, with_errors
from catena.core.gate import actor_of
from catena.parties.models import Contact, Party

router = Router(tags=["interactions"])


def _interaction(request: HttpRequest, interaction_id: RowId) -> Interaction:
    return gate.api_record(
        request, Interaction.objects.select_related("party", "author", "contact"), interaction_id
    )


def _contact(request: HttpRequest, contact_id: RowId | None) -> Contact | None:
    """A contact the caller may see; whether it belongs to the right party is the service's rule."""
    if contact_id is None:
        return None
    contact = gate.find(actor_of(request), Contact, contact_id)
    if contact is None:
        raise ValidationError({"contact": [ValidationError(_("No such contact."), code="unknown_reference")]})
    return contact


def _related(request: HttpRequest, type_label: str | None, object_id: str | None) -> models.Model | None:
    """The record an interaction is about, given as ``app_label.model`` and id, if the caller sees it."""
    if not type_label and not object_id:
        return None
    if not type_label or not object_id:
        field = "related_type" if not type_label else "related_id"
        raise ValidationError(
            {
                field: [
                    ValidationError(
                        _("Give both the related record's type and its id."),
                        code="interaction.related_incomplete",
                    )
                ]
            }
        )
    try:
        model = apps.get_model(type_label)
    except (LookupError, ValueError) as exc:
        raise ValidationError(
            {"related_type": [ValidationError(_("Unknown kind of record."), code="invalid_choice")]}
        ) from exc
    try:
        pk = model._meta.pk.to_python(object_id)
    except ValidationError:
        pk = None
    if isinstance(pk, int) and not 0 < pk <= MAX_ID:
        pk = None
    related = None
    if pk is not None:
        related = gate.find(actor_of(request), model, pk)
    if related is None:
        raise ValidationError(
            {"related_id": [ValidationError(_("No such record."), code="unknown_reference")]}
        )
    return related


@router.get("/", response=with_errors({200: InteractionPageOut}), summary="List interactions")
def list_interactions(request: HttpRequest, params: Query[InteractionListParams]) -> dict[str, Any]:
    """Timeline entries the caller may see, newest first; `until` is exclusive. Without `kind`,
    exchanges and system entries together."""
    qs = selectors.interaction_list(
        actor_of(request),
        party_id=params.party,
        kind=params.kind,
        channel=params.channel,
        direction=params.direction,
        author_id=params.author,
        since=params.since,
        until=params.until,
    )
    return page(qs, params)


@router.post("/", response=with_errors({201: InteractionOut}, 403), summary="Log an interaction")
def create_interaction(request: HttpRequest, payload: InteractionIn) -> Status[Interaction]:
    """Log an exchange. System entries are written by the services only: `kind` is refused."""
    actor = actor_of(request)
    access.ensure(actor, access.ADD, Interaction)
    party = gate.find(actor, Party, payload.party)
    if party is None:
        raise ValidationError({"party": [ValidationError(_("No such party."), code="unknown_reference")]})
    interaction = services.log_interaction(
        party,
        actor=actor,
        channel=payload.channel,
        direction=payload.direction,
        subject=payload.subject,
        body=payload.body,
        occurred_at=payload.occurred_at,
        contact=_contact(request, payload.contact),
        related=_related(request, payload.related_type, payload.related_id),
    )
    return Status(201, _interaction(request, interaction.pk))


@router.get(
    "/{interaction_id}", response=with_errors({200: InteractionOut}, 404), summary="Get an interaction"
)
def get_interaction(request: HttpRequest, interaction_id: RowId) -> Interaction:
    return _interaction(request, interaction_id)


@router.patch(
    "/{interaction_id}",
    response=with_errors({200: InteractionOut}, 403, 404),
    summary="Change an interaction",
)
def update_interaction(request: HttpRequest, interaction_id: RowId, payload: InteractionPatch) -> Interaction:
    """Change the fields sent. Authors change their own; managers and administrators any.
    System entries are nobody's to change (403)."""
    interaction = _interaction(request, interaction_id)
    access.ensure(actor_of(request), access.CHANGE, interaction)
    changes = payload.model_dump(exclude_unset=True)
    if "contact" in changes:
        changes["contact"] = _contact(request, changes["contact"])
    services.update_interaction(interaction, actor=actor_of(request), **changes)
    return _interaction(request, interaction_id)


@router.delete(
    "/{interaction_id}",
    response=with_errors({204: None}, 403, 404),
    summary="Delete an interaction",
)
def delete_interaction(request: HttpRequest, interaction_id: RowId) -> Status[None]:
    services.delete_interaction(_interaction(request, interaction_id), actor=actor_of(request))
    return Status(204, None)
