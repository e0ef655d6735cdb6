"""An order made from a quote, moved as a new user would: the stages that stand for facts
(shipped, delivered, invoiced) complete only with the facts, or with a manager's recorded
override; every status change goes through sales and is announced; the customer portal never
says an order was delivered or is complete when it was not (ADR 0009)."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.comms.models import Interaction
from catena.core import access
from catena.core.models import Event
from catena.fulfilment import services
from catena.fulfilment.choices import StageState, TrackingEventKind
from catena.fulfilment.models import FlowStep, OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, user
from catena.sales.choices import OrderStatus, QuoteStatus
from catena.sales.models import OrderInvoice, Quote, SalesOrder
from catena.sales.services import quotes

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
COMPLETE = "Your order is complete."
DELIVERED = "Your order has been delivered."
CLOSED = "Your order is closed."


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def sent_quote(chain: Chain, quantity: int = 4) -> Quote:
    quote = quotes.create_quote(
        chain.customer,
        actor=chain.manager,
        lines=[quotes.QuoteLineInput(product=chain.widget, quantity=quantity)],
        owner=chain.sales,  # the order takes the quote's owner
    )
    return quotes.send_quote(quote, actor=chain.manager)


def order_from_quote_page(chain: Chain) -> SalesOrder:
    """Accept the quote with the button on the quote's page, as a new user does."""
    quote = sent_quote(chain)
    response = signed_in(chain.manager).post(
        reverse("quote_accept", args=[quote.pk]), {"order_type": "make_to_stock"}
    )
    quote.refresh_from_db()
    assert response.status_code == 302 and quote.status == QuoteStatus.ACCEPTED
    assert quote.order is not None
    return quote.order


def press(client: Client, order: SalesOrder, to: str, **extra: str) -> Any:
    """Press a stage button on the order page (htmx), with the version the page carries."""
    version = SalesOrder.objects.get(pk=order.pk).version
    return client.post(
        reverse("fulfilment:order_move", args=[order.pk]),
        {"to": to, "version": str(version), "note": "", **extra},
        headers=HTMX,
    )


def to_shipping(chain: Chain, order: SalesOrder) -> None:
    """The manual stages up to shipping, each moved by its department."""
    for to, who in (
        ("confirmed", chain.sales),
        ("allocated", chain.sales),
        ("picked", chain.logistics),
        ("shipped", chain.logistics),
    ):
        services.move_stage(order, to=to, actor=who)


def stage(order: SalesOrder, code: str) -> OrderStage:
    return OrderStage.objects.select_related("overridden_by").get(order=order, code=code)


def portal_says(chain: Chain, order: SalesOrder) -> str:
    customer = portal_user(chain.customer, Role.PORTAL_CUSTOMER)
    detail = signed_in(customer).get(reverse("portal:order_detail", args=[order.pk]))
    assert detail.status_code == 200
    return str(detail.context["progress"].label)


def statuses_announced(order: SalesOrder) -> list[tuple[str, str]]:
    return [
        (e.payload["from"], e.payload["to"])
        for e in Event.objects.filter(name="order.status_changed", subject_id=str(order.pk)).order_by("id")
    ]


# --- the new user's walk through the stage buttons ------------------------------------------------


