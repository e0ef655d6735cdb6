"""The flow-templates API: everyone internal reads, administrators edit; running orders keep
their stages."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.fulfilment.models import FlowStep, FlowTemplate, OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order, user

pytestmark = pytest.mark.django_db
TEMPLATES = "/api/v1/flow-templates/"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def stock_template() -> FlowTemplate:
    return FlowTemplate.objects.get(code="make-to-stock")


def test_internal_users_read_the_templates(
    chain: Chain, api_client: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_client(chain.sales)
    with django_assert_max_num_queries(6):  # token, count, templates, their steps with departments
        response = client.get(TEMPLATES)

    assert response.status_code == 200 and response.json()["count"] == 2
    stock = next(t for t in response.json()["items"] if t["code"] == "make-to-stock")
    assert stock["is_default"] and stock["steps"][0]["code"] == "received"
    assert stock["steps"][0]["department"] == "sales" and stock["steps"][4]["trigger"] == "shipped"


def test_portal_tokens_see_no_templates(chain: Chain, api_client: Any) -> None:
    client = api_client(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    assert client.get(TEMPLATES).json()["count"] == 0
    assert client.get(f"{TEMPLATES}{stock_template().pk}").status_code == 404


def test_an_administrator_copies_a_template_and_makes_it_the_default(chain: Chain, api_client: Any) -> None:
    admin = api_client(user(Role.ADMINISTRATOR))

    created = admin.post(
        TEMPLATES,
        {
            "code": "express",
            "name": "Express",
            "order_type": "make_to_stock",
            "copy_from": stock_template().pk,
            "is_default": True,
        },
    )

    assert created.status_code == 201
    assert [s["code"] for s in created.json()["steps"]] == [
        s.code for s in stock_template().steps.order_by("sequence")
    ]
    assert created.json()["is_default"] is True
    assert FlowTemplate.objects.get(code="make-to-stock").is_default is False
    order = stock_order(chain)
    assert OrderStage.objects.filter(order=order).first().step.template.code == "express"


def test_an_administrator_edits_adds_and_removes_steps(chain: Chain, api_client: Any) -> None:
    admin = api_client(user(Role.ADMINISTRATOR))
    template = stock_template()
    picked = template.steps.get(code="picked")
    running = stock_order(chain)

    edited = admin.patch(
        f"{TEMPLATES}{template.pk}/steps/{picked.pk}",
        {"name": "Packed", "standard_hours": 6, "department": "production", "customer_label": "正在打包"},
    )
    added = admin.post(
        f"{TEMPLATES}{template.pk}/steps",
        {
            "code": "qa",
            "name": "Quality check",
            "department": "production",
            "standard_hours": 2,
            "optional": True,
            "sequence": 35,
        },
    )
    removed_new = admin.delete(f"{TEMPLATES}{template.pk}/steps/{added.json()['id']}")
    removed_used = admin.delete(f"{TEMPLATES}{template.pk}/steps/{picked.pk}")

    assert edited.status_code == 200
    assert edited.json()["name"] == "Packed" and edited.json()["department"] == "production"
    assert added.status_code == 201 and added.json()["sequence"] == 35 and added.json()["optional"]
    assert removed_new.status_code == 204
    assert removed_used.status_code == 422 and fields(removed_used) == {"step"}
    assert OrderStage.objects.get(order=running, code="picked").name == "Picked"  # running orders keep theirs
    assert OrderStage.objects.get(order=stock_order(chain), code="picked").standard_hours == 6


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "received", "name": "Again", "department": "sales"}, "code"),
        ({"code": "bad code!", "name": "X", "department": "sales"}, "code"),
        ({"code": "x1", "name": " ", "department": "sales"}, "name"),
        ({"code": "x2", "name": "X", "department": "kitchen"}, "department"),
        ({"code": "x3", "name": "X", "department": "sales", "sequence": 10}, "sequence"),
        ({"code": "x4", "name": "X", "department": "sales", "standard_hours": -1}, "standard_hours"),
        ({"code": "x5", "name": "X", "department": "sales", "trigger": "moon"}, "trigger"),
    ],
)
def test_bad_steps_are_422(chain: Chain, api_client: Any, payload: dict[str, Any], field: str) -> None:
    template = stock_template()
    before = template.steps.count()

    response = api_client(user(Role.ADMINISTRATOR)).post(f"{TEMPLATES}{template.pk}/steps", payload)

    assert response.status_code == 422 and field in fields(response)
    assert template.steps.count() == before


def test_bad_templates_are_422(chain: Chain, api_client: Any) -> None:
    admin = api_client(user(Role.ADMINISTRATOR))

    duplicate = admin.post(TEMPLATES, {"code": "make-to-stock", "name": "X", "order_type": "make_to_stock"})
    empty_default = admin.post(
        TEMPLATES, {"code": "e", "name": "E", "order_type": "make_to_stock", "is_default": True}
    )
    no_source = admin.post(
        TEMPLATES, {"code": "n", "name": "N", "order_type": "make_to_stock", "copy_from": 999999}
    )
    undefault = admin.patch(f"{TEMPLATES}{stock_template().pk}", {"is_default": False})

    assert duplicate.status_code == 422 and fields(duplicate) == {"code"}
    assert empty_default.status_code == 422 and fields(empty_default) == {"is_default"}
    assert no_source.status_code == 422 and fields(no_source) == {"copy_from"}
    assert undefault.status_code == 422 and fields(undefault) == {"is_default"}
    assert FlowTemplate.objects.count() == 2


def test_only_administrators_edit(chain: Chain, api_client: Any) -> None:
    template = stock_template()
    step = template.steps.get(code="picked")
    manager = api_client(chain.manager)

    assert manager.patch(f"{TEMPLATES}{template.pk}", {"name": "Mine"}).status_code == 403
    assert (
        manager.patch(f"{TEMPLATES}{template.pk}/steps/{step.pk}", {"standard_hours": 1}).status_code == 403
    )
    assert (
        manager.post(
            f"{TEMPLATES}{template.pk}/steps", {"code": "z", "name": "Z", "department": "sales"}
        ).status_code
        == 403
    )
    assert manager.delete(f"{TEMPLATES}{template.pk}/steps/{step.pk}").status_code == 403
    assert (
        manager.post(TEMPLATES, {"code": "m", "name": "M", "order_type": "make_to_stock"}).status_code == 403
    )
    assert FlowStep.objects.get(pk=step.pk).standard_hours == 16
    assert FlowTemplate.objects.get(pk=template.pk).name == "Make to stock"


def test_a_step_of_another_template_is_404(chain: Chain, api_client: Any) -> None:
    other_step = FlowTemplate.objects.get(code="make-to-order").steps.first()

    response = api_client(user(Role.ADMINISTRATOR)).patch(
        f"{TEMPLATES}{stock_template().pk}/steps/{other_step.pk}", {"name": "X"}
    )

    assert response.status_code == 404
    assert FlowStep.objects.get(pk=other_step.pk).name == "Received"
