"""Through the API, a portal user reads the portal's view of each record it may see: the fields
its portal pages show, never our notes, account owners, tiers, tags, staff names or our own
order numbers. Staff keep reading every field."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.parties.choices import RelationshipKind
from catena.parties.models import Party, PortalAccess, Relationship, Tag
from catena.parties.tests.factories import ContactFactory, RelationshipFactory
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db

SECRET = "内部备注：只给员工看"


def _dress_party(party: Party, owner: Any) -> None:
    """Give a party everything staff keep for themselves."""
    Party.objects.filter(pk=party.pk).update(tier="strategic", owner=owner, notes=SECRET, external_id="ERP-1")
    party.tags.add(Tag.objects.create(name="重点客户"))


def test_a_customer_reads_its_own_party_without_our_account_fields(world: World, api_client: Any) -> None:
    # Given the customer's party with an owner, a tier, tags and notes
    customer = world.chain.customer
    _dress_party(customer, world.chain.sales)
    ContactFactory(party=customer, name="王经理", notes=SECRET)
    client = api_client(world.customer_user)

    # When its portal user reads it, alone and in the list
    detail = client.get(f"/api/v1/parties/{customer.pk}").json()
    (row,) = client.get("/api/v1/parties/").json()["items"]

    # Then the portal's view comes back, and none of our fields
    assert detail["name"] == customer.name and row["name"] == customer.name
    for answer in (detail, row):
        assert answer["owner"] is None and answer["tier"] == "" and answer["tags"] == []
    assert detail["notes"] == "" and detail["external_id"] is None and detail["custom_fields"] == {}
    assert detail["contacts"][0]["name"] == "王经理" and detail["contacts"][0]["notes"] == ""
    contacts = client.get(f"/api/v1/parties/{customer.pk}/contacts").json()["items"]
    assert contacts[0]["notes"] == ""


def test_staff_still_read_every_field_of_a_party(world: World, api_client: Any) -> None:
    customer = world.chain.customer
    _dress_party(customer, world.chain.sales)
    ContactFactory(party=customer, name="王经理", notes=SECRET)

    detail = api_client(world.chain.manager).get(f"/api/v1/parties/{customer.pk}").json()

    assert detail["owner"]["id"] == world.chain.sales.pk and detail["tier"] == "strategic"
    assert detail["tags"] == ["重点客户"] and detail["notes"] == SECRET
    assert detail["contacts"][0]["notes"] == SECRET


def test_a_partner_reads_its_relationships_without_our_notes(world: World, api_client: Any) -> None:
    link = Relationship.objects.get(from_party=world.chain.carrier, kind=RelationshipKind.SHIPS_FOR)
    Relationship.objects.filter(pk=link.pk).update(notes=SECRET)
    RelationshipFactory(from_party=world.chain.other_carrier, to_party=world.chain.customer, notes=SECRET)
    client = api_client(world.carrier_user)

    listed = client.get("/api/v1/relationships/").json()
    detail = client.get(f"/api/v1/relationships/{link.pk}").json()
    staff = api_client(world.chain.manager).get(f"/api/v1/relationships/{link.pk}").json()

    assert [r["id"] for r in listed["items"]] == [link.pk]
    assert listed["items"][0]["notes"] == "" and detail["notes"] == ""
    assert detail["to_party"]["id"] == world.chain.customer.pk
    assert staff["notes"] == SECRET


@pytest.mark.parametrize("who", ["customer_user", "carrier_user"])
def test_portal_users_read_a_shipment_without_its_internal_notes(
    world: World, api_client: Any, who: str
) -> None:
    type(world.shipment).objects.filter(pk=world.shipment.pk).update(notes=SECRET)
    client = api_client(getattr(world, who))

    detail = client.get(f"/api/v1/shipments/{world.shipment.pk}").json()
    staff = api_client(world.chain.logistics).get(f"/api/v1/shipments/{world.shipment.pk}").json()

    assert detail["tracking_number"] == "SF1001" and detail["notes"] == ""
    assert staff["notes"] == SECRET
    assert client.get(f"/api/v1/shipments/{world.other_shipment.pk}").status_code == 404


def test_a_supplier_reads_its_purchase_order_without_our_buyer_notes_or_order(
    world: World, api_client: Any
) -> None:
    type(world.po).objects.filter(pk=world.po.pk).update(notes=SECRET)
    client = api_client(world.supplier_user)
    answered = client.post(f"/api/v1/purchase-orders/{world.po.pk}/answer", {"answer": "confirm"})
    assert answered.status_code == 200, answered.content

    detail = client.get(f"/api/v1/purchase-orders/{world.po.pk}").json()
    (row,) = client.get("/api/v1/purchase-orders/").json()["items"]
    staff = api_client(world.chain.purchasing).get(f"/api/v1/purchase-orders/{world.po.pk}").json()

    assert detail["notes"] == "" and detail["buyer"] is None
    assert detail["sales_order"] is None and row["sales_order"] is None
    assert all(line["sales_order_line_id"] is None for line in detail["lines"])
    assert detail["promises"] and all(p["answered_by"] is None for p in detail["promises"])
    # its own prices are its business
    assert detail["total_net"] is not None and all(line["unit_price"] is not None for line in detail["lines"])
    assert staff["notes"] == SECRET and staff["buyer"]["id"] == world.chain.purchasing.pk
    assert staff["sales_order"]["id"] == world.po.sales_order_id
    assert client.get(f"/api/v1/purchase-orders/{world.other_po.pk}").status_code == 404


def test_a_customer_reads_its_order_without_our_owner_notes_or_stage_owners(
    world: World, api_client: Any
) -> None:
    client = api_client(world.customer_user)

    detail = client.get(f"/api/v1/orders/{world.order.pk}").json()
    (row,) = [o for o in client.get("/api/v1/orders/").json()["items"] if o["id"] == world.order.pk]
    staff = api_client(world.chain.manager).get(f"/api/v1/orders/{world.order.pk}").json()

    assert detail["notes"] == "" and detail["owner"] is None and row["owner"] is None
    assert all(s["owner"] is None and s["completed_by"] is None and s["note"] == "" for s in detail["stages"])
    assert detail["lines"] and detail["lines"][0]["unit_price"] is not None
    assert staff["notes"] == "内部备注：客户信用良好" and staff["owner"]["id"] == world.chain.sales.pk


def test_a_portal_user_without_a_party_sees_nothing(world: World, api_client: Any, make_user: Any) -> None:
    orphan = make_user(Role.PORTAL_CUSTOMER)
    assert not PortalAccess.objects.filter(user=orphan).exists()

    response = api_client(orphan).get("/api/v1/parties/")

    assert response.json()["count"] == 0
