"""The order 360 page: what it shows for each role and for an order with nothing behind it yet,
its query budget, and its htmx actions (move, stale version, status, note, production,
purchasing, shipment, tracking event, proof of delivery)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.comms.models import Interaction
from catena.fulfilment import services
from catena.fulfilment.choices import ShipmentStatus, StageState
from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment, WorkOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order, user
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def url(name: str, order: SalesOrder) -> str:
    return reverse(f"fulfilment:{name}", args=[order.pk])


# --- what the page shows ------------------------------------------------------------------------------


def test_a_new_order_shows_its_stages_and_a_useful_empty_state(chain: Chain) -> None:
    order = stock_order(chain)

    response = signed_in(chain.sales).get(url("order_detail", order))

    assert response.status_code == 200
    body = response.content.decode()
    assert order.number in body and chain.customer.name in body
    assert "We have received your order." in body  # the customer-facing words
    assert "data-stage-gantt" in body and "stage-gantt-data" in body
    assert body.count('aria-current="step"') == 1
    assert (
        "No purchase orders for this order." in body and "Nothing has been booked with a carrier yet." in body
    )
    assert 'data-testid="move-confirmed"' in body  # sales owns "received"


@pytest.mark.parametrize(
    ("role", "may_move", "may_hold"),
    [
        (Role.MANAGER, True, True),
        (Role.LOGISTICS, False, True),
        (Role.READ_ONLY, False, False),
        (Role.SERVICE, False, False),
    ],
)
def test_each_role_sees_only_the_actions_it_may_take(
    chain: Chain, role: str, may_move: bool, may_hold: bool
) -> None:
    order = stock_order(chain)

    body = signed_in(user(role)).get(url("order_detail", order)).content.decode()

    assert ('data-testid="move-confirmed"' in body) is may_move
    assert ("Hold, release or cancel" in body) is may_hold
    assert order.number in body


def test_portal_users_and_strangers_do_not_get_the_page(chain: Chain) -> None:
    order = stock_order(chain)

    assert (
        signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER))
        .get(url("order_detail", order))
        .status_code
        == 403
    )
    assert signed_in(chain.sales).get(reverse("fulfilment:order_detail", args=[999999])).status_code == 404


def test_the_whole_chain_appears_on_one_page(chain: Chain) -> None:
    order = made_order(chain)
    order = services.move_stage(order, to="confirmed", actor=chain.sales)
    services.move_stage(order, to="production_planned", actor=chain.sales)
    services.plan_production(order, actor=chain.production)
    (po,) = services.purchase_materials(order, actor=chain.purchasing)
    services.answer_purchase_order(
        po, actor=chain.purchasing, answer="confirm", promised_date=timezone.localdate() + timedelta(days=3)
    )
    services.answer_purchase_order(
        po,
        actor=chain.purchasing,
        answer="propose",
        promised_date=timezone.localdate() + timedelta(days=9),
        note="缺料",
    )
    OrderStage.objects.filter(order=order, code="received").update(
        started_at=timezone.now() - timedelta(hours=30), completed_at=timezone.now() - timedelta(hours=2)
    )

    body = signed_in(chain.manager).get(url("order_detail", order)).content.decode()

    assert po.number in body and chain.supplier.name in body and "broken before" in body
    assert WorkOrder.objects.get(sales_order=order).number in body
    assert 'data-testid="holdup"' in body and "Received" in body
    assert "Production planned" in body and "Purchasing" in body


def test_the_page_reads_a_bounded_number_of_queries(chain: Chain, django_assert_max_num_queries: Any) -> None:
    def order_with(shipments: int) -> SalesOrder:
        order = stock_order(chain, quantity=20)
        line = order.lines.get()
        for part in range(shipments):
            shipment = services.create_shipment(
                order,
                actor=chain.logistics,
                carrier=chain.carrier,
                lines=[(line, Decimal(2))],
                tracking_number=f"T{order.pk}-{part}",
            )
            services.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
            services.record_tracking_event(
                shipment, actor=chain.logistics, kind="in_transit", location="无锡"
            )
        return order

    small, busy = order_with(1), order_with(5)
    client = signed_in(chain.manager)
    client.get(url("order_detail", small))  # warm the content-type cache, as a running server has

    # 21: the order's returns and refunds are one query (the service desk's panel)
    with django_assert_max_num_queries(21) as small_queries:
        client.get(url("order_detail", small))
    with django_assert_max_num_queries(21) as busy_queries:
        response = client.get(url("order_detail", busy))

    assert response.status_code == 200 and response.content.decode().count('class="shipment-card"') == 5
    assert len(busy_queries.captured_queries) == len(small_queries.captured_queries)  # no query per row


# --- moving ------------------------------------------------------------------------------------------


def test_moving_with_htmx_answers_with_the_new_state(chain: Chain) -> None:
    order = stock_order(chain)

    response = signed_in(chain.sales).post(
        url("order_move", order), {"to": "confirmed", "version": "1", "note": "付款已确认"}, headers=HTMX
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="outcome-ok"' in body and "<html" not in body
    assert "Your order is confirmed." in body
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"
    assert OrderStage.objects.get(order=order, code="received").note == "付款已确认"


def test_a_stale_move_says_someone_else_moved_it_and_shows_the_new_state(chain: Chain) -> None:
    order = stock_order(chain)
    services.move_stage(order, to="confirmed", actor=chain.sales)

    response = signed_in(chain.manager).post(
        url("order_move", order), {"to": "confirmed", "version": "1"}, headers=HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in body and 'data-testid="outcome-error"' in body
    assert 'value="2"' in body  # the forms carry the new version
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"


def test_without_htmx_a_move_redirects_with_a_message(chain: Chain) -> None:
    order = stock_order(chain)
    client = signed_in(chain.sales)

    response = client.post(url("order_move", order), {"to": "shipped", "version": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == url("order_detail", order)
    assert "Cannot move from" in response.content.decode()
    assert SalesOrder.objects.get(pk=order.pk).stage == "received"


def test_another_departments_stage_is_403_and_nothing_moves(chain: Chain) -> None:
    order = stock_order(chain)

    response = signed_in(chain.logistics).post(
        url("order_move", order), {"to": "confirmed", "version": "1"}, headers=HTMX
    )

    assert response.status_code == 403
    assert SalesOrder.objects.get(pk=order.pk).version == 1


# --- status, notes, production, purchasing --------------------------------------------------------------


def test_holding_needs_a_reason_shown_on_the_field(chain: Chain) -> None:
    order = stock_order(chain)
    client = signed_in(chain.sales)

    refused = client.post(
        url("order_status", order), {"status": "on_hold", "reason": "", "version": "1"}, headers=HTMX
    )
    held = client.post(
        url("order_status", order),
        {"status": "on_hold", "reason": "等待客户付款", "version": "1"},
        headers=HTMX,
    )

    assert "Say why." in refused.content.decode() and refused.context["status_form"].errors["reason"]
    assert SalesOrder.objects.get(pk=order.pk).status == "on_hold"
    body = held.content.decode()
    assert "等待客户付款" in body and "Your order is on hold" in body
    assert 'data-testid="move-confirmed"' not in body  # a held order does not move


def test_read_only_users_cannot_change_the_status(chain: Chain) -> None:
    order = stock_order(chain)

    response = signed_in(user(Role.READ_ONLY)).post(
        url("order_status", order), {"status": "cancelled", "reason": "x", "version": "1"}
    )

    assert response.status_code == 403
    assert SalesOrder.objects.get(pk=order.pk).status == "open"


def test_a_note_joins_the_conversation_about_the_order(chain: Chain) -> None:
    order = stock_order(chain)
    client = signed_in(chain.sales)

    empty = client.post(url("order_note", order), {"subject": ""}, headers=HTMX)
    noted = client.post(
        url("order_note", order), {"subject": "客户来电催货", "body": "希望周五前到"}, headers=HTMX
    )

    assert "Write the note first." in empty.content.decode()
    assert "客户来电催货" in noted.content.decode()
    note = Interaction.objects.get(subject="客户来电催货")
    assert note.related == order and note.party == chain.customer and note.author == chain.sales
    assert signed_in(user(Role.READ_ONLY)).post(url("order_note", order), {"subject": "x"}).status_code == 403


def test_planning_and_purchasing_from_the_page(chain: Chain) -> None:
    order = made_order(chain)
    client = signed_in(chain.purchasing)

    planned = client.post(url("order_plan", order), headers=HTMX)
    bought = client.post(url("order_purchase", order), headers=HTMX)
    again = client.post(url("order_purchase", order), headers=HTMX)

    assert "1 work order(s) planned." in planned.content.decode()
    assert WorkOrder.objects.filter(sales_order=order).count() == 1
    assert PurchaseOrder.objects.get(sales_order=order).number in bought.content.decode()
    assert "already been ordered" in again.content.decode()
    assert signed_in(chain.sales).post(url("order_plan", made_order(chain))).status_code == 403


# --- shipments ---------------------------------------------------------------------------------------------


def test_booking_a_shipment_for_some_quantities(chain: Chain) -> None:
    order = stock_order(chain, quantity=10)
    line = order.lines.get()
    client = signed_in(chain.logistics)

    page = client.get(url("order_detail", order)).content.decode()
    too_many = client.post(
        url("order_ship", order), {"carrier": str(chain.carrier.pk), f"line_{line.pk}": "11"}, headers=HTMX
    )
    not_a_carrier = client.post(
        url("order_ship", order), {"carrier": str(chain.supplier.pk), f"line_{line.pk}": "1"}, headers=HTMX
    )
    booked = client.post(
        url("order_ship", order),
        {"carrier": str(chain.carrier.pk), f"line_{line.pk}": "4", "tracking_number": "SF9"},
        headers=HTMX,
    )

    assert (
        "Book a shipment" in page
        and chain.carrier.name in page
        and chain.supplier.name not in page.split("Book a shipment")[1]
    )
    assert too_many.context["ship_form"].errors and not Shipment.objects.filter(tracking_number="").exists()
    assert not_a_carrier.context["ship_form"].errors
    assert "SF9" in booked.content.decode()
    assert Shipment.objects.get().lines.get().quantity == 4


def test_tracking_events_and_proof_of_delivery_from_the_order_page(chain: Chain) -> None:
    order = stock_order(chain)
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF5"
    )
    client = signed_in(chain.logistics)
    event_url = reverse("fulfilment:shipment_event", args=[shipment.pk])
    pod_url = reverse("fulfilment:shipment_pod", args=[shipment.pk])

    refused = client.post(event_url, {"kind": "exception", "from": "order", "version": "1"}, headers=HTMX)
    picked = client.post(
        event_url, {"kind": "picked_up", "location": "上海仓", "from": "order", "version": "1"}, headers=HTMX
    )
    photo = SimpleUploadedFile("pod.jpg", b"\xff\xd8\xff" + b"0" * 20, content_type="image/jpeg")
    delivered = client.post(pod_url, {"signed_by": "王五", "photo": photo, "from": "order"}, headers=HTMX)

    assert "Say what went wrong." in refused.content.decode()
    assert "上海仓" in picked.content.decode()
    body = delivered.content.decode()
    assert "Signed by 王五" in body and reverse("fulfilment:shipment_pod_photo", args=[shipment.pk]) in body
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED and shipment.pod_photo
    assert signed_in(chain.sales).post(event_url, {"kind": "in_transit"}).status_code == 403


def test_a_late_stage_is_marked_on_the_page(chain: Chain) -> None:
    order = stock_order(chain)
    OrderStage.objects.filter(order=order, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(hours=4)
    )

    body = signed_in(chain.manager).get(url("order_detail", order)).content.decode()

    assert 'data-testid="late"' in body and "is-late" in body


def test_the_active_stage_is_given_to_a_person_or_back_to_the_queue(chain: Chain) -> None:
    order = services.move_stage(stock_order(chain), to="confirmed", actor=chain.sales)
    order = services.move_stage(order, to="allocated", actor=chain.sales)
    assign = url("order_assign", order)
    manager = signed_in(chain.manager)

    page = manager.get(url("order_detail", order)).content.decode()
    given = manager.post(assign, {"stage": "allocated", "owner": str(chain.logistics.pk)}, headers=HTMX)
    wrong_department = manager.post(
        assign, {"stage": "allocated", "owner": str(chain.sales.pk)}, headers=HTMX
    )
    queued = signed_in(chain.logistics).post(assign, {"stage": "allocated", "owner": ""}, headers=HTMX)

    assert "Nobody yet: in the Logistics queue." in page
    assert (
        chain.logistics.display_name in given.content.decode()
        and 'data-testid="outcome-ok"' in given.content.decode()
    )
    assert "not in the department" in wrong_department.content.decode()
    assert "back in its department" in queued.content.decode()
    assert OrderStage.objects.get(order=order, code="allocated").owner is None
    assert (
        signed_in(chain.sales).post(assign, {"stage": "allocated", "owner": str(chain.sales.pk)}).status_code
        == 403
    )
