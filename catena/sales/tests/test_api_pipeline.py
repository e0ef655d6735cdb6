"""The leads, opportunities, pipeline and pipeline steps API (published as ``/pipeline-stages/``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties.models import PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import Lead, Opportunity, PipelineStep
from catena.sales.tests.factories import LeadFactory, customer, opportunity, step

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def portal_user(make_user: Callable[..., User]) -> User:
    user = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=user, party=customer())
    return user


def test_create_qualify_and_convert_a_lead(api_client: Clients, sales: User) -> None:
    client = api_client(sales)

    created = client.post(
        "/api/v1/leads/",
        {"company": "无锡恒通机械", "contact_name": "周伟", "phone": "13812345678", "source": "web_form",
         "estimated_amount": "120000.00"},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    lead = created.json()
    assert lead["phone"] == "+8613812345678" and lead["owner"]["id"] == sales.pk and lead["status"] == "new"

    qualified = client.post(f"/api/v1/leads/{lead['id']}/qualify", {"has_budget": True, "has_need": True})
    assert qualified.status_code == 200 and qualified.json()["bant_score"] == 2

    converted = client.post(
        f"/api/v1/leads/{lead['id']}/convert", {"expected_close": "2027-06-30", "stage": "needs_analysis"}
    )
    assert converted.status_code == 201, converted.json()
    body = converted.json()
    assert body["lead"]["status"] == "converted" and body["party"]["name"] == "无锡恒通机械"
    deal = body["opportunity"]
    assert deal["stage"]["code"] == "needs_analysis" and deal["probability"] == 30
    assert deal["amount"] == "120000.00" and deal["source_lead_id"] == lead["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"company": ""}, "company"),
        ({"company": "x", "phone": "123"}, "phone"),
        ({"company": "x", "email": "nope"}, "email"),
        ({"company": "x", "source": "pigeon"}, "source"),
        ({"company": "x", "estimated_amount": "-1"}, "estimated_amount"),
        ({"company": "x", "owner": 99999}, "owner"),
        ({"company": "x", "colour": "red"}, "colour"),
    ],
)
def test_bad_lead_input_is_a_422_naming_the_field(
    api_client: Clients, sales: User, payload: dict[str, Any], field: str
) -> None:
    response = api_client(sales).post("/api/v1/leads/", payload)

    assert response.status_code == 422, response.json()
    assert field in fields_of(response)
    assert not Lead.objects.exists()


def test_lead_list_filters_and_readers_cannot_write(api_client: Clients, reader: User, sales: User) -> None:
    LeadFactory.create(company="甲", status="qualified")
    LeadFactory.create(company="乙", status="new", owner=sales)

    listed = api_client(reader).get("/api/v1/leads/", status="qualified")

    assert [i["company"] for i in listed.json()["items"]] == ["甲"]
    assert api_client(reader).post("/api/v1/leads/", {"company": "丙"}).status_code == 403
    lead = Lead.objects.get(company="乙")
    assert api_client(reader).patch(f"/api/v1/leads/{lead.pk}", {"notes": "x"}).status_code == 403
    assert api_client(sales).get("/api/v1/leads/", status="bogus").status_code == 422


def test_portal_users_see_nothing_of_the_pipeline(api_client: Clients, portal_user: User) -> None:
    lead = LeadFactory.create()
    deal = opportunity()
    client = api_client(portal_user)

    assert client.get("/api/v1/leads/").json() == {"count": 0, "items": []}
    assert client.get(f"/api/v1/leads/{lead.pk}").status_code == 404
    assert client.get("/api/v1/opportunities/").json()["count"] == 0
    assert client.get(f"/api/v1/opportunities/{deal.pk}").status_code == 404
    assert client.post(f"/api/v1/opportunities/{deal.pk}/move", {"stage": "won"}).status_code == 404
    assert client.get("/api/v1/opportunities/pipeline").json() == {"by_month": [], "by_owner": []}
    assert client.get("/api/v1/pipeline-stages/").json()["count"] == 0


def test_create_and_move_an_opportunity_with_its_version(api_client: Clients, sales: User) -> None:
    party = customer()
    client = api_client(sales)
    created = client.post(
        "/api/v1/opportunities/",
        {"party": party.pk, "name": "二期扩产", "amount": "500000", "expected_close": "2027-05-31"},
    )
    assert created.status_code == 201, created.json()
    deal = created.json()
    assert (deal["stage"]["code"], deal["probability"], deal["version"]) == ("qualification", 10, 1)
    assert deal["weighted_amount"] == "50000.00"

    moved = client.post(f"/api/v1/opportunities/{deal['id']}/move", {"stage": "proposal", "version": 1})
    assert moved.status_code == 200 and moved.json()["version"] == 2 and moved.json()["probability"] == 50

    stale = client.post(
        f"/api/v1/opportunities/{deal['id']}/move", {"stage": "lost", "version": 1, "lost_reason": "价格"}
    )
    assert stale.status_code == 409 and stale.json()["version"] == 2
    assert Opportunity.objects.get(pk=deal["id"]).step.code == "proposal"

    no_reason = client.post(f"/api/v1/opportunities/{deal['id']}/move", {"stage": "lost", "version": 2})
    assert no_reason.status_code == 422 and "lost_reason" in fields_of(no_reason)
    unknown = client.post(f"/api/v1/opportunities/{deal['id']}/move", {"stage": "heaven"})
    assert unknown.status_code == 422 and "stage" in fields_of(unknown)


def test_a_pipeline_without_open_steps_refuses_on_the_published_stage_field(
    api_client: Clients, sales: User
) -> None:
    PipelineStep.objects.filter(is_won=False, is_lost=False).update(is_active=False)

    refused = api_client(sales).post(
        "/api/v1/opportunities/", {"party": customer().pk, "name": "无处可放", "expected_close": "2027-05-31"}
    )

    assert refused.status_code == 422
    assert {(e["field"], e["code"]) for e in refused.json()["errors"]} == {("stage", "pipeline.not_set_up")}
    assert not Opportunity.objects.exists()


def test_opportunity_patch_and_its_refusals(
    api_client: Clients, make_user: Callable[..., User], reader: User
) -> None:
    owner, other = make_user(Role.SALES), make_user(Role.SALES)
    deal = opportunity(owner=owner)

    assert api_client(other).patch(f"/api/v1/opportunities/{deal.pk}", {"amount": "1"}).status_code == 403
    assert (
        api_client(reader).post(f"/api/v1/opportunities/{deal.pk}/move", {"stage": "won"}).status_code == 403
    )
    bad = api_client(owner).patch(
        f"/api/v1/opportunities/{deal.pk}", {"probability": 101, "expected_close": None}
    )
    assert bad.status_code == 422 and {"probability", "expected_close"} <= fields_of(bad)
    ok = api_client(owner).patch(f"/api/v1/opportunities/{deal.pk}", {"amount": "2500.50", "version": 1})
    assert ok.status_code == 200 and ok.json()["amount"] == "2500.50" and ok.json()["version"] == 2
    assert (
        api_client(owner).patch(f"/api/v1/opportunities/{deal.pk}", {"notes": "x", "version": 1}).status_code
        == 409
    )
    missing_party = api_client(owner).post(
        "/api/v1/opportunities/", {"party": 999999, "name": "x", "expected_close": "2027-01-01"}
    )
    assert missing_party.status_code == 422 and "party" in fields_of(missing_party)


def test_the_pipeline_summary_per_month_and_owner(api_client: Clients, manager: User, sales: User) -> None:
    opportunity(owner=sales, amount=Decimal("1000"), probability=50, expected_close=date(2027, 3, 3))
    opportunity(owner=manager, amount=Decimal("400"), probability=25, expected_close=date(2027, 4, 4))

    body = api_client(manager).get("/api/v1/opportunities/pipeline").json()

    assert [(r["month"], r["weighted"]) for r in body["by_month"]] == [
        ("2027-03", "500.00"),
        ("2027-04", "100.00"),
    ]
    assert [(r["owner_id"], r["count"]) for r in body["by_owner"]] == [(sales.pk, 1), (manager.pk, 1)]
    only = api_client(manager).get("/api/v1/opportunities/pipeline", owner=sales.pk).json()
    assert [r["month"] for r in only["by_month"]] == ["2027-03"]


def test_steps_are_listed_for_staff_and_set_by_managers(
    api_client: Clients, sales: User, manager: User
) -> None:
    listed = api_client(sales).get("/api/v1/pipeline-stages/").json()
    assert [s["code"] for s in listed["items"]][:2] == ["qualification", "needs_analysis"]
    assert listed["items"][0]["display_name"] == "Qualification"

    assert api_client(sales).post("/api/v1/pipeline-stages/", {"name": "Demo"}).status_code == 403
    created = api_client(manager).post(
        "/api/v1/pipeline-stages/", {"name": "Demo", "sequence": 25, "default_probability": 40}
    )
    assert created.status_code == 201 and created.json()["code"] == "demo"
    both = api_client(manager).patch(
        f"/api/v1/pipeline-stages/{created.json()['id']}", {"is_won": True, "is_lost": True}
    )
    assert both.status_code == 422 and "is_lost" in fields_of(both)
    used = step("proposal")
    opportunity(step=used)
    refused = api_client(manager).delete(f"/api/v1/pipeline-stages/{used.pk}")
    assert refused.status_code == 422
    assert api_client(manager).delete(f"/api/v1/pipeline-stages/{created.json()['id']}").status_code == 204
    assert not PipelineStep.objects.filter(code="demo").exists()


def test_converting_onto_a_party_the_caller_cannot_see_is_refused(api_client: Clients, sales: User) -> None:
    lead = LeadFactory.create(owner=sales)

    response = api_client(sales).post(f"/api/v1/leads/{lead.pk}/convert", {"party": 987654})

    assert response.status_code == 422 and "party" in fields_of(response)
    assert PartyFactory._meta.model.objects.count() == 0
