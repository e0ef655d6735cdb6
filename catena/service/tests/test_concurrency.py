"""Races on PostgreSQL: cases opened at the same instant each get their own number and an owner;
two agents moving or assigning the same case at once, one wins and the other is refused."""

from __future__ import annotations

from catena.accounts.choices import Role
from catena.core.versions import StaleVersion
from catena.service.choices import CaseStatus
from catena.service.models import Case
from catena.service.services import assign, change_status
from catena.service.tests import factories as f
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS


def test_cases_opened_at_once_are_numbered_apart_and_all_owned() -> None:
    agent = f.user(Role.SERVICE, username="desk")
    party = f.customer()
    customers = [f.portal_user(party, username=f"buyer{i}") for i in range(4)]

    results = race(
        *(lambda who=who: f.case(party, actor=who, channel="portal") for who in customers),
        lambda: f.case(party, actor=None, channel="email"),
    )

    assert all(isinstance(r, Case) for r in results), results
    cases = Case.objects.filter(party=party)
    assert cases.count() == 5
    assert len(set(cases.values_list("number", flat=True))) == 5
    assert set(cases.values_list("owner_id", flat=True)) == {agent.pk}


def test_two_agents_acting_on_the_same_case_one_wins() -> None:
    first, second = f.user(Role.SERVICE, username="a1"), f.user(Role.SERVICE, username="a2")
    case = f.case(actor=first)

    results = race(
        lambda: change_status(case, CaseStatus.WAITING_ON_PARTNER, actor=first, expected_version=1),
        lambda: assign(case, second, actor=second, expected_version=1),
    )

    assert sum(isinstance(r, Case) for r in results) == 1, results
    assert sum(isinstance(r, StaleVersion) for r in results) == 1, results
    assert Case.objects.get(pk=case.pk).version == 2
