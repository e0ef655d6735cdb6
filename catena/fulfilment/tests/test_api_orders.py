"""The orders API: place, list, read, change the header, move stages, hold and cancel; refusals
(422 with the field, 409 stale, 403 wrong department or read-only) and portal customers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catena.accounts.choices import Role
from catena.fulfilment import services
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order, user
from catena.parties.tests.factories import AddressFactory
from catena.sales.models import CustomerTerms, SalesOrder

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/orders/"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def order_payload(chain: Chain, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "customer": chain.customer.pk,
        "order_type": "make_to_stock",
        "requested_date": (timezone.localdate() + timedelta(days=12)).isoformat(),
        "ship_to": chain.ship_to.pk,
        "payment_terms": "net_60",
        "customer_reference": "PO-HD-778",
        "lines": [{"product": chain.widget.pk, "quantity": "5", "discount_pct": "10"}],
    }
    return data | overrides


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


# --- placing orders ------------------------------------------------------------------------------


def test_sales_places_an_order_and_reads_its_flow(chain: Chain, api_client: Any) -> None:
    response = api_client(chain.sales).post(ORDERS, order_payload(chain))

    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("SO-") and body["status"] == "open" and body["stage"] == "received"
    assert body["customer"]["id"] == chain.customer.pk and body["payment_terms"] == "net_60"
    assert body["total_net"] == "895.50"  # 5 × 199 less 10 %
    assert [s["code"] for s in body["stages"]][:3] == ["received", "confirmed", "allocated"]
    assert body["stages"][0]["state"] == "active" and body["stages"][0]["department"] == "sales"
    assert body["allowed_moves"] == [{"code": "confirmed", "name": "Confirmed"}]
    assert body["customer_status"] == "We have received your order."
    assert SalesOrder.objects.get(pk=body["id"]).lines.get().quantity == 5


def test_a_line_without_a_discount_gets_the_customers_standard_discount(
    chain: Chain, api_client: Any
) -> None:
    CustomerTerms.objects.create(party=chain.customer, discount_pct=Decimal("4"))
    lines = [
        {"product": chain.widget.pk, "quantity": "5"},
        {"product": chain.widget.pk, "quantity": "1", "discount_pct": "0"},
    ]

    response = api_client(chain.sales).post(ORDERS, order_payload(chain, lines=lines))

    assert response.status_code == 201
    assert [line["discount_pct"] for line in response.json()["lines"]] == ["4.00", "0.00"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"customer": 999999}, "customer"),
        ({"customer": "abc"}, "customer"),
        ({"order_type": "teleport"}, "order_type"),
        ({"payment_terms": "never"}, "payment_terms"),
        ({"requested_date": "2026-02-31"}, "requested_date"),
        ({"ship_to": 999999}, "ship_to"),
        ({"owner": 999999}, "owner"),
        ({"lines": []}, "lines"),
        ({"lines": [{"product": 999999, "quantity": 1}]}, "lines.0.product"),
        ({"lines": [{"quantity": 1}]}, "lines.0.product"),
        ({"lines": [{"product": 1, "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": [{"product": 1, "quantity": "1e20"}]}, "lines.0.quantity"),
        ({"lines": [{"product": 1, "quantity": "NaN"}]}, "lines.0.quantity"),
        ({"lines": [{"product": 1, "quantity": 1, "discount_pct": 150}]}, "lines.0.discount_pct"),
        ({"lines": [{"product": 1, "quantity": 1, "unit_price": -1}]}, "lines.0.unit_price"),
        ({"lines": [{"product": 1, "quantity": 1, "fulfilment": "magic"}]}, "lines.0.fulfilment"),
        ({"customer_reference": "x" * 61}, "customer_reference"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_order_input_is_refused_with_the_field(
    chain: Chain, api_client: Any, overrides: dict[str, Any], field: str
) -> None:
    payload = order_payload(chain, **overrides)
    for line in payload["lines"]:
        if line.get("product") == 1:
            line["product"] = chain.widget.pk

    response = api_client(chain.sales).post(ORDERS, payload)

    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not SalesOrder.objects.exists()


def test_rules_of_the_service_come_back_as_422_with_their_field(chain: Chain, api_client: Any) -> None:
    client = api_client(chain.sales)
    foreign = AddressFactory(party=chain.other_customer)

    not_a_customer = client.post(ORDERS, order_payload(chain, customer=chain.supplier.pk, ship_to=None))
    wrong_address = client.post(ORDERS, order_payload(chain, ship_to=foreign.pk))
    huge = client.post(
        ORDERS,
        order_payload(
            chain, lines=[{"product": chain.widget.pk, "quantity": "99999999", "unit_price": "9999999999"}]
        ),
    )

    assert not_a_customer.status_code == 422 and "customer" in fields(not_a_customer)
    assert wrong_address.status_code == 422 and "ship_to" in fields(wrong_address)
    assert huge.status_code == 422 and "lines" in fields(huge)
    assert not SalesOrder.objects.exists()


def test_read_only_users_and_portal_customers_cannot_place_orders(chain: Chain, api_client: Any) -> None:
    reader = user(Role.READ_ONLY)
    customer_user = portal_user(chain.customer, Role.PORTAL_CUSTOMER)

    assert api_client(reader).post(ORDERS, order_payload(chain)).status_code == 403
    assert api_client(customer_user).post(ORDERS, order_payload(chain)).status_code == 403
    assert api_client(None).post(ORDERS, order_payload(chain)).status_code == 401
    assert not SalesOrder.objects.exists()


# --- lists -----------------------------------------------------------------------------------------


def test_the_list_filters_sorts_and_pages(chain: Chain, api_client: Any) -> None:
    first = stock_order(chain, quantity=1)
    second = stock_order(chain, quantity=2, customer=chain.other_customer)
    services.move_stage(second, to="confirmed", actor=chain.sales)
    late = stock_order(chain, quantity=3)
    OrderStage.objects.filter(order=late, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(hours=5)
    )
    client = api_client(chain.manager)

    everything = client.get(ORDERS, limit=2)
    confirmed = client.get(ORDERS, stage="confirmed")
    by_customer = client.get(ORDERS, customer=chain.other_customer.pk)
    only_late = client.get(ORDERS, late="true")
    by_number = client.get(ORDERS, q=first.number.lower())
    by_name = client.get(ORDERS, q="西南")
    by_total = client.get(ORDERS, sort="-total")

    assert everything.json()["count"] == 3 and len(everything.json()["items"]) == 2
    assert [o["id"] for o in confirmed.json()["items"]] == [second.pk]
    assert confirmed.json()["items"][0]["stage_name"] == "Confirmed"
    assert [o["id"] for o in by_customer.json()["items"]] == [second.pk]
    assert [o["id"] for o in only_late.json()["items"]] == [late.pk]
    assert only_late.json()["items"][0]["is_late"] is True
    assert [o["id"] for o in by_number.json()["items"]] == [first.pk]
    assert [o["id"] for o in by_name.json()["items"]] == [second.pk]
    assert [o["id"] for o in by_total.json()["items"]] == [late.pk, second.pk, first.pk]


@pytest.mark.parametrize(
    ("param", "value"),
    [("status", "lost"), ("sort", "colour"), ("limit", "0"), ("customer", "-1"), ("late", "perhaps")],
)
def test_bad_list_parameters_are_422(chain: Chain, api_client: Any, param: str, value: str) -> None:
    response = api_client(chain.manager).get(ORDERS, **{param: value})

    assert response.status_code == 422
    assert param in fields(response)


# --- moving and status -------------------------------------------------------------------------------


def test_moving_returns_the_new_state(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)

    response = api_client(chain.sales).post(
        f"{ORDERS}{order.pk}/move", {"to": "confirmed", "version": order.version, "note": "已电话确认"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "confirmed" and body["version"] == order.version + 1
    received = next(s for s in body["stages"] if s["code"] == "received")
    assert received["state"] == "done" and received["note"] == "已电话确认"
    assert received["completed_by"]["id"] == chain.sales.pk
    # what the mover needs for the next step: the stage's name, where it may go now, the new version
    assert body["stage_name"] == next(s["name"] for s in body["stages"] if s["code"] == "confirmed")
    assert [m["code"] for m in body["allowed_moves"]] == ["allocated"]
    assert body["customer_status"]


def test_a_stale_version_is_409_and_changes_nothing(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    seen = order.version
    services.move_stage(order, to="confirmed", actor=chain.sales)

    response = api_client(chain.manager).post(
        f"{ORDERS}{order.pk}/move", {"to": "allocated", "version": seen}
    )

    assert response.status_code == 409
    assert response.json()["version"] == seen + 1
    assert SalesOrder.objects.get(pk=order.pk).stage == "confirmed"


def test_a_move_the_flow_does_not_allow_is_422_on_to(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)

    response = api_client(chain.manager).post(
        f"{ORDERS}{order.pk}/move", {"to": "shipped", "version": order.version}
    )

    assert response.status_code == 422 and fields(response) == {"to"}
    assert SalesOrder.objects.get(pk=order.pk).stage == "received"


def test_another_departments_stage_is_403(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)

    response = api_client(chain.logistics).post(
        f"{ORDERS}{order.pk}/move", {"to": "confirmed", "version": order.version}
    )
    detail = api_client(chain.logistics).get(f"{ORDERS}{order.pk}")

    assert response.status_code == 403
    assert detail.json()["allowed_moves"] == []
    assert SalesOrder.objects.get(pk=order.pk).version == order.version


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"to": "confirmed"}, "version"),
        ({"to": "", "version": 1}, "to"),
        ({"to": "confirmed", "version": 0}, "version"),
    ],
)
def test_move_input_is_checked(chain: Chain, api_client: Any, payload: dict[str, Any], field: str) -> None:
    order = stock_order(chain)

    response = api_client(chain.sales).post(f"{ORDERS}{order.pk}/move", payload)

    assert response.status_code == 422 and field in fields(response)


def test_hold_release_and_cancel_with_reasons(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    client = api_client(chain.sales)
    url = f"{ORDERS}{order.pk}/status"

    no_reason = client.post(url, {"status": "on_hold", "version": 1})
    held = client.post(url, {"status": "on_hold", "reason": "信用额度超限", "version": 1})
    blocked_move = client.post(f"{ORDERS}{order.pk}/move", {"to": "confirmed", "version": 2})
    released = client.post(url, {"status": "open", "version": 2})
    cancelled = client.post(url, {"status": "cancelled", "reason": "客户取消", "version": 3})
    reopened = client.post(url, {"status": "open", "version": 4})

    assert no_reason.status_code == 422 and fields(no_reason) == {"reason"}
    assert held.status_code == 200 and held.json()["status"] == "on_hold"
    assert held.json()["status_reason"] == "信用额度超限"
    assert held.json()["customer_status"] == "Your order is on hold; we will contact you."
    assert blocked_move.status_code == 422 and fields(blocked_move) == {"status"}
    assert released.json()["status"] == "open"
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["allowed_moves"] == []
    assert reopened.status_code == 422 and fields(reopened) == {"status"}
    assert client.post(url, {"status": "lost", "version": 4}).status_code == 422


def test_read_only_users_cannot_move_or_hold(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    client = api_client(user(Role.READ_ONLY))

    assert client.get(f"{ORDERS}{order.pk}").status_code == 200
    assert client.post(f"{ORDERS}{order.pk}/move", {"to": "confirmed", "version": 1}).status_code == 403
    assert (
        client.post(
            f"{ORDERS}{order.pk}/status", {"status": "on_hold", "reason": "x", "version": 1}
        ).status_code
        == 403
    )
    assert client.patch(f"{ORDERS}{order.pk}", {"version": 1, "notes": "x"}).status_code == 403
    assert SalesOrder.objects.get(pk=order.pk).version == 1


# --- the header ----------------------------------------------------------------------------------------


def test_patch_changes_the_header_with_the_version(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    client = api_client(chain.sales)
    url = f"{ORDERS}{order.pk}"
    promised = (timezone.localdate() + timedelta(days=9)).isoformat()

    changed = client.patch(url, {"version": 1, "promised_date": promised, "customer_reference": "新参考号"})
    stale = client.patch(url, {"version": 1, "notes": "late edit"})
    cleared = client.patch(url, {"version": 2, "ship_to": None})

    assert changed.status_code == 200
    assert changed.json()["promised_date"] == promised and changed.json()["version"] == 2
    assert stale.status_code == 409
    assert cleared.json()["ship_to"] is None
    assert SalesOrder.objects.get(pk=order.pk).notes == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"notes": "no version"}, "version"),
        ({"version": 1, "payment_terms": None}, "payment_terms"),
        ({"version": 1, "payment_terms": "never"}, "payment_terms"),
        ({"version": 1, "owner": 999999}, "owner"),
        ({"version": 1, "number": "SO-1"}, "number"),
        ({"version": 1, "promised_date": "soon"}, "promised_date"),
    ],
)
def test_bad_patches_are_422(chain: Chain, api_client: Any, payload: dict[str, Any], field: str) -> None:
    order = stock_order(chain)

    response = api_client(chain.sales).patch(f"{ORDERS}{order.pk}", payload)

    assert response.status_code == 422 and field in fields(response)
    assert SalesOrder.objects.get(pk=order.pk).version == 1


def test_a_ship_to_of_another_customer_is_refused(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    foreign = AddressFactory(party=chain.other_customer)

    response = api_client(chain.sales).patch(f"{ORDERS}{order.pk}", {"version": 1, "ship_to": foreign.pk})

    assert response.status_code == 422 and fields(response) == {"ship_to"}
    assert SalesOrder.objects.get(pk=order.pk).ship_to == chain.ship_to


def test_the_timeline_shows_hours_and_lateness(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    OrderStage.objects.filter(order=order, code="received").update(
        started_at=timezone.now() - timedelta(hours=10), due_at=timezone.now() - timedelta(hours=6)
    )

    response = api_client(chain.manager).get(f"{ORDERS}{order.pk}/timeline")

    assert response.status_code == 200
    received = response.json()["stages"][0]
    assert received["is_active"] and received["is_late"]
    assert 5.9 < received["late_hours"] < 6.1 and 5.9 < received["over_hours"] < 6.1
    assert received["owner"]["id"] == chain.sales.pk


# --- portal customers -------------------------------------------------------------------------------------


def test_a_customer_token_sees_only_its_own_orders(chain: Chain, api_client: Any) -> None:
    own = stock_order(chain)
    services.move_stage(own, to="confirmed", actor=chain.sales, note="内部备注")
    other = stock_order(chain, customer=chain.other_customer)
    client = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    listed = client.get(ORDERS)
    asked_for_other = client.get(ORDERS, customer=chain.other_customer.pk)
    detail = client.get(f"{ORDERS}{own.pk}")

    assert [o["id"] for o in listed.json()["items"]] == [own.pk] and listed.json()["count"] == 1
    assert listed.json()["items"][0]["owner"] is None
    assert asked_for_other.json() == {"count": 0, "items": []}
    assert client.get(f"{ORDERS}{other.pk}").status_code == 404
    assert client.get(f"{ORDERS}{other.pk}/timeline").status_code == 404
    assert detail.status_code == 200
    assert detail.json()["customer_status"] == "Your order is confirmed."
    assert detail.json()["allowed_moves"] == [] and detail.json()["owner"] is None
    assert all(s["owner"] is None and s["note"] == "" for s in detail.json()["stages"])


def test_an_order_reads_in_three_queries_the_same_for_staff_and_its_customer(
    chain: Chain, api_client: Any
) -> None:
    order = stock_order(chain)
    services.move_stage(order, to="confirmed", actor=chain.sales)
    OrderStage.objects.filter(order=order, state=StageState.ACTIVE).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    staff = api_client(chain.sales)
    customer = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))
    staff.get("/api/v1/me"), customer.get("/api/v1/me")  # the tokens' first uses are recorded

    with CaptureQueriesContext(connection) as staff_queries:
        staff_body = staff.get(f"{ORDERS}{order.pk}").json()
    with CaptureQueriesContext(connection) as customer_queries:
        customer_body = customer.get(f"{ORDERS}{order.pk}").json()

    assert len(staff_queries) == 4  # the token, the order, its lines with products, its stages
    assert len(customer_queries) <= 5  # and which party the customer is
    assert staff_body["stage"] == customer_body["stage"] == "confirmed"
    assert staff_body["stage_name"] == customer_body["stage_name"] == "Confirmed"
    assert staff_body["is_late"] is customer_body["is_late"] is True
    assert staff_body["ship_to"] == customer_body["ship_to"]
    assert [line["product"]["id"] for line in staff_body["lines"]] == [chain.widget.pk]
    assert [line["product"]["id"] for line in customer_body["lines"]] == [chain.widget.pk]
    assert [s["code"] for s in staff_body["stages"]] == [s["code"] for s in customer_body["stages"]]
    assert staff.get(f"{ORDERS}99999999").status_code == 404


def test_a_customer_token_reads_the_hold_in_plain_words_not_our_reason(chain: Chain, api_client: Any) -> None:
    own = stock_order(chain)
    services.set_status(own, status="on_hold", actor=chain.sales, reason="信用额度超限")
    client = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    listed = client.get(ORDERS).json()["items"][0]
    detail = client.get(f"{ORDERS}{own.pk}").json()

    assert listed["status"] == detail["status"] == "on_hold"
    assert listed["status_reason"] == detail["status_reason"] == ""
    assert detail["customer_status"] == "Your order is on hold; we will contact you."
    assert api_client(chain.sales).get(f"{ORDERS}{own.pk}").json()["status_reason"] == "信用额度超限"


def test_a_customer_token_cannot_change_anything(chain: Chain, api_client: Any) -> None:
    own = stock_order(chain)
    other = stock_order(chain, customer=chain.other_customer)
    client = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    assert client.post(f"{ORDERS}{own.pk}/move", {"to": "confirmed", "version": 1}).status_code == 403
    assert (
        client.post(
            f"{ORDERS}{own.pk}/status", {"status": "cancelled", "reason": "x", "version": 1}
        ).status_code
        == 403
    )
    assert client.patch(f"{ORDERS}{own.pk}", {"version": 1, "notes": "x"}).status_code == 403
    assert client.post(f"{ORDERS}{other.pk}/move", {"to": "confirmed", "version": 1}).status_code == 404
    assert client.patch(f"{ORDERS}{other.pk}", {"version": 1, "notes": "x"}).status_code == 404
    assert set(SalesOrder.objects.values_list("version", flat=True)) == {1}


def test_partner_tokens_see_no_orders(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    for party in (chain.supplier, chain.carrier):
        client = api_client(portal_user(party))

        assert client.get(ORDERS).json() == {"count": 0, "items": []}
        assert client.get(f"{ORDERS}{order.pk}").status_code == 404


def test_stages_are_assigned_through_the_api(chain: Chain, api_client: Any) -> None:
    order = services.move_stage(stock_order(chain), to="confirmed", actor=chain.sales)
    order = services.move_stage(order, to="allocated", actor=chain.sales)
    url = f"{ORDERS}{order.pk}/assign"

    taken = api_client(chain.logistics).post(url, {"stage": "allocated", "owner": chain.logistics.pk})
    unknown = api_client(chain.manager).post(url, {"stage": "teleport", "owner": None})
    finished = api_client(chain.manager).post(url, {"stage": "received", "owner": None})
    other_department = api_client(chain.sales).post(url, {"stage": "allocated", "owner": chain.sales.pk})

    allocated = next(s for s in taken.json()["stages"] if s["code"] == "allocated")
    assert taken.status_code == 200 and allocated["owner"]["id"] == chain.logistics.pk
    assert unknown.status_code == 422 and fields(unknown) == {"stage"}
    assert finished.status_code == 422 and fields(finished) == {"owner"}
    assert other_department.status_code == 403
    assert OrderStage.objects.get(order=order, code="allocated").owner == chain.logistics