def test_the_stage_buttons_refuse_to_ship_deliver_invoice_or_close_without_the_facts(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    assert order.stages.exists() and order.ship_to is None
    to_shipping(chain, order)
    logistics = signed_in(chain.logistics)

    refused = press(logistics, order, "delivered")

    body = refused.content.decode()
    assert refused.status_code == 200 and 'data-testid="outcome-error"' in body
    assert "Every line is shipped (picked up by the carrier)" in body  # names the missing fact
    assert SalesOrder.objects.get(pk=order.pk).stage == "shipped"
    assert 'data-testid="missing-fact"' in body and 'data-testid="move-override"' not in body

    # a stage clerk cannot talk past the fact, not even with a reason
    assert press(logistics, order, "delivered", override="客户催货").status_code == 403
    assert SalesOrder.objects.get(pk=order.pk).stage == "shipped"
    assert stage(order, "shipped").override_reason == ""
    assert portal_says(chain, order) != DELIVERED


def test_a_manager_overrides_with_a_reason_kept_on_the_stage_the_event_and_the_timeline(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    to_shipping(chain, order)
    manager = signed_in(chain.manager)
    page = manager.get(reverse("fulfilment:order_detail", args=[order.pk])).content.decode()
    assert 'data-testid="move-override"' in page  # a manager is offered the override

    moved = press(manager, order, "delivered", override="客户自提，无承运商单据")

    assert moved.status_code == 200 and 'data-testid="outcome-ok"' in moved.content.decode()
    shipped = stage(order, "shipped")
    assert shipped.state == StageState.DONE and shipped.override_reason == "客户自提，无承运商单据"
    assert shipped.overridden_by == chain.manager and shipped.overridden_at is not None
    event = Event.objects.filter(name="order.stage_changed", subject_id=str(order.pk)).latest("id")
    assert event.payload["override"] == "客户自提，无承运商单据"
    assert event.payload["overridden_facts"] == ["shipped"]
    page = manager.get(reverse("fulfilment:order_detail", args=[order.pk])).content.decode()
    assert 'data-testid="overrides"' in page and 'data-testid="stage-override"' in page
    assert "客户自提，无承运商单据" in page
    services.flow.note_stage_change(event)  # what the outbox does after the commit
    note = Interaction.objects.filter(party=chain.customer, subject__contains="Shipped → Delivered").get()
    assert "客户自提，无承运商单据" in note.body
    # the customer is not told the goods are on their way or delivered
    assert portal_says(chain, order) == "Your goods are being packed."


def test_an_order_closed_on_overrides_reads_closed_on_the_portal_never_complete(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    to_shipping(chain, order)
    manager = signed_in(chain.manager)

    for to in ("delivered", "invoiced"):
        assert press(manager, order, to).content.decode().count('data-testid="outcome-error"') == 1
        assert press(manager, order, to, override="月底结账，系统外已处理").status_code == 200
    refused = press(manager, order, "closed")
    assert "Invoices cover the order" in refused.content.decode()
    assert press(manager, order, "closed", override="发票线下开具").status_code == 200

    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert statuses_announced(order) == [("open", "closed")]
    said = portal_says(chain, order)
    assert said == CLOSED and said not in (COMPLETE, DELIVERED)
    progress = signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER)).get(reverse("portal:order_list"))
    assert COMPLETE not in progress.content.decode() and DELIVERED not in progress.content.decode()
    staff_page = manager.get(reverse("fulfilment:order_detail", args=[order.pk])).content.decode()
    assert CLOSED in staff_page and COMPLETE not in staff_page


def test_with_the_facts_the_order_moves_on_by_itself_and_reads_complete(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    to_shipping(chain, order)
    line = order.lines.get()
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, lines=[(line, line.quantity)]
    )
    services.record_tracking_event(shipment, actor=chain.logistics, kind=TrackingEventKind.PICKED_UP)
    assert SalesOrder.objects.get(pk=order.pk).stage == "delivered"
    assert portal_says(chain, order) == "Your order is on its way."  # delivery not claimed in transit

    services.record_tracking_event(shipment, actor=chain.logistics, kind=TrackingEventKind.DELIVERED)
    assert SalesOrder.objects.get(pk=order.pk).stage == "invoiced"
    assert portal_says(chain, order) == DELIVERED

    response = signed_in(chain.sales).post(
        reverse("fulfilment:order_invoice", args=[order.pk]),
        {
            "number": "FP-2026-0001",
            "issued_on": timezone.localdate().isoformat(),
            "amount": str(order.total_gross),
        },
        headers=HTMX,
    )

    assert response.status_code == 200 and "FP-2026-0001" in response.content.decode()
    order.refresh_from_db()
    assert order.stage == "closed" and order.status == OrderStatus.CLOSED
    assert not OrderStage.objects.filter(order=order).exclude(override_reason="").exists()
    assert portal_says(chain, order) == COMPLETE
    assert Event.objects.filter(name="order.invoiced", subject_id=str(order.pk)).count() == 1


# --- the API ------------------------------------------------------------------------------------------


def test_through_the_api_the_missing_fact_is_422_the_clerks_override_403_the_managers_200(
    chain: Chain, api_client: Any
) -> None:
    quote = sent_quote(chain)
    accepted = api_client(chain.manager).post(
        f"/api/v1/quotes/{quote.pk}/accept", {"order_type": "make_to_stock"}
    )
    assert accepted.status_code == 201
    order = SalesOrder.objects.get(pk=accepted.json()["order_id"])
    assert order.stages.filter(state=StageState.ACTIVE, code="received").exists()  # its flow started
    to_shipping(chain, order)
    path = f"/api/v1/orders/{order.pk}/move"

    version = SalesOrder.objects.get(pk=order.pk).version
    refused = api_client(chain.logistics).post(path, {"to": "delivered", "version": version})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["to"]
    assert "Every line is shipped" in refused.json()["errors"][0]["message"]
    assert refused.json()["errors"][0]["code"] == "order.fact_missing"
    clerk = api_client(chain.logistics).post(path, {"to": "delivered", "version": version, "override": "急"})
    assert clerk.status_code == 403
    assert clerk.json()["code"] == "order.override_not_allowed"
    assert (
        api_client(chain.logistics)
        .post(path, {"to": "delivered", "version": version, "override": "x" * 301})
        .status_code
        == 422
    )

    moved = api_client(chain.manager).post(
        path, {"to": "delivered", "version": version, "override": "客户自提"}
    )

    assert moved.status_code == 200 and moved.json()["stage"] == "delivered"
    shipped = next(s for s in moved.json()["stages"] if s["code"] == "shipped")
    assert shipped["override_reason"] == "客户自提" and shipped["overridden_by"]["id"] == chain.manager.pk
    # the customer reading the same order through the API is not told it was delivered
    customer_view = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER)).get(
        f"/api/v1/orders/{order.pk}"
    )
    assert customer_view.status_code == 200
    assert customer_view.json()["customer_status"] == "Your goods are being packed."
    assert all(s["override_reason"] == "" for s in customer_view.json()["stages"])


