"""The purchase-order and work-order API: buyers create, send, receive and cancel; suppliers
answer their own purchase orders and nobody else's; production plans and runs work orders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.fulfilment import services
from catena.fulfilment.choices import PurchaseOrderStatus, WorkOrderStatus
from catena.fulfilment.models import PurchaseOrder, SupplierPromise, WorkOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order, user
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
POS = "/api/v1/purchase-orders/"
WOS = "/api/v1/work-orders/"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def sent_po(chain: Chain) -> PurchaseOrder:
    (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)
    return po


def other_po(chain: Chain) -> PurchaseOrder:
    return services.create_purchase_order(
        chain.other_supplier,
        actor=chain.purchasing,
        lines=[services.POLineInput(product=chain.part_a, quantity=3)],
        needed_by=timezone.localdate() + timedelta(days=5),
        send=True,
    )


# --- buyers ------------------------------------------------------------------------------------------


def test_a_buyer_creates_and_sends_a_purchase_order(chain: Chain, api_client: Any) -> None:
    client = api_client(chain.purchasing)

    created = client.post(
        POS,
        {
            "supplier": chain.supplier.pk,
            "needed_by": in_days(7),
            "lines": [
                {"product": chain.part_a.pk, "quantity": "4"},
                {"product": chain.part_b.pk, "quantity": 2, "unit_price": "400"},
            ],
        },
    )
    po_id = created.json()["id"]
    sent = client.post(f"{POS}{po_id}/send", {"version": 1})

    assert created.status_code == 201
    assert created.json()["status"] == "draft" and created.json()["total_net"] == "4320.00"  # 4×880 + 2×400
    assert [line["product"]["sku"] for line in created.json()["lines"]] == ["P-A", "P-B"]
    assert sent.status_code == 200 and sent.json()["status"] == "sent" and sent.json()["version"] == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"supplier": 999999}, "supplier"),
        ({"needed_by": None}, "needed_by"),
        ({"needed_by": "tomorrow"}, "needed_by"),
        ({"lines": []}, "lines"),
        ({"lines": [{"product": 999999, "quantity": 1}]}, "lines.0.product"),
        ({"lines": [{"product": 0, "quantity": 1}]}, "lines.0.product"),
        ({"lines": [{"product": "A", "quantity": -2}]}, "lines.0.quantity"),
        ({"lines": [{"product": "A", "quantity": 1, "unit_price": "-5"}]}, "lines.0.unit_price"),
        ({"sales_order": 999999}, "sales_order"),
    ],
)
def test_bad_purchase_orders_are_refused_with_the_field(
    chain: Chain, api_client: Any, overrides: dict[str, Any], field: str
) -> None:
    payload = {
        "supplier": chain.supplier.pk,
        "needed_by": in_days(7),
        "lines": [{"product": chain.part_a.pk, "quantity": 1}],
    }
    payload |= overrides
    for line in payload["lines"]:
        if line.get("product") == "A":
            line["product"] = chain.part_a.pk

    response = api_client(chain.purchasing).post(POS, payload)

    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not PurchaseOrder.objects.exists()


def test_a_customer_is_not_a_supplier(chain: Chain, api_client: Any) -> None:
    response = api_client(chain.purchasing).post(
        POS,
        {
            "supplier": chain.customer.pk,
            "needed_by": in_days(3),
            "lines": [{"product": chain.part_a.pk, "quantity": 1}],
        },
    )

    assert response.status_code == 422 and fields(response) == {"supplier"}


def test_materials_are_purchased_for_an_order_once(chain: Chain, api_client: Any) -> None:
    order = made_order(chain)
    client = api_client(chain.purchasing)

    first = client.post(f"{POS}materials", {"order": order.pk})
    again = client.post(f"{POS}materials", {"order": order.pk})
    stock = client.post(f"{POS}materials", {"order": stock_order(chain).pk})

    assert first.status_code == 201
    (po,) = first.json()
    assert po["supplier"]["id"] == chain.supplier.pk and po["status"] == "sent"
    assert po["sales_order"] == {"id": order.pk, "number": order.number}
    assert again.status_code == 422 and fields(again) == {"order"}
    assert stock.status_code == 422 and fields(stock) == {"order"}


def test_only_buyers_create_purchase_orders(chain: Chain, api_client: Any) -> None:
    payload = {
        "supplier": chain.supplier.pk,
        "needed_by": in_days(3),
        "lines": [{"product": chain.part_a.pk, "quantity": 1}],
    }

    assert api_client(chain.sales).post(POS, payload).status_code == 403
    assert api_client(portal_user(chain.supplier)).post(POS, payload).status_code == 403
    assert not PurchaseOrder.objects.exists()


def test_propose_accept_and_receive_in_parts(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    buyer = api_client(chain.purchasing)
    supplier = api_client(portal_user(chain.supplier))

    proposed = supplier.post(
        f"{POS}{po.pk}/answer",
        {"answer": "propose", "promised_date": in_days(9), "note": "原料短缺", "version": 2},
    )
    accepted = buyer.post(f"{POS}{po.pk}/accept-date", {"version": 3})
    line_a, line_b = po.lines.order_by("line_no")
    partly = buyer.post(f"{POS}{po.pk}/receive", {"lines": [{"line": line_a.pk, "quantity": "2"}]})
    rest = buyer.post(f"{POS}{po.pk}/receive", {})

    assert proposed.status_code == 200 and proposed.json()["status"] == "proposed"
    assert proposed.json()["promises"][0]["source"] == "api"
    assert accepted.json()["status"] == "confirmed" and accepted.json()["promised_date"] == in_days(9)
    assert partly.json()["status"] == "partially_received"
    assert rest.json()["status"] == "received"
    assert rest.json()["promises"][0]["kept"] is True


def test_bad_receipts_and_cancellations_are_422(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    buyer = api_client(chain.purchasing)
    line = po.lines.order_by("line_no").first()

    not_confirmed = buyer.post(f"{POS}{po.pk}/receive", {})
    services.answer_purchase_order(po, actor=chain.purchasing, answer="confirm")
    too_many = buyer.post(f"{POS}{po.pk}/receive", {"lines": [{"line": line.pk, "quantity": "999"}]})
    twice = buyer.post(
        f"{POS}{po.pk}/receive",
        {"lines": [{"line": line.pk, "quantity": 1}, {"line": line.pk, "quantity": 1}]},
    )
    foreign = buyer.post(f"{POS}{po.pk}/receive", {"lines": [{"line": 999999, "quantity": 1}]})
    negative = buyer.post(f"{POS}{po.pk}/receive", {"lines": [{"line": line.pk, "quantity": -1}]})
    no_reason = buyer.post(f"{POS}{po.pk}/cancel", {"reason": " "})
    stale = buyer.post(f"{POS}{po.pk}/cancel", {"reason": "客户取消", "version": 1})

    assert not_confirmed.status_code == 422 and fields(not_confirmed) == {"status"}
    assert too_many.status_code == 422 and fields(too_many) == {f"lines.{line.pk}"}
    assert twice.status_code == 422 and fields(twice) == {"lines.1.line"}
    assert foreign.status_code == 422 and fields(foreign) == {"lines.999999"}
    assert negative.status_code == 422 and fields(negative) == {"lines.0.quantity"}
    assert no_reason.status_code == 422 and fields(no_reason) == {"reason"}
    assert stale.status_code == 409
    po.refresh_from_db()
    assert (
        po.status == PurchaseOrderStatus.CONFIRMED and sum(li.received_quantity for li in po.lines.all()) == 0
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answer": "maybe"}, "answer"),
        ({"answer": "propose"}, "promised_date"),
        ({"answer": "reject"}, "note"),
        ({"answer": "confirm", "promised_date": "2020-01-01"}, "promised_date"),
        ({"answer": "confirm", "note": "x" * 501}, "note"),
    ],
)
def test_bad_answers_are_422(chain: Chain, api_client: Any, payload: dict[str, Any], field: str) -> None:
    po = sent_po(chain)

    response = api_client(portal_user(chain.supplier)).post(f"{POS}{po.pk}/answer", payload)

    assert response.status_code == 422 and field in fields(response)
    assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.SENT


# --- suppliers through the portal token ----------------------------------------------------------------


def test_a_supplier_token_sees_and_answers_only_its_own(chain: Chain, api_client: Any) -> None:
    own = sent_po(chain)
    theirs = other_po(chain)
    client = api_client(portal_user(chain.supplier))

    listed = client.get(POS)
    asked_for_other = client.get(POS, supplier=chain.other_supplier.pk)
    confirmed = client.post(f"{POS}{own.pk}/answer", {"answer": "confirm", "promised_date": in_days(6)})
    foreign = client.post(f"{POS}{theirs.pk}/answer", {"answer": "reject", "note": "不做了"})

    assert [p["id"] for p in listed.json()["items"]] == [own.pk] and listed.json()["count"] == 1
    assert asked_for_other.json() == {"count": 0, "items": []}
    assert client.get(f"{POS}{theirs.pk}").status_code == 404
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert foreign.status_code == 404
    theirs.refresh_from_db()
    assert (
        theirs.status == PurchaseOrderStatus.SENT
        and not SupplierPromise.objects.filter(purchase_order=theirs).exists()
    )


def test_a_supplier_token_cannot_act_as_the_buyer(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    client = api_client(portal_user(chain.supplier))
    client.post(f"{POS}{po.pk}/answer", {"answer": "propose", "promised_date": in_days(20)})

    assert client.post(f"{POS}{po.pk}/accept-date", {}).status_code == 403
    assert client.post(f"{POS}{po.pk}/receive", {}).status_code == 403
    assert client.post(f"{POS}{po.pk}/cancel", {"reason": "no"}).status_code == 403
    assert PurchaseOrder.objects.get(pk=po.pk).status == PurchaseOrderStatus.PROPOSED


def test_other_tokens_see_no_purchase_orders(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    for account in (portal_user(chain.carrier), portal_user(chain.customer, Role.PORTAL_CUSTOMER)):
        client = api_client(account)

        assert client.get(POS).json()["count"] == 0
        assert client.get(f"{POS}{po.pk}").status_code == 404
        assert client.post(f"{POS}{po.pk}/answer", {"answer": "confirm"}).status_code == 404


def test_read_only_users_read_but_do_not_act(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    client = api_client(user(Role.READ_ONLY))

    assert client.get(f"{POS}{po.pk}").status_code == 200
    assert client.post(f"{POS}{po.pk}/answer", {"answer": "confirm"}).status_code == 403
    assert client.post(f"{POS}{po.pk}/cancel", {"reason": "x"}).status_code == 403


def test_the_overdue_filter(chain: Chain, api_client: Any) -> None:
    po = sent_po(chain)
    other = other_po(chain)
    PurchaseOrder.objects.filter(pk=po.pk).update(needed_by=timezone.localdate() - timedelta(days=1))

    response = api_client(chain.purchasing).get(POS, overdue="true")

    assert [p["id"] for p in response.json()["items"]] == [po.pk]
    assert other.pk not in [p["id"] for p in response.json()["items"]]


# --- work orders -------------------------------------------------------------------------------------


def test_production_plans_and_runs_work_orders(chain: Chain, api_client: Any) -> None:
    order = made_order(chain)
    client = api_client(chain.production)

    planned = client.post(f"{WOS}plan", {"order": order.pk, "hours": 48})
    wo_id = planned.json()[0]["id"]
    again = client.post(f"{WOS}plan", {"order": order.pk})
    started = client.post(f"{WOS}{wo_id}/status", {"status": "in_progress", "version": 1})
    stale = client.post(f"{WOS}{wo_id}/status", {"status": "done", "version": 1})
    backwards = client.post(f"{WOS}{wo_id}/status", {"status": "planned"})
    done = client.post(f"{WOS}{wo_id}/status", {"status": "done", "version": 2})

    assert planned.status_code == 201 and planned.json()[0]["quantity"] == "2.000"
    assert again.status_code == 422 and fields(again) == {"order"}
    assert started.json()["status"] == "in_progress" and started.json()["actual_start"]
    assert stale.status_code == 409
    assert backwards.status_code == 422 and fields(backwards) == {"status"}
    assert done.json()["status"] == "done"
    assert client.get(WOS, status="done").json()["count"] == 1
    assert client.get(WOS, sales_order=order.pk).json()["count"] == 1


def test_work_order_refusals(chain: Chain, api_client: Any) -> None:
    order = made_order(chain)
    (wo,) = services.plan_production(order, actor=chain.production)

    assert api_client(chain.sales).post(f"{WOS}{wo.pk}/status", {"status": "released"}).status_code == 403
    assert api_client(chain.sales).post(f"{WOS}plan", {"order": made_order(chain).pk}).status_code == 403
    assert api_client(chain.production).post(f"{WOS}{wo.pk}/status", {"status": "melted"}).status_code == 422
    assert api_client(chain.production).post(f"{WOS}plan", {"order": 999999}).status_code == 422
    portal = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))
    assert portal.get(WOS).json()["count"] == 0
    assert portal.get(f"{WOS}{wo.pk}").status_code == 404
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrderStatus.PLANNED
    assert SalesOrder.objects.filter(pk=order.pk).exists()
