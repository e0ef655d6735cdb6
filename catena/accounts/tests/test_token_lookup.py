"""The Bearer token lookup every API request makes: one query, refusals that take effect at once,
and the last use recorded at most once a minute."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catena.accounts.models import APIToken, APITokenQuerySet, User
from catena.accounts.services import (
    _token_query,
    authenticate_token,
    create_api_token,
    revoke_api_token,
)

pytestmark = pytest.mark.django_db


def test_a_token_is_looked_up_in_one_query_and_its_use_written_once_a_minute(sales: User) -> None:
    token, raw = create_api_token(sales)

    with CaptureQueriesContext(connection) as first:
        user = authenticate_token(raw)
    token.refresh_from_db()
    used = token.last_used_at
    with CaptureQueriesContext(connection) as again:
        authenticate_token(raw)
    token.refresh_from_db()

    assert user == sales and user.role == sales.role and user.display_name == sales.display_name
    assert not hasattr(user, "token_id") and not hasattr(user, "token_stale")
    assert len(first) == 2 and used is not None  # the lookup, then the first use recorded
    assert len(again) == 1 and token.last_used_at == used

    APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    authenticate_token(raw)
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > used


def test_revocation_expiry_and_deactivation_take_effect_on_the_next_request(sales: User) -> None:
    revoked, revoked_raw = create_api_token(sales)
    expiring, expiring_raw = create_api_token(sales)
    _token, raw = create_api_token(sales)
    assert authenticate_token(revoked_raw) == authenticate_token(expiring_raw) == sales

    revoke_api_token(revoked)
    APIToken.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert authenticate_token(revoked_raw) is None
    assert authenticate_token(expiring_raw) is None
    assert authenticate_token(raw) == sales
    User.objects.filter(pk=sales.pk).update(is_active=False)
    assert authenticate_token(raw) is None


def test_a_token_expiring_later_still_works(sales: User) -> None:
    token, raw = create_api_token(sales)
    APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(hours=1))

    assert authenticate_token(raw) == sales
    assert authenticate_token("") is None and authenticate_token("x" * 201) is None
    assert authenticate_token(raw + "x") is None


def test_the_lookup_refuses_exactly_what_usable_tokens_exclude(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, kept_raw = create_api_token(sales, name="kept")
    _held, held_raw = create_api_token(sales, name="on hold")
    usable = APITokenQuerySet.usable

    def usable_unless_on_hold(self: APITokenQuerySet, **kwargs: Any) -> APITokenQuerySet:
        return usable(self, **kwargs).exclude(name="on hold")

    monkeypatch.setattr(APITokenQuerySet, "usable", usable_unless_on_hold)
    _token_query.cache_clear()
    try:
        assert list(APIToken.objects.usable()) == [kept]
        assert authenticate_token(kept_raw) == sales
        assert authenticate_token(held_raw) is None
    finally:
        monkeypatch.undo()
        _token_query.cache_clear()


def test_the_user_a_token_finds_reads_as_the_orm_reads_it(sales: User) -> None:
    User.objects.filter(pk=sales.pk).update(last_login=timezone.now() - timedelta(days=1))
    _token, raw = create_api_token(sales)
    expected = User.objects.get(pk=sales.pk)

    found = authenticate_token(raw)

    assert found is not None and not found._state.adding and found._state.db == "default"
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.last_login is not None and found.last_login.tzinfo is not None
