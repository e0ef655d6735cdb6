"""The caller's own preferences through the API: ``GET/PATCH /api/v1/me/preferences``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User

pytestmark = pytest.mark.django_db
API = "/api/v1/me/preferences"


def test_the_api_reads_and_changes_the_callers_preferences(api_client: Any, sales: User) -> None:
    api = api_client(sales)

    before = api.get(API)
    changed = api.patch(API, {"time_zone": "Europe/London", "language": "en"})
    phone = api.patch(API, {"phone": "+44 20 7946 0000"})

    sales.refresh_from_db()
    assert before.status_code == 200
    assert before.json() == {
        "time_zone": "",
        "default_time_zone": "Asia/Shanghai",
        "language": "",
        "phone": "",
    }
    assert changed.status_code == 200 and changed.json()["time_zone"] == "Europe/London"
    assert phone.json() == {
        "time_zone": "Europe/London",
        "default_time_zone": "Asia/Shanghai",
        "language": "en",
        "phone": "+44 20 7946 0000",
    }
    assert (sales.time_zone, sales.language) == ("Europe/London", "en")


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "user.time_zone_unknown"),
        ({"time_zone": "x" * 65}, "time_zone", "too_long"),
        ({"time_zone": 8}, "time_zone", "invalid"),
        ({"time_zone": ["UTC"]}, "time_zone", "invalid"),
        ({"time_zone": None}, "time_zone", "invalid"),
        ({"time_zone": "UTC\x00"}, "time_zone", "invalid"),
        ({"language": "fr"}, "language", "user.language_unknown"),
        ({"language": True}, "language", "invalid"),
        ({"phone": 139}, "phone", "invalid"),
        ({"user": 1, "time_zone": "UTC"}, "user", "unknown_field"),
    ],
)
def test_the_api_refuses_bad_preferences_with_the_field_and_a_stable_code(
    api_client: Any, sales: User, body: dict[str, Any], field: str, code: str
) -> None:
    answer = api_client(sales).patch(API, body)

    sales.refresh_from_db()
    assert answer.status_code == 422, answer.content
    assert answer.json()["code"] == "invalid"
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [(field, code)]
    assert sales.time_zone == "" and sales.language == ""


def test_the_api_changes_nobody_elses_preferences(api_client: Any, sales: User, reader: User) -> None:
    api = api_client(sales)

    by_id = api.patch(f"{API}/{reader.pk}", {"time_zone": "UTC"})
    put = api.put(API, {"time_zone": "UTC"})

    reader.refresh_from_db()
    assert by_id.status_code in (404, 405) and put.status_code == 405
    assert reader.time_zone == "" and api_client(None).patch(API, {"time_zone": "UTC"}).status_code == 401


def test_a_portal_user_reads_and_changes_their_own_preferences_by_api(
    api_client: Any, make_user: Callable[..., User]
) -> None:
    portal = make_user(Role.PORTAL_PARTNER)

    answer = api_client(portal).patch(API, {"time_zone": "Asia/Hong_Kong", "language": "zh-hans"})

    portal.refresh_from_db()
    assert answer.status_code == 200 and (portal.time_zone, portal.language) == ("Asia/Hong_Kong", "zh-hans")
