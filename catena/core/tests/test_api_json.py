"""The API's JSON: Chinese text arrives as UTF-8, not ``\\uXXXX`` escapes, and dates, times and
amounts read exactly as they always have (datetimes to the millisecond with ``Z``, Decimals as
strings)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy

from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.core.renderers import dumps
from catena.parties.models import Party

pytestmark = pytest.mark.django_db


def test_a_party_arrives_in_utf8_with_its_times_as_before(
    api_client: Callable[[User], ApiClient], sales: User
) -> None:
    party = Party.objects.create(name="深圳华强电子有限公司", province="广东省")

    response = api_client(sales).get(f"/api/v1/parties/{party.pk}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "深圳华强电子有限公司".encode() in response.content
    assert b"\\u" not in response.content
    body = response.json()
    assert body["name"] == "深圳华强电子有限公司" and body["province"] == "广东省"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", body["created_at"])


def test_an_error_arrives_in_utf8_too(api_client: Callable[[User], ApiClient], sales: User) -> None:
    client = api_client(sales)
    client.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = client.get("/api/v1/parties/999999")

    assert response.status_code == 404
    assert b"\\u" not in response.content
    assert response.json()["code"] == "not_found"


def test_values_are_written_as_the_django_encoder_writes_them() -> None:
    values = {
        "at": datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC),
        "whole second": datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
        "in Shanghai": datetime(2026, 3, 4, 5, 6, 7, 999, tzinfo=ZoneInfo("Asia/Shanghai")),
        "on": date(2026, 3, 4),
        "time": time(5, 6, 7, 250000),
        "took": timedelta(hours=3, minutes=5),
        "amount": Decimal("1234.500"),
        "key": UUID("12345678-1234-5678-1234-567812345678"),
        "label": gettext_lazy("Phone"),
        "name": "深圳",
        "numbers": [1, 2.5, None, True],
        7: "an integer key",
    }

    written = json.loads(dumps(values))

    assert written == json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    assert written["at"] == "2026-03-04T05:06:07.891Z" and written["amount"] == "1234.500"
    assert written["whole second"] == "2026-03-04T05:06:07Z"
    assert written["in Shanghai"] == "2026-03-04T05:06:07.000+08:00"
