"""Which events notify whom, and never about a record the recipient may not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from catena.accounts.models import User
from catena.core import events
from catena.core.models import Event
from catena.parties.models import Party
from catena.parties.services import update_party
from catena.sales.services.opportunities import move_opportunity
from catena.workspace import rules, services
from catena.workspace.models import Follow, Notification
from catena.workspace.services.notifications import notify_due_activities

pytestmark = pytest.mark.django_db


def texts(user: User) -> list[str]:
    return [rules.render(n.verb, n.params) for n in Notification.objects.filter(recipient=user)]


def test_an_activity_given_by_someone_else_notifies_its_assignee(
    party: Party, sales: User, colleague: User, soon: datetime, dispatch: Callable[[], int]
) -> None:
    services.schedule_activity(party, actor=colleague, subject="问交期", due_at=soon, assignee=sales)
    services.schedule_activity(party, actor=sales, subject="自己的事", due_at=soon)
    dispatch()

    notification = Notification.objects.get()
    assert (
        notification.recipient == sales and notification.target == party and notification.actor == colleague
    )
    assert texts(sales) == [f"王芳 gave you an activity on {party.name}: 问交期"]
    with translation.override("zh-hans"):
        assert "问交期" in texts(sales)[0] and "gave you" not in texts(sales)[0]


def test_a_changed_party_notifies_its_owner_and_followers_but_not_the_actor(
    party: Party, sales: User, colleague: User, manager: User, dispatch: Callable[[], int]
) -> None:
    services.follow(party, actor=colleague)
    services.follow(party, actor=manager)
    update_party(party, actor=manager, industry="机械")
    dispatch()

    assert {n.recipient for n in Notification.objects.all()} == {sales, colleague}
    assert all(n.event_name == "party.updated" for n in Notification.objects.all())


def test_nobody_hears_of_a_record_they_may_not_see(
    opportunity: Any, sales: User, logistics: User, manager: User, dispatch: Callable[[], int]
) -> None:
    # logistics follows the deal (from before a change of role) but may not see the pipeline
    Follow.objects.create(user=logistics, target=opportunity)
    move_opportunity(opportunity, to="proposal", actor=manager)
    dispatch()

    assert not Notification.objects.filter(recipient=logistics).exists()
    assert Notification.objects.filter(recipient=sales, event_name="opportunity.stage_changed").count() == 1


def test_a_redelivered_event_notifies_nobody_twice(
    party: Party, sales: User, manager: User, dispatch: Callable[[], int]
) -> None:
    update_party(party, actor=manager, industry="机械")
    dispatch()
    rules.deliver(Event.objects.get(name="party.updated"))
    assert Notification.objects.count() == 1


def test_a_mention_in_a_comment_notifies_the_mentioned_who_may_see_the_record(
    party: Party, opportunity: Any, sales: User, colleague: User, logistics: User, portal: User
) -> None:
    # ``comment.created`` is declared by the comments; its row is written here as the outbox would
    for subject_type, subject_id in (("parties.party", party.pk), ("sales.opportunity", opportunity.pk)):
        event = Event.objects.create(
            name="comment.created",
            subject_type=subject_type,
            subject_id=str(subject_id),
            payload={"mentioned": [colleague.pk, logistics.pk, portal.pk, sales.pk, "x"]},
            actor=sales,
        )
        assert events.dispatch_event(event)

    assert {(n.recipient, n.object_id) for n in Notification.objects.all()} == {
        (colleague, party.pk),
        (colleague, opportunity.pk),
        (logistics, party.pk),  # logistics sees parties, not opportunities
    }


def test_an_activity_due_notifies_its_assignee_once(party: Party, sales: User, colleague: User) -> None:
    due = services.schedule_activity(
        party, actor=colleague, subject="回电话", due_at=timezone.now() - timedelta(minutes=1), assignee=sales
    )
    services.schedule_activity(party, actor=sales, subject="明天", due_at=timezone.now() + timedelta(days=1))

    assert notify_due_activities() == 1
    assert notify_due_activities() == 0
    assert [n.verb for n in Notification.objects.filter(recipient=sales)] == ["activity.due"]
    assert texts(sales) == [f"Due now: 回电话 ({party.name})"]
    due.refresh_from_db()
    assert due.due_notified_at is not None


def test_an_edit_notifies_only_the_colleagues_it_newly_mentions(
    party: Party, sales: User, colleague: User, logistics: User
) -> None:
    comment = services.add_comment(party, actor=sales, body=f"请 @{colleague.username} 看一下")
    edited = services.edit_comment(
        comment, actor=sales, body=f"请 @{colleague.username} 和 @{logistics.username} 看一下"
    )
    again = services.edit_comment(
        edited, actor=sales, body=f"请 @{colleague.username} 和 @{logistics.username} 尽快看"
    )

    for event in Event.objects.filter(name__in=("comment.created", "comment.edited")).order_by("pk"):
        events.dispatch_event(event)

    payloads = list(
        Event.objects.filter(name="comment.edited").order_by("pk").values_list("payload", flat=True)
    )
    assert [p["mentioned"] for p in payloads] == [[logistics.pk], []]
    assert sorted((n.recipient.username, n.verb) for n in Notification.objects.all()) == sorted(
        [(colleague.username, "comment.mentioned"), (logistics.username, "comment.mentioned")]
    )
    assert again.body.endswith("尽快看")
