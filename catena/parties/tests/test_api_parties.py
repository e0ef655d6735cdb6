"""The parties API: list, detail, create, change, delete, sub-resources, chain, history, portal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties import services
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole, PortalAccess, Tag
from catena.parties.tests.factories import (
    AddressFactory,
    ContactFactory,
    ContactPointFactory,
    PartyFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
VALID_USCC = "91110000600037341L"
BAD_CHECK_USCC = "91110000600037341X"
URL = "/api/v1/parties/"


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def make_party(actor: User, **fields: Any) -> Party:
    fields.setdefault("name", "深圳市华强电子有限公司")
    return services.create_party(actor=actor, **fields)


@pytest.fixture
def portal_user(make_user: Callable[..., User]) -> tuple[User, Party]:
    party = PartyFactory.create(name="门户客户有限公司")
    user = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=user, party=party)
    return user, party


# --- list ------------------------------------------------------------------------------------


def test_list_pages_with_count_and_default_limit(api_client: Clients, reader: User) -> None:
    PartyFactory.create_batch(55)

    first = api_client(reader).get(URL)
    second = api_client(reader).get(URL, limit=20, offset=50)

    assert first.status_code == 200
    assert first.json()["count"] == 55 and len(first.json()["items"]) == 50
    assert second.json()["count"] == 55 and len(second.json()["items"]) == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 201}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "colour"}, "sort"),
        ({"status": "sleeping"}, "status"),
        ({"role": "wizard"}, "role"),
        ({"tier": "gold"}, "tier"),
        ({"kind": "robot"}, "kind"),
        ({"province": "火星"}, "province"),
        ({"owner": "alice"}, "owner"),
        ({"updated_since": "yesterday"}, "updated_since"),
    ],
)
def test_list_refuses_bad_parameters_naming_the_field(
    api_client: Clients, reader: User, params: dict[str, Any], field: str
) -> None:
    response = api_client(reader).get(URL, **params)

    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid input."
    assert field in fields_of(response)


def test_list_filters_by_role_tag_owner_place_status_tier_and_kind(
    api_client: Clients, sales: User, reader: User
) -> None:
    wanted = make_party(
        sales,
        name="目标客户",
        roles=["customer"],
        tags=["华东重点"],
        status="dormant",
        tier="key",
        kind="organisation",
        addresses=[{"province": "浙江", "city": "杭州市"}],
    )
    services.create_party(actor=None, name="别的供应商", roles=["supplier"])
    PartyFactory.create(name="个人客户", kind="person", status="blocked")

    client = api_client(reader)
    for params in (
        {"role": "customer"},
        {"tag": "华东重点"},
        {"owner": sales.pk},
        {"province": "浙江省"},
        {"province": "浙江"},
        {"city": "杭州市"},
        {"status": "dormant"},
        {"tier": "key"},
        {"role": "customer", "kind": "organisation"},
    ):
        response = client.get(URL, **params)
        assert response.status_code == 200, params
        assert [p["id"] for p in response.json()["items"]] == [wanted.pk], params


def test_list_reads_empty_filters_as_no_filter(api_client: Clients, reader: User) -> None:
    PartyFactory.create_batch(2)

    response = api_client(reader).get(URL, status="", role="", owner="", updated_since="", q="")

    assert response.status_code == 200 and response.json()["count"] == 2


def test_list_searches_name_contact_names_phones_and_emails(api_client: Clients, sales: User) -> None:
    party = make_party(
        sales,
        name="苏州精工机械有限公司",
        contacts=[{"name": "周芳", "contact_points": [{"kind": "mobile", "value": "13912345678"}]}],
        contact_points=[{"kind": "email", "value": "Info@JingGong.example.cn"}],
    )
    make_party(sales, name="无关公司")
    client = api_client(sales)

    for q in ("精工", "周芳", "13912345678", "info@jinggong", "JINGGONG"):
        items = client.get(URL, q=q).json()["items"]
        assert [p["id"] for p in items] == [party.pk], q


def test_list_sorts_and_filters_by_updated_since(api_client: Clients, reader: User) -> None:
    old = PartyFactory.create(name="A 公司")
    new = PartyFactory.create(name="B 公司")
    Party.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))
    client = api_client(reader)

    assert [p["id"] for p in client.get(URL, sort="-name").json()["items"]] == [new.pk, old.pk]
    assert [p["id"] for p in client.get(URL, sort="updated").json()["items"]] == [old.pk, new.pk]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert [p["id"] for p in client.get(URL, updated_since=since).json()["items"]] == [new.pk]


def test_list_rows_carry_owner_roles_and_tags_without_a_query_per_row(
    api_client: Clients, sales: User, django_assert_max_num_queries: Any
) -> None:
    tag = Tag.objects.create(name="VIP")
    for party in PartyFactory.create_batch(40, owner=sales, roles=["customer", "supplier"]):
        party.tags.add(tag)
    client = api_client(sales)

    with django_assert_max_num_queries(7):
        response = client.get(URL, limit=200)

    row = response.json()["items"][0]
    assert response.json()["count"] == 40
    assert row["owner"]["username"] == sales.username
    assert row["roles"] == ["customer", "supplier"] and row["tags"] == ["VIP"]


def test_list_needs_authentication(api_client: Clients) -> None:
    assert api_client(None).get(URL).status_code == 401


# --- detail ----------------------------------------------------------------------------------


def test_detail_has_roles_tags_owner_contacts_addresses_points_and_custom_fields(
    api_client: Clients, sales: User
) -> None:
    party = make_party(
        sales,
        uscc=VALID_USCC,
        roles=["customer"],
        tags=["VIP"],
        contacts=[{"name": "王伟", "contact_points": [{"kind": "mobile", "value": "13800138000"}]}],
        addresses=[{"province": "广东", "city": "深圳市", "district": "南山区", "postcode": "518000"}],
        contact_points=[{"kind": "email", "value": "sales@huaqiang.example.cn"}],
    )

    body = api_client(sales).get(f"{URL}{party.pk}").json()

    assert body["uscc"] == VALID_USCC and body["roles"] == ["customer"] and body["tags"] == ["VIP"]
    assert body["owner"]["id"] == sales.pk
    assert body["contacts"][0]["name"] == "王伟"
    assert body["contacts"][0]["contact_points"][0]["value"] == "+8613800138000"
    assert body["addresses"][0]["province"] == "广东省"
    assert [p["value"] for p in body["contact_points"]] == ["sales@huaqiang.example.cn"]
    assert body["custom_fields"] == {}
    assert body["province"] == "广东省" and body["city"] == "深圳市"


def test_detail_of_a_missing_party_is_404_and_a_non_numeric_id_is_422(
    api_client: Clients, reader: User
) -> None:
    client = api_client(reader)

    assert client.get(f"{URL}999999").status_code == 404
    response = client.get(f"{URL}abc")
    assert response.status_code == 422
    assert "party_id" in fields_of(response)


# --- create ----------------------------------------------------------------------------------


def test_create_with_nested_parts_makes_the_caller_owner(api_client: Clients, sales: User) -> None:
    payload = {
        "name": "宁波港联物流有限公司",
        "uscc": VALID_USCC,
        "roles": ["carrier"],
        "tags": ["物流"],
        "contacts": [
            {
                "name": "陈静",
                "title": "调度主管",
                "contact_points": [{"kind": "phone", "value": "0574-87654321"}],
            }
        ],
        "addresses": [{"province": "浙江", "city": "宁波市", "kind": "warehouse"}],
        "contact_points": [{"kind": "website", "value": "ganglian.example.cn"}],
    }

    response = api_client(sales).post(URL, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    party = Party.objects.get(pk=body["id"])
    assert party.owner == sales and party.role_codes == ["carrier"]
    assert body["contacts"][0]["contact_points"][0]["value"] == "+8657487654321"
    assert body["addresses"][0]["kind"] == "warehouse"
    assert body["contact_points"][0]["value"] == "https://ganglian.example.cn"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": 123}, "name"),
        ({"name": "甲", "kind": "robot"}, "kind"),
        ({"name": "甲", "status": "sleeping"}, "status"),
        ({"name": "甲", "roles": ["wizard"]}, "roles.0"),
        ({"name": "甲", "uscc": BAD_CHECK_USCC}, "uscc"),
        ({"name": "甲", "owner": "bob"}, "owner"),
        ({"name": "甲", "owner": 999999}, "owner"),
        ({"name": "甲", "contact_points": [{"kind": "mobile", "value": "12345"}]}, "contact_points.0.value"),
        ({"name": "甲", "contact_points": [{"kind": "pager", "value": "1"}]}, "contact_points.0.kind"),
        ({"name": "甲", "addresses": [{"province": "火星", "city": "奥林匹斯"}]}, "addresses.0.province"),
        (
            {"name": "甲", "addresses": [{"province": "广东", "city": "深圳", "postcode": "12"}]},
            "addresses.0.postcode",
        ),
        ({"name": "甲", "contacts": [{"title": "经理"}]}, "contacts.0.name"),
        ({"name": "甲", "colour": "red"}, "colour"),
        ({}, "name"),
        ({"name": ""}, "name"),
    ],
)
def test_create_refuses_bad_input_naming_the_field_and_writes_nothing(
    api_client: Clients, sales: User, payload: dict[str, Any], field: str
) -> None:
    response = api_client(sales).post(URL, payload)

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert Party.objects.count() == 0


def test_create_refuses_a_duplicate_credit_code(api_client: Clients, sales: User) -> None:
    make_party(sales, uscc=VALID_USCC)

    response = api_client(sales).post(URL, {"name": "冒名公司", "uscc": VALID_USCC})

    assert response.status_code == 422
    assert fields_of(response) == {"uscc"}
    assert Party.objects.count() == 1


def test_create_refuses_a_duplicate_external_id(api_client: Clients, sales: User) -> None:
    make_party(sales, external_id="ERP-001")

    response = api_client(sales).post(URL, {"name": "另一家", "external_id": "ERP-001"})

    assert response.status_code == 422
    assert fields_of(response) == {"external_id"}
    assert Party.objects.count() == 1


def test_create_with_a_malformed_json_body_is_400(api_client: Clients, sales: User) -> None:
    client = api_client(sales)
    response = client.client.post(
        URL, data="{name: oops", content_type="application/json", headers=client.headers
    )

    assert response.status_code == 400
    assert Party.objects.count() == 0


def test_read_only_user_cannot_create(api_client: Clients, reader: User) -> None:
    response = api_client(reader).post(URL, {"name": "不该存在"})

    assert response.status_code == 403
    assert Party.objects.count() == 0


# --- change ----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(api_client: Clients, sales: User) -> None:
    party = make_party(sales, short_name="华强", tier="key", roles=["customer"], notes="老客户")

    response = api_client(sales).patch(f"{URL}{party.pk}", {"status": "dormant", "tags": ["华南"]})

    assert response.status_code == 200, response.json()
    party.refresh_from_db()
    assert party.status == "dormant" and list(party.tags.values_list("name", flat=True)) == ["华南"]
    assert (party.short_name, party.tier, party.notes, party.role_codes) == (
        "华强",
        "key",
        "老客户",
        ["customer"],
    )
    assert response.json()["status"] == "dormant"


def test_patch_may_clear_a_nullable_field_but_not_send_null_for_a_required_one(
    api_client: Clients, sales: User
) -> None:
    party = make_party(sales, uscc=VALID_USCC)
    client = api_client(sales)

    assert client.patch(f"{URL}{party.pk}", {"uscc": None}).status_code == 200
    refused = client.patch(f"{URL}{party.pk}", {"name": None, "status": None})

    party.refresh_from_db()
    assert party.uscc is None
    assert refused.status_code == 422 and fields_of(refused) == {"name", "status"}
    assert party.name == "深圳市华强电子有限公司"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"uscc": BAD_CHECK_USCC}, "uscc"), ({"tier": "gold"}, "tier"), ({"name": ["x"]}, "name")],
)
def test_patch_refuses_bad_input_and_keeps_the_row(
    api_client: Clients, sales: User, payload: dict[str, Any], field: str
) -> None:
    party = make_party(sales, tier="key")

    response = api_client(sales).patch(f"{URL}{party.pk}", payload)

    assert response.status_code == 422 and field in fields_of(response)
    party.refresh_from_db()
    assert (party.tier, party.uscc) == ("key", None)


def test_sales_cannot_change_a_party_owned_by_someone_else(
    api_client: Clients, sales: User, make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.SALES)
    party = make_party(colleague, name="别人的客户")

    response = api_client(sales).patch(f"{URL}{party.pk}", {"name": "抢来的客户"})

    assert response.status_code == 403
    party.refresh_from_db()
    assert party.name == "别人的客户"


def test_read_only_user_cannot_change_or_delete(api_client: Clients, reader: User, manager: User) -> None:
    party = make_party(manager, name="只读可见")
    client = api_client(reader)

    assert client.patch(f"{URL}{party.pk}", {"name": "改了"}).status_code == 403
    assert client.delete(f"{URL}{party.pk}").status_code == 403
    party.refresh_from_db()
    assert party.name == "只读可见"


# --- delete ----------------------------------------------------------------------------------


def test_manager_deletes_a_party(api_client: Clients, manager: User) -> None:
    party = make_party(manager)

    response = api_client(manager).delete(f"{URL}{party.pk}")

    assert response.status_code == 204
    assert not Party.objects.filter(pk=party.pk).exists()


def test_sales_cannot_delete_even_their_own_party(api_client: Clients, sales: User) -> None:
    party = make_party(sales)

    assert api_client(sales).delete(f"{URL}{party.pk}").status_code == 403
    assert Party.objects.filter(pk=party.pk).exists()


def test_delete_of_a_missing_party_is_404(api_client: Clients, admin_user: User) -> None:
    assert api_client(admin_user).delete(f"{URL}424242").status_code == 404


# --- contacts, addresses, contact points ------------------------------------------------------


def test_contacts_can_be_listed_added_changed_and_removed(api_client: Clients, sales: User) -> None:
    party = make_party(sales)
    client = api_client(sales)

    created = client.post(
        f"{URL}{party.pk}/contacts",
        {"name": "刘洋", "title": "采购", "contact_points": [{"kind": "email", "value": "liu@example.cn"}]},
    )
    contact_id = created.json()["id"]
    changed = client.patch(f"{URL}{party.pk}/contacts/{contact_id}", {"title": "采购总监"})
    listed = client.get(f"{URL}{party.pk}/contacts")
    removed = client.delete(f"{URL}{party.pk}/contacts/{contact_id}")

    assert created.status_code == 201 and created.json()["contact_points"][0]["value"] == "liu@example.cn"
    assert changed.status_code == 200 and changed.json()["title"] == "采购总监"
    assert listed.json()["count"] == 1 and listed.json()["items"][0]["name"] == "刘洋"
    assert removed.status_code == 204 and not Contact.objects.filter(pk=contact_id).exists()
    party.refresh_from_db()
    assert "刘洋" not in party.search_text


def test_a_contact_of_another_party_is_not_found_under_this_one(api_client: Clients, sales: User) -> None:
    party, other = make_party(sales, name="甲公司"), make_party(sales, name="乙公司")
    stranger = ContactFactory.create(party=other, name="外人")
    client = api_client(sales)

    assert client.patch(f"{URL}{party.pk}/contacts/{stranger.pk}", {"name": "改名"}).status_code == 404
    assert client.delete(f"{URL}{party.pk}/contacts/{stranger.pk}").status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "外人"


def test_contact_input_is_validated(api_client: Clients, sales: User) -> None:
    party = make_party(sales)
    contact = ContactFactory.create(party=party, name="原名")
    client = api_client(sales)

    bad_point = client.post(
        f"{URL}{party.pk}/contacts", {"name": "新人", "contact_points": [{"kind": "mobile", "value": "555"}]}
    )
    blank_name = client.patch(f"{URL}{party.pk}/contacts/{contact.pk}", {"name": ""})

    assert bad_point.status_code == 422 and "contact_points.0.value" in fields_of(bad_point)
    assert blank_name.status_code == 422 and "name" in fields_of(blank_name)
    assert list(Contact.objects.filter(party=party).values_list("name", flat=True)) == ["原名"]


def test_addresses_can_be_added_changed_and_removed_and_keep_the_party_location(
    api_client: Clients, sales: User
) -> None:
    party = make_party(sales)
    client = api_client(sales)

    created = client.post(
        f"{URL}{party.pk}/addresses", {"province": "江苏", "city": "苏州市", "is_primary": True}
    )
    address_id = created.json()["id"]
    changed = client.patch(f"{URL}{party.pk}/addresses/{address_id}", {"city": "无锡市"})
    party.refresh_from_db()
    location = (party.province, party.city)
    listed = client.get(f"{URL}{party.pk}/addresses")
    removed = client.delete(f"{URL}{party.pk}/addresses/{address_id}")

    assert created.status_code == 201 and created.json()["province"] == "江苏省"
    assert changed.status_code == 200 and location == ("江苏省", "无锡市")
    assert listed.json()["items"][0]["id"] == address_id
    assert removed.status_code == 204 and not Address.objects.filter(pk=address_id).exists()


def test_address_with_an_unknown_province_is_refused(api_client: Clients, sales: User) -> None:
    party = make_party(sales)
    address = AddressFactory.create(party=party)
    client = api_client(sales)

    created = client.post(f"{URL}{party.pk}/addresses", {"province": "火星", "city": "某市"})
    changed = client.patch(f"{URL}{party.pk}/addresses/{address.pk}", {"province": "亚特兰蒂斯"})

    assert created.status_code == 422 and "province" in fields_of(created)
    assert changed.status_code == 422 and "province" in fields_of(changed)
    address.refresh_from_db()
    assert address.province == "广东省" and Address.objects.filter(party=party).count() == 1


def test_contact_points_can_be_added_changed_and_removed(api_client: Clients, sales: User) -> None:
    party = make_party(sales)
    contact = ContactFactory.create(party=party)
    client = api_client(sales)

    created = client.post(f"{URL}{party.pk}/contact-points", {"kind": "mobile", "value": "139 1234 5678"})
    point_id = created.json()["id"]
    moved = client.patch(
        f"{URL}{party.pk}/contact-points/{point_id}", {"contact": contact.pk, "label": "工作"}
    )
    listed = client.get(f"{URL}{party.pk}/contact-points")
    removed = client.delete(f"{URL}{party.pk}/contact-points/{point_id}")

    assert created.status_code == 201 and created.json()["value"] == "+8613912345678"
    assert (
        moved.status_code == 200
        and moved.json()["contact_id"] == contact.pk
        and moved.json()["label"] == "工作"
    )
    assert listed.json()["items"][0]["contact_id"] == contact.pk
    assert removed.status_code == 204 and not ContactPoint.objects.filter(pk=point_id).exists()


def test_contact_point_input_is_validated(api_client: Clients, sales: User) -> None:
    party, other = make_party(sales, name="甲公司"), make_party(sales, name="乙公司")
    stranger = ContactFactory.create(party=other)
    point = ContactPointFactory.create(party=party, kind="email", value="a@example.cn")
    client = api_client(sales)

    bad_phone = client.post(f"{URL}{party.pk}/contact-points", {"kind": "phone", "value": "not a phone"})
    other_contact = client.post(
        f"{URL}{party.pk}/contact-points", {"kind": "email", "value": "x@example.cn", "contact": stranger.pk}
    )
    bad_email = client.patch(f"{URL}{party.pk}/contact-points/{point.pk}", {"value": "not-an-email"})
    moved_away = client.patch(f"{URL}{party.pk}/contact-points/{point.pk}", {"contact": stranger.pk})

    assert bad_phone.status_code == 422 and "value" in fields_of(bad_phone)
    assert other_contact.status_code == 422 and "contact" in fields_of(other_contact)
    assert bad_email.status_code == 422 and "value" in fields_of(bad_email)
    assert moved_away.status_code == 422 and "contact" in fields_of(moved_away)
    point.refresh_from_db()
    assert (point.value, point.contact_id) == ("a@example.cn", None)
    assert ContactPoint.objects.filter(party=party).count() == 1


def test_sales_cannot_change_the_parts_of_someone_elses_party(
    api_client: Clients, sales: User, make_user: Callable[..., User]
) -> None:
    party = make_party(make_user(Role.SALES))
    contact = ContactFactory.create(party=party, name="原名")
    client = api_client(sales)

    assert client.post(f"{URL}{party.pk}/contacts", {"name": "插队"}).status_code == 403
    assert client.patch(f"{URL}{party.pk}/contacts/{contact.pk}", {"name": "改名"}).status_code == 403
    assert (
        client.post(f"{URL}{party.pk}/addresses", {"province": "广东", "city": "广州市"}).status_code == 403
    )
    assert (
        client.post(f"{URL}{party.pk}/contact-points", {"kind": "email", "value": "a@b.cn"}).status_code
        == 403
    )
    contact.refresh_from_db()
    assert contact.name == "原名" and Contact.objects.filter(party=party).count() == 1
    assert (
        not Address.objects.filter(party=party).exists()
        and not ContactPoint.objects.filter(party=party).exists()
    )


# --- chain and history -----------------------------------------------------------------------


def test_chain_shows_upstream_and_downstream_partners(api_client: Clients, reader: User) -> None:
    maker = PartyFactory.create(name="制造商")
    supplier = PartyFactory.create(name="供应商", roles=["supplier"])
    distributor = PartyFactory.create(name="经销商")
    RelationshipFactory.create(from_party=supplier, to_party=maker, kind="supplies")
    RelationshipFactory.create(from_party=maker, to_party=distributor, kind="sells_to")

    response = api_client(reader).get(f"{URL}{maker.pk}/chain", depth=1)

    levels = {n["name"]: n["level"] for n in response.json()["nodes"]}
    assert response.status_code == 200
    assert levels == {"制造商": 0, "供应商": -1, "经销商": 1}
    assert {(e["source"], e["target"], e["kind"]) for e in response.json()["edges"]} == {
        (supplier.pk, maker.pk, "supplies"),
        (maker.pk, distributor.pk, "sells_to"),
    }
    assert api_client(reader).get(f"{URL}{maker.pk}/chain", depth=9).status_code == 422


def test_history_says_who_changed_which_field_from_what_to_what(api_client: Clients, sales: User) -> None:
    party = make_party(sales, name="旧名有限公司", contacts=[{"name": "张三"}])
    contact = party.contacts.get()
    client = api_client(sales)
    client.patch(f"{URL}{party.pk}", {"name": "新名有限公司"})
    client.patch(f"{URL}{party.pk}/contacts/{contact.pk}", {"title": "经理"})
    client.delete(f"{URL}{party.pk}/contacts/{contact.pk}")

    response = client.get(f"{URL}{party.pk}/history")

    items = response.json()["items"]
    assert response.status_code == 200
    renamed = next(i for i in items if i["object_type"] == "party" and i["action"] == "changed")
    assert renamed["user"] == sales.username
    assert {"field": "name", "old": "旧名有限公司", "new": "新名有限公司"} in renamed["changes"]
    retitled = next(i for i in items if i["object_type"] == "contact" and i["action"] == "changed")
    assert retitled["changes"] == [{"field": "title", "old": "", "new": "经理"}]
    assert items[0]["object_type"] == "contact" and items[0]["action"] == "deleted"
    assert any(i["object_type"] == "party" and i["action"] == "created" for i in items)


# --- portal users ----------------------------------------------------------------------------


def test_portal_user_sees_only_their_own_party(api_client: Clients, portal_user: tuple[User, Party]) -> None:
    user, own = portal_user
    other = PartyFactory.create(name="别家公司")
    client = api_client(user)

    listed = client.get(URL)

    assert listed.json()["count"] == 1 and listed.json()["items"][0]["id"] == own.pk
    assert client.get(f"{URL}{own.pk}").status_code == 200
    assert client.get(f"{URL}{other.pk}").status_code == 404
    assert client.get(f"{URL}{other.pk}/contacts").status_code == 404
    assert client.get(f"{URL}{other.pk}/history").status_code == 404
    assert client.get(f"{URL}{own.pk}/history").status_code == 403


def test_portal_user_cannot_write(api_client: Clients, portal_user: tuple[User, Party]) -> None:
    user, own = portal_user
    other = PartyFactory.create(name="别家公司")
    client = api_client(user)

    assert client.patch(f"{URL}{own.pk}", {"name": "改名"}).status_code == 403
    assert client.patch(f"{URL}{other.pk}", {"name": "改名"}).status_code == 404
    assert client.delete(f"{URL}{other.pk}").status_code == 404
    assert client.post(f"{URL}{own.pk}/contacts", {"name": "新人"}).status_code == 403
    assert client.post(URL, {"name": "新公司"}).status_code == 403
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.name, other.name) == ("门户客户有限公司", "别家公司")
    assert Party.objects.count() == 2 and not Contact.objects.exists()


# --- tags and the caller ---------------------------------------------------------------------


def test_tags_are_listed_for_staff_and_hidden_from_portal_users(
    api_client: Clients, reader: User, portal_user: tuple[User, Party]
) -> None:
    Tag.objects.create(name="VIP")
    Tag.objects.create(name="华东重点")

    staff = api_client(reader).get("/api/v1/tags/", q="vip")
    portal = api_client(portal_user[0]).get("/api/v1/tags/")

    assert [t["name"] for t in staff.json()["items"]] == ["VIP"]
    assert portal.json()["count"] == 0


def test_me_tells_who_the_token_acts_as(
    api_client: Clients, sales: User, portal_user: tuple[User, Party]
) -> None:
    mine = api_client(sales).get("/api/v1/me").json()
    portal = api_client(portal_user[0]).get("/api/v1/me").json()

    assert (mine["username"], mine["role"], mine["portal_party_id"]) == (sales.username, "sales", None)
    assert (portal["role"], portal["portal_party_id"]) == ("portal_customer", portal_user[1].pk)


def test_party_roles_are_stored_once_each(api_client: Clients, sales: User) -> None:
    response = api_client(sales).post(URL, {"name": "重复角色", "roles": ["customer", "customer"]})

    assert response.status_code == 201
    assert PartyRole.objects.filter(party_id=response.json()["id"]).count() == 1


# --- input a database would choke on ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data", "field"),
    [
        ("get", f"{URL}99999999999999999999999", None, "party_id"),
        ("get", f"{URL}0", None, "party_id"),
        ("get", URL, {"owner": 2**70}, "owner"),
        ("get", URL, {"offset": 2**70}, "offset"),
        ("get", URL, {"q": "a\x00b"}, "q"),
        ("get", URL, {"tag": "\x00"}, "tag"),
        ("get", URL, {"updated_since": "0001-01-01T00:00:00"}, "updated_since"),
        ("post", URL, {"name": "空字符\x00公司"}, "name"),
        ("post", URL, {"name": "甲", "owner": 2**64}, "owner"),
        ("post", URL, {"name": "甲", "contacts": [{"name": "\x00"}]}, "contacts.0.name"),
        ("post", URL, {"name": "甲", "custom_fields": {"k": "\x00"}}, "custom_fields"),
    ],
)
def test_values_a_database_cannot_take_are_refused_naming_the_field(
    api_client: Clients, sales: User, method: str, path: str, data: dict[str, Any] | None, field: str
) -> None:
    client = api_client(sales)

    response = client.post(path, data) if method == "post" else client.get(path, **(data or {}))

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert not Party.objects.exists()
