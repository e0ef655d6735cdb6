"""Who sees and changes activities, notifications and follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from catena.accounts.models import User
from catena.core import access
from catena.parties.models import Party
from catena.workspace import services
from catena.workspace.models import Activity, Follow, Notification
from catena.workspace.services.notifications import notify

pytestmark = pytest.mark.django_db


def test_an_activity_is_seen_by_whoever_sees_its_record(
    party: Party, opportunity: Any, sales: User, colleague: User, logistics: User, soon: datetime
) -> None:
    on_party = services.schedule_activity(party, actor=sales, subject="回访", due_at=soon)
    on_deal = services.schedule_activity(opportunity, actor=sales, subject="报价", due_at=soon)

    assert set(Activity.objects.for_user(colleague)) == {on_party, on_deal}
    # logistics sees parties but not the pipeline
    assert list(Activity.objects.for_user(logistics)) == [on_party]
    assert access.can(logistics, access.VIEW, on_party) and not access.can(logistics, access.VIEW, on_deal)


def test_the_assignee_sees_their_activity_even_on_a_record_out_of_their_sight(
    opportunity: Any, sales: User, logistics: User, soon: datetime
) -> None:
    activity = services.schedule_activity(opportunity, actor=sales, subject="报价", due_at=soon)
    Activity.objects.filter(pk=activity.pk).update(assignee=logistics)  # the record was reassigned meanwhile
    assert list(Activity.objects.for_user(logistics)) == [activity]


def test_portal_users_see_nothing_of_the_workspace(
    party: Party, sales: User, portal: User, soon: datetime
) -> None:
    services.schedule_activity(party, actor=sales, subject="回访", due_at=soon)
    services.follow(party, actor=sales)
    notify([portal.pk, sales.pk], verb="party.updated", target=party)

    for model in (Activity, Follow, Notification):
        assert not model.objects.for_user(portal).exists()
        assert not access.can(portal, access.ADD, model)
    assert not Notification.objects.filter(recipient=portal).exists()


def test_notifications_and_follows_are_their_users_and_managers_read_them_all(
    party: Party, sales: User, colleague: User, manager: User
) -> None:
    notify([sales.pk, colleague.pk], verb="party.updated", target=party)
    services.follow(party, actor=sales)

    mine = Notification.objects.for_user(sales).get()
    assert mine.recipient == sales
    assert not access.can(colleague, access.VIEW, mine)
    assert not access.can(colleague, access.CHANGE, mine)
    assert Notification.objects.for_user(manager).count() == 2
    assert not Follow.objects.for_user(colleague).exists()
    assert Follow.objects.for_user(manager).count() == 1
    with pytest.raises(access.PermissionDenied):
        services.mark_read(mine, actor=colleague)
