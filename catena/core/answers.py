"""Answers of the hot read endpoints, shaped by a plan made once per schema.

django-ninja answers a record by validating it against the operation's response schema
(``model_validate`` through a ``DjangoGetter`` on every attribute, then ``model_dump``). For
the reads people make all day (a party, a page of parties, an order) that validation cost more
than the database: a party's answer made some 200 attribute look-ups through wrappers, each
checked again although the values come from our own columns.

:func:`answer` writes the same JSON without the round trip: :class:`Shape` reads the schema's
fields once (names, validation aliases, ``resolve_<field>`` methods, nested schemas, lists) and
afterwards copies the values straight from the record (or from a row of ``.values()``). It is
used only where the outcome is the same:

- the caller reads every field of every record in the answer (``access.visible_fields``); a
  portal user or a role that may not read a cost gets the validated answer, in which
  :class:`~catena.core.api_schemas.RuledOut` blanks what they may not read;
- the schema has no validators or serializers of its own that would change a value (refused
  when the plan is made).

With ``CATENA_CHECK_ANSWERS`` (on in the test suite and under ``CATENA_DEBUG``) every fast
answer is also validated the slow way and the two bodies compared byte for byte, so a schema
that drifts from its plan fails the tests of its endpoint instead of answering differently.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Union

from django.conf import settings
from django.db import connections
from django.db.models import Manager, Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from catena.core import access
from catena.core.api_schemas import RuledOut
from catena.core.renderers import dumps

CONTENT_TYPE = "application/json; charset=utf-8"

# Validators a plan may leave out: ninja's (it wraps the object in a DjangoGetter, which the
# plan replaces) and the field rules (the plan is used only when they would blank nothing).
_KNOWN_VALIDATORS = frozenset({"_run_root_validator", "_apply_field_rules"})


class AnswerMismatch(AssertionError):
    """A fast answer differs from the schema's own (only raised with ``CATENA_CHECK_ANSWERS``)."""


@dataclass(frozen=True)
class _Field:
    name: str  # the key in the answer
    source: str  # the attribute (or ``.values()`` key) it is read from
    resolver: Any  # a schema's ``resolve_<name>(obj)``, or None
    nested: Shape | None  # the shape of a nested schema
    many: bool  # a list of ``nested``
    default: Any  # PydanticUndefined when required


def _nested_schema(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The schema inside ``X``, ``X | None``, ``list[X]`` (and whether it is a list)."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _nested_schema(args[0]) if len(args) == 1 else (None, False)
    if origin is list:
        (item,) = typing.get_args(annotation)
        schema, _many = _nested_schema(item)
        return schema, schema is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


# What a record's attribute mostly holds: written as it is, without the tests below.
_PLAIN = frozenset({str, int, bool, float, type(None), datetime, date, Decimal, dict, list})


def _value(obj: Any, source: str) -> Any:
    """The attribute ``source`` of a record as ninja's ``DjangoGetter`` reads it (a related
    manager or a queryset as a list, a file as its address, a method called)."""
    value = getattr(obj, source)
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if isinstance(value, FieldFile):
        return value.url if value else None
    if callable(value):
        return value()
    return value


class Shape:
    """How to write one schema's answer from a record or a row, worked out once."""

    def __init__(self, schema: type[BaseModel]) -> None:
        decorators = schema.__pydantic_decorators__
        own = [
            name
            for group in (decorators.validators, decorators.field_validators, decorators.model_validators)
            for name in group
            if name not in _KNOWN_VALIDATORS
        ]
        own += list(decorators.field_serializers) + list(decorators.model_serializers)
        own += list(decorators.computed_fields)
        if own:
            raise TypeError(f"{schema.__name__} changes values as it validates ({', '.join(own)})")
        resolvers = getattr(schema, "_ninja_resolvers", {})
        fields = []
        for name, info in schema.model_fields.items():
            alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
            nested, many = _nested_schema(info.annotation)
            resolver = resolvers.get(name)
            fields.append(
                _Field(
                    name=name,
                    source=alias or name,
                    resolver=resolver._func if resolver is not None else None,
                    nested=shape_of(nested) if nested is not None else None,
                    many=many,
                    default=info.default,
                )
            )
        self.schema = schema
        self.fields = tuple(fields)
        self.ruled: frozenset[type[Model]] = frozenset(
            {schema.FIELD_MODEL} if issubclass(schema, RuledOut) else set()
        ).union(*(f.nested.ruled for f in fields if f.nested is not None))

    def __call__(self, obj: Any) -> dict[str, Any]:
        if type(obj) is dict:
            return self._from_row(obj)
        out = {}
        for field in self.fields:
            if field.resolver is not None:
                value = field.resolver(obj)
            else:
                try:
                    value = _value(obj, field.source)
                except (AttributeError, KeyError):
                    if field.default is PydanticUndefined:
                        raise
                    value = field.default
            if field.nested is not None and value is not None:
                value = [field.nested(item) for item in value] if field.many else field.nested(value)
            out[field.name] = value
        return out

    def _from_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """From a row of values: each field under its source name, nested rows already read
        (a resolver is for records and is not called)."""
        out = {}
        for field in self.fields:
            value = (
                row[field.source]
                if field.default is PydanticUndefined
                else row.get(field.source, field.default)
            )
            if field.nested is not None and value is not None:
                value = [field.nested(item) for item in value] if field.many else field.nested(value)
            out[field.name] = value
        return out


@functools.cache
def shape_of(schema: type[BaseModel]) -> Shape:
    return Shape(schema)


def fast(user: Any, schema: type[BaseModel]) -> bool:
    """Whether ``user``'s answer of ``schema`` may skip validation: they read every field."""
    return all(access.visible_fields(user, model).everything for model in shape_of(schema).ruled)


@contextmanager
def _unlogged() -> Iterator[None]:
    """Leave the queries run inside out of the connections' query logs."""
    logged = [(c, len(c.queries_log)) for c in connections.all(initialized_only=True)]
    try:
        yield
    finally:
        for connection, length in logged:
            while len(connection.queries_log) > length:
                connection.queries_log.pop()


def answer(
    request: HttpRequest,
    schema: type[BaseModel],
    obj: Any,
    *,
    status: int = 200,
    check: Callable[[], Any] | None = None,
) -> Any:
    """The answer of ``schema`` for ``obj`` (a record, or a row of values whose nested rows are
    read already): written by its :class:`Shape` when the caller reads every field, otherwise
    ``obj`` itself for django-ninja to validate (return it from the view). ``check`` gives what
    a row was read from, for ``CATENA_CHECK_ANSWERS`` to validate instead of the row."""
    if not fast(request.user, schema):
        return obj
    body = dumps(shape_of(schema)(obj))
    if settings.CATENA_CHECK_ANSWERS:
        with _unlogged():  # the check's reads are not the endpoint's (tests count queries)
            source = check() if check is not None else obj
            validated = schema.model_validate(source, context={"request": request}).model_dump()
        expected = dumps(validated)
        if body != expected:
            raise AnswerMismatch(f"{schema.__name__}: {body[:600]!r} != {expected[:600]!r}")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)
