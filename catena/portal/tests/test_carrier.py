"""A carrier on the portal: its own shipments only, their events and proof of delivery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.models import User
from catena.fulfilment import services as flow
from catena.fulfilment.choices import EventSource, ShipmentStatus
from catena.fulfilment.models import Shipment
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db
LIST = reverse("portal:shipment_list")
Login = Callable[[User], Client]
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def detail(shipment: Shipment) -> str:
    return reverse("portal:shipment_detail", args=[shipment.pk])


def event_url(shipment: Shipment) -> str:
    return reverse("portal:shipment_event", args=[shipment.pk])


def pod_url(shipment: Shipment) -> str:
    return reverse("portal:shipment_proof_of_delivery", args=[shipment.pk])


def photo_url(shipment: Shipment) -> str:
    return reverse("portal:shipment_pod", args=[shipment.pk])


def shown(response: Any) -> list[str]:
    return [s.number for s in response.context["page_obj"]]


def snapshot(shipment: Shipment) -> tuple[str, int, int, str, str]:
    shipment.refresh_from_db()
    return (
        shipment.status,
        shipment.version,
        shipment.events.count(),
        shipment.pod_signed_by,
        shipment.pod_photo.name or "",
    )


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("pod.png", PNG, content_type="image/png")


def picked_up(world: World, shipment: Shipment) -> Shipment:
    flow.record_tracking_event(shipment, actor=world.chain.logistics, kind="picked_up")
    shipment.refresh_from_db()
    return shipment


def test_carrier_sees_only_its_own_shipments(world: World, logged_in: Login) -> None:
    response = logged_in(world.carrier_user).get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    assert shown(response) == [world.shipment.number]
    assert "SF1001" in body and "YT2002" not in body
    assert response.context["page_obj"].paginator.count == 1


def test_search_by_another_carriers_tracking_number_or_id_finds_nothing(
    world: World, logged_in: Login
) -> None:
    client = logged_in(world.carrier_user)

    by_tracking = client.get(LIST, {"q": "YT2002", "state": "all"})
    by_number = client.get(LIST, {"q": world.other_shipment.number, "state": "all"})
    by_param = client.get(LIST, {"carrier": world.chain.other_carrier.pk, "state": "all"})
    own = client.get(LIST, {"q": "sf10"})

    assert shown(by_tracking) == [] and shown(by_number) == []
    assert shown(by_param) == [world.shipment.number]
    assert shown(own) == [world.shipment.number]


def test_open_and_delivered_filters(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)
    assert shown(client.get(LIST, {"state": "delivered"})) == []
    shipment = picked_up(world, world.shipment)
    flow.record_tracking_event(shipment, actor=world.chain.logistics, kind="delivered")

    assert shown(client.get(LIST, {"state": "open"})) == []
    assert shown(client.get(LIST, {"state": "delivered"})) == [world.shipment.number]
    assert shown(client.get(LIST, {"state": "bogus"})) == []  # unknown: open


def test_list_query_budget(world: World, logged_in: Login, django_assert_max_num_queries: Any) -> None:
    client = logged_in(world.carrier_user)
    client.get(LIST)
    with django_assert_max_num_queries(10):
        client.get(LIST)


def test_detail_shows_order_number_address_and_no_prices(world: World, logged_in: Login) -> None:
    response = logged_in(world.carrier_user).get(detail(world.shipment))

    body = response.content.decode()
    assert response.status_code == 200
    assert world.order.number in body
    assert world.chain.ship_to.city in body
    assert "W-100" in body  # what is in the shipment
    line = world.order.lines.get()
    for price in (str(line.unit_price), str(world.order.total_net), str(world.order.total_gross)):
        assert price not in body
    assert "内部备注" not in body  # the order's internal notes


def test_another_carriers_shipment_is_404(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)

    assert client.get(detail(world.other_shipment)).status_code == 404
    assert (
        logged_in(world.customer_user).get(detail(world.shipment)).status_code == 404
    )  # the customer: not here


def test_posting_an_event_moves_the_shipment(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)

    response = client.post(
        event_url(world.shipment),
        {"kind": "picked_up", "location": "宁波仓", "version": world.shipment.version},
    )

    world.shipment.refresh_from_db()
    assert response.status_code == 302
    assert world.shipment.status == ShipmentStatus.PICKED_UP
    event = world.shipment.events.get()
    assert event.source == EventSource.PORTAL and event.location == "宁波仓"
    assert event.recorded_by == world.carrier_user
    assert "宁波仓" in client.get(detail(world.shipment)).content.decode()


def test_event_errors_are_shown_on_their_fields(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)
    before = snapshot(world.shipment)
    version = world.shipment.version

    no_reason = client.post(event_url(world.shipment), {"kind": "exception", "version": version})
    too_early = client.post(event_url(world.shipment), {"kind": "delivered", "version": version})
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    in_future = client.post(
        event_url(world.shipment), {"kind": "picked_up", "occurred_at": future, "version": version}
    )
    bad_kind = client.post(event_url(world.shipment), {"kind": "teleported", "version": version})

    assert no_reason.status_code == 422 and "reason" in no_reason.context["event_form"].errors
    assert too_early.status_code == 422 and "kind" in too_early.context["event_form"].errors
    assert in_future.status_code == 422 and "occurred_at" in in_future.context["event_form"].errors
    assert bad_kind.status_code == 422 and "kind" in bad_kind.context["event_form"].errors
    assert snapshot(world.shipment) == before


def test_a_stale_version_is_refused_with_a_clear_message(world: World, logged_in: Login) -> None:
    seen = world.shipment.version
    picked_up(world, world.shipment)  # the warehouse recorded the pick-up meanwhile
    before = snapshot(world.shipment)

    response = logged_in(world.carrier_user).post(
        event_url(world.shipment), {"kind": "in_transit", "version": seen}
    )

    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert snapshot(world.shipment) == before


def test_posting_an_event_on_another_carriers_shipment_is_404_and_changes_nothing(
    world: World, logged_in: Login
) -> None:
    before = snapshot(world.other_shipment)

    response = logged_in(world.carrier_user).post(
        event_url(world.other_shipment),
        {"kind": "exception", "reason": "假事件", "version": world.other_shipment.version},
    )

    assert response.status_code == 404
    assert snapshot(world.other_shipment) == before


def test_another_shipment_in_the_payload_is_ignored(world: World, logged_in: Login) -> None:
    before = snapshot(world.other_shipment)

    response = logged_in(world.carrier_user).post(
        event_url(world.shipment),
        {"kind": "picked_up", "version": world.shipment.version, "shipment": world.other_shipment.pk},
    )

    world.shipment.refresh_from_db()
    assert response.status_code == 302 and world.shipment.status == ShipmentStatus.PICKED_UP
    assert snapshot(world.other_shipment) == before


def test_proof_of_delivery_with_a_photo_delivers_and_the_photo_is_served_through_the_portal(
    world: World, logged_in: Login
) -> None:
    shipment = picked_up(world, world.shipment)
    client = logged_in(world.carrier_user)

    response = client.post(pod_url(shipment), {"signed_by": "张三", "photo": photo()})

    shipment.refresh_from_db()
    assert response.status_code == 302
    assert shipment.status == ShipmentStatus.DELIVERED and shipment.pod_signed_by == "张三"
    page = client.get(detail(shipment)).content.decode()
    assert photo_url(shipment) in page and "/media/" not in page
    download = client.get(photo_url(shipment))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]


def test_proof_of_delivery_errors(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)
    not_yet = client.post(pod_url(world.shipment), {"signed_by": "张三"})
    shipment = picked_up(world, world.shipment)
    before = snapshot(shipment)

    nobody = client.post(pod_url(shipment), {"signed_by": ""})
    bad_file = client.post(
        pod_url(shipment),
        {
            "signed_by": "张三",
            "photo": SimpleUploadedFile("pod.exe", b"MZ", content_type="application/octet-stream"),
        },
    )

    assert not_yet.status_code == 422 and not_yet.context["pod_form"].non_field_errors()
    assert nobody.status_code == 422 and "signed_by" in nobody.context["pod_form"].errors
    assert bad_file.status_code == 422 and "photo" in bad_file.context["pod_form"].errors
    assert snapshot(shipment) == before


def test_proof_of_delivery_for_another_carriers_shipment_is_404_and_changes_nothing(
    world: World, logged_in: Login
) -> None:
    other = picked_up(world, world.other_shipment)
    before = snapshot(other)

    response = logged_in(world.carrier_user).post(pod_url(other), {"signed_by": "冒名", "photo": photo()})

    assert response.status_code == 404
    assert snapshot(other) == before


def test_the_photo_of_another_partys_shipment_is_404(world: World, logged_in: Login) -> None:
    other = picked_up(world, world.other_shipment)
    flow.record_proof_of_delivery(other, actor=world.chain.logistics, signed_by="李四", photo=photo())

    assert logged_in(world.carrier_user).get(photo_url(other)).status_code == 404
    assert logged_in(world.customer_user).get(photo_url(other)).status_code == 404
    assert logged_in(world.supplier_user).get(photo_url(other)).status_code == 404
    assert logged_in(world.other_carrier_user).get(photo_url(other)).status_code == 200
    assert logged_in(world.other_customer_user).get(photo_url(other)).status_code == 200


def test_a_shipment_without_a_photo_has_no_download(world: World, logged_in: Login) -> None:
    assert logged_in(world.carrier_user).get(photo_url(world.shipment)).status_code == 404


def test_the_event_form_offers_only_the_events_that_can_come_next(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)

    planned = client.get(detail(world.shipment)).context["event_form"]
    picked_up(world, world.shipment)
    moving = client.get(detail(world.shipment)).context["event_form"]

    assert {value for value, _label in planned.fields["kind"].choices} == {"picked_up", "exception"}
    assert "picked_up" not in {value for value, _label in moving.fields["kind"].choices}
    assert "delivered" in {value for value, _label in moving.fields["kind"].choices}
