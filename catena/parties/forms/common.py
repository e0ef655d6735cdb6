"""What the party forms share with the other apps' forms: the owner picker and
:func:`apply_service_errors`, which puts a service's field errors back on a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from catena.accounts import roles as account_roles
from catena.accounts.models import User
from catena.core import access
from catena.core.widgets import PersonChoiceField

BLANK = [("", "—")]


def owner_choices(user: Any) -> QuerySet[User]:
    """Internal, active users the current user may see: the people a party can belong to."""
    return access.restrict(
        User.objects.filter(is_active=True, role__in=account_roles.INTERNAL_ROLES), user, access.VIEW
    ).order_by("last_name", "first_name", "username")


class OwnerChoiceField(PersonChoiceField):
    """The person a record belongs to."""


def apply_service_errors(
    form: forms.Form, exc: ValidationError, mapping: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on ``form``: each key (``"name"``, ``"contacts.0.name"``)
    goes to the form field ``mapping`` names (or the field of the same name), else to the top."""
    mapping = mapping or {}
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, messages in by_field.items():
        field = mapping.get(key, key)
        if field not in form.fields:
            field = None  # type: ignore[assignment]
            messages = [f"{key}: {m}" if key != "__all__" else m for m in messages]
        for message in messages:
            form.add_error(field, message)
