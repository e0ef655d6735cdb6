"""Use cases of the accounts app."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateTimeField, Expression
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import APIToken, User, hash_token
from catena.core import access

LAST_USED_PRECISION = timedelta(minutes=1)
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]


def eligible_owner(value: Any, *, kind: str) -> User | None:
    """The one rule for owner references: the user ``value`` names (a user or an id) if they are
    an active member of staff who may change records of ``kind`` (``"party"``, ``"pipeline"``,
    ``"sales_order"``…); ``None`` for an empty value (the record stays unowned). Anyone else, a
    portal user or a read-only colleague among them, is refused with a ``ValidationError``."""
    if value is None or value == "":
        return None
    user = value if isinstance(value, User) else None
    if user is None and str(value).isdecimal():
        user = User.objects.filter(pk=int(value)).first()
    if (
        user is None
        or not user.is_active
        or not roles.is_internal(user)
        or not roles.allows(user, kind, access.CHANGE)
    ):
        raise ValidationError(
            _("Choose an active member of staff who may own this kind of record."), code="owner.not_eligible"
        )
    return user


@transaction.atomic
def create_api_token(user: User, *, name: str = "") -> tuple[APIToken, str]:
    """Issue a token for ``user``; return the row and the raw token (shown once, never stored)."""
    prefix, raw = APIToken.generate_raw()
    token = APIToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(token: APIToken) -> None:
    APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def create_portal_user(*, actor: User, username: str, email: str, name: str, role: str) -> User:
    """A portal user (``role`` one of the portal roles) with no usable password: the invitation
    link sets it. The party it may see is granted by ``parties.services.portal.grant_portal_access``."""
    access.ensure(actor, access.ADD, User)
    if role not in roles.PORTAL_ROLES:
        raise ValidationError({"role": [_("Choose a portal role.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is taken.")]})
    return User.objects.create_user(
        username=username, email=email, password=None, role=role, first_name=name[:150]
    )


@transaction.atomic
def deactivate_user(user: User, *, actor: User) -> User:
    """Close an account: it can no longer sign in, and its API tokens are revoked. Returns the
    user as stored (an account closed before stays as it is)."""
    access.ensure(actor, access.CHANGE, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    for token in APIToken.objects.usable().filter(user=user):
        revoke_api_token(token)
    return user


def set_language(user: User, language: str, *, actor: User) -> User:
    """Remember the language ``user`` switched to, for every later sign-in on any browser. Users
    choose their own; an unknown code is refused (``ValidationError`` on ``language``)."""
    if actor.pk != user.pk:
        access.ensure(actor, access.CHANGE, user)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Not a language of this site.")}, code="invalid_choice")
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
    return user


@transaction.atomic
def set_password(user: User, raw: str, *, actor: User | None) -> User:
    """Give ``user`` the password ``raw`` once Django's password validators accept it (a
    ``ValidationError`` on ``password`` otherwise). Users set their own (``actor`` is the user, or
    ``None`` on the invitation's one-time link, whose token is the proof); administrators may set
    anyone's. A page that signed the user in keeps the session (``update_session_auth_hash``)."""
    if actor is not None and actor.pk != user.pk:
        access.ensure(actor, access.CHANGE, user)
    try:
        password_validation.validate_password(raw, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    user.set_password(raw)
    user.save(update_fields=["password"])
    return user


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw Bearer token, recording when it was last used.

    Every request looks the token up (a revoked or expired token, or a deactivated user, is
    refused at once): one query on the unique ``key_hash`` index that also reads the user. It is
    written as SQL, compiled once and run on a plain cursor, because the ORM spent twice as long
    building the query (and a raw queryset mapping its columns again each time) as the database
    answering it; ``last_used_at`` is written at most once a minute."""
    if not raw or len(raw) > 200:
        return None
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    sql, usable_params = _token_query()
    params = [adapt(now - LAST_USED_PRECISION), hash_token(raw)]
    params += [adapt(now) if isinstance(p, _Now) else p for p in usable_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    *values, token_id, stale = row
    for index, expression, converters in _user_converters():
        for convert in converters:
            values[index] = convert(values[index], expression, connection)
    user = User.from_db(connection.alias, _USER_FIELDS, values)
    if stale:
        APIToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


@functools.cache
def _user_converters() -> list[tuple[int, Any, list[Any]]]:
    """What the ORM does to each user column read from the database (on SQLite, text to
    datetimes), found once: ``(column index, its expression, converters)``."""
    found = []
    for index, field in enumerate(User._meta.concrete_fields):
        expression = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if converters:
            found.append((index, expression, converters))
    return found


class _Now(Expression):
    """The time of the request, left as a parameter so the query text is built once."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return "%s", (self,)


@functools.cache
def _token_query() -> tuple[str, list[Any]]:
    """The lookup's SQL and the parameters of its usability condition (a ``_Now`` marks the time)."""
    quote = connection.ops.quote_name
    users, tokens = quote(User._meta.db_table), quote(APIToken._meta.db_table)
    # What makes a token usable is APIToken.objects.usable(), compiled here rather than restated.
    usable = APIToken.objects.usable(at=_Now(output_field=DateTimeField())).query
    condition, params = usable.get_compiler(connection=connection).compile(usable.where)
    columns = ", ".join(f"{users}.{quote(str(f.column))}" for f in User._meta.concrete_fields)
    # Only quoted table and column names of the models go into the text; values are parameters.
    select = f"SELECT {columns}, {tokens}.id AS token_id, "
    stale = f"({tokens}.last_used_at IS NULL OR {tokens}.last_used_at < %s) AS token_stale "
    tables = f"FROM {tokens} INNER JOIN {users} ON {users}.id = {tokens}.user_id "
    where = f"WHERE {tokens}.key_hash = %s AND {condition} AND {users}.is_active"
    return select + stale + tables + where, list(params)