def test_an_invoice_through_the_api_completes_invoicing_and_closes_the_order(
    chain: Chain, api_client: Any
) -> None:
    order = order_from_quote_page(chain)
    to_shipping(chain, order)
    for to in ("delivered", "invoiced"):
        services.move_stage(order, to=to, actor=chain.manager, override="线下交付")
    path = f"/api/v1/orders/{order.pk}/invoices"
    today = timezone.localdate()
    client = api_client(chain.sales)

    bad = client.post(path, {"number": "", "issued_on": "2026-13-01", "amount": "-1"})
    assert bad.status_code == 422 and {"number", "issued_on", "amount"} <= {
        e["field"] for e in bad.json()["errors"]
    }
    future = client.post(
        path, {"number": "FP-1", "issued_on": (today + timedelta(days=2)).isoformat(), "amount": "1"}
    )
    assert future.status_code == 422 and [e["field"] for e in future.json()["errors"]] == ["issued_on"]
    too_much = client.post(
        path, {"number": "FP-1", "issued_on": today.isoformat(), "amount": str(order.total_gross + 1)}
    )
    assert too_much.status_code == 422 and [e["field"] for e in too_much.json()["errors"]] == ["amount"]

    part = client.post(path, {"number": "FP-1", "issued_on": today.isoformat(), "amount": "100.00"})
    assert part.status_code == 201 and part.json()["order"]["stage"] == "invoiced"  # not covered yet
    again = client.post(path, {"number": "FP-1", "issued_on": today.isoformat(), "amount": "1.00"})
    assert again.status_code == 422 and [e["field"] for e in again.json()["errors"]] == ["number"]
    rest = client.post(
        path, {"number": "FP-2", "issued_on": today.isoformat(), "amount": str(order.total_gross - 100)}
    )

    assert rest.status_code == 201
    assert rest.json()["order"]["status"] == "closed" and rest.json()["order"]["stage"] == "closed"
    assert OrderInvoice.objects.filter(order=order).count() == 2


def test_another_customers_order_is_404_to_a_portal_user_for_moves_and_invoices(
    chain: Chain, api_client: Any
) -> None:
    order = order_from_quote_page(chain)
    stranger = api_client(portal_user(chain.other_customer, Role.PORTAL_CUSTOMER))

    move = stranger.post(
        f"/api/v1/orders/{order.pk}/move", {"to": "confirmed", "version": 1, "override": "x"}
    )
    invoice = stranger.post(
        f"/api/v1/orders/{order.pk}/invoices",
        {"number": "FP-9", "issued_on": timezone.localdate().isoformat(), "amount": "1"},
    )
    own = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER)).post(
        f"/api/v1/orders/{order.pk}/invoices",
        {"number": "FP-9", "issued_on": timezone.localdate().isoformat(), "amount": "1"},
    )

    assert move.status_code == 404 and invoice.status_code == 404
    assert own.status_code == 403  # the customer sees its order but does not invoice it
    assert not OrderInvoice.objects.exists()
    assert (
        signed_in(portal_user(chain.other_customer, Role.PORTAL_CUSTOMER))
        .get(reverse("portal:order_detail", args=[order.pk]))
        .status_code
        == 404
    )


