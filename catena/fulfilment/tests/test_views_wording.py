"""What a new user read wrong on order pages: a stage that read as done while waiting, "Number"
as a digit, quantities in scientific notation, English step names in the template editor."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.fulfilment import services
from catena.fulfilment.choices import StageState
from catena.fulfilment.models import FlowTemplate, OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, stock_order, user
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db
ZH = {"accept-language": "zh-hans"}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def waiting_for_delivery(order: SalesOrder) -> SalesOrder:
    """The goods are on their way and late: every stage before delivery is done."""
    delivered = order.stages.get(code="delivered")
    order.stages.filter(sequence__lt=delivered.sequence).update(
        state=StageState.DONE, completed_at=timezone.now()
    )
    order.stages.filter(pk=delivered.pk).update(
        state=StageState.ACTIVE, started_at=timezone.now(), due_at=timezone.now() - timedelta(hours=5)
    )
    OrderStage.objects.filter(order=order).exclude(state__in=[StageState.DONE, StageState.ACTIVE]).update(
        state=StageState.PENDING
    )
    SalesOrder.objects.filter(pk=order.pk).update(stage="delivered")
    return order


@pytest.mark.parametrize(
    ("headers", "waiting", "done"), [({}, "Awaiting delivery", "Delivered"), (ZH, "待送达", "已送达")]
)
def test_an_order_waiting_for_delivery_does_not_read_as_delivered(
    chain: Chain, headers: dict[str, str], waiting: str, done: str
) -> None:
    order = waiting_for_delivery(stock_order(chain))
    client = signed_in(chain.manager)

    listing = client.get(reverse("fulfilment:order_list"), headers=headers).content.decode()
    page = client.get(reverse("fulfilment:order_detail", args=[order.pk]), headers=headers).content.decode()

    for body in (listing, page):
        assert f">{waiting}</span>" in body
        assert f'class="badge stage" title="{done}"' in body  # the step's own name stays at hand
        assert f'class="badge stage">{done}<' not in body


@pytest.mark.parametrize("headers", [{}, ZH])
def test_quantities_left_to_ship_are_plain_numbers(chain: Chain, headers: dict[str, str]) -> None:
    order = stock_order(chain, quantity=10)

    page = signed_in(chain.logistics).get(
        reverse("fulfilment:order_detail", args=[order.pk]), headers=headers
    )

    body = page.content.decode()
    assert "E+" not in body
    assert ("Up to 10" if not headers else "最多 10") in body


def test_document_numbers_are_not_digits_in_chinese(chain: Chain) -> None:
    made = made_order(chain)
    services.purchase_materials(made, actor=chain.purchasing)
    services.plan_production(made, actor=chain.production)
    client = signed_in(chain.manager)

    for name in ("fulfilment:po_list", "fulfilment:wo_list"):
        body = client.get(reverse(name), headers=ZH).content.decode()
        assert "<th>单号</th>" in body and "数字" not in body, name


def test_the_template_editor_shows_how_english_step_names_read(chain: Chain) -> None:
    template = FlowTemplate.objects.get(code="make-to-stock")

    page = signed_in(user(Role.ADMINISTRATOR)).get(
        reverse("fulfilment:template_detail", args=[template.pk]), headers=ZH
    )

    body = page.content.decode()
    assert 'value="Received"' in body  # the stored name, as typed
    assert "显示为“已接收”" in body
    assert "显示为“我们已收到您的订单。”" in body
