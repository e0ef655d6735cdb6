"""The codes clients branch on when the flow, purchasing or shipping refuses: stable whatever the
language of the message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from catena.fulfilment import services
from catena.fulfilment.models import PurchaseOrder
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/orders/"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Cannot move from “received” to “shipped”"), ("zh-hans", "无法从“received”转到“shipped”")],
)
def test_a_move_the_flow_does_not_allow_answers_its_code_in_the_callers_language(
    chain: Chain, api_client: Any, language: str, words: str
) -> None:
    order = stock_order(chain)
    client = api_client(chain.manager)
    client.headers["Accept-Language"] = language

    response = client.post(f"{ORDERS}{order.pk}/move", {"to": "shipped", "version": order.version})

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "to" and error["code"] == "order.transition_not_allowed"
    assert words in error["message"]


def test_a_stale_order_answers_order_stale_version_with_the_current_version(
    chain: Chain, api_client: Any
) -> None:
    order = stock_order(chain)
    seen = order.version
    services.move_stage(order, to="confirmed", actor=chain.sales)

    response = api_client(chain.manager).post(
        f"{ORDERS}{order.pk}/move", {"to": "allocated", "version": seen}
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "order.stale_version" and body["version"] == seen + 1
    assert body["errors"] == [
        {"field": "version", "message": f"The current version is {seen + 1}.", "code": "order.stale_version"}
    ]


def test_a_cancelled_order_can_neither_move_nor_reopen_and_says_so_by_code(
    chain: Chain, api_client: Any
) -> None:
    order = stock_order(chain)
    client = api_client(chain.manager)
    url = f"{ORDERS}{order.pk}/status"
    cancelled = client.post(url, {"status": "cancelled", "reason": "客户撤单", "version": order.version})
    assert cancelled.status_code == 200
    version = cancelled.json()["version"]

    moved = client.post(f"{ORDERS}{order.pk}/move", {"to": "confirmed", "version": version})
    reopened = client.post(url, {"status": "open", "version": version})

    assert moved.status_code == reopened.status_code == 422
    assert [e["code"] for e in moved.json()["errors"]] == ["order.transition_not_allowed"]
    assert [e["code"] for e in reopened.json()["errors"]] == ["order.transition_not_allowed"]


def test_a_purchase_order_answered_twice_answers_already_confirmed(chain: Chain, api_client: Any) -> None:
    (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)
    client = api_client(portal_user(chain.supplier))
    promised = (timezone.localdate() + timedelta(days=6)).isoformat()
    first = client.post(
        f"/api/v1/purchase-orders/{po.pk}/answer", {"answer": "confirm", "promised_date": promised}
    )
    assert first.status_code == 200

    again = client.post(
        f"/api/v1/purchase-orders/{po.pk}/answer", {"answer": "confirm", "promised_date": promised}
    )

    assert again.status_code == 422
    assert [e["code"] for e in again.json()["errors"]] == ["purchase_order.already_confirmed"]
    assert PurchaseOrder.objects.get(pk=po.pk).status == "confirmed"


def test_a_stale_purchase_order_answers_its_own_stale_code(chain: Chain, api_client: Any) -> None:
    (po,) = services.purchase_materials(made_order(chain), actor=chain.purchasing)

    response = api_client(chain.purchasing).post(
        f"/api/v1/purchase-orders/{po.pk}/cancel", {"reason": "不需要了", "version": po.version + 1}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "purchase_order.stale_version"
