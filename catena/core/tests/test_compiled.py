"""A query compiled once answers what the queryset itself answers, each time with the values
of that run, and says when it is built without the marker it needs."""

from __future__ import annotations

from datetime import datetime, timedelta

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


@pytest.mark.parametrize(
    "filters",
    [
        {"role": "customer", "province": "浙江省"},
        {"role": "customer", "province": "广东省"},
        {"province": "浙江省", "tag": "重点"},
        {"owner": "sales", "status": "active", "sort": "-updated"},
        {"city": "杭州市", "kind": "organisation"},
        {"q": "编译公司1"},
        {"q": "编译", "province": "浙江省"},
        {"q": "  编译公司  ", "role": "supplier"},
        {"updated_since": "2000-01-01T00:00:00+08:00", "tier": "standard"},
    ],
)
def test_a_party_list_compiled_per_shape_answers_as_the_list_itself(
    filters: dict[str, str], sales: User, manager: User
) -> None:
    from catena.parties import selectors, services

    for index, (province, city) in enumerate(
        (("浙江", "杭州市"), ("广东", "广州市"), ("浙江", "宁波市")) * 3
    ):
        services.create_party(
            actor=sales if index % 2 else manager,
            name=f"编译公司{index}",
            roles=["customer"] if index % 3 else ["supplier", "customer"],
            tags=["重点"] if index % 4 == 0 else [],
            addresses=[{"province": province, "city": city, "is_primary": True}],
        )
    values: dict[str, object] = {**filters, "owner": sales.pk} if "owner" in filters else dict(filters)
    if "updated_since" in values:
        values["updated_since"] = datetime.fromisoformat(str(values["updated_since"]))
    chosen = selectors.PartyFilter(**values)  # type: ignore[arg-type]
    for user in (manager, sales, manager):  # the third run finds the compiled shape
        for start, stop, exact_up_to in ((0, 50, 10_000), (1, 3, 10_000), (0, 50, 1), (2, 4, 1)):
            compiled = selectors.api_party_page(user, chosen, start=start, stop=stop, exact_up_to=exact_up_to)
            plain = selectors.party_page(
                selectors.party_list(user, chosen),
                start=start,
                stop=stop,
                exact_up_to=exact_up_to,
                searched=bool(chosen.q),
            )

            assert (compiled.count, compiled.is_estimate, compiled.items) == (
                plain.count,
                plain.is_estimate,
                plain.items,
            )
            assert compiled.count > 0


def test_a_marker_in_a_like_pattern_takes_each_runs_value_escaped(manager: User) -> None:
    from catena.core.compiled import marker
    from catena.parties.models import Party
    from catena.parties.services import create_party

    for name in ("折扣_100%公司", "折扣X100Y公司", "普通公司", "back\\slash 公司"):
        create_party(actor=manager, name=name, roles=["customer"])
    name = marker("name", str)
    compiled = CompiledQuery(Party.objects.filter(name__contains=name).order_by("id"), {"name": name})

    for text in ("_100%", "折扣", "X100", "\\sla", "公司"):
        assert [p.name for p in compiled.run(name=text)] == [
            p.name for p in Party.objects.filter(name__contains=text).order_by("id")
        ]
    assert compiled.run(name="_100%")[0].name == "折扣_100%公司"


def test_a_marker_the_orm_changes_otherwise_is_refused() -> None:
    from catena.core.compiled import marker
    from catena.parties.models import Party

    name = marker("name", str)
    with pytest.raises(ValueError, match="name"):
        CompiledQuery(Party.objects.filter(name=name.upper()), {"name": name})
    with pytest.raises(ValueError, match="changes the value of name"):
        CompiledQuery(Party.objects.filter(name__in=[f"x{name}"]), {"name": name})
