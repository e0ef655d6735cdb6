"""The first-run checklist: each step done as the data says; gone once all are done or dismissed;
the import templates carry an example row the importer reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts import services as accounts
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.models import FlowTemplate
from catena.fulfilment.services import flow_templates
from catena.integrations import columns, selectors
from catena.integrations.tests.factories import csv_bytes
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
HOME = reverse("insights:home")


def steps(user: User) -> dict[str, bool]:
    return {step.key: step.is_done for step in selectors.first_run_steps(user)}


def test_an_empty_installation_shows_the_administrator_every_step_to_do(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(admin_user)
    assert steps(admin_user) == {"company": False, "users": False, "parties": False, "flow": False}
    assert reverse("settings:start") in client.get(HOME).content.decode()
    page = client.get(reverse("settings:start")).content.decode()
    assert reverse("integrations:import_template", args=["parties"]) in page


def test_steps_are_done_as_the_data_says_and_the_card_goes(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    accounts.update_company_profile(actor=admin_user, name="链迅科技", default_currency="CNY")
    accounts.create_staff_user(
        actor=admin_user, username="liwei", password="Chain-links-2026!", role=Role.SALES
    )
    PartyFactory()
    template = FlowTemplate.objects.first()
    assert template is not None
    flow_templates.update_template(template, actor=admin_user, name="标准订单流程")

    assert steps(admin_user) == {"company": True, "users": True, "parties": True, "flow": True}
    assert reverse("settings:start") not in logged_in(admin_user).get(HOME).content.decode()


def test_dismissing_puts_the_checklist_away(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    client = logged_in(admin_user)
    assert client.post(reverse("settings:start_dismiss")).status_code == 302
    assert reverse("settings:start_dismiss") not in client.get(HOME).content.decode()


def test_other_staff_never_see_the_checklist(sales: User, logged_in: Callable[[User], Client]) -> None:
    assert reverse("settings:start") not in logged_in(sales).get(HOME).content.decode()


@pytest.mark.parametrize("kind", ["parties", "products", "interactions"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_templates_have_a_header_and_one_example_row(
    kind: str, lang: str, admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(admin_user).get(reverse("integrations:import_template", args=[kind]), {"lang": lang})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == columns.template_headers(kind, lang)
    assert len(rows) == 2 and any(rows[1])
    assert len(rows[1]) == len(rows[0])


@pytest.mark.parametrize("kind", ["parties", "products"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_example_row_of_a_template_imports_cleanly(
    kind: str, lang: str, run_import: Callable[..., object]
) -> None:
    data = csv_bytes([columns.template_headers(kind, lang), columns.template_example(kind, lang)])
    job = run_import(data, kind, commit=False)
    assert job.rejected_count == 0, job.errors  # type: ignore[attr-defined]
