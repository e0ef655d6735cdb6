"""Only exchanges are contact: system entries (stage moves, status changes, deliveries) never
count as an interaction this week, as a party's last contact, or keep it off the follow-up list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.insights.selectors import dashboard as selectors
from catena.parties.models import Party
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
HOME = reverse("insights:home")


def system_entries(party: Party, count: int, **fields: object) -> list[Interaction]:
    return [
        log_interaction(
            party,
            actor=None,
            channel="note",
            direction="internal",
            subject=f"订单 SO-{n}：已接收 → 已确认",
            related=party,
            system=True,
            **fields,  # type: ignore[arg-type]
        )
        for n in range(count)
    ]


def test_one_call_and_25_system_entries_make_one_interaction_this_week(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    # given one real call and 25 stage moves on a customer this week
    customer = PartyFactory.create(roles=["customer"], owner=sales)
    log_interaction(customer, actor=sales, channel="phone", subject="电话回访")
    system_entries(customer, 25)

    # when the sales user opens the dashboard
    response = logged_in(sales).get(HOME)

    # then they see one interaction this week, and only the call among the recent ones
    assert response.context["counts"].interactions_this_week == 1
    assert 'data-testid="count-interactions-week">1<' in response.content.decode()
    assert [i.subject for i in response.context["recent"]] == ["电话回访"]
    assert selectors.interactions_per_week(sales)[-1]["value"] == 1


def test_last_contact_is_the_call_not_the_later_system_entries(sales: User) -> None:
    customer = PartyFactory.create(roles=["customer"], owner=sales)
    called_at = timezone.now() - timedelta(days=40)
    log_interaction(customer, actor=sales, channel="phone", subject="电话回访", occurred_at=called_at)
    system_entries(customer, 3)  # today

    (silent,) = selectors.parties_to_follow_up(sales)

    assert silent == customer
    assert silent.last_interaction_at == called_at  # type: ignore[attr-defined]


def test_a_party_with_only_system_entries_in_30_days_is_not_contacted(sales: User) -> None:
    busy_but_silent = PartyFactory.create(name="只有订单动态", roles=["customer"], owner=sales)
    called = PartyFactory.create(name="本周通过电话", roles=["customer"], owner=sales)
    system_entries(busy_but_silent, 5)
    log_interaction(called, actor=sales, channel="phone", subject="电话回访")

    silent = selectors.parties_to_follow_up(sales)

    assert [p.name for p in silent] == ["只有订单动态"]
    assert silent[0].last_interaction_at is None  # type: ignore[attr-defined]
