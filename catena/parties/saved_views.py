"""Use cases of saved list views: a named set of filters, private to its owner or shared."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access
from catena.parties.models import SavedView


@transaction.atomic
def save_view(
    *, actor: User, name: str, query: Mapping[str, str], is_shared: bool = False, list_name: str = "party"
) -> SavedView:
    """Save ``query`` (already-cleaned list filters) under ``name``; the same name replaces the
    actor's earlier view of that name."""
    access.ensure(actor, access.ADD, SavedView)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [ValidationError(_("This field is required."), code="required")]})
    if len(name) > 80:
        raise ValidationError({"name": [ValidationError(_("At most 80 characters."), code="too_long")]})
    view, _created = SavedView.objects.update_or_create(
        owner=actor,
        list_name=list_name,
        name=name,
        defaults={"query": dict(query), "is_shared": bool(is_shared)},
    )
    return view


@transaction.atomic
def delete_view(view: SavedView, *, actor: User) -> None:
    """Delete a saved view; only its owner may."""
    access.ensure(actor, access.DELETE, view)
    view.delete()
