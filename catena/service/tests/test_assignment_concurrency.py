"""Races on PostgreSQL: cases opened from many threads at once under a round-robin rule are all
owned, and the team's agents get them in even shares."""

from __future__ import annotations

from collections import Counter
from datetime import time

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department
from catena.service.models import Case
from catena.service.services import assignment_setup
from catena.service.tests import factories as f
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS

CASES = 10


def test_cases_opened_at_once_are_all_owned_and_shared_evenly_by_round_robin() -> None:
    team = Department.objects.get_or_create(code=DepartmentCode.SERVICE)[0]
    agents = [f.user(Role.SERVICE, username=f"rr{i}", department=team) for i in range(3)]
    for agent in agents:
        for weekday in range(7):
            assignment_setup.add_shift(
                agent, actor=None, weekday=weekday, starts_at=time(0), ends_at=time(23, 59, 59)
            )
    assignment_setup.save_rule(None, actor=None, name="All to the desk", priority=1, team=team)
    party = f.customer()

    results = race(
        *(lambda i=i: f.case(party, actor=None, channel="email", subject=f"#{i}") for i in range(CASES))
    )

    assert all(isinstance(r, Case) for r in results), results
    owners = Counter(Case.objects.filter(party=party).values_list("owner_id", flat=True))
    assert sum(owners.values()) == CASES
    assert set(owners) == {agent.pk for agent in agents}
    assert max(owners.values()) - min(owners.values()) <= 1
