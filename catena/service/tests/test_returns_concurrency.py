"""Races on PostgreSQL: two managers approving refunds of the same order at the same moment never
approve more than may be refunded."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from catena.service.choices import RefundStatus
from catena.service.models import Refund
from catena.service.services import returns
from catena.service.services.returns import ReturnLineInput
from catena.service.tests import factories as f
from catena.service.tests.returns_setup import shop
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS


def test_concurrent_approvals_never_exceed_what_may_be_refunded() -> None:
    s = shop(fee="0", threshold="100000")
    second_manager = f.user("manager", username="boss2")
    rma = returns.request_return(
        s.order, actor=s.agent, lines=[ReturnLineInput(order_line=s.line, quantity=5)], reason="整批退回"
    )
    returns.authorise_return(rma, actor=s.agent)
    returns.receive_return(rma, actor=s.agent)
    first = returns.propose_refund(rma, actor=s.agent, amount="600")
    # a second proposal racing the first one's approval: written before the first counted
    second = Refund.objects.create(
        rma=rma, order=s.order, amount=Decimal("600"), currency=s.order.currency, method="bank_transfer"
    )

    results = race(
        lambda: returns.approve_refund(first, actor=s.manager),
        lambda: returns.approve_refund(second, actor=second_manager),
    )

    assert sum(isinstance(r, Refund) for r in results) == 1, results
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    approved = Refund.objects.filter(order=s.order, status=RefundStatus.APPROVED)
    assert sum(r.amount for r in approved) <= returns.refundable(rma) == Decimal("1000.00")
