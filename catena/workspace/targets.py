"""The kinds of record the workspace's things attach to: activities, follows, notifications, files
and comments.

The workspace sits below the domain apps and knows none of them (the import contract forbids it):
each app registers its own kinds (``targets.register(Party)`` in its ``notifications`` module), and
the workspace reads those records only through the access gate; whether a user may see one is the
owning app's policy. A kind is named as events name their subjects, ``app_label.model_name``
(``parties.party``), and a target is published as that label and its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from catena.core import access, gate
from catena.core.events import subject_label


@dataclass(frozen=True)
class TargetKind:
    model: type[models.Model]
    label: str  # app_label.model_name
    url: Callable[[Any], str] | None  # the record's page, when it has one
    owners: Callable[[Any], list[int]] | None  # who the record belongs to (owner, buyer…)
    # Which portal users may attach files to a record of this kind (a partner's evidence on the
    # task addressed to it, a customer's photos on its case): True for those who may change the
    # record, or a test of its own; they see what they attach.
    portal_uploads: bool | Callable[[Any, Any], bool] = False


_kinds: dict[str, TargetKind] = {}


def register(
    model: type[models.Model],
    *,
    url: Callable[[Any], str] | None = None,
    owners: Callable[[Any], list[int]] | None = None,
    portal_uploads: bool | Callable[[Any, Any], bool] = False,
) -> None:
    """Let activities, follows and notifications attach to records of ``model``. ``url`` gives a
    record's page, ``owners`` the users it belongs to (they hear of its changes);
    ``portal_uploads`` lets portal users attach files to a record: those who may change it
    (``True``) or those a test ``(user, record) -> bool`` lets."""
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    kind = TargetKind(model, label, url, owners, portal_uploads)
    _kinds[label] = kind
    published = subject_label(model)
    if published != label:
        _kinds[published] = kind


def kinds() -> list[TargetKind]:
    return sorted({kind.label: kind for kind in _kinds.values()}.values(), key=lambda k: k.label)


def kind_of(label: str) -> TargetKind | None:
    return _kinds.get(label.lower())


def kind_for(model: type[models.Model] | models.Model) -> TargetKind | None:
    model_class = model if isinstance(model, type) else type(model)
    return _kinds.get(f"{model_class._meta.app_label}.{model_class._meta.model_name}")


def target_models() -> list[type[models.Model]]:
    """The models of every registered kind."""
    return [kind.model for kind in kinds()]


def model_of(label: str) -> type[models.Model] | None:
    """The model registered as ``label``, or None when workspace things do not attach to that kind
    of record (or there is no such kind)."""
    kind = kind_of((label or "").strip())
    return kind.model if kind is not None else None


def is_target(record: models.Model | type[models.Model]) -> bool:
    return kind_for(record) is not None


def label_of(record: models.Model | type[models.Model]) -> str:
    """``app_label.model_name`` of a record or model."""
    return record._meta.label_lower


def content_type_of(record: models.Model | type[models.Model]) -> ContentType:
    return ContentType.objects.get_for_model(record)


def label_of_type(content_type_id: int) -> str:
    """``app_label.model_name`` of a content type (cached by Django after the first look-up)."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def record_url(record: models.Model | None) -> str:
    if record is None:
        return ""
    kind = kind_for(record)
    if kind is not None and kind.url is not None:
        return kind.url(record)
    get_url = getattr(record, "get_absolute_url", None)
    return str(get_url()) if get_url else ""


def owners_of(record: models.Model | None) -> list[int]:
    if record is None:
        return []
    kind = kind_for(record)
    return [pk for pk in (kind.owners(record) if kind and kind.owners else []) if pk]


def find(user: Any, label: str, pk: Any) -> models.Model | None:
    """The record ``label`` #``pk`` if it is of a registered kind and ``user`` may see it."""
    kind = kind_of(label or "")
    if kind is None:
        return None
    try:
        pk = kind.model._meta.pk.to_python(pk)
    except Exception:
        return None
    if not isinstance(pk, int) or not 0 < pk < 2**63:
        return None
    return gate.find(user, kind.model, pk)


def load(content_type_id: int | None, object_id: int | None) -> models.Model | None:
    """The record behind a generic reference, unchecked (for handlers that check it themselves)."""
    if content_type_id is None or object_id is None:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=object_id).first()


def visible_scope(
    user: Any,
    action: str = access.VIEW,
    *,
    type_field: str = "content_type_id",
    id_field: str = "object_id",
) -> Q:
    """The rows whose record (named by ``type_field`` and ``id_field``) ``user`` may ``action``."""
    allowed = access.NOTHING
    for kind in kinds():
        record_scope = access.scope(user, action, kind.model)
        if record_scope == access.NOTHING:
            continue
        content_type = ContentType.objects.get_for_model(kind.model)
        part = Q(**{type_field: content_type.pk})
        if record_scope != Q():
            part &= Q(**{f"{id_field}__in": kind.model._default_manager.filter(record_scope).values("pk")})
        allowed |= part
    return allowed
