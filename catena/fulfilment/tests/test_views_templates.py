"""Flow-template pages: everyone internal reads them; administrators edit, add and remove steps,
copy a template and make it the default."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import Department
from catena.fulfilment.models import FlowStep, FlowTemplate
from catena.fulfilment.tests.scenario import Chain, build_chain, stock_order, user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def stock_template() -> FlowTemplate:
    return FlowTemplate.objects.get(code="make-to-stock")


def step_post(step: FlowStep, **changes: Any) -> dict[str, Any]:
    prefix = f"step-{step.pk}-"
    data = {
        "sequence": step.sequence,
        "name": step.name,
        "department": step.department_id,
        "standard_hours": step.standard_hours,
        "trigger": step.trigger,
        "customer_label": step.customer_label,
    } | changes
    if step.optional and "optional" not in changes:
        data["optional"] = "on"
    return {prefix + key: value for key, value in data.items() if value is not None}


def test_everyone_internal_reads_and_only_administrators_get_inputs(chain: Chain) -> None:
    template = stock_template()
    detail = reverse("fulfilment:template_detail", args=[template.pk])

    as_reader = signed_in(user(Role.READ_ONLY)).get(detail).content.decode()
    as_admin = signed_in(user(Role.ADMINISTRATOR)).get(detail).content.decode()
    listing = signed_in(chain.sales).get(reverse("fulfilment:template_list")).content.decode()

    assert "Picked" in as_reader and "<input form=" not in as_reader and "Add a step" not in as_reader
    assert "<input form=" in as_admin and "Add a step" in as_admin
    assert "Make to order" in listing and "Received → Confirmed" in listing


def test_an_administrator_edits_a_step_with_htmx(chain: Chain) -> None:
    step = stock_template().steps.get(code="picked")
    client = signed_in(user(Role.ADMINISTRATOR))
    update = reverse("fulfilment:step_update", args=[step.template_id, step.pk])
    production = Department.objects.get(code="production")

    saved = client.post(
        update, step_post(step, name="Packed", standard_hours=6, department=production.pk), headers=HTMX
    )
    clash = client.post(update, step_post(step, sequence=10), headers=HTMX)

    assert 'data-testid="outcome-ok"' in saved.content.decode()
    step.refresh_from_db()
    assert step.name == "Packed" and step.standard_hours == 6 and step.department == production
    assert "Another step of this template has this position." in clash.content.decode()
    assert FlowStep.objects.get(pk=step.pk).sequence == 40


def test_adding_and_removing_steps(chain: Chain) -> None:
    template = stock_template()
    client = signed_in(user(Role.ADMINISTRATOR))
    sales = Department.objects.get(code="sales")
    stock_order(chain)  # orders have now gone through the standard steps

    added = client.post(
        reverse("fulfilment:step_add", args=[template.pk]),
        {
            "code": "credit",
            "name": "Credit check",
            "department": sales.pk,
            "standard_hours": 2,
            "trigger": "manual",
            "sequence": 15,
        },
        headers=HTMX,
    )
    duplicate = client.post(
        reverse("fulfilment:step_add", args=[template.pk]),
        {"code": "picked", "name": "Again", "department": sales.pk, "standard_hours": 2, "trigger": "manual"},
        headers=HTMX,
    )
    new_step = template.steps.get(code="credit")
    removed = client.post(reverse("fulfilment:step_remove", args=[template.pk, new_step.pk]), headers=HTMX)
    used = template.steps.get(code="picked")
    kept = client.post(reverse("fulfilment:step_remove", args=[template.pk, used.pk]), headers=HTMX)

    assert "Credit check" in added.content.decode()
    assert "Another step of this template has this code." in duplicate.content.decode()
    assert "removed" in removed.content.decode() and not template.steps.filter(code="credit").exists()
    assert "Orders have gone through this step" in kept.content.decode()
    assert template.steps.filter(code="picked").exists()


def test_copying_a_template_and_making_it_the_default(chain: Chain) -> None:
    client = signed_in(user(Role.ADMINISTRATOR))
    source = stock_template()

    form = client.get(reverse("fulfilment:template_create"), {"copy_from": source.pk})
    created = client.post(
        reverse("fulfilment:template_create"),
        {"code": "express", "name": "Express", "order_type": "make_to_stock", "copy_from": source.pk},
    )
    copy = FlowTemplate.objects.get(code="express")
    made_default = client.post(reverse("fulfilment:template_make_default", args=[copy.pk]), headers=HTMX)
    duplicate = client.post(
        reverse("fulfilment:template_create"), {"code": "express", "name": "X", "order_type": "make_to_stock"}
    )

    assert form.status_code == 200
    assert created.status_code == 302 and copy.steps.count() == source.steps.count()
    assert "now follow" in made_default.content.decode()
    assert (
        FlowTemplate.objects.get(code="express").is_default
        and not FlowTemplate.objects.get(code="make-to-stock").is_default
    )
    assert "Another template has this code." in duplicate.content.decode()


def test_others_may_not_edit(chain: Chain) -> None:
    template = stock_template()
    step = template.steps.get(code="picked")
    client = signed_in(chain.manager)

    assert (
        client.post(
            reverse("fulfilment:step_update", args=[template.pk, step.pk]), step_post(step, standard_hours=1)
        ).status_code
        == 403
    )
    assert client.post(reverse("fulfilment:step_remove", args=[template.pk, step.pk])).status_code == 403
    assert client.post(reverse("fulfilment:template_make_default", args=[template.pk])).status_code == 403
    assert client.get(reverse("fulfilment:template_create")).status_code == 403
    assert FlowStep.objects.get(pk=step.pk).standard_hours == 16


def test_a_step_of_another_template_is_404(chain: Chain) -> None:
    other = FlowTemplate.objects.get(code="make-to-order").steps.first()
    client = signed_in(user(Role.ADMINISTRATOR))

    response = client.post(
        reverse("fulfilment:step_update", args=[stock_template().pk, other.pk]), step_post(other, name="X")
    )

    assert response.status_code == 404
    assert FlowStep.objects.get(pk=other.pk).name == "Received"
