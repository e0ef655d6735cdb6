"""The activity, follow and preference use cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.accounts.models import User
from catena.core import access
from catena.core.errors import CodedHttpError
from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.parties.models import Party
from catena.workspace import services
from catena.workspace.choices import ActivityStatus
from catena.workspace.models import Activity, Follow
from catena.workspace.services.notifications import frequency_of

pytestmark = pytest.mark.django_db


def test_scheduling_gives_the_activity_to_the_actor_by_default_and_announces_it(
    party: Party, sales: User, soon: datetime
) -> None:
    activity = services.schedule_activity(party, actor=sales, kind="call", subject="问交期", due_at=soon)

    assert activity.assignee == sales and activity.created_by == sales
    assert activity.target == party and activity.status == ActivityStatus.OPEN
    event = Event.objects.get(name="activity.scheduled")
    assert event.payload["target_type"] == "parties.party" and event.payload["target_id"] == party.pk


def test_an_all_day_activity_is_due_when_its_day_begins(party: Party, sales: User) -> None:
    afternoon = datetime(2027, 3, 5, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    activity = services.schedule_activity(party, actor=sales, subject="拜访", due_at=afternoon, all_day=True)
    local = timezone.localtime(activity.due_at)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2027-03-05", 0, 0)


def test_every_bad_field_is_reported_at_once(party: Party, sales: User, portal: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.schedule_activity(
            party, actor=sales, kind="dance", subject=" ", due_at=None, assignee=portal
        )
    codes = {field: [e.code for e in errors] for field, errors in caught.value.error_dict.items()}
    assert codes == {
        "kind": ["invalid_choice"],
        "subject": ["required"],
        "due_at": ["required"],
        "assignee": ["activity.assignee_not_eligible"],
    }
    assert not Activity.objects.exists()


def test_the_assignee_must_see_the_record(
    opportunity: Any, sales: User, logistics: User, soon: datetime
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.schedule_activity(opportunity, actor=sales, subject="报价", due_at=soon, assignee=logistics)
    assert caught.value.error_dict["assignee"][0].code == "activity.assignee_not_eligible"


def test_portal_and_read_only_users_cannot_schedule(
    party: Party, portal: User, reader: User, soon: datetime
) -> None:
    for user in (portal, reader):
        with pytest.raises(access.PermissionDenied):
            services.schedule_activity(party, actor=user, subject="x", due_at=soon)
    assert not Activity.objects.exists()


def test_nobody_schedules_on_a_record_they_cannot_see(
    opportunity: Any, logistics: User, soon: datetime
) -> None:
    with pytest.raises(access.PermissionDenied):
        services.schedule_activity(opportunity, actor=logistics, subject="x", due_at=soon)


def test_completing_keeps_the_outcome_and_a_stale_version_writes_nothing(
    party: Party, sales: User, soon: datetime
) -> None:
    activity = services.schedule_activity(party, actor=sales, subject="回访", due_at=soon)
    with pytest.raises(StaleVersion):
        services.complete_activity(activity, actor=sales, outcome="x", expected_version=7)

    done = services.complete_activity(activity, actor=sales, outcome="同意三月交货", expected_version=1)

    assert (done.status, done.outcome, done.completed_by, done.version) == ("done", "同意三月交货", sales, 2)
    assert done.completed_at is not None
    assert Event.objects.get(name="activity.completed").payload["outcome"] == "同意三月交货"
    with pytest.raises(CodedHttpError) as caught:
        services.cancel_activity(done, actor=sales)
    assert caught.value.code == "activity.not_open"


def test_a_colleague_who_only_sees_the_record_cannot_close_it_unless_they_may_change_it(
    party: Party, sales: User, colleague: User, manager: User, soon: datetime
) -> None:
    activity = services.schedule_activity(party, actor=sales, subject="回访", due_at=soon)
    with pytest.raises(access.PermissionDenied):  # the party is sales' own: a colleague may not change it
        services.complete_activity(activity, actor=colleague)
    services.cancel_activity(activity, actor=manager, outcome="客户取消")
    assert Activity.objects.get().status == "cancelled"


def test_rescheduling_moves_the_due_time_and_lets_the_due_notice_go_again(
    party: Party, sales: User, colleague: User, soon: datetime
) -> None:
    activity = services.schedule_activity(party, actor=sales, subject="回访", due_at=soon)
    Activity.objects.filter(pk=activity.pk).update(due_notified_at=timezone.now())
    moved = services.reschedule_activity(
        activity, actor=sales, due_at=soon + timedelta(days=1), assignee=colleague.pk, expected_version=1
    )
    assert moved.due_at == soon + timedelta(days=1) and moved.assignee == colleague
    assert moved.due_notified_at is None
    assert Event.objects.get(name="activity.rescheduled").payload["previous_due_at"] == soon.isoformat()


def test_following_twice_is_one_follow_and_unfollowing_ends_it(party: Party, sales: User) -> None:
    services.follow(party, actor=sales)
    services.follow(party, actor=sales)
    assert Follow.objects.count() == 1
    assert services.unfollow(party, actor=sales) is True
    assert not Follow.objects.exists()


def test_nobody_follows_what_they_cannot_see(
    opportunity: Any, logistics: User, portal: User, party: Party
) -> None:
    with pytest.raises(access.PermissionDenied):
        services.follow(opportunity, actor=logistics)
    with pytest.raises(access.PermissionDenied):
        services.follow(party, actor=portal)


def test_the_digest_is_daily_until_the_user_says_otherwise(sales: User, colleague: User) -> None:
    assert frequency_of(sales.pk) == "daily"
    services.set_digest_frequency(sales, actor=sales, frequency="immediately")
    assert frequency_of(sales.pk) == "immediately"
    with pytest.raises(access.PermissionDenied):
        services.set_digest_frequency(sales, actor=colleague, frequency="never")
    with pytest.raises(ValidationError):
        services.set_digest_frequency(sales, actor=sales, frequency="hourly")
