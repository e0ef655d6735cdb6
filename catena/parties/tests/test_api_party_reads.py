"""The party list and detail under load: the capped count with its estimate flag, and a fixed
number of queries per page and per party whatever their size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties import api as parties_api
from catena.parties import services
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/parties/"


def queries_of(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_a_list_within_the_exact_limit_counts_exactly(api_client: Clients, reader: User) -> None:
    PartyFactory.create_batch(3)

    body = api_client(reader).get(URL).json()

    assert (body["count"], body["count_is_estimate"]) == (3, False)


def test_a_list_beyond_the_exact_limit_says_whether_its_count_is_an_estimate(
    api_client: Clients, reader: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parties_api, "EXACT_COUNT_LIMIT", 3)
    PartyFactory.create_batch(6)
    client = api_client(reader)

    body = client.get(URL, limit=2).json()
    last_page = client.get(URL, limit=2, offset=4).json()

    assert len(body["items"]) == 2 and len(last_page["items"]) == 2
    if connection.vendor == "postgresql":
        # The planner's estimate, never below what is known to exist.
        assert body["count_is_estimate"] is True and body["count"] >= 4
        assert last_page["count"] >= 6
    else:
        # Without an estimate to read, the count stays exact.
        assert (body["count"], body["count_is_estimate"]) == (6, False)


def test_a_narrow_filter_stays_exact_beyond_the_limit_of_the_whole_table(
    api_client: Clients, reader: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parties_api, "EXACT_COUNT_LIMIT", 3)
    PartyFactory.create_batch(5, roles=["prospect"])
    PartyFactory.create_batch(2, roles=["carrier"])

    body = api_client(reader).get(URL, role="carrier").json()

    assert (body["count"], body["count_is_estimate"]) == (2, False)


def test_the_count_obeys_the_access_policy(api_client: Clients, make_user: Callable[..., User]) -> None:
    own = PartyFactory.create(name="门户自己的公司", roles=["customer"])
    PartyFactory.create_batch(4, roles=["customer"])
    portal = make_user("portal_customer")
    PortalAccess.objects.create(user=portal, party=own)

    body = api_client(portal).get(URL, role="customer").json()

    assert (body["count"], body["count_is_estimate"]) == (1, False)
    assert [i["name"] for i in body["items"]] == ["门户自己的公司"]


def test_list_pages_cost_the_same_queries_whatever_their_size(api_client: Clients, sales: User) -> None:
    client = api_client(sales)
    client.get("/api/v1/me")  # the token's first use is recorded: not part of the page
    for n in range(2):
        services.create_party(actor=sales, name=f"小公司{n}", roles=["customer"], tags=["华东"])
    small = queries_of(lambda: client.get(URL, role="customer"))
    for n in range(20):
        services.create_party(
            actor=sales, name=f"大公司{n}", roles=["customer", "retailer"], tags=["华东", "重点"]
        )

    large = queries_of(lambda: client.get(URL, role="customer"))
    body = client.get(URL, role="customer", limit=200).json()

    assert large == small
    assert body["count"] == 22
    assert {tuple(i["tags"]) for i in body["items"]} == {("华东",), ("华东", "重点")}
    assert {tuple(i["roles"]) for i in body["items"]} == {("customer",), ("customer", "retailer")}
    assert all(i["owner"]["username"] == sales.username for i in body["items"])


def test_detail_reads_contact_points_once_and_hands_each_its_own(api_client: Clients, sales: User) -> None:
    client = api_client(sales)
    client.get("/api/v1/me")  # the token's first use is recorded: not part of the page
    small = services.create_party(actor=sales, name="小公司", roles=["customer"])
    few = queries_of(lambda: client.get(f"{URL}{small.pk}"))
    party = services.create_party(
        actor=sales,
        name="联络公司",
        roles=["customer", "supplier"],
        tags=["重点"],
        contacts=[
            {"name": "张三", "contact_points": [{"kind": "mobile", "value": "13800138000"}]},
            {"name": "李四", "contact_points": [{"kind": "email", "value": "li@example.cn"}]},
            {"name": "王五"},
        ],
        contact_points=[{"kind": "email", "value": "info@example.cn"}],
        addresses=[{"province": "浙江", "city": "杭州市"}],
    )

    many = queries_of(lambda: client.get(f"{URL}{party.pk}"))
    body = client.get(f"{URL}{party.pk}").json()

    assert many == few == 5  # the token, the party with owner and tags, points, addresses, contacts
    points = {c["name"]: [p["value"] for p in c["contact_points"]] for c in body["contacts"]}
    assert points == {"张三": ["+8613800138000"], "李四": ["li@example.cn"], "王五": []}
    assert [p["value"] for p in body["contact_points"]] == ["info@example.cn"]
    assert body["roles"] == ["customer", "supplier"] and body["tags"] == ["重点"]
    assert body["province"] == "浙江省"


def test_detail_page_of_the_web_still_shows_contact_points(
    logged_in: Callable[[User], object], sales: User
) -> None:
    party = services.create_party(
        actor=sales,
        name="网页公司",
        contacts=[{"name": "赵六", "contact_points": [{"kind": "email", "value": "zhao@example.cn"}]}],
    )

    response = logged_in(sales).get(f"/parties/{party.pk}/?tab=contacts")  # type: ignore[attr-defined]

    assert response.status_code == 200
    assert "zhao@example.cn" in response.content.decode()
    assert Party.objects.get(pk=party.pk).contacts.get().contact_points.count() == 1


@pytest.mark.parametrize("sort", ["name", "-name", "updated", "-created"])
def test_a_search_lists_its_matches_in_the_asked_order(api_client: Clients, sales: User, sort: str) -> None:
    for n in (3, 1, 4, 2):
        services.create_party(actor=sales, name=f"华为{n}号经销商", roles=["customer"])
    services.create_party(actor=sales, name="别的公司", roles=["customer"])

    body = api_client(sales).get(URL, q="华为", sort=sort).json()

    names = [i["name"] for i in body["items"]]
    expected = {
        "name": ["华为1号经销商", "华为2号经销商", "华为3号经销商", "华为4号经销商"],
        "-name": ["华为4号经销商", "华为3号经销商", "华为2号经销商", "华为1号经销商"],
        "updated": ["华为3号经销商", "华为1号经销商", "华为4号经销商", "华为2号经销商"],
        "-created": ["华为2号经销商", "华为4号经销商", "华为1号经销商", "华为3号经销商"],
    }[sort]
    assert (body["count"], names) == (4, expected)