# --- statuses --------------------------------------------------------------------------------------


def test_a_back_ordered_order_cannot_close(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    to_shipping(chain, order)
    for to in ("delivered", "invoiced"):
        services.move_stage(order, to=to, actor=chain.manager, override="线下交付")
    services.set_status(order, status=OrderStatus.BACK_ORDERED, actor=chain.manager, reason="缺货")

    with pytest.raises(ValidationError) as error:
        services.move_stage(order, to="closed", actor=chain.manager, override="结单")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.set_status(order, status=OrderStatus.CLOSED, actor=chain.manager)
    # the invoice is recorded, but a back-ordered order does not close by itself either
    services.record_invoice(
        order, actor=chain.sales, number="FP-3", issued_on=timezone.localdate(), amount=order.total_gross
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.BACK_ORDERED and order.stage == "invoiced"


def test_every_status_change_is_announced_by_sales(chain: Chain) -> None:
    order = order_from_quote_page(chain)
    services.set_status(order, status=OrderStatus.ON_HOLD, actor=chain.manager, reason="信用额度")
    services.set_status(order, status=OrderStatus.OPEN, actor=chain.manager)
    to_shipping(chain, order)
    line = order.lines.get()
    shipment = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, lines=[(line, 1)]
    )
    services.record_tracking_event(shipment, actor=chain.logistics, kind=TrackingEventKind.PICKED_UP)
    rest = services.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, lines=[(line, line.quantity - 1)]
    )
    services.record_tracking_event(rest, actor=chain.logistics, kind=TrackingEventKind.PICKED_UP)
    for sent in (shipment, rest):
        services.record_tracking_event(sent, actor=chain.logistics, kind=TrackingEventKind.DELIVERED)
    services.record_invoice(
        order, actor=chain.sales, number="FP-4", issued_on=timezone.localdate(), amount=order.total_gross
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert statuses_announced(order) == [
        ("open", "on_hold"),
        ("on_hold", "open"),
        ("open", "partially_shipped"),
        ("partially_shipped", "open"),
        ("open", "closed"),
    ]
    assert portal_says(chain, order) == COMPLETE


def test_a_non_manager_cannot_change_a_status_sales_refuses_first(chain: Chain) -> None:
    order = order_from_quote_page(chain)

    with pytest.raises(access.PermissionDenied):
        services.set_status(order, status=OrderStatus.ON_HOLD, actor=user(Role.READ_ONLY), reason="x")
    assert SalesOrder.objects.get(pk=order.pk).status == OrderStatus.OPEN
    assert statuses_announced(order) == []


def test_the_standard_flows_invoice_by_a_recorded_invoice() -> None:
    assert set(FlowStep.objects.filter(code="invoiced").values_list("trigger", flat=True)) == {"invoiced"}


# --- fulfilment never writes the order ----------------------------------------------------------------

ORDER_FIELDS = {"status", "status_reason", "stage", "stage_entered_at", "version"}
ORDER_NAMES = {"order", "sales_order"}


def test_fulfilment_never_assigns_or_updates_sales_order_fields() -> None:
    root = Path(__file__).resolve().parents[1] / "services"  # where fulfilment writes
    offences = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                [t for t in node.targets for t in (t.elts if isinstance(t, ast.Tuple) else [t])]
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Attribute) and (
                    target.attr == "shipped_quantity"
                    or (
                        target.attr in ORDER_FIELDS
                        and isinstance(target.value, ast.Name)
                        and target.value.id in ORDER_NAMES
                    )
                ):
                    offences.append(f"{path.name}:{node.lineno} {target.value.id}.{target.attr}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("update", "bulk_update", "save") and any(
                    isinstance(n, ast.Name) and n.id in ("SalesOrder", "SalesOrderLine")
                    for n in ast.walk(node.func.value)
                ):
                    offences.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}")
                if (
                    node.func.attr == "save"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ORDER_NAMES
                ):
                    offences.append(f"{path.name}:{node.lineno} {node.func.value.id}.save")
    assert offences == []
