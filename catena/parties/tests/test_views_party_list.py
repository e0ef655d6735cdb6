"""The party list page: access, filters, sorting, search, pagination, htmx rows, saved views,
bulk actions and the query budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties import services
from catena.parties.models import Party, PortalAccess, SavedView, Tag
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("parties:party_list")


def names_in(response: Any) -> list[str]:
    return [p.name for p in response.context["page_obj"]]


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_portal_user_is_refused_the_internal_list(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=party)

    response = logged_in(portal).get(LIST)

    assert response.status_code == 403


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.MANAGER, Role.SALES, Role.READ_ONLY, Role.LOGISTICS]
)
def test_internal_roles_see_the_list(
    make_user: Callable[..., User], logged_in: Callable[[User], Client], role: str
) -> None:
    PartyFactory.create(name="上海申达贸易有限公司")

    response = logged_in(make_user(role)).get(LIST)

    assert response.status_code == 200
    assert "上海申达贸易有限公司" in response.content.decode()


def test_filters_by_role_status_and_owner_return_only_matching_rows(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(name="A 客户", roles=["customer"], owner=sales)
    PartyFactory.create(name="B 供应商", roles=["supplier"], owner=sales)
    PartyFactory.create(name="C 冻结客户", roles=["customer"], status="blocked", owner=sales)
    PartyFactory.create(name="D 别人的客户", roles=["customer"], owner=manager)
    client = logged_in(manager)

    by_role = client.get(LIST, {"role": "customer"})
    by_status = client.get(LIST, {"role": "customer", "status": "active"})
    by_owner = client.get(LIST, {"role": "customer", "owner": str(sales.pk)})

    assert names_in(by_role) == ["A 客户", "C 冻结客户", "D 别人的客户"]
    assert names_in(by_status) == ["A 客户", "D 别人的客户"]
    assert names_in(by_owner) == ["A 客户", "C 冻结客户"]


def test_filters_by_tag_tier_kind_and_province(manager: User, logged_in: Callable[[User], Client]) -> None:
    tagged = PartyFactory.create(name="有标签", tier="key", province="浙江省")
    tagged.tags.add(Tag.objects.create(name="VIP"))
    PartyFactory.create(name="个人客户", kind="person", province="浙江省")
    PartyFactory.create(name="其他", tier="key")
    client = logged_in(manager)

    assert names_in(client.get(LIST, {"tag": "VIP"})) == ["有标签"]
    assert names_in(client.get(LIST, {"tier": "key"})) == ["其他", "有标签"]
    assert names_in(client.get(LIST, {"kind": "person"})) == ["个人客户"]
    assert names_in(client.get(LIST, {"province": "浙江省"})) == ["个人客户", "有标签"]


def test_search_matches_contact_names_and_phones(manager: User, logged_in: Callable[[User], Client]) -> None:
    services.create_party(
        actor=None,
        name="华东精密制造",
        contacts=[{"name": "王伟", "contact_points": [{"kind": "mobile", "value": "13800138000"}]}],
    )
    PartyFactory.create(name="无关公司")
    client = logged_in(manager)

    assert names_in(client.get(LIST, {"q": "王伟"})) == ["华东精密制造"]
    assert names_in(client.get(LIST, {"q": "13800138000"})) == ["华东精密制造"]
    assert names_in(client.get(LIST, {"q": "没有这个"})) == []


def test_sort_by_name_descending_and_by_update(manager: User, logged_in: Callable[[User], Client]) -> None:
    for name in ("乙", "甲", "丙"):
        PartyFactory.create(name=name)
    client = logged_in(manager)

    ascending = names_in(client.get(LIST))
    descending = names_in(client.get(LIST, {"sort": "-name"}))
    newest_first = names_in(client.get(LIST, {"sort": "-updated"}))

    assert descending == list(reversed(ascending))
    assert newest_first == ["丙", "甲", "乙"]


def test_pagination_shows_counts_and_the_second_page(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    for i in range(30):
        PartyFactory.create(name=f"公司{i:02d}")
    client = logged_in(manager)

    first = client.get(LIST, {"per_page": 25})
    second = client.get(LIST, {"per_page": 25, "page": 2})

    assert first.context["page_obj"].paginator.count == 30
    assert len(names_in(first)) == 25
    assert names_in(second) == [f"公司{i:02d}" for i in range(25, 30)]
    assert "30 parties" in first.content.decode()


def test_htmx_request_returns_only_the_rows_fragment(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(name="甲公司", roles=["customer"])
    PartyFactory.create(name="乙公司", roles=["supplier"])

    response = logged_in(manager).get(LIST, {"role": "supplier"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "乙公司" in body and "甲公司" not in body
    assert "<html" not in body and 'class="filters' not in body
    assert "<table" in body


def test_full_page_links_export_with_the_current_filters(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(name="甲公司", roles=["customer"])

    body = logged_in(manager).get(LIST, {"role": "customer", "q": "甲"}).content.decode()

    export = reverse("integrations:export", args=["parties"])
    assert f"{export}?q=%E7%94%B2&amp;role=customer&amp;format=csv" in body


def test_empty_list_invites_to_create_or_import(manager: User, logged_in: Callable[[User], Client]) -> None:
    body = logged_in(manager).get(LIST).content.decode()

    assert "No parties yet" in body
    assert reverse("parties:party_create") in body
    assert reverse("integrations:import_list") in body


def test_no_match_offers_to_clear_the_filters(manager: User, logged_in: Callable[[User], Client]) -> None:
    PartyFactory.create(name="甲公司")

    body = logged_in(manager).get(LIST, {"q": "不存在"}).content.decode()

    assert "No party matches these filters" in body
    assert "Clear filters" in body


def test_party_named_like_a_script_is_escaped_in_the_list(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(name="<script>alert(1)</script>")

    body = logged_in(manager).get(LIST).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_list_query_count_is_bounded_whatever_the_number_of_rows(
    manager: User, logged_in: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    tag = Tag.objects.create(name="重点")
    for i in range(50):
        party = PartyFactory.create(name=f"公司{i:02d}", roles=["customer", "supplier"], owner=manager)
        party.tags.add(tag)
    SavedView.objects.create(owner=manager, name="我的客户", query={"role": "customer"})
    client = logged_in(manager)

    with django_assert_max_num_queries(15):
        response = client.get(LIST)

    assert len(names_in(response)) == 50


# --- saved views ------------------------------------------------------------------------------


def test_saving_a_view_keeps_only_known_filters(sales: User, logged_in: Callable[[User], Client]) -> None:
    response = logged_in(sales).post(
        reverse("parties:saved_view_create"),
        {"name": "华东客户", "query": "role=customer&province=浙江省&evil=1", "is_shared": "on"},
    )

    view = SavedView.objects.get(owner=sales)
    assert response.status_code == 302
    assert view.name == "华东客户" and view.is_shared
    assert view.query == {"role": "customer", "province": "浙江省"}


def test_private_views_are_listed_only_to_their_owner_and_shared_ones_to_everyone(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    alice, bob = make_user(Role.SALES), make_user(Role.SALES)
    SavedView.objects.create(owner=alice, name="私人视图", query={"role": "customer"})
    SavedView.objects.create(owner=alice, name="共享视图", query={"role": "supplier"}, is_shared=True)

    alice_sees = [v.name for v in logged_in(alice).get(LIST).context["saved_views"]]
    bob_sees = [v.name for v in logged_in(bob).get(LIST).context["saved_views"]]

    assert alice_sees == ["共享视图", "私人视图"]
    assert bob_sees == ["共享视图"]


def test_a_user_cannot_delete_someone_elses_shared_view(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    alice, bob = make_user(Role.SALES), make_user(Role.SALES)
    shared = SavedView.objects.create(owner=alice, name="共享视图", query={}, is_shared=True)

    refused = logged_in(bob).post(reverse("parties:saved_view_delete", args=[shared.pk]))
    allowed = logged_in(alice).post(reverse("parties:saved_view_delete", args=[shared.pk]))

    assert refused.status_code == 404
    assert allowed.status_code == 302
    assert not SavedView.objects.exists()


# --- bulk actions -------------------------------------------------------------------------------


def test_bulk_tag_adds_the_tag_to_every_checked_party(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    mine = [PartyFactory.create(owner=sales), PartyFactory.create(owner=sales)]

    response = logged_in(sales).post(
        reverse("parties:party_bulk"), {"action": "tag", "tag": "华东重点", "ids": [p.pk for p in mine]}
    )

    assert response.status_code == 302
    for party in mine:
        assert list(party.tags.values_list("name", flat=True)) == ["华东重点"]


def test_bulk_tag_refuses_a_selection_with_a_party_the_sales_user_does_not_own(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    mine = PartyFactory.create(owner=sales)
    theirs = PartyFactory.create(owner=manager)

    response = logged_in(sales).post(
        reverse("parties:party_bulk"), {"action": "tag", "tag": "华东重点", "ids": [mine.pk, theirs.pk]}
    )

    assert response.status_code == 403
    assert not mine.tags.exists() and not theirs.tags.exists()
    assert not Tag.objects.exists()


def test_bulk_assign_refuses_parties_the_sales_user_does_not_own(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    theirs = PartyFactory.create(owner=manager)

    response = logged_in(sales).post(
        reverse("parties:party_bulk"), {"action": "assign", "owner": sales.pk, "ids": [theirs.pk]}
    )

    theirs.refresh_from_db()
    assert response.status_code == 403
    assert theirs.owner == manager


def test_bulk_assign_by_a_manager_gives_parties_to_another_account_manager(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    parties = [PartyFactory.create(owner=manager), PartyFactory.create()]

    response = logged_in(manager).post(
        reverse("parties:party_bulk"), {"action": "assign", "owner": sales.pk, "ids": [p.pk for p in parties]}
    )

    assert response.status_code == 302
    assert set(Party.objects.values_list("owner_id", flat=True)) == {sales.pk}


def test_sales_user_cannot_give_own_parties_away_and_nothing_changes(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    mine = PartyFactory.create(owner=sales)

    response = logged_in(sales).post(
        reverse("parties:party_bulk"),
        {"action": "assign", "owner": manager.pk, "ids": [mine.pk]},
        follow=True,
    )

    mine.refresh_from_db()
    assert mine.owner == sales
    assert "You may not give this party to another account manager." in response.content.decode()


def test_read_only_user_sees_no_bulk_bar_and_is_refused_bulk_actions(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    client = logged_in(reader)

    page = client.get(LIST).content.decode()
    response = client.post(reverse("parties:party_bulk"), {"action": "tag", "tag": "x", "ids": [party.pk]})

    assert 'id="bulk-form"' not in page
    assert response.status_code == 403
    assert not party.tags.exists()


def test_party_search_offers_visible_parties_but_not_the_excluded_one(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    this = PartyFactory.create(name="申达贸易")
    PartyFactory.create(name="申达物流")

    body = (
        logged_in(manager)
        .get(reverse("parties:party_search"), {"q": "申达", "exclude": str(this.pk)})
        .content.decode()
    )

    assert "申达物流" in body and "申达贸易" not in body
