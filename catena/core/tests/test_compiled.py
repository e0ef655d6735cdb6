"""A query compiled once answers what the queryset itself answers, each time with the values
of that run, and says when it is built without the marker it needs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from catena.accounts.models import APIToken, User
from catena.accounts.services import create_api_token
from catena.core.compiled import KEY, TIME, CompiledQuery

pytestmark = pytest.mark.django_db


def tokens_of(user_id: object, at: object) -> object:
    expired = APIToken.objects.filter(pk=OuterRef("pk"), expires_at__lt=at)
    return (
        APIToken.objects.filter(user_id=user_id)
        .select_related("user")
        .annotate(expired=Exists(expired))
        .order_by("name")
    )


def test_a_compiled_query_answers_as_its_queryset_with_each_runs_values(sales: User, reader: User) -> None:
    now = timezone.now()
    for name, user in (("b", sales), ("a", sales), ("c", reader)):
        token, _raw = create_api_token(user, name=name)
        APIToken.objects.filter(pk=token.pk).update(
            expires_at=now + timedelta(hours=1 if name != "a" else -1)
        )
    compiled = CompiledQuery(tokens_of(KEY, TIME))

    for user, at in (
        (sales, now),
        (reader, now),
        (sales, now - timedelta(days=1)),
        (reader, now + timedelta(days=1)),
    ):
        found = compiled.run(user.pk, time=at)
        expected = list(tokens_of(user.pk, at))

        assert [(t.pk, t.name, t.expired, t.user.username) for t in found] == [
            (t.pk, t.name, t.expired, t.user.username) for t in expected
        ]
    assert compiled.run(-5, time=now) == []


def test_a_queryset_without_the_key_marker_or_a_run_without_its_time_is_refused(sales: User) -> None:
    with pytest.raises(ValueError, match="KEY"):
        CompiledQuery(APIToken.objects.filter(user_id=sales.pk))
    with pytest.raises(ValueError, match="time"):
        CompiledQuery(tokens_of(KEY, TIME)).run(sales.pk)
