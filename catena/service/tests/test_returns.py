"""Returns and refunds under the return policy: the window and quantities a request is held to,
the refund limits, who approves above the threshold, supplier claims, and policy versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catena.core.access import PermissionDenied
from catena.service.choices import CaseType, Disposition, PartnerRole, RefundStatus, ReturnStatus
from catena.service.models import PartnerTask, ReturnAuthorization
from catena.service.services import returns
from catena.service.services.returns import ReturnLineInput
from catena.service.tests import factories as f
from catena.service.tests.returns_setup import Shop, shop

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    return {str(e.code) for errors in exc.error_dict.values() for e in errors}


def request(s: Shop, quantity: int | str = 5, **kw: object) -> ReturnAuthorization:
    return returns.request_return(
        s.order,
        actor=kw.pop("actor", s.agent),  # type: ignore[arg-type]
        lines=[ReturnLineInput(order_line=s.line, quantity=quantity, condition="defective")],
        reason="壶底漏水",
        **kw,  # type: ignore[arg-type]
    )


def received(s: Shop, quantity: int = 5) -> ReturnAuthorization:
    rma = request(s, quantity)
    returns.authorise_return(rma, actor=s.agent)
    returns.record_return_shipment(rma, actor=s.agent, carrier=s.carrier, tracking_number="SF1234567")
    return returns.receive_return(rma, actor=s.agent)


def test_a_return_request_opens_a_return_case_and_holds_its_policy_version() -> None:
    s = shop()
    rma = request(s)
    assert rma.number.startswith("RMA-") and rma.status == ReturnStatus.REQUESTED
    assert rma.case.case_type == CaseType.RETURN_REQUEST and rma.case.order_id == s.order.pk
    assert rma.policy == s.policy


def test_a_return_outside_the_window_is_refused() -> None:
    s = shop(days_ago=45)
    with pytest.raises(ValidationError) as exc:
        request(s)
    assert "return.window_closed" in codes(exc.value)


def test_goods_not_delivered_cannot_be_returned() -> None:
    s = shop(delivered=0)
    with pytest.raises(ValidationError) as exc:
        request(s)
    assert "return.not_delivered" in codes(exc.value)


@pytest.mark.parametrize("quantity", [11, 0, -1, "x", "1.0001"])
def test_a_quantity_beyond_what_was_delivered_or_not_a_quantity_is_refused(quantity: object) -> None:
    s = shop()
    with pytest.raises(ValidationError) as exc:
        request(s, quantity)  # type: ignore[arg-type]
    assert codes(exc.value) & {"return.quantity_exceeds", "out_of_range", "invalid"}


def test_quantities_held_by_earlier_returns_count_until_rejected() -> None:
    s = shop(delivered=6)
    first = request(s, 4)
    with pytest.raises(ValidationError) as exc:
        request(s, 3)
    assert "return.quantity_exceeds" in codes(exc.value)
    returns.reject_return(first, actor=s.agent, reason="非质量问题")
    assert request(s, 6).status == ReturnStatus.REQUESTED


def test_a_return_cannot_skip_a_step() -> None:
    s = shop()
    rma = request(s)
    with pytest.raises(ValidationError) as exc:
        returns.receive_return(rma, actor=s.agent)
    assert "return.transition_not_allowed" in codes(exc.value)


def test_a_refund_is_limited_by_the_returned_value_less_the_restocking_fee() -> None:
    s = shop()
    rma = received(s)  # 5 of 10 kettles at 200: 1000, less 10 %
    assert returns.refundable(rma) == Decimal("900.00")
    with pytest.raises(ValidationError) as exc:
        returns.propose_refund(rma, actor=s.agent, amount="900.01")
    assert "refund.exceeds_paid" in codes(exc.value)
    returns.propose_refund(rma, actor=s.agent, amount="600")
    with pytest.raises(ValidationError) as exc:
        returns.propose_refund(rma, actor=s.agent, amount="300.01")
    assert "refund.exceeds_paid" in codes(exc.value)


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "1.001", "1e30"])
def test_a_refund_amount_that_is_not_a_positive_sum_is_refused(amount: str) -> None:
    s = shop()
    rma = received(s)
    with pytest.raises(ValidationError) as exc:
        returns.propose_refund(rma, actor=s.agent, amount=amount)
    assert "refund.invalid_amount" in codes(exc.value)


def test_a_refund_is_not_proposed_before_the_goods_arrive() -> None:
    s = shop()
    rma = request(s)
    with pytest.raises(ValidationError) as exc:
        returns.propose_refund(rma, actor=s.agent, amount="10")
    assert "refund.not_allowed" in codes(exc.value)


def test_above_the_threshold_an_agent_cannot_approve_and_a_manager_can() -> None:
    s = shop(threshold="500")
    rma = received(s)
    refund = returns.propose_refund(rma, actor=s.agent, amount="800", method="credit_note")
    with pytest.raises(PermissionDenied) as exc:
        returns.approve_refund(refund, actor=s.agent)
    assert exc.value.code == "refund.needs_approval"
    approved = returns.approve_refund(refund, actor=s.manager)
    assert approved.status == RefundStatus.APPROVED
    assert approved.approvals.get().approver == s.manager
    credited = returns.settle_refund(approved, actor=s.agent)
    assert credited.status == RefundStatus.CREDITED and credited.credit_note_number == f"CN-{refund.pk:06d}"


def test_up_to_the_threshold_the_agent_approves_and_it_is_paid() -> None:
    s = shop(threshold="500")
    refund = returns.propose_refund(received(s), actor=s.agent, amount="500", method="bank_transfer")
    returns.approve_refund(refund, actor=s.agent)
    assert returns.settle_refund(refund, actor=s.agent).status == RefundStatus.PAID


def test_refunds_of_an_order_never_exceed_its_net_total() -> None:
    s = shop(fee="0", threshold="100000")
    first = received(s, 5)
    second = received(s, 5)
    returns.approve_refund(returns.propose_refund(first, actor=s.agent, amount="1000"), actor=s.agent)
    returns.approve_refund(returns.propose_refund(second, actor=s.agent, amount="1000"), actor=s.agent)
    s.order.total_net = Decimal("1500")  # a price correction after the refunds were proposed
    s.order.save(update_fields=["total_net"])
    with pytest.raises(ValidationError) as exc:
        returns.propose_refund(second, actor=s.agent, amount="1")
    assert "refund.exceeds_paid" in codes(exc.value)


def test_a_line_returned_to_its_supplier_opens_a_supplier_claim() -> None:
    s = shop()
    rma = received(s)
    line = rma.lines.get()
    inspected = returns.inspect_return(
        rma, actor=s.agent, dispositions={line.pk: (Disposition.RETURN_TO_SUPPLIER, "加热盘焊点开裂")}
    )
    assert inspected.status == ReturnStatus.INSPECTED
    task = PartnerTask.objects.get(case=rma.case)
    assert task.partner == s.supplier and task.partner_role == PartnerRole.SUPPLIER
    assert rma.number in task.request


def test_inspection_needs_a_disposition_for_every_line() -> None:
    s = shop()
    rma = received(s)
    with pytest.raises(ValidationError) as exc:
        returns.inspect_return(rma, actor=s.agent, dispositions={})
    assert "return.not_inspected" in codes(exc.value)


def test_an_rma_keeps_the_policy_version_it_was_judged_under() -> None:
    s = shop()
    rma = request(s)
    newer = returns.publish_policy(actor=s.manager, name=s.policy.name, return_window_days=7)
    s.policy.refresh_from_db()
    assert newer.version == 2 and not s.policy.is_active and s.policy.superseded_by == newer
    rma.refresh_from_db()
    assert rma.policy.version == 1 and rma.policy.return_window_days == 30
    assert returns.policy_in_force() == newer
    assert request(s, 1).policy == newer


def test_only_managers_publish_return_policies() -> None:
    s = shop()
    with pytest.raises(PermissionDenied):
        returns.publish_policy(actor=s.agent, name="宽松政策")


def test_a_portal_customer_returns_only_its_own_orders() -> None:
    s = shop()
    buyer = f.portal_user(s.customer, username="buyer")
    stranger = f.portal_user(f.customer(name="西南家电有限公司"), username="stranger")
    rma = request(s, actor=buyer)
    assert rma.case.channel == "portal" and rma.created_by == buyer
    with pytest.raises(PermissionDenied):
        request(s, 1, actor=stranger)
