"""The analytics API: the latest flow figures, the live board, asking for a recomputation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.models import OrderStage
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user
from catena.insights import services
from catena.insights.choices import RunStatus
from catena.insights.models import FlowMetricRun
from catena.insights.tests import flow_data as data
from catena.insights.tests.flow_data import hours, local

pytestmark = pytest.mark.django_db
FLOW = "/api/v1/analytics/flow"
STUCK = "/api/v1/analytics/stuck"
RECOMPUTE = "/api/v1/analytics/flow/recompute"


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def test_the_latest_figures_of_one_dimension(
    chain: Chain, reader: User, api_client: Callable, django_assert_max_num_queries
) -> None:
    sent = local(2025, 3, 1)
    data.purchase_order(chain.supplier, sent=sent, received=sent + hours(30), needed_by=date(2025, 3, 5))
    data.purchase_order(chain.supplier, sent=sent, received=sent + hours(50), needed_by=date(2025, 3, 2))
    data.finish_stage(data.order(chain), "received", started=sent, took=2)
    services.compute_flow_metrics()  # an older snapshot
    run = services.compute_flow_metrics()
    client = api_client(reader)

    with django_assert_max_num_queries(5):
        response = client.get(FLOW, dimension="supplier")

    assert response.status_code == 200
    body = response.json()
    assert body["run"]["id"] == run.pk and body["run"]["status"] == "done"
    assert body["run"]["purchase_orders_measured"] == 2 and body["count"] == 1
    (row,) = body["items"]
    assert row["key"] == str(chain.supplier.pk) and row["party_id"] == chain.supplier.pk
    assert (row["count"], row["median_hours"], row["p90_hours"]) == (2, 40.0, 48.0)
    assert (row["on_time_rate"], row["on_time_base"]) == (0.5, 2)
    everything = client.get(FLOW, limit=1).json()
    assert everything["count"] == 3 and [i["dimension"] for i in everything["items"]] == ["department"]
    second = client.get(FLOW, limit=1, offset=1).json()
    assert second["count"] == 3 and [i["dimension"] for i in second["items"]] == ["stage"]


def test_without_a_computation_there_are_no_figures(reader: User, api_client: Callable) -> None:
    body = api_client(reader).get(FLOW).json()

    assert body == {"run": None, "count": 0, "items": []}


def test_an_unknown_dimension_is_refused_naming_the_field(reader: User, api_client: Callable) -> None:
    response = api_client(reader).get(FLOW, dimension="planet")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "dimension"
    bad_page = api_client(reader).get(FLOW, limit=0)
    assert bad_page.status_code == 422 and bad_page.json()["errors"][0]["field"] == "limit"


def test_portal_tokens_are_refused_and_anonymous_callers_must_sign_in(
    chain: Chain, api_client: Callable
) -> None:
    carrier = api_client(portal_user(chain.carrier))

    for path in (FLOW, STUCK, "/api/v1/analytics/flow/runs/1"):
        assert carrier.get(path).status_code == 403
        assert api_client(None).get(path).status_code == 401
    assert carrier.post(RECOMPUTE, {}).status_code == 403
    assert not FlowMetricRun.objects.exists()


def test_managers_start_a_recomputation_others_may_not(
    chain: Chain, manager: User, sales: User, api_client: Callable, django_capture_on_commit_callbacks
) -> None:
    assert api_client(sales).post(RECOMPUTE, {}).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(manager).post(RECOMPUTE, {})

    assert response.status_code == 202 and response.json()["status"] == "pending"
    run_id = response.json()["id"]
    polled = api_client(sales).get(f"/api/v1/analytics/flow/runs/{run_id}").json()
    assert polled["status"] == RunStatus.DONE and polled["steps_done"] == polled["steps_total"]
    assert api_client(sales).get("/api/v1/analytics/flow/runs/999999").status_code == 404
    assert api_client(sales).get("/api/v1/analytics/flow/runs/0").status_code == 422


def test_the_live_board_counts_waiting_and_late_orders(
    chain: Chain, make_user: Callable[..., User], api_client: Callable
) -> None:
    now = timezone.now()
    late, fresh = data.order(chain), data.order(chain)
    OrderStage.objects.filter(order=late, code="received").update(due_at=now - hours(2))
    OrderStage.objects.filter(order=fresh, code="received").update(due_at=now + hours(2))

    body = api_client(make_user(Role.LOGISTICS)).get(STUCK).json()

    assert (body["total"], body["late"]) == (2, 1)
    (stage,) = body["stages"]
    assert (stage["key"], stage["label"], stage["department"], stage["count"], stage["late"]) == (
        "received", "Received", "sales", 2, 1,
    )  # fmt: skip
    assert stage["oldest_since"] is not None
    assert [(d["key"], d["count"]) for d in body["departments"]] == [("sales", 2)]
