"""The returns pages: staff take an RMA through its steps on its page, the case and the order show
their returns, administrators and managers publish policies in the settings; a customer requests a
return on a delivered line in the portal and follows it on its case, another party gets 404s."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from catena.service.choices import RefundStatus, ReturnStatus
from catena.service.models import ReturnAuthorization, ReturnPolicy
from catena.service.services import returns
from catena.service.services.returns import ReturnLineInput
from catena.service.tests import factories as f
from catena.service.tests.returns_setup import shop

pytestmark = pytest.mark.django_db


def test_staff_take_a_return_through_its_page(client: Any) -> None:
    s = shop(threshold="500")
    rma = returns.request_return(
        s.order, actor=s.agent, lines=[ReturnLineInput(order_line=s.line, quantity=5)], reason="外壳破裂"
    )
    client.force_login(s.agent)
    page = client.get(reverse("service:return_detail", args=[rma.pk]))
    assert page.status_code == 200 and "标准退货政策 v1" in page.content.decode()

    def step(name: str, data: dict[str, Any] | None = None) -> Any:
        return client.post(reverse("service:return_step", args=[rma.pk, name]), data or {})

    step("authorise")
    step("ship", {"carrier": s.carrier.pk, "tracking_number": "SF998"})
    step("receive")
    line = rma.lines.get()
    step("inspect", {f"disposition_{line.pk}": "scrap"})
    rma.refresh_from_db()
    assert rma.status == ReturnStatus.INSPECTED and rma.tracking_number == "SF998"

    over = step("refund", {"amount": "5000", "method": "credit_note"})
    assert over.status_code == 302 and not rma.refunds.exists()
    step("refund", {"amount": "800", "method": "credit_note"})
    refund = rma.refunds.get()
    client.post(reverse("service:refund_step", args=[refund.pk, "approve"]))
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PROPOSED  # above the threshold: the agent may not
    client.force_login(s.manager)
    client.post(reverse("service:refund_step", args=[refund.pk, "approve"]))
    client.post(reverse("service:refund_step", args=[refund.pk, "pay"]))
    refund.refresh_from_db()
    assert refund.status == RefundStatus.CREDITED

    case_page = client.get(reverse("service:case_detail", args=[rma.case_id])).content.decode()
    assert rma.number in case_page
    order_page = client.get(reverse("fulfilment:order_detail", args=[s.order.pk])).content.decode()
    assert rma.number in order_page and "800.00" in order_page
    listed = client.get(reverse("service:return_list"), {"status": "inspected"})
    assert list(listed.context["page_obj"]) == [rma]


def test_an_unknown_step_is_a_404(client: Any) -> None:
    s = shop()
    rma = returns.request_return(
        s.order, actor=s.agent, lines=[ReturnLineInput(order_line=s.line, quantity=1)], reason="不需要了"
    )
    client.force_login(s.agent)
    assert client.post(reverse("service:return_step", args=[rma.pk, "explode"])).status_code == 404
    assert client.get(reverse("service:return_detail", args=[rma.pk + 100])).status_code == 404


def test_managers_publish_policies_in_the_settings_and_agents_may_not(client: Any) -> None:
    s = shop()
    client.force_login(s.agent)
    assert client.get(reverse("service:return_policies")).status_code == 403
    client.force_login(s.manager)
    bad = client.post(reverse("service:return_policies"), {"name": "", "restocking_fee_percent": "120"})
    assert bad.status_code == 422
    data = {
        "name": s.policy.name,
        "effective_from": "2026-01-01",
        "return_window_days": "14",
        "restocking_fee_percent": "5",
        "approval_threshold": "2000",
        "currency": "CNY",
        "approver_role": "manager",
        "refund_method": "credit_note",
    }
    assert client.post(reverse("service:return_policies"), data).status_code == 302
    assert ReturnPolicy.objects.get(is_active=True).version == 2


def test_a_customer_requests_a_return_in_the_portal_and_follows_it(client: Any) -> None:
    s = shop()
    buyer = f.portal_user(s.customer, username="buyer")
    client.force_login(buyer)
    order_page = client.get(reverse("portal:order_detail", args=[s.order.pk])).content.decode()
    url = reverse("portal:return_request", args=[s.order.pk, s.line.pk])
    assert url in order_page

    too_many = client.post(url, {"quantity": "11", "condition": "damaged", "reason": "摔坏了"})
    assert too_many.status_code == 422 and not ReturnAuthorization.objects.exists()
    made = client.post(url, {"quantity": "2", "condition": "damaged", "reason": "摔坏了"})
    rma = ReturnAuthorization.objects.get()
    assert made.status_code == 302 and made.url == reverse("portal:case_detail", args=[rma.case_id])

    returns.authorise_return(rma, actor=s.agent)
    returns.receive_return(rma, actor=s.agent)
    returns.propose_refund(rma, actor=s.agent, amount="300")
    case_page = client.get(reverse("portal:case_detail", args=[rma.case_id])).content.decode()
    assert rma.number in case_page and "300.00" in case_page.replace(",", "")


def test_another_party_cannot_request_or_read_a_return(client: Any) -> None:
    s = shop()
    rma = returns.request_return(
        s.order, actor=s.agent, lines=[ReturnLineInput(order_line=s.line, quantity=1)], reason="不需要了"
    )
    stranger = f.portal_user(f.customer(name="西南家电有限公司"), username="stranger")
    client.force_login(stranger)
    url = reverse("portal:return_request", args=[s.order.pk, s.line.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"quantity": "1", "condition": "used", "reason": "x"}).status_code == 404
    assert client.get(reverse("portal:case_detail", args=[rma.case_id])).status_code == 404
    assert client.get(reverse("service:return_detail", args=[rma.pk])).status_code in (302, 403, 404)


def test_the_customers_page_shows_its_returns(client: Any) -> None:
    s = shop()
    rma = returns.request_return(
        s.order, actor=s.agent, lines=[ReturnLineInput(order_line=s.line, quantity=1)], reason="不需要了"
    )
    client.force_login(s.agent)
    page = client.get(reverse("parties:party_detail", args=[s.customer.pk])).content.decode()
    assert rma.number in page and reverse("service:return_detail", args=[rma.pk]) in page
