"""``catena token create`` works for portal users, and their token sees only their party."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from catena.accounts.models import User
from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db


def token_for(account: User) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", account.username, stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("ctn_")
    return raw


def bearer(raw: str) -> Callable[..., Any]:
    client = Client()

    def call(method: str, path: str, data: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {raw}"}
        if method == "get":
            return client.get(path, data or {}, headers=headers)
        return client.post(path, data or {}, content_type="application/json", headers=headers)

    return call


def mounted(world: World, path: str) -> bool:
    """Is the route there yet (the API of purchase orders and shipments comes with its own change)?"""
    staff = bearer(token_for(world.chain.manager))
    return bool(staff("get", path).status_code != 404)


def test_a_portal_users_token_lists_only_its_own_party(world: World) -> None:
    call = bearer(token_for(world.supplier_user))

    listing = call("get", "/api/v1/parties/")
    searched = call("get", "/api/v1/parties/", {"q": world.chain.other_supplier.name})
    other = call("get", f"/api/v1/parties/{world.chain.other_supplier.pk}")
    me = call("get", "/api/v1/me")

    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["items"]] == [world.chain.supplier.pk] and listing.json()[
        "count"
    ] == 1
    assert searched.json()["count"] == 0
    assert other.status_code == 404
    assert me.json()["portal_party_id"] == world.chain.supplier.pk


def test_a_portal_token_cannot_change_parties(world: World) -> None:
    call = bearer(token_for(world.customer_user))

    response = call("post", "/api/v1/parties/", {"name": "冒名公司", "kind": "organisation"})

    assert response.status_code in (403, 404, 422)
    assert response.status_code != 201


def test_a_suppliers_token_sees_and_answers_only_its_own_purchase_orders(world: World) -> None:
    if not mounted(world, "/api/v1/purchase-orders/"):
        pytest.skip("the purchase-order API is not mounted yet")
    call = bearer(token_for(world.supplier_user))

    listing = call("get", "/api/v1/purchase-orders/")
    by_number = call("get", "/api/v1/purchase-orders/", {"q": world.other_po.number})
    other = call("get", f"/api/v1/purchase-orders/{world.other_po.pk}")
    refused = call(
        "post", f"/api/v1/purchase-orders/{world.other_po.pk}/answer", {"answer": "reject", "note": "x"}
    )

    assert listing.status_code == 200
    assert {row["id"] for row in listing.json()["items"]} == {world.po.pk}
    assert listing.json()["count"] == 1 and world.other_po.number not in listing.content.decode()
    assert world.other_po.number not in by_number.content.decode()
    assert other.status_code == 404 and refused.status_code == 404
    assert PurchaseOrder.objects.get(pk=world.other_po.pk).status == PurchaseOrderStatus.SENT


def test_a_carriers_token_sees_and_updates_only_its_own_shipments(world: World) -> None:
    if not mounted(world, "/api/v1/shipments/"):
        pytest.skip("the shipment API is not mounted yet")
    call = bearer(token_for(world.carrier_user))

    listing = call("get", "/api/v1/shipments/")
    by_tracking = call("get", "/api/v1/shipments/", {"q": "YT2002"})
    other = call("get", f"/api/v1/shipments/{world.other_shipment.pk}")
    refused = call("post", f"/api/v1/shipments/{world.other_shipment.pk}/events", {"kind": "picked_up"})
    by_reference = call(
        "post", "/api/v1/shipments/events", {"shipment": "YT2002", "kind": "exception", "reason": "x"}
    )

    assert listing.status_code == 200
    assert {row["id"] for row in listing.json()["items"]} == {world.shipment.pk}
    assert listing.json()["count"] == 1 and "YT2002" not in listing.content.decode()
    assert "YT2002" not in by_tracking.content.decode()
    assert other.status_code == 404 and refused.status_code == 404
    assert by_reference.status_code in (404, 422) and "YT2002" not in by_reference.content.decode()
    other_row = Shipment.objects.get(pk=world.other_shipment.pk)
    assert other_row.status == ShipmentStatus.PLANNED and other_row.events.count() == 0


def test_a_customers_token_sees_only_its_own_orders(world: World) -> None:
    if not mounted(world, "/api/v1/orders/"):
        pytest.skip("the order API is not mounted yet")
    call = bearer(token_for(world.customer_user))

    listing = call("get", "/api/v1/orders/")
    other = call("get", f"/api/v1/orders/{world.other_order.pk}")

    assert listing.status_code == 200
    assert world.other_order.number not in listing.content.decode()
    assert listing.json()["count"] == 2
    assert other.status_code == 404
