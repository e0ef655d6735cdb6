"""The pages: "my day", the activity panel on record pages, notifications, the navigation counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catena.accounts.models import User
from catena.parties.models import Party
from catena.workspace import selectors, services
from catena.workspace.models import Activity, Follow, Notification
from catena.workspace.services.notifications import notify

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
HTMX = {"HX-Request": "true"}


def test_my_day_groups_overdue_today_and_upcoming_by_record(
    logged_in: Login, party: Party, other_party: Party, opportunity: Any, sales: User
) -> None:
    now = timezone.now()
    services.schedule_activity(party, actor=sales, subject="逾期的电话", due_at=now - timedelta(days=2))
    services.schedule_activity(
        opportunity, actor=sales, subject="今天的报价", due_at=selectors.end_of_today() - timedelta(minutes=1)
    )
    services.schedule_activity(other_party, actor=sales, subject="下周拜访", due_at=now + timedelta(days=5))

    page = logged_in(sales).get("/me/")

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("逾期的电话") < html.index("今天的报价") < html.index("下周拜访")
    assert "activity-overdue" in html and party.name in html and opportunity.name in html
    assert f"/parties/{party.pk}/" in html


def test_my_day_says_what_to_do_when_empty(logged_in: Login, sales: User) -> None:
    page = logged_in(sales).get("/me/")
    assert "Nothing to do today" in page.content.decode()


def test_one_click_complete_and_move_by_a_day_from_my_day(
    logged_in: Login, party: Party, sales: User
) -> None:
    overdue = services.schedule_activity(
        party, actor=sales, subject="回电", due_at=timezone.now() - timedelta(days=3)
    )
    other = services.schedule_activity(
        party, actor=sales, subject="寄样品", due_at=timezone.now() - timedelta(days=1)
    )
    client = logged_in(sales)

    done = client.post(
        f"/me/activities/{overdue.pk}/complete/",
        {"version": 1, "outcome": "已回", "from": "day"},
        headers=HTMX,
    )
    assert done.status_code == 200 and "回电" not in done.content.decode()
    moved = client.post(
        f"/me/activities/{other.pk}/reschedule/", {"version": 1, "days": 1, "from": "day"}, headers=HTMX
    )
    assert moved.status_code == 200
    other.refresh_from_db()
    assert timezone.localtime(other.due_at).date() == timezone.localdate() + timedelta(days=1)
    assert Activity.objects.get(pk=overdue.pk).outcome == "已回"
    stale = client.post(f"/me/activities/{other.pk}/complete/", {"version": 1}, headers=HTMX)
    assert stale.status_code == 409
    picked = client.post(f"/me/activities/{other.pk}/reschedule/", {"due_date": "2027-05-04", "next": "/me/"})
    assert picked.status_code == 302 and picked["Location"] == "/me/"
    other.refresh_from_db()
    assert timezone.localtime(other.due_at).date().isoformat() == "2027-05-04"


def test_the_party_page_shows_the_panel_and_schedules_from_it(
    logged_in: Login, party: Party, sales: User, colleague: User
) -> None:
    client = logged_in(sales)
    page = client.get(f"/parties/{party.pk}/")
    assert 'data-testid="schedule-activity"' in page.content.decode()

    answer = client.post(
        "/me/activities/new/",
        {
            "target_type": "parties.party",
            "target_id": party.pk,
            "kind": "visit",
            "subject": "上门拜访",
            "due_date": "2027-01-12",
            "due_time": "",
            "assignee": colleague.pk,
        },
        headers=HTMX,
    )
    assert answer.status_code == 200 and "上门拜访" in answer.content.decode()
    activity = Activity.objects.get()
    assert (activity.assignee, activity.all_day, activity.kind) == (colleague, True, "visit")

    invalid = client.post(
        "/me/activities/new/", {"target_type": "parties.party", "target_id": party.pk}, headers=HTMX
    )
    assert invalid.status_code == 200 and "field-error" in invalid.content.decode()
    assert Activity.objects.count() == 1


def test_the_schedule_form_is_read_when_the_panel_opens(
    logged_in: Login, party: Party, opportunity: Any, sales: User, reader: User, logistics: User
) -> None:
    client = logged_in(sales)
    page = client.get(f"/parties/{party.pk}/").content.decode()
    url = f"/me/panel/parties.party/{party.pk}/schedule/"
    assert url in page and 'name="subject"' not in page  # no form until someone opens the panel

    fragment = client.get(url, {"next": f"/parties/{party.pk}/"}, headers=HTMX).content.decode()
    assert 'name="subject"' in fragment and 'data-testid="schedule-submit"' in fragment
    assert f'value="/parties/{party.pk}/"' in fragment  # back to the record without JavaScript
    assert f'hx-target="#activity-panel-parties-party-{party.pk}"' in fragment
    outside = client.get(url, {"next": "https://evil.example/"}).content.decode()
    assert 'name="next" value="https://evil' not in outside and "<h1>" in outside  # next is checked

    assert logged_in(reader).get(url).status_code == 403  # may look, may not schedule
    assert (
        logged_in(logistics).get(f"/me/panel/sales.opportunity/{opportunity.pk}/schedule/").status_code == 404
    )


def test_the_panel_follows_and_unfollows(logged_in: Login, party: Party, sales: User) -> None:
    client = logged_in(sales)
    followed = client.post(
        "/me/follow/",
        {"target_type": "parties.party", "target_id": party.pk, "action": "follow"},
        headers=HTMX,
    )
    assert 'data-testid="unfollow"' in followed.content.decode() and Follow.objects.count() == 1
    client.post("/me/follow/", {"target_type": "parties.party", "target_id": party.pk, "action": "unfollow"})
    assert not Follow.objects.exists()


def test_the_panel_is_on_every_record_page_that_takes_activities(
    logged_in: Login, opportunity: Any, sales: User
) -> None:
    page = logged_in(sales).get(f"/sales/opportunities/{opportunity.pk}/")
    assert f'id="activity-panel-sales-opportunity-{opportunity.pk}"' in page.content.decode()


def test_nobody_acts_on_a_record_or_an_activity_out_of_their_sight(
    logged_in: Login, opportunity: Any, party: Party, sales: User, logistics: User, portal: User
) -> None:
    on_deal = services.schedule_activity(opportunity, actor=sales, subject="报价", due_at=timezone.now())
    client = logged_in(logistics)
    assert client.post(f"/me/activities/{on_deal.pk}/complete/", {}).status_code == 404
    assert client.get(f"/me/panel/sales.opportunity/{opportunity.pk}/").status_code == 404
    assert (
        client.post(
            "/me/activities/new/",
            {
                "target_type": "sales.opportunity",
                "target_id": opportunity.pk,
                "subject": "x",
                "due_date": "2027-01-01",
            },
        ).status_code
        == 404
    )
    assert logged_in(portal).get("/me/").status_code in (302, 403)
    assert Activity.objects.get().status == "open"


def test_notifications_page_opens_marks_read_and_counts_in_the_navigation(
    logged_in: Login, party: Party, sales: User, colleague: User
) -> None:
    notify([sales.pk], verb="party.updated", target=party, params={"record": party.name, "actor": "王芳"})
    notify([sales.pk], verb="party.updated", target=party, params={"record": party.name, "actor": "王芳"})
    services.schedule_activity(party, actor=sales, subject="回电", due_at=timezone.now() - timedelta(hours=1))
    client = logged_in(sales)

    page = client.get("/me/notifications/").content.decode()
    assert f"王芳 changed {party.name}" in page
    assert 'data-testid="nav-bell"' in page and 'class="count-pill unread">2<' in page
    assert 'class="count-pill due">1<' in page

    first = Notification.objects.filter(recipient=sales).first()
    assert first is not None
    opened = client.post(f"/me/notifications/{first.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == f"/parties/{party.pk}/"
    theirs = notify([colleague.pk], verb="party.updated", target=party)[0]
    assert client.post(f"/me/notifications/{theirs.pk}/open/").status_code == 404
    client.post("/me/notifications/read-all/")
    assert not Notification.objects.filter(recipient=sales, read_at__isnull=True).exists()
    client.post("/me/notifications/preferences/", {"frequency": "immediately"})
    assert sales.notification_preference.frequency == "immediately"


def test_the_navigation_counts_cost_one_query(logged_in: Login, party: Party, sales: User) -> None:
    client = logged_in(sales)
    client.get("/parties/")  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        client.get("/parties/")
    counting = [q["sql"] for q in queries if "workspace_" in q["sql"]]
    assert (
        len(counting) == 1 and "workspace_notification" in counting[0] and "workspace_activity" in counting[0]
    )
