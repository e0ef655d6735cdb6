"""The activities, notifications and follows API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties.models import Party
from catena.workspace import services
from catena.workspace.models import Activity, Notification
from catena.workspace.services.notifications import notify

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/activities/"


def errors_of(response: Any) -> dict[str, str]:
    return {e["field"]: e["code"] for e in response.json()["errors"]}


def body(party: Party, **extra: Any) -> dict[str, Any]:
    return {
        "target_type": "parties.party",
        "target_id": party.pk,
        "kind": "call",
        "subject": "问交期",
        "due_at": (timezone.now() + timedelta(hours=2)).isoformat(),
        **extra,
    }


def test_schedule_get_and_list_mine(api_client: Clients, party: Party, sales: User, colleague: User) -> None:
    api = api_client(sales)
    created = api.post(URL, body(party, assignee=colleague.pk))
    assert created.status_code == 201, created.json()
    answer = created.json()
    assert answer["target_type"] == "parties.party" and answer["target_id"] == party.pk
    assert answer["assignee"] == {"id": colleague.pk, "name": "王芳"} and answer["status"] == "open"
    api.post(URL, body(party, subject="自己的"))

    assert api.get(f"{URL}{answer['id']}").json()["subject"] == "问交期"
    assert api.get(URL).json()["count"] == 2
    assert [a["subject"] for a in api.get(URL, mine="true").json()["items"]] == ["自己的"]
    on_party = api.get(URL, target_type="parties.party", target_id=party.pk).json()
    assert on_party["count"] == 2
    assert api.get(URL, due_before=timezone.now().isoformat()).json()["count"] == 0


def test_bad_input_names_each_field_with_its_code(
    api_client: Clients, party: Party, sales: User, portal: User, opportunity: Any
) -> None:
    api = api_client(sales)
    wrong = api.post(URL, body(party, kind="dance", subject="", due_at="tomorrow", extra=1))
    assert wrong.status_code == 422
    found = errors_of(wrong)
    assert set(found) == {"kind", "subject", "due_at", "extra"}
    assert (found["kind"], found["due_at"], found["extra"]) == ("invalid_choice", "invalid", "unknown_field")
    unknown_kind = api.post(URL, body(party, target_type="accounts.user"))
    assert errors_of(unknown_kind) == {"target_type": "activity.unknown_target_type"}
    missing = api.post(URL, body(party, target_id=10**12))
    assert errors_of(missing) == {"target_id": "unknown_reference"}
    portal_assignee = api.post(URL, body(party, assignee=portal.pk))
    assert errors_of(portal_assignee) == {"assignee": "activity.assignee_not_eligible"}
    assert api.get(URL, target_type="parties.party").status_code == 422
    assert not Activity.objects.exists()


def test_complete_cancel_reschedule_with_versions(api_client: Clients, party: Party, sales: User) -> None:
    api = api_client(sales)
    first = api.post(URL, body(party)).json()
    second = api.post(URL, body(party)).json()

    stale = api.post(f"{URL}{first['id']}/complete", {"outcome": "x", "version": 5})
    assert stale.status_code == 409 and stale.json()["code"] == "activity.stale_version"
    done = api.post(f"{URL}{first['id']}/complete", {"outcome": "同意", "version": 1})
    assert done.status_code == 200 and done.json()["status"] == "done" and done.json()["outcome"] == "同意"
    again = api.post(f"{URL}{first['id']}/cancel", {})
    assert again.status_code == 409 and again.json()["code"] == "activity.not_open"

    later = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    moved = api.post(f"{URL}{second['id']}/reschedule", {"due_at": later.isoformat(), "version": 1})
    assert moved.status_code == 200
    assert datetime.fromisoformat(moved.json()["due_at"]) == later and moved.json()["version"] == 2
    cancelled = api.post(f"{URL}{second['id']}/cancel", {"outcome": "客户取消"})
    assert cancelled.json()["status"] == "cancelled"


def test_records_out_of_scope_are_404_and_portal_users_get_nothing(
    api_client: Clients, party: Party, opportunity: Any, sales: User, logistics: User, portal: User
) -> None:
    on_deal = services.schedule_activity(opportunity, actor=sales, subject="报价", due_at=timezone.now())
    assert api_client(logistics).get(f"{URL}{on_deal.pk}").status_code == 404
    assert api_client(logistics).post(f"{URL}{on_deal.pk}/complete", {}).status_code == 404
    assert api_client(logistics).get(URL).json()["count"] == 0
    assert errors_of(
        api_client(logistics).post(
            URL, body(party, target_type="sales.opportunity", target_id=opportunity.pk)
        )
    ) == {"target_id": "unknown_reference"}

    api = api_client(portal)
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}{on_deal.pk}").status_code == 404
    assert api.post(URL, body(party)).status_code in (403, 422)
    assert api.get("/api/v1/notifications/").json()["count"] == 0
    assert (
        api.post("/api/v1/follows/", {"target_type": "parties.party", "target_id": party.pk}).status_code
        == 403
    )
    assert not Activity.objects.filter(created_by=portal).exists()


def test_read_only_staff_may_not_schedule(api_client: Clients, party: Party, reader: User) -> None:
    refused = api_client(reader).post(URL, body(party))
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"


def test_notifications_list_read_one_and_all(
    api_client: Clients, party: Party, sales: User, colleague: User
) -> None:
    notify([sales.pk], verb="party.updated", target=party, params={"record": party.name, "actor": "王芳"})
    notify(
        [sales.pk, colleague.pk],
        verb="activity.due",
        target=party,
        params={"record": party.name, "subject": "回电"},
    )
    api = api_client(sales)

    listed = api.get("/api/v1/notifications/").json()
    assert (listed["count"], listed["unread"]) == (2, 2)
    assert listed["items"][1]["message"] == f"王芳 changed {party.name}"
    assert listed["items"][1]["target_type"] == "parties.party"
    others = Notification.objects.get(recipient=colleague)
    assert api.post(f"/api/v1/notifications/{others.pk}/read", {}).status_code == 404

    read = api.post(f"/api/v1/notifications/{listed['items'][0]['id']}/read", {})
    assert read.status_code == 200 and read.json()["read_at"]
    assert api.get("/api/v1/notifications/", unread="true").json()["count"] == 1
    assert api.post("/api/v1/notifications/read-all", {}).json() == {"marked": 1}
    assert Notification.objects.get(recipient=colleague).read_at is None

    assert api.get("/api/v1/notifications/preferences").json() == {"frequency": "daily"}
    assert api.put("/api/v1/notifications/preferences", {"frequency": "never"}).json() == {
        "frequency": "never"
    }
    bad = api.put("/api/v1/notifications/preferences", {"frequency": "hourly"})
    assert bad.status_code == 422 and errors_of(bad) == {"frequency": "invalid_choice"}


def test_follow_list_and_unfollow(api_client: Clients, party: Party, sales: User, colleague: User) -> None:
    api = api_client(sales)
    followed = api.post("/api/v1/follows/", {"target_type": "parties.party", "target_id": party.pk})
    assert followed.status_code == 201 and followed.json()["target_id"] == party.pk
    assert api.get("/api/v1/follows/").json()["count"] == 1
    assert api_client(colleague).delete(f"/api/v1/follows/{followed.json()['id']}").status_code == 404
    assert api.delete(f"/api/v1/follows/{followed.json()['id']}").status_code == 204
    assert api.get("/api/v1/follows/").json()["count"] == 0
