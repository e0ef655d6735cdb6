"""The shipments API: logistics books shipments; carriers post events and proof of delivery on
their own shipments only; customers read the shipments of their own orders."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.services import create_api_token
from catena.fulfilment import services
from catena.fulfilment.choices import ShipmentStatus
from catena.fulfilment.models import Shipment, TrackingEvent
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order, user
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
SHIPMENTS = "/api/v1/shipments/"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def booked(chain: Chain, *, carrier: Any = None, customer: Any = None, tracking: str = "SF1001") -> Shipment:
    order = stock_order(chain, customer=customer)
    return services.create_shipment(
        order, actor=chain.logistics, carrier=carrier or chain.carrier, tracking_number=tracking
    )


def multipart(account: Any, path: str, data: dict[str, Any]) -> Any:
    _token, raw = create_api_token(account, name="tests")
    return Client().post(path, data=data, headers={"Authorization": f"Bearer {raw}"})


# --- booking ---------------------------------------------------------------------------------------


def test_logistics_books_part_of_an_order(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain, quantity=10)
    line = order.lines.get()

    response = api_client(chain.logistics).post(
        SHIPMENTS,
        {
            "order": order.pk,
            "carrier": chain.carrier.pk,
            "tracking_number": "SF123",
            "lines": [{"line": line.pk, "quantity": "4"}],
            "packages": [{"sscc": "106141411234567897", "weight_kg": "12.5"}],
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "planned" and body["carrier"]["id"] == chain.carrier.pk
    assert body["lines"] == [
        {
            "id": body["lines"][0]["id"],
            "order_line_id": line.pk,
            "product": {"id": chain.widget.pk, "sku": "W-100", "name": "电热水壶"},
            "quantity": "4.000",
        }
    ]
    assert body["packages"][0]["sscc"] == "106141411234567897"
    assert body["ship_to"]["id"] == chain.ship_to.pk


def test_booking_refusals_name_the_field_and_change_nothing(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain, quantity=10)
    foreign_line = stock_order(chain, customer=chain.other_customer).lines.get()
    line = order.lines.get()
    client = api_client(chain.logistics)
    base = {"order": order.pk, "carrier": chain.carrier.pk}

    cases = [
        (base | {"lines": [{"line": foreign_line.pk, "quantity": 1}]}, "lines.0.line"),
        (base | {"lines": [{"line": line.pk, "quantity": 11}]}, "lines.0.quantity"),
        (base | {"lines": [{"line": line.pk, "quantity": 0}]}, "lines.0.quantity"),
        # each entry fits the 10 left, together they would ship 12
        (
            base | {"lines": [{"line": line.pk, "quantity": 6}, {"line": line.pk, "quantity": 6}]},
            "lines.1.line",
        ),
        (base | {"carrier": chain.supplier.pk}, "carrier"),
        (base | {"carrier": 999999}, "carrier"),
        (base | {"order": 999999}, "order"),
        (base | {"packages": [{"sscc": "123"}]}, "packages.0.sscc"),
        (base | {"tracking_number": "x" * 61}, "tracking_number"),
    ]
    for payload, field in cases:
        response = client.post(SHIPMENTS, payload)
        assert response.status_code == 422, (payload, response.content)
        assert field in fields(response)
    assert not Shipment.objects.exists()


def test_only_logistics_books_shipments(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    payload = {"order": order.pk, "carrier": chain.carrier.pk}

    assert api_client(chain.sales).post(SHIPMENTS, payload).status_code == 403
    assert api_client(user(Role.READ_ONLY)).post(SHIPMENTS, payload).status_code == 403
    assert api_client(portal_user(chain.carrier)).post(SHIPMENTS, payload).status_code == 403
    assert not Shipment.objects.exists()


def test_a_held_order_cannot_ship(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    services.set_status(order, status="on_hold", actor=chain.sales, reason="信用")

    response = api_client(chain.logistics).post(SHIPMENTS, {"order": order.pk, "carrier": chain.carrier.pk})

    assert response.status_code == 422 and fields(response) == {"order"}


# --- tracking events ---------------------------------------------------------------------------------


def test_a_carrier_posts_events_that_move_the_order(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain)
    SalesOrder.objects.filter(pk=shipment.sales_order_id).update(stage="picked")
    client = api_client(portal_user(chain.carrier))

    picked = client.post(
        f"{SHIPMENTS}{shipment.pk}/events", {"kind": "picked_up", "location": "上海", "external_id": "E1"}
    )
    repeated = client.post(f"{SHIPMENTS}{shipment.pk}/events", {"kind": "picked_up", "external_id": "E1"})
    delivered = client.post(f"{SHIPMENTS}{shipment.pk}/events", {"kind": "delivered", "location": "杭州"})

    assert picked.status_code == 201
    assert picked.json()["event"]["kind"] == "picked_up" and picked.json()["event"]["source"] == "api"
    assert picked.json()["shipment"]["status"] == "picked_up"
    assert repeated.status_code == 201 and repeated.json()["event"]["id"] == picked.json()["event"]["id"]
    assert delivered.json()["shipment"]["status"] == "delivered"
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "teleported"}, "kind"),
        ({"kind": "delivered"}, "kind"),
        ({"kind": "exception"}, "reason"),
        ({"kind": "picked_up", "occurred_at": "2199-01-01T00:00:00+08:00"}, "occurred_at"),
        ({"kind": "picked_up", "occurred_at": "yesterday"}, "occurred_at"),
        ({"kind": "picked_up", "location": "x" * 201}, "location"),
        ({"kind": "picked_up", "shipment_id": 5}, "shipment_id"),
    ],
)
def test_bad_events_are_422(chain: Chain, api_client: Any, payload: dict[str, Any], field: str) -> None:
    shipment = booked(chain)

    response = api_client(chain.logistics).post(f"{SHIPMENTS}{shipment.pk}/events", payload)

    assert response.status_code == 422 and field in fields(response)
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.PLANNED


def test_a_stale_version_on_an_event_is_409(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain)
    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")

    response = api_client(chain.logistics).post(
        f"{SHIPMENTS}{shipment.pk}/events", {"kind": "in_transit", "version": 1}
    )

    assert response.status_code == 409
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.PICKED_UP


def test_a_carrier_token_is_confined_to_its_own_shipments(chain: Chain, api_client: Any) -> None:
    own = booked(chain, tracking="SF1")
    theirs = booked(chain, carrier=chain.other_carrier, tracking="YT9")
    client = api_client(portal_user(chain.carrier))

    listed = client.get(SHIPMENTS)
    asked_for_other = client.get(SHIPMENTS, carrier=chain.other_carrier.pk)
    by_their_number = client.get(SHIPMENTS, q="YT9")
    event_in_url = client.post(f"{SHIPMENTS}{theirs.pk}/events", {"kind": "picked_up"})
    event_in_payload = client.post(f"{SHIPMENTS}events", {"shipment": "YT9", "kind": "picked_up"})
    own_by_reference = client.post(f"{SHIPMENTS}events", {"shipment": "SF1", "kind": "picked_up"})

    assert [s["id"] for s in listed.json()["items"]] == [own.pk] and listed.json()["count"] == 1
    assert asked_for_other.json() == {"count": 0, "items": []}
    assert by_their_number.json()["count"] == 0
    assert client.get(f"{SHIPMENTS}{theirs.pk}").status_code == 404
    assert event_in_url.status_code == 404
    assert event_in_payload.status_code == 422 and fields(event_in_payload) == {"shipment"}
    assert own_by_reference.status_code == 201 and own_by_reference.json()["shipment"]["id"] == own.pk
    theirs.refresh_from_db()
    assert theirs.status == ShipmentStatus.PLANNED and not theirs.events.exists()


def test_staff_post_events_by_reference_too(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain, tracking="SF77")

    response = api_client(chain.logistics).post(
        f"{SHIPMENTS}events", {"shipment": shipment.number, "kind": "picked_up"}
    )
    unknown = api_client(chain.logistics).post(
        f"{SHIPMENTS}events", {"shipment": "nothing", "kind": "picked_up"}
    )

    assert response.status_code == 201 and response.json()["shipment"]["status"] == "picked_up"
    assert unknown.status_code == 422 and fields(unknown) == {"shipment"}


def test_a_customer_token_reads_its_shipments_and_posts_nothing(chain: Chain, api_client: Any) -> None:
    own = booked(chain)
    theirs = booked(chain, customer=chain.other_customer, tracking="SF2")
    client = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    listed = client.get(SHIPMENTS)
    by_order = client.get(SHIPMENTS, sales_order=theirs.sales_order_id)

    assert [s["id"] for s in listed.json()["items"]] == [own.pk]
    assert by_order.json()["count"] == 0
    assert client.get(f"{SHIPMENTS}{own.pk}").status_code == 200
    assert client.get(f"{SHIPMENTS}{theirs.pk}").status_code == 404
    assert client.post(f"{SHIPMENTS}{own.pk}/events", {"kind": "picked_up"}).status_code == 403
    assert client.post(f"{SHIPMENTS}events", {"shipment": "SF1001", "kind": "picked_up"}).status_code == 422
    assert not TrackingEvent.objects.exists()


# --- proof of delivery --------------------------------------------------------------------------------


def test_a_carrier_records_proof_of_delivery_with_a_photo(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain)
    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    carrier = portal_user(chain.carrier)
    photo = SimpleUploadedFile("签收.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="image/png")

    response = multipart(
        carrier, f"{SHIPMENTS}{shipment.pk}/proof-of-delivery", {"signed_by": "张三", "photo": photo}
    )
    download = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER)).get(
        f"{SHIPMENTS}{shipment.pk}/proof-of-delivery/photo"
    )
    stranger = api_client(portal_user(chain.other_customer, Role.PORTAL_CUSTOMER)).get(
        f"{SHIPMENTS}{shipment.pk}/proof-of-delivery/photo"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delivered" and response.json()["pod_signed_by"] == "张三"
    assert response.json()["has_pod_photo"] is True
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert "attachment" in download["Content-Disposition"]
    assert stranger.status_code == 404


def test_proof_of_delivery_refusals(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain)
    theirs = booked(chain, carrier=chain.other_carrier, tracking="YT1")
    carrier = portal_user(chain.carrier)
    url = f"{SHIPMENTS}{shipment.pk}/proof-of-delivery"

    not_picked = multipart(carrier, url, {"signed_by": "张三"})
    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    unsigned = multipart(carrier, url, {})
    bad_file = multipart(carrier, url, {"signed_by": "张三", "photo": SimpleUploadedFile("x.exe", b"MZ")})
    foreign = multipart(carrier, f"{SHIPMENTS}{theirs.pk}/proof-of-delivery", {"signed_by": "李四"})
    no_photo = api_client(chain.logistics).get(f"{SHIPMENTS}{shipment.pk}/proof-of-delivery/photo")

    assert not_picked.status_code == 422 and fields(not_picked) == {"__all__"}
    assert unsigned.status_code == 422 and fields(unsigned) == {"signed_by"}
    assert bad_file.status_code == 422 and fields(bad_file) == {"photo"}
    assert foreign.status_code == 404
    assert no_photo.status_code == 404
    shipment.refresh_from_db()
    theirs.refresh_from_db()
    assert shipment.status == ShipmentStatus.PICKED_UP and shipment.pod_signed_by == ""
    assert theirs.pod_signed_by == ""


def test_the_list_filters_by_status_and_order(chain: Chain, api_client: Any) -> None:
    first = booked(chain, tracking="A1")
    second = booked(chain, tracking="A2")
    services.record_tracking_event(
        second, actor=chain.logistics, kind="picked_up", occurred_at=timezone.now() - timedelta(hours=1)
    )
    client = api_client(chain.manager)

    assert [s["id"] for s in client.get(SHIPMENTS, status="picked_up").json()["items"]] == [second.pk]
    assert [s["id"] for s in client.get(SHIPMENTS, sales_order=first.sales_order_id).json()["items"]] == [
        first.pk
    ]
    assert [s["id"] for s in client.get(SHIPMENTS, q="A1").json()["items"]] == [first.pk]
    assert client.get(SHIPMENTS, status="lost").status_code == 422
    assert second.lines.get().quantity == Decimal(10)
