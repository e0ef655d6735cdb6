"""Use cases of the accounts app."""

from __future__ import annotations

import functools
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from catena.accounts.models import APIToken, User, hash_token

LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def create_api_token(user: User, *, name: str = "") -> tuple[APIToken, str]:
    """Issue a token for ``user``; return the row and the raw token (shown once, never stored)."""
    prefix, raw = APIToken.generate_raw()
    token = APIToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(token: APIToken) -> None:
    APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw Bearer token, recording when it was last used.

    Every request looks the token up (a revoked or expired token, or a deactivated user, is
    refused at once): one query on the unique ``key_hash`` index that also reads the user. It is
    written as SQL because the ORM spent twice as long building it as the database answering
    it; ``last_used_at`` is written at most once a minute."""
    if not raw or len(raw) > 200:
        return None
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(now - LAST_USED_PRECISION), hash_token(raw), adapt(now)]
    found = list(User.objects.raw(_token_query(), params))
    if not found:
        return None
    user = found[0]
    token_id, stale = user.token_id, user.token_stale  # type: ignore[attr-defined]
    del user.token_id, user.token_stale  # type: ignore[attr-defined]
    if stale:
        APIToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


@functools.cache
def _token_query() -> str:
    quote = connection.ops.quote_name
    users, tokens = quote(User._meta.db_table), quote(APIToken._meta.db_table)
    columns = ", ".join(f"u.{quote(str(f.column))}" for f in User._meta.concrete_fields)
    # Only quoted table and column names of the models go into the text; values are parameters.
    select = f"SELECT {columns}, t.id AS token_id, "
    stale = "(t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale "
    tables = f"FROM {tokens} t INNER JOIN {users} u ON u.id = t.user_id "
    usable = "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %s) "
    return select + stale + tables + usable + "AND u.is_active"
