"""One rule for owner references: an owner is an active member of staff who may change that
kind of record; parties, leads, opportunities and quotes all follow it, page and API alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.accounts.services import eligible_owner
from catena.conftest import ApiClient
from catena.parties.models import Party
from catena.sales.models import Lead

Clients = Callable[[User | None], ApiClient]


@pytest.mark.parametrize(
    "role", [Role.PORTAL_CUSTOMER, Role.PORTAL_PARTNER, Role.READ_ONLY], ids=lambda r: str(r)
)
def test_a_party_cannot_be_given_to_a_portal_user_or_a_read_only_colleague(
    api_client: Clients, sales: User, make_user: Callable[..., User], role: str
) -> None:
    stranger = make_user(role)

    response = api_client(sales).post(
        "/api/v1/parties/", {"name": "上海申达物流有限公司", "owner": stranger.pk}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["owner"]
    assert not Party.objects.filter(name="上海申达物流有限公司").exists()


def test_a_party_may_be_given_to_a_sales_colleague(
    api_client: Clients, manager: User, make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.SALES)

    response = api_client(manager).post("/api/v1/parties/", {"name": "华东建材", "owner": colleague.pk})

    assert response.status_code == 201, response.content
    assert Party.objects.get(name="华东建材").owner == colleague


def test_an_inactive_colleague_cannot_own_a_lead(
    api_client: Clients, sales: User, make_user: Callable[..., User]
) -> None:
    left = make_user(Role.SALES, is_active=False)

    response = api_client(sales).post("/api/v1/leads/", {"company": "苏州精工", "owner": left.pk})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["owner"]
    assert not Lead.objects.filter(company="苏州精工").exists()


def test_a_portal_user_cannot_own_a_lead(
    api_client: Clients, sales: User, make_user: Callable[..., User]
) -> None:
    customer = make_user(Role.PORTAL_CUSTOMER)

    response = api_client(sales).post("/api/v1/leads/", {"company": "苏州精工", "owner": customer.pk})

    assert response.status_code == 422
    assert not Lead.objects.filter(company="苏州精工").exists()


@pytest.mark.parametrize("value", ["", None])
def test_no_owner_leaves_the_record_unowned(value: Any, db: None) -> None:
    assert eligible_owner(value, kind="party") is None


def test_an_unknown_id_is_refused(db: None) -> None:
    with pytest.raises(ValidationError):
        eligible_owner(987654, kind="party")


@pytest.mark.parametrize("role", [Role.PORTAL_CUSTOMER, Role.READ_ONLY], ids=lambda r: str(r))
def test_an_order_cannot_be_given_to_a_portal_user_or_a_read_only_colleague(
    api_client: Clients, role: str, make_user: Callable[..., User]
) -> None:
    from catena.fulfilment.tests.scenario import build_chain, stock_order

    chain = build_chain()
    order = stock_order(chain)
    stranger = make_user(role)
    before = (order.owner_id, order.version)

    response = api_client(chain.sales).patch(
        f"/api/v1/orders/{order.pk}", {"owner": stranger.pk, "version": order.version}
    )

    assert response.status_code == 422, response.content
    assert [e["code"] for e in response.json()["errors"] if e["field"] == "owner"] == ["owner.not_eligible"]
    order.refresh_from_db()
    assert (order.owner_id, order.version) == before
