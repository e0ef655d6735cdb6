"""Dates, times and offsets outside what Catena accepts are refused with a 422 naming the field
(pages: an error on the field), on SQLite and PostgreSQL alike, and nothing is written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from catena.accounts.services import create_api_token
from catena.comms.models import Interaction
from catena.core import bounds
from catena.fulfilment import services as flow
from catena.fulfilment.models import Shipment, TrackingEvent
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order
from catena.sales.models import SalesOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def booked(chain: Chain) -> Shipment:
    order = stock_order(chain)
    return flow.create_shipment(order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF1")


# --- the shared rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [date(1899, 12, 31), date(2201, 1, 1), date.min, date.max])
def test_a_date_outside_the_business_years_is_refused(value: date) -> None:
    with pytest.raises(bounds.OutOfBounds):
        bounds.check_date(value)


@pytest.mark.parametrize("value", [date(1900, 1, 1), date(2200, 12, 31)])
def test_the_first_and_last_business_years_are_accepted(value: date) -> None:
    assert bounds.check_date(value) == value


@pytest.mark.parametrize(
    "offset", [timedelta(hours=16), -timedelta(hours=16), timedelta(hours=23, minutes=59)]
)
def test_an_offset_postgresql_cannot_store_is_refused(offset: timedelta) -> None:
    from datetime import timezone as tz

    with pytest.raises(bounds.OutOfBounds):
        bounds.check_datetime(datetime(2026, 1, 1, tzinfo=tz(offset)))


def test_real_zones_are_accepted() -> None:
    from datetime import timezone as tz

    for hours in (-12, 0, 8, 14):
        moment = datetime(2026, 1, 1, tzinfo=tz(timedelta(hours=hours)))
        assert bounds.check_datetime(moment) == moment


# --- the requests that used to fail with a server error -------------------------------------------


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/parties/", "updated_since"),
        ("/api/v1/interactions/", "since"),
        ("/api/v1/interactions/", "until"),
    ],
)
@pytest.mark.parametrize(
    "value", ["2026-01-01T00:00:00+16:00", "2026-01-01T00:00:00+20:00", "0523-04-13T20:45:31"]
)
def test_list_filters_refuse_times_out_of_range(
    api_client: Any, manager: Any, path: str, param: str, value: str
) -> None:
    response = api_client(manager).get(path, **{param: value})

    assert response.status_code == 422, response.content
    assert fields(response) == {param}


def test_an_interaction_at_an_impossible_offset_is_refused(chain: Chain, api_client: Any) -> None:
    response = api_client(chain.sales).post(
        "/api/v1/interactions/",
        {
            "party": chain.customer.pk,
            "channel": "phone",
            "subject": "回访",
            "occurred_at": "2026-01-01T09:00:00+20:00",
        },
    )

    assert response.status_code == 422, response.content
    assert fields(response) == {"occurred_at"}
    assert not Interaction.objects.exists()


@pytest.mark.parametrize("value", ["2026-01-01T09:00:00+20:00", "1800-01-01T09:00:00+08:00"])
def test_carrier_events_out_of_range_are_refused(chain: Chain, api_client: Any, value: str) -> None:
    shipment = booked(chain)
    client = api_client(portal_user(chain.carrier))

    by_id = client.post(
        f"/api/v1/shipments/{shipment.pk}/events", {"kind": "picked_up", "occurred_at": value}
    )
    by_reference = client.post(
        "/api/v1/shipments/events", {"shipment": "SF1", "kind": "picked_up", "occurred_at": value}
    )

    assert by_id.status_code == 422 and fields(by_id) == {"occurred_at"}
    assert by_reference.status_code == 422 and fields(by_reference) == {"occurred_at"}
    assert not TrackingEvent.objects.exists()


def test_proof_of_delivery_signed_at_an_impossible_time_is_refused(chain: Chain) -> None:
    shipment = booked(chain)
    flow.record_tracking_event(shipment, actor=chain.logistics, kind="picked_up")
    _token, raw = create_api_token(portal_user(chain.carrier), name="tests")

    response = Client().post(
        f"/api/v1/shipments/{shipment.pk}/proof-of-delivery",
        data={"signed_by": "张三", "signed_at": "0523-04-13T20:45:31.0-20:48"},
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 422, response.content
    assert fields(response) == {"signed_at"}
    shipment.refresh_from_db()
    assert shipment.pod_signed_by == "" and shipment.pod_signed_at is None


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2201-01-01", "1899-12-31"])
def test_an_order_requested_for_an_impossible_date_is_refused(
    chain: Chain, api_client: Any, value: str
) -> None:
    response = api_client(chain.sales).post(
        "/api/v1/orders/",
        {
            "customer": chain.customer.pk,
            "requested_date": value,
            "lines": [{"product": chain.widget.pk, "quantity": "1"}],
        },
    )

    assert response.status_code == 422, response.content
    assert fields(response) == {"requested_date"}
    assert not SalesOrder.objects.exists()


def test_an_order_requested_for_the_last_business_year_is_placed(chain: Chain, api_client: Any) -> None:
    response = api_client(chain.sales).post(
        "/api/v1/orders/",
        {
            "customer": chain.customer.pk,
            "requested_date": "2200-12-31",
            "lines": [{"product": chain.widget.pk, "quantity": "1"}],
        },
    )

    assert response.status_code == 201, response.content


# --- the same bounds on the pages ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_the_order_form_refuses_an_impossible_requested_date(
    chain: Chain, client: Client, value: str
) -> None:
    client.force_login(chain.sales)

    response = client.post(
        "/orders/new/",
        {
            "customer": chain.customer.pk,
            "customer_name": chain.customer.name,
            "order_type": "make_to_stock",
            "requested_date": value,
            "payment_terms": "net_30",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-product": chain.widget.pk,
            "lines-0-product_name": chain.widget.name,
            "lines-0-quantity": "1",
        },
    )

    assert response.status_code in (200, 422)
    assert "requested_date" in response.context["form"].errors
    assert not SalesOrder.objects.exists()


def test_a_carrier_page_event_at_an_impossible_offset_is_refused(chain: Chain) -> None:
    from catena.portal.forms import TrackingEventForm

    form = TrackingEventForm(data={"kind": "picked_up", "occurred_at": "2026-01-01T09:00+20:00"})

    assert not form.is_valid()
    assert "occurred_at" in form.errors


def test_the_party_list_page_ignores_an_impossible_offset(client: Client, manager: Any) -> None:
    client.force_login(manager)

    response = client.get("/parties/", {"updated_since": "2026-01-01T00:00:00+20:00"})

    assert response.status_code == 200


def test_seconds_after_now_are_still_accepted(chain: Chain, api_client: Any) -> None:
    shipment = booked(chain)
    moment = timezone.localtime() - timedelta(minutes=5)

    response = api_client(chain.logistics).post(
        f"/api/v1/shipments/{shipment.pk}/events", {"kind": "picked_up", "occurred_at": moment.isoformat()}
    )

    assert response.status_code == 201, response.content
