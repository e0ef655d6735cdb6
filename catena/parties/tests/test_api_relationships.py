"""The relationships API: links of the chain between parties, with their contracts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties.models import Contract, Party, PortalAccess, Relationship
from catena.parties.tests.factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/relationships/"


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def chain() -> dict[str, Party]:
    return {
        "supplier": PartyFactory.create(name="原料供应商"),
        "maker": PartyFactory.create(name="制造商"),
        "carrier": PartyFactory.create(name="承运商"),
        "retailer": PartyFactory.create(name="零售商"),
    }


def test_create_with_a_contract_holding_sla_targets(
    api_client: Clients, sales: User, chain: dict[str, Party]
) -> None:
    payload = {
        "from_party": chain["carrier"].pk,
        "to_party": chain["maker"].pk,
        "kind": "ships_for",
        "since": "2026-01-01",
        "contract": {
            "number": "WL-2026-001",
            "pickup_hours": 4,
            "transit_days": 3,
            "max_damage_rate_pct": "0.5",
        },
    }

    response = api_client(sales).post(URL, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["from_party"] == {"id": chain["carrier"].pk, "name": "承运商"}
    assert body["contract"]["pickup_hours"] == 4 and body["contract"]["max_damage_rate_pct"] == "0.50"
    contract = Contract.objects.get(relationship_id=body["id"])
    assert contract.number == "WL-2026-001" and contract.transit_days == 3


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "teleports"}, "kind"),
        ({"from_party": "one"}, "from_party"),
        ({"to_party": 999999}, "to_party"),
        ({"since": "2026-02-30"}, "since"),
        ({"since": "2026-05-01", "until": "2026-01-01"}, "until"),
        ({"contract": {"on_time_target_pct": 150}}, "contract.on_time_target_pct"),
        ({"contract": {"pickup_hours": -1}}, "contract.pickup_hours"),
        ({"contract": {"starts_on": "2026-05-01", "ends_on": "2026-01-01"}}, "contract.ends_on"),
        ({"contract": {"penalty": 1}}, "contract.penalty"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(
    api_client: Clients, sales: User, chain: dict[str, Party], payload: dict[str, Any], field: str
) -> None:
    data = {"from_party": chain["supplier"].pk, "to_party": chain["maker"].pk, "kind": "supplies", **payload}

    response = api_client(sales).post(URL, data)

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert not Relationship.objects.exists()


def test_a_party_cannot_be_related_to_itself(
    api_client: Clients, sales: User, chain: dict[str, Party]
) -> None:
    maker = chain["maker"].pk

    response = api_client(sales).post(URL, {"from_party": maker, "to_party": maker, "kind": "supplies"})

    assert response.status_code == 422 and fields_of(response) == {"to_party"}
    assert not Relationship.objects.exists()


def test_the_same_relationship_cannot_be_recorded_twice(
    api_client: Clients, sales: User, chain: dict[str, Party]
) -> None:
    RelationshipFactory.create(from_party=chain["supplier"], to_party=chain["maker"], kind="supplies")
    payload = {"from_party": chain["supplier"].pk, "to_party": chain["maker"].pk, "kind": "supplies"}

    response = api_client(sales).post(URL, payload)

    assert response.status_code == 422 and fields_of(response) == {"kind"}
    assert Relationship.objects.count() == 1


def test_list_filters_by_either_side_by_one_side_and_by_kind(
    api_client: Clients, reader: User, chain: dict[str, Party]
) -> None:
    supplies = RelationshipFactory.create(
        from_party=chain["supplier"], to_party=chain["maker"], kind="supplies"
    )
    sells = RelationshipFactory.create(from_party=chain["maker"], to_party=chain["retailer"], kind="sells_to")
    ships = RelationshipFactory.create(
        from_party=chain["carrier"], to_party=chain["retailer"], kind="ships_for"
    )
    client = api_client(reader)

    def ids(**params: Any) -> set[int]:
        response = client.get(URL, **params)
        assert response.status_code == 200
        return {r["id"] for r in response.json()["items"]}

    assert ids() == {supplies.pk, sells.pk, ships.pk}
    assert ids(party=chain["maker"].pk) == {supplies.pk, sells.pk}
    assert ids(from_party=chain["maker"].pk) == {sells.pk}
    assert ids(to_party=chain["retailer"].pk) == {sells.pk, ships.pk}
    assert ids(kind="ships_for") == {ships.pk}
    assert client.get(URL, kind="teleports").status_code == 422


def test_list_does_not_query_per_row(
    api_client: Clients, reader: User, django_assert_max_num_queries: Any
) -> None:
    hub = PartyFactory.create(name="枢纽")
    for party in PartyFactory.create_batch(30):
        relationship = RelationshipFactory.create(from_party=party, to_party=hub, kind="supplies")
        Contract.objects.create(relationship=relationship, number=f"C{party.pk}")
    client = api_client(reader)

    with django_assert_max_num_queries(4):
        response = client.get(URL, limit=200)

    assert response.json()["count"] == 30
    assert all(r["contract"]["number"].startswith("C") for r in response.json()["items"])


def test_detail_and_404_and_non_numeric_id(api_client: Clients, reader: User) -> None:
    relationship = RelationshipFactory.create()
    client = api_client(reader)

    assert client.get(f"{URL}{relationship.pk}").json()["kind"] == "supplies"
    assert client.get(f"{URL}{relationship.pk}").json()["contract"] is None
    assert client.get(f"{URL}999999").status_code == 404
    response = client.get(f"{URL}x1")
    assert response.status_code == 422 and "relationship_id" in fields_of(response)


def test_patch_changes_only_the_fields_sent_and_the_contract_fields_sent(
    api_client: Clients, sales: User, chain: dict[str, Party]
) -> None:
    relationship = RelationshipFactory.create(
        from_party=chain["carrier"], to_party=chain["maker"], kind="ships_for", notes="老合作"
    )
    Contract.objects.create(relationship=relationship, number="WL-1", transit_days=5)

    response = api_client(sales).patch(
        f"{URL}{relationship.pk}", {"until": "2027-12-31", "contract": {"transit_days": 2}}
    )

    assert response.status_code == 200, response.json()
    relationship.refresh_from_db()
    assert str(relationship.until) == "2027-12-31" and relationship.notes == "老合作"
    contract = Contract.objects.get(relationship=relationship)
    assert (contract.number, contract.transit_days) == ("WL-1", 2)


def test_patch_refuses_bad_input_and_keeps_the_row(api_client: Clients, sales: User) -> None:
    relationship = RelationshipFactory.create(kind="supplies")
    client = api_client(sales)

    assert "kind" in fields_of(client.patch(f"{URL}{relationship.pk}", {"kind": "teleports"}))
    assert "kind" in fields_of(client.patch(f"{URL}{relationship.pk}", {"kind": None}))
    assert "from_party" in fields_of(client.patch(f"{URL}{relationship.pk}", {"from_party": 1}))
    relationship.refresh_from_db()
    assert relationship.kind == "supplies"


def test_read_only_user_cannot_create_change_or_delete(
    api_client: Clients, reader: User, chain: dict[str, Party]
) -> None:
    relationship = RelationshipFactory.create(
        from_party=chain["supplier"], to_party=chain["maker"], notes="原样"
    )
    client = api_client(reader)

    created = client.post(
        URL, {"from_party": chain["maker"].pk, "to_party": chain["retailer"].pk, "kind": "sells_to"}
    )
    changed = client.patch(f"{URL}{relationship.pk}", {"notes": "改了"})
    deleted = client.delete(f"{URL}{relationship.pk}")

    assert (created.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    relationship.refresh_from_db()
    assert relationship.notes == "原样" and Relationship.objects.count() == 1


def test_delete_removes_the_relationship(api_client: Clients, manager: User) -> None:
    relationship = RelationshipFactory.create()

    assert api_client(manager).delete(f"{URL}{relationship.pk}").status_code == 204
    assert not Relationship.objects.filter(pk=relationship.pk).exists()


def test_portal_user_sees_only_the_relationships_of_their_party_and_changes_none(
    api_client: Clients, make_user: Callable[..., User], chain: dict[str, Party]
) -> None:
    user = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=user, party=chain["carrier"])
    own = RelationshipFactory.create(from_party=chain["carrier"], to_party=chain["maker"], kind="ships_for")
    others = RelationshipFactory.create(
        from_party=chain["supplier"], to_party=chain["maker"], kind="supplies"
    )
    client = api_client(user)

    assert [r["id"] for r in client.get(URL).json()["items"]] == [own.pk]
    assert client.get(f"{URL}{others.pk}").status_code == 404
    assert client.patch(f"{URL}{own.pk}", {"notes": "门户改的"}).status_code == 403
    assert client.delete(f"{URL}{others.pk}").status_code == 404
    created = client.post(
        URL, {"from_party": chain["carrier"].pk, "to_party": chain["retailer"].pk, "kind": "ships_for"}
    )
    assert created.status_code == 403
    own.refresh_from_db()
    assert own.notes == "" and Relationship.objects.count() == 2


def test_an_unknown_party_cannot_be_linked(api_client: Clients, sales: User, chain: dict[str, Party]) -> None:
    unknown = max(p.pk for p in chain.values()) + 1000

    response = api_client(sales).post(
        URL, {"from_party": chain["maker"].pk, "to_party": unknown, "kind": "sells_to"}
    )

    assert response.status_code == 422 and fields_of(response) == {"to_party"}
