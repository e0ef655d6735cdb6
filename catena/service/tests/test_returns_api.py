"""API v1 of returns and refunds: the whole way from a request to a credit note; bad input and
over-limit refunds answer 422 with the field and a stable code; approvals above the threshold are
a manager's; a portal customer requests and reads its own returns only (another's are a 404)."""

from __future__ import annotations

from typing import Any

import pytest

from catena.service.tests import factories as f
from catena.service.tests.returns_setup import Shop, shop

pytestmark = pytest.mark.django_db
RETURNS = "/api/v1/returns/"
REFUNDS = "/api/v1/refunds/"


def field_codes(response: Any) -> dict[str, str]:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def ask(client: Any, s: Shop, quantity: Any = 5) -> Any:
    return client.post(
        RETURNS,
        {
            "order": s.order.pk,
            "lines": [{"order_line": s.line.pk, "quantity": quantity, "condition": "damaged"}],
            "reason": "外壳破裂",
        },
    )


def test_a_return_goes_from_request_to_a_credit_note(api_client: Any) -> None:
    s = shop(threshold="500")
    agent, manager = api_client(s.agent), api_client(s.manager)

    made = ask(agent, s)
    assert made.status_code == 201, made.json()
    rma = made.json()
    assert rma["number"].startswith("RMA-") and rma["policy"]["version"] == 1
    assert rma["lines"][0]["quantity"] == "5.000" or float(rma["lines"][0]["quantity"]) == 5
    steps = (
        ("authorise", {"note": ""}),
        ("ship", {"carrier": s.carrier.pk, "tracking_number": "SF1"}),
        ("receive", {}),
    )
    for step, body in steps:
        answer = agent.post(f"{RETURNS}{rma['id']}/{step}", body)
        assert answer.status_code == 200, answer.json()
    inspected = agent.post(
        f"{RETURNS}{rma['id']}/inspect",
        {"lines": [{"line": rma["lines"][0]["id"], "disposition": "restock"}]},
    )
    assert inspected.json()["status"] == "inspected"

    over = agent.post(REFUNDS, {"rma": rma["id"], "amount": "900.01", "method": "credit_note"})
    assert over.status_code == 422 and field_codes(over) == {"amount": "refund.exceeds_paid"}
    refund = agent.post(REFUNDS, {"rma": rma["id"], "amount": "900", "method": "credit_note"}).json()
    refused = agent.post(f"{REFUNDS}{refund['id']}/approve", {"note": ""})
    assert refused.status_code == 403 and refused.json()["code"] == "refund.needs_approval"
    approved = manager.post(f"{REFUNDS}{refund['id']}/approve", {"note": "同意"})
    assert approved.status_code == 200 and approved.json()["approvals"][0]["approver"]["id"] == s.manager.pk
    paid = agent.post(f"{REFUNDS}{refund['id']}/pay", {}).json()
    assert paid["status"] == "credited" and paid["credit_note_number"].startswith("CN-")


@pytest.mark.parametrize(
    "body",
    [
        {"order": 1, "lines": [], "reason": "x"},
        {"order": "abc", "lines": [{"order_line": 1, "quantity": 1}], "reason": "x"},
        {"lines": [{"order_line": 1, "quantity": -1}], "reason": "x"},
        {"order": 1, "lines": [{"order_line": 1, "quantity": 1, "condition": "burnt"}], "reason": "x"},
    ],
)
def test_bad_return_input_is_a_422(api_client: Any, body: dict[str, Any]) -> None:
    s = shop()
    answer = api_client(s.agent).post(RETURNS, body)
    assert answer.status_code == 422, answer.json()


def test_a_closed_window_and_too_many_are_refused_with_their_codes(api_client: Any) -> None:
    s = shop(days_ago=40)
    answer = ask(api_client(s.agent), s, 11)
    assert answer.status_code == 422
    codes = set(field_codes(answer).values())
    assert "return.window_closed" in codes or "return.quantity_exceeds" in codes


@pytest.mark.parametrize("amount", ["0", "-1", "abc", "1e400"])
def test_bad_refund_amounts_are_a_422(api_client: Any, amount: str) -> None:
    s = shop()
    client = api_client(s.agent)
    rma = ask(client, s).json()
    client.post(f"{RETURNS}{rma['id']}/authorise", {"note": ""})
    client.post(f"{RETURNS}{rma['id']}/receive", {})
    answer = client.post(REFUNDS, {"rma": rma["id"], "amount": amount})
    assert answer.status_code == 422, answer.json()


def test_a_portal_customer_requests_and_reads_only_its_own_returns(api_client: Any) -> None:
    s = shop()
    buyer = api_client(f.portal_user(s.customer, username="buyer"))
    stranger = api_client(f.portal_user(f.customer(name="西南家电有限公司"), username="stranger"))

    made = ask(buyer, s, 2)
    assert made.status_code == 201, made.json()
    rma_id = made.json()["id"]
    assert buyer.get(f"{RETURNS}{rma_id}").status_code == 200
    assert buyer.post(f"{RETURNS}{rma_id}/authorise", {"note": ""}).status_code == 403
    assert stranger.get(f"{RETURNS}{rma_id}").status_code == 404
    assert stranger.get(RETURNS).json()["count"] == 0
    assert ask(stranger, s, 1).status_code == 422  # another party's order is no record of theirs

    staff = api_client(s.agent)
    staff.post(f"{RETURNS}{rma_id}/authorise", {"note": ""})
    staff.post(f"{RETURNS}{rma_id}/receive", {})
    refund = staff.post(REFUNDS, {"rma": rma_id, "amount": "100"}).json()
    staff.post(f"{REFUNDS}{refund['id']}/approve", {"note": "内部备注"})
    seen = buyer.get(f"{REFUNDS}{refund['id']}").json()
    assert seen["status"] == "approved" and seen["approvals"] == []
    assert stranger.get(f"{REFUNDS}{refund['id']}").status_code == 404
    assert buyer.post(f"{REFUNDS}{refund['id']}/pay", {}).status_code == 403
