"""The one access policy.

Every list, detail, search, export, count, dashboard and task asks this module, and nothing
else, what a user may do. Each domain registers a :class:`Policy` for its models; a model with no
policy is denied to everybody (deny by default).

* ``can(user, action, obj)`` answers for one record (or for a model class, for "add").
* ``scope(user, action, Model)`` returns a ``Q`` that lists exactly the rows ``can`` allows, so a
  list can never show what the detail page would refuse.
* ``visible_fields(user, Model)`` answers which fields of a record ``user`` may read: a portal
  user reads an allow-list (the portal's view of the record), staff read everything except the
  fields kept from their role (costs). API answers, pages and exports all ask it.
* ``Model.objects.for_user(user, action)`` is ``restrict`` as a queryset method: every model's
  default manager offers it (:class:`GatedQuerySet`), so reading through the gate is the shortest
  way to read at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, Self, TypeVar

from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)
# Covariant like Django's own: a queryset of contacts is a queryset of models (``Prefetch`` lists).
M_co = TypeVar("M_co", bound=models.Model, covariant=True)

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
EXPORT = "export"
IMPORT = "import"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, EXPORT, IMPORT)

NOTHING = Q(pk__in=[])


class Policy(Protocol):
    def can(self, user: Any, action: str, obj: Any) -> bool: ...

    def scope(self, user: Any, action: str) -> Q: ...


_policies: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _policies[model] = policy


def _policy_for(model: type[models.Model]) -> Policy | None:
    for klass in model.__mro__:
        if klass in _policies:
            return _policies[klass]
    return None


def is_active_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can(user: Any, action: str, obj: models.Model | type[models.Model]) -> bool:
    """May ``user`` perform ``action`` on ``obj`` (an instance, or a model class for ``add``)?"""
    if not is_active_user(user):
        return False
    model = obj if isinstance(obj, type) else type(obj)
    policy = _policy_for(model)
    if policy is None:
        return False
    return policy.can(user, action, obj)


def scope(user: Any, action: str, model: type[models.Model]) -> Q:
    """The rows of ``model`` on which ``user`` may perform ``action``."""
    if not is_active_user(user):
        return NOTHING
    policy = _policy_for(model)
    if policy is None:
        return NOTHING
    return policy.scope(user, action)


def restrict(queryset: models.QuerySet[M], user: Any, action: str = VIEW) -> models.QuerySet[M]:
    """Filter ``queryset`` down to what ``user`` may ``action``."""
    return queryset.filter(scope(user, action, queryset.model))


class GatedQuerySet(models.QuerySet[M_co]):
    """The queryset of every model: ``Model.objects.for_user(user, action)`` reads the rows
    ``user`` may ``action``, exactly as :func:`restrict` does. A model declares
    ``objects = GatedQuerySet.as_manager()``, or derives its own queryset from this one; related
    managers inherit the method (``party.contacts.for_user(user)``). The manager is not used in
    migrations, so declaring it changes no migration."""

    def for_user(self, user: Any, action: str = VIEW) -> Self:
        return self.filter(scope(user, action, self.model))


@dataclass(frozen=True, slots=True)
class Fields:
    """The fields of a kind of record a user may read: those in ``only`` (an allow-list; ``None``
    for every field) that are not ``hidden``. Test a name with ``in``."""

    only: frozenset[str] | None = None
    hidden: frozenset[str] = frozenset()

    def __contains__(self, name: object) -> bool:
        return name not in self.hidden and (self.only is None or name in self.only)

    @property
    def everything(self) -> bool:
        """True when no field is kept back (the common case, tested once per answer)."""
        return self.only is None and not self.hidden


EVERY_FIELD = Fields()
NO_FIELD = Fields(only=frozenset())


def visible_fields(user: Any, model: type[models.Model]) -> Fields:
    """The fields of ``model`` that ``user`` may read, as its policy decides (``fields(user)``);
    a policy without field rules shows every field of the rows it lets the user see. Policies
    compute this per role and kind of record, once, so asking per row costs no query."""
    if not is_active_user(user):
        return NO_FIELD
    policy = _policy_for(model)
    if policy is None:
        return NO_FIELD
    rule = getattr(policy, "fields", None)
    return rule(user) if rule is not None else EVERY_FIELD


class ChildPolicy:
    """Rows inside a parent record (an order's lines, a shipment's events, a party's contacts):
    seeing or exporting them needs the parent's view (export), anything else the parent's change.
    ``path`` leads from the row to its parent (``"order"``, ``"relationship__from_party"``);
    ``fields``, if given, is the rows' field rule (see :func:`visible_fields`)."""

    READ = {VIEW: VIEW, EXPORT: EXPORT}

    def __init__(
        self, parent: type[models.Model], path: str, *, fields: Callable[[Any], Fields] | None = None
    ) -> None:
        self.parent = parent
        self.path = path
        self.fields = fields

    def can(self, user: Any, action: str, obj: Any) -> bool:
        parent_action = self.READ.get(action, CHANGE)
        if isinstance(obj, type):
            return can(user, parent_action, self.parent)
        parent = obj
        for attr in self.path.split("__"):
            parent = getattr(parent, attr)
        return can(user, parent_action, parent)

    def scope(self, user: Any, action: str) -> Q:
        parent_action = self.READ.get(action, CHANGE)
        parent_q = scope(user, parent_action, self.parent)
        if parent_q == Q():
            return Q()
        return Q(**{f"{self.path}__in": self.parent._default_manager.filter(parent_q).values("pk")})


class PermissionDenied(Exception):
    """Raised by services when the actor may not do what was asked; nothing has been written."""

    def __init__(self, action: str, obj: Any, *, code: str | None = None) -> None:
        super().__init__(f"not allowed to {action} {obj!r}")
        self.action = action
        self.obj = obj
        self.code = code  # a declared error code saying why, when more than "permission denied"


def ensure(user: Any, action: str, obj: models.Model | type[models.Model]) -> None:
    """Raise :class:`PermissionDenied` unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(action, obj)
