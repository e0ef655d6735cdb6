"""Purchase-order, work-order and shipment pages: lists with filters and empty states, detail
pages, and their htmx actions with refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.fulfilment import services
from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus, WorkOrderStatus
from catena.fulfilment.models import PurchaseOrder, Shipment, WorkOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order, user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def sent_po(chain: Chain) -> PurchaseOrder:
    (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)
    return po


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# --- lists and empty states ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["po_list", "wo_list", "shipment_list", "template_list"])
def test_empty_lists_explain_where_rows_come_from(chain: Chain, name: str) -> None:
    response = signed_in(user(Role.READ_ONLY)).get(reverse(f"fulfilment:{name}"))

    assert response.status_code == 200
    assert "empty-state" in response.content.decode() or name == "template_list"


@pytest.mark.parametrize("name", ["po_list", "wo_list", "shipment_list", "template_list"])
def test_portal_users_are_refused_the_staff_lists(chain: Chain, name: str) -> None:
    assert signed_in(portal_user(chain.supplier)).get(reverse(f"fulfilment:{name}")).status_code == 403


def test_lists_filter_their_rows(chain: Chain) -> None:
    po = sent_po(chain)
    other = services.create_purchase_order(
        chain.other_supplier, actor=chain.purchasing, lines=[services.POLineInput(product=chain.part_b, quantity=1)],
        needed_by=timezone.localdate() - timedelta(days=2), send=True,
    )  # fmt: skip
    order = stock_order(chain)
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF42"
    )
    (wo,) = services.plan_production(made_order(chain), actor=chain.production)
    client = signed_in(chain.manager)

    overdue = client.get(reverse("fulfilment:po_list"), {"overdue": "on"})
    by_status = client.get(reverse("fulfilment:po_list"), {"status": "sent"}, headers=HTMX)
    planned = client.get(reverse("fulfilment:wo_list"), {"status": "planned"})
    by_tracking = client.get(reverse("fulfilment:shipment_list"), {"q": "SF42"})
    none_delivered = client.get(reverse("fulfilment:shipment_list"), {"status": "delivered"})

    assert [p.pk for p in overdue.context["page_obj"]] == [other.pk]
    assert {p.pk for p in by_status.context["page_obj"]} == {
        po.pk,
        other.pk,
    } and "<html" not in by_status.content.decode()
    assert [w.pk for w in planned.context["page_obj"]] == [wo.pk]
    assert [s.pk for s in by_tracking.context["page_obj"]] == [shipment.pk]
    assert "No shipment matches these filters" in none_delivered.content.decode()


# --- purchase orders -------------------------------------------------------------------------------------


def test_the_buyer_records_answers_and_the_promise_history_shows_them(chain: Chain) -> None:
    po = sent_po(chain)
    client = signed_in(chain.purchasing)
    answer = reverse("fulfilment:po_answer", args=[po.pk])

    missing_date = client.post(answer, {"answer": "propose", "version": "2"}, headers=HTMX)
    confirmed = client.post(
        answer, {"answer": "confirm", "promised_date": in_days(5), "version": "2"}, headers=HTMX
    )
    moved = client.post(
        answer,
        {"answer": "propose", "promised_date": in_days(8), "note": "设备故障", "version": "3"},
        headers=HTMX,
    )
    accepted = client.post(reverse("fulfilment:po_accept", args=[po.pk]), {"version": "4"}, headers=HTMX)

    assert missing_date.context["answer_form"].errors["promised_date"]
    assert 'data-testid="outcome-ok"' in confirmed.content.decode()
    body = moved.content.decode()
    assert "设备故障" in body and "broken" in body
    assert "The proposed date is accepted." in accepted.content.decode()
    po.refresh_from_db()
    assert po.status == PurchaseOrderStatus.CONFIRMED and po.promised_date.isoformat() == in_days(8)


def test_receiving_in_parts_and_cancelling(chain: Chain) -> None:
    po = sent_po(chain)
    services.answer_purchase_order(po, actor=chain.purchasing, answer="confirm")
    line = po.lines.order_by("line_no").first()
    client = signed_in(chain.purchasing)
    receive = reverse("fulfilment:po_receive", args=[po.pk])

    nonsense = client.post(receive, {f"line_{line.pk}": "lots"}, headers=HTMX)
    too_many = client.post(receive, {f"line_{line.pk}": "999"}, headers=HTMX)
    partly = client.post(receive, {f"line_{line.pk}": "1"}, headers=HTMX)
    cancel_refused = client.post(
        reverse("fulfilment:po_cancel", args=[po.pk]), {"reason": "", "version": "4"}, headers=HTMX
    )

    assert "Enter numbers as quantities." in nonsense.content.decode()
    assert "Between 0 and the open quantity." in too_many.content.decode()
    assert "Goods received." in partly.content.decode()
    assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.PARTIALLY_RECEIVED
    assert "Say why." in cancel_refused.content.decode()


def test_a_stale_purchase_order_action_is_explained(chain: Chain) -> None:
    po = sent_po(chain)

    response = signed_in(chain.purchasing).post(
        reverse("fulfilment:po_cancel", args=[po.pk]), {"reason": "重复下单", "version": "1"}, headers=HTMX
    )

    assert "Someone else changed this record" in response.content.decode()
    assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.SENT


def test_people_who_may_only_read_purchase_orders_get_no_buttons_and_403(chain: Chain) -> None:
    po = sent_po(chain)
    client = signed_in(chain.sales)

    page = client.get(reverse("fulfilment:po_detail", args=[po.pk])).content.decode()

    assert po.number in page and "Record the supplier" not in page and "Cancel purchase order" not in page
    assert client.post(reverse("fulfilment:po_cancel", args=[po.pk]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("fulfilment:po_send", args=[po.pk])).status_code == 403
    assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.SENT


# --- work orders -------------------------------------------------------------------------------------------


def test_work_order_status_buttons_follow_the_transitions(chain: Chain) -> None:
    order = made_order(chain)
    (wo,) = services.plan_production(order, actor=chain.production)
    client = signed_in(chain.production)
    status = reverse("fulfilment:wo_status", args=[wo.pk])

    page = client.get(reverse("fulfilment:wo_detail", args=[wo.pk])).content.decode()
    started = client.post(status, {"status": "in_progress", "version": "1"}, headers=HTMX)
    stale = client.post(status, {"status": "done", "version": "1"}, headers=HTMX)
    done = client.post(status, {"status": "done", "version": "2"}, headers=HTMX)

    assert 'data-testid="wo-released"' in page and 'data-testid="wo-done"' not in page
    assert 'data-testid="wo-done"' in started.content.decode()
    assert "Someone else changed this record" in stale.content.decode()
    assert "This work order is closed." in done.content.decode()
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrderStatus.DONE
    assert signed_in(chain.sales).post(status, {"status": "cancelled"}).status_code == 403


# --- shipments ---------------------------------------------------------------------------------------------


def test_the_shipment_page_records_events(chain: Chain) -> None:
    order = stock_order(chain)
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF88"
    )
    client = signed_in(chain.logistics)
    event = reverse("fulfilment:shipment_event", args=[shipment.pk])

    page = client.get(reverse("fulfilment:shipment_detail", args=[shipment.pk])).content.decode()
    future = client.post(event, {"kind": "picked_up", "occurred_at": "2199-01-01T08:00"}, headers=HTMX)
    picked = client.post(event, {"kind": "picked_up", "location": "嘉兴"}, headers=HTMX)
    plain = client.post(event, {"kind": "in_transit", "location": "杭州"})

    assert "SF88" in page and "No tracking events yet." in page and "Record event" in page
    assert "cannot be in the future" in future.content.decode()
    assert "嘉兴" in picked.content.decode() and "<html" not in picked.content.decode()
    assert plain.status_code == 302 and plain["Location"] == reverse(
        "fulfilment:shipment_detail", args=[shipment.pk]
    )
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.IN_TRANSIT


def test_the_photo_is_only_for_those_who_see_the_shipment(chain: Chain, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    order = stock_order(chain)
    shipment = services.create_shipment(order, actor=chain.logistics, carrier=chain.carrier)
    services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    services.record_proof_of_delivery(
        shipment,
        actor=chain.logistics,
        signed_by="赵六",
        photo=SimpleUploadedFile("p.png", b"\x89PNG....", content_type="image/png"),
    )
    photo = reverse("fulfilment:shipment_pod_photo", args=[shipment.pk])

    response = signed_in(user(Role.READ_ONLY)).get(photo)

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert signed_in(portal_user(chain.other_carrier)).get(photo).status_code == 403
    assert (
        signed_in(chain.sales).get(reverse("fulfilment:shipment_pod_photo", args=[999999])).status_code == 404
    )
