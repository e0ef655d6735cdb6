"""Use cases of the parties' reference data, set up by administrators in the settings: the custom
fields parties carry (``Party.custom_fields`` holds the values, keyed by the definition's key)
and the tags (rename, merge, delete)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.validation import Errors
from catena.parties.choices import CustomFieldType
from catena.parties.events import TagDeleted, TagMerged, TagRenamed
from catena.parties.models import CustomField, Party, Tag

MAX_CHOICES = 50


def _clean_definition(
    errors: Errors, *, instance: CustomField | None, key: str, label: str, type: str, choices: Iterable[str]
) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    label = label.strip()
    if not label:
        errors.add("label", _("This field is required."), code="required")
    elif len(label) > 80:
        errors.add("label", _("Use at most 80 characters."), code="too_long")
    cleaned["label"] = label
    if instance is None:
        given = key.strip()
        key = slugify(given or label).replace("-", "_")[:40]
        if not key and not given:
            # a label with nothing to slugify (a Chinese one) gets a numbered key
            number = CustomField.objects.count() + 1
            while CustomField.objects.filter(key=f"field_{number}").exists():
                number += 1
            key = f"field_{number}"
        if not key:
            errors.add("key", _("Use letters, digits or underscores."), code="custom_field.invalid_key")
        elif CustomField.objects.filter(key=key).exists():
            errors.add("key", _("Another custom field has this key."), code="custom_field.key_taken")
        cleaned["key"] = key
    if type not in CustomFieldType.values:
        errors.add("type", _("Choose a type from the list."), code="invalid_choice")
    cleaned["type"] = type
    values: list[str] = []
    for value in choices:
        value = str(value).strip()
        if value and value not in values:
            values.append(value)
    if type == CustomFieldType.CHOICE:
        if not values:
            errors.add("choices", _("Give at least one choice."), code="custom_field.no_choices")
        elif len(values) > MAX_CHOICES or any(len(v) > 100 for v in values):
            errors.add("choices", _("At most 50 choices of 100 characters each."), code="too_long")
    cleaned["choices"] = values if type == CustomFieldType.CHOICE else []
    return cleaned


@transaction.atomic
def define_custom_field(
    *,
    actor: User,
    label: str,
    type: str,
    key: str = "",
    choices: Iterable[str] = (),
    is_required: bool = False,
) -> CustomField:
    """A new field on every party's form and page. The key (from the label when not given) names
    the value in ``Party.custom_fields`` and in the API, and never changes."""
    access.ensure(actor, access.ADD, CustomField)
    errors = Errors()
    cleaned = _clean_definition(errors, instance=None, key=key, label=label, type=type, choices=choices)
    errors.raise_if_any()
    return CustomField.objects.create(is_required=is_required, **cleaned)


@transaction.atomic
def update_custom_field(
    definition: CustomField,
    *,
    actor: User,
    label: str,
    type: str,
    choices: Iterable[str] = (),
    is_required: bool = False,
) -> CustomField:
    """Change a definition's label, type, choices or whether it is required. Values already
    stored stay; the party form asks for a valid one on the next save."""
    access.ensure(actor, access.CHANGE, definition)
    errors = Errors()
    cleaned = _clean_definition(errors, instance=definition, key="", label=label, type=type, choices=choices)
    errors.raise_if_any()
    for name, value in cleaned.items():
        setattr(definition, name, value)
    definition.is_required = is_required
    definition.save()
    return definition


@transaction.atomic
def delete_custom_field(definition: CustomField, *, actor: User) -> None:
    """Remove a definition. Parties keep the stored values (the API still answers them), so
    defining the field again brings them back."""
    access.ensure(actor, access.DELETE, definition)
    definition.delete()


def _ensure_may_manage_tags(actor: User) -> None:
    # Tagging parties is everyday work; renaming, merging and deleting tags is a setting.
    access.ensure(actor, access.CHANGE, CustomField)


@transaction.atomic
def rename_tag(tag: Tag, *, actor: User, name: str) -> Tag:
    _ensure_may_manage_tags(actor)
    errors = Errors()
    name = name.strip()
    if not name or len(name) > 50:
        errors.add("name", _("A tag has 1 to 50 characters."), code="party.invalid_tag")
    elif Tag.objects.filter(name=name).exclude(pk=tag.pk).exists():
        errors.add("name", _("Another tag has this name; merge them instead."), code="tag.name_taken")
    errors.raise_if_any()
    old_name = tag.name
    tag.name = name
    tag.save(update_fields=["name"])
    if old_name != name:
        events.emit(TagRenamed(old_name=old_name, name=name), tag, actor=actor)
    return tag


@transaction.atomic
def merge_tags(tag: Tag, *, actor: User, into: Tag) -> Tag:
    """Put ``into`` on every party tagged ``tag``, then delete ``tag``."""
    _ensure_may_manage_tags(actor)
    if into.pk == tag.pk:
        errors = Errors()
        errors.add("into", _("Choose another tag."), code="tag.merge_into_itself")
        errors.raise_if_any()
    tagged = Party.tags.through
    party_ids = list(tagged.objects.filter(tag=tag).values_list("party_id", flat=True))
    already = set(tagged.objects.filter(tag=into, party_id__in=party_ids).values_list("party_id", flat=True))
    tagged.objects.bulk_create([tagged(party_id=pid, tag=into) for pid in party_ids if pid not in already])
    merged_name = tag.name
    tag.delete()
    events.emit(TagMerged(merged_name=merged_name, name=into.name, parties=len(party_ids)), into, actor=actor)
    return into


@transaction.atomic
def delete_tag(tag: Tag, *, actor: User) -> None:
    """Delete a tag; the parties that carried it lose it."""
    _ensure_may_manage_tags(actor)
    carried = Party.tags.through.objects.filter(tag=tag).count()
    events.emit(TagDeleted(name=tag.name, parties=carried), tag, actor=actor)  # as party.deleted: before
    tag.delete()
