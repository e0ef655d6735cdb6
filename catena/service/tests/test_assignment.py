"""Assignment rules: which rule matches a case, how its team's agents take turns or share the
load, who counts as on duty, and the fallback chain when no rule finds anyone."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department, User
from catena.catalog.models import Category, Product
from catena.service.models import AssignmentLog, Case
from catena.service.services import assignment, assignment_setup, open_case
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday, 10:00 in Shanghai.
WEDNESDAY_TEN = datetime(2026, 12, 9, 10, 0, tzinfo=SHANGHAI)


def _team(code: str = DepartmentCode.SERVICE) -> Department:
    return Department.objects.get_or_create(code=code)[0]


def _agents(team: Department, count: int, prefix: str = "agent") -> list[User]:
    return [f.user(Role.SERVICE, username=f"{prefix}{i}", department=team) for i in range(count)]


def _rule(priority: int = 10, **fields: object) -> object:
    fields.setdefault("name", f"Rule {priority}")
    return assignment_setup.save_rule(None, actor=None, priority=priority, **fields)


def _owner(party: object, now: datetime = WEDNESDAY_TEN, **inputs: object) -> User:
    inputs.setdefault("case_type", "complaint")
    owner, _rule_used = assignment.choose_owner(
        assignment.CaseInputs(party=party, **inputs),
        actor=None,
        now=now,  # type: ignore[arg-type]
    )
    return owner


def _on_duty(*users: User, weekday: int = 2) -> None:
    for user in users:
        assignment_setup.add_shift(user, actor=None, weekday=weekday, starts_at=time(9), ends_at=time(18))


def test_a_rule_matches_by_type_region_and_tier_and_the_first_match_wins() -> None:
    team = _team()
    complaints, guangdong = (
        f.user(Role.SERVICE, username="c", department=team),
        f.user(Role.SERVICE, username="g"),
    )
    _rule(10, case_type="complaint", tier="key", user=complaints)
    _rule(20, province="广东省", user=guangdong)
    key_in_guangdong = f.customer(tier="key", province="广东省")
    standard_in_guangdong = f.customer(tier="standard", province="广东省")

    assert _owner(key_in_guangdong, case_type="complaint") == complaints
    assert _owner(key_in_guangdong, case_type="inquiry") == guangdong
    assert _owner(standard_in_guangdong, case_type="complaint") == guangdong


def test_a_product_line_rule_matches_products_of_the_category_and_below() -> None:
    pumps = Category.objects.create(name="泵")
    small = Category.objects.create(name="小型泵", parent=pumps)
    product = Product.objects.create(sku="P-1", name="小泵", category=small, currency="CNY")
    other = Product.objects.create(sku="P-2", name="阀门", currency="CNY")
    expert = f.user(Role.SERVICE, username="pump-expert")
    fallback = f.user(Role.SERVICE, username="desk", date_joined=datetime(2020, 1, 1, tzinfo=SHANGHAI))
    _rule(10, category=pumps, user=expert)
    party = f.customer()

    assert _owner(party, product=product) == expert
    assert _owner(party, product=other) == fallback
    assert _owner(party) == fallback


def test_round_robin_gives_cases_to_the_team_in_turn() -> None:
    team = _team()
    agents = _agents(team, 3)
    _on_duty(*agents)
    _rule(10, team=team, method="round_robin")
    party = f.customer()

    owners = [_owner(party) for _i in range(6)]

    assert owners == agents + agents


def test_least_loaded_picks_the_agent_with_fewest_active_cases_then_the_longest_idle() -> None:
    team = _team()
    busy, idle, newer = _agents(team, 3)
    _on_duty(busy, idle, newer)
    party = f.customer()
    f.case(party, actor=busy)
    _rule(10, team=team, method="least_loaded")

    first = open_case(party, actor=None, case_type="inquiry", subject="a", channel="email")
    second = open_case(party, actor=None, case_type="inquiry", subject="b", channel="email")

    assert first.owner == idle  # busy has one case; idle and newer none, idle has the lower id
    assert second.owner == newer  # idle now has one too; newer is the least loaded
    assert AssignmentLog.objects.filter(case=second).get().rule is not None


def test_only_agents_on_duty_now_get_cases_and_absence_overrides_the_schedule() -> None:
    team = _team()
    early, late, away = _agents(team, 3)
    assignment_setup.add_shift(early, actor=None, weekday=2, starts_at=time(8), ends_at=time(12))
    assignment_setup.add_shift(late, actor=None, weekday=2, starts_at=time(12), ends_at=time(20))
    _on_duty(away)
    assignment_setup.add_absence(away, actor=None, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 10))
    _rule(10, team=team)
    party = f.customer()

    morning = {_owner(party, now=WEDNESDAY_TEN) for _i in range(3)}
    afternoon = {_owner(party, now=WEDNESDAY_TEN.replace(hour=15)) for _i in range(3)}

    assert morning == {early}
    assert afternoon == {late}


def test_with_nobody_on_duty_anyone_eligible_in_the_team_gets_the_case() -> None:
    team = _team()
    (agent,) = _agents(team, 1)
    _on_duty(agent, weekday=0)  # Mondays only
    _rule(10, team=team)

    assert _owner(f.customer()) == agent


def test_a_full_or_unavailable_agent_or_one_without_the_skill_is_passed_over() -> None:
    team = _team()
    full, unavailable, unskilled, chinese = _agents(team, 4)
    _on_duty(full, unavailable, unskilled, chinese)
    party = f.customer()
    f.case(party, actor=full)
    assignment_setup.save_profile(full, actor=None, skills=["zh"], max_open_cases=1)
    assignment_setup.save_profile(unavailable, actor=None, skills=["zh"], is_available=False)
    assignment_setup.save_profile(unskilled, actor=None, skills=["en"])
    assignment_setup.save_profile(chinese, actor=None, skills="zh, pumps")
    _rule(10, team=team, skill="zh")

    assert {_owner(party) for _i in range(3)} == {chinese}


def test_without_a_matching_rule_the_fallback_chain_decides() -> None:
    manager = f.user(Role.SALES, username="am")
    desk = f.user(Role.SERVICE, username="desk")
    team = _team(DepartmentCode.MARKETING)  # a team with nobody in it
    _rule(10, team=team)
    _rule(20, case_type="claim", user=desk)
    party = f.customer(owner=manager)

    case = open_case(party, actor=None, case_type="inquiry", subject="?", channel="email")

    assert case.owner == desk  # the account manager (sales) may not own cases; the desk may
    assert AssignmentLog.objects.get(case=case).rule is None


def test_the_account_manager_gets_the_case_when_the_rule_says_so_and_they_are_on_duty() -> None:
    team = _team()
    manager, other = _agents(team, 2)
    _on_duty(manager, other)
    _rule(10, team=team, to_account_manager=True)
    party = f.customer(owner=manager)

    assert {_owner(party) for _i in range(3)} == {manager}


def test_an_agent_opening_a_case_keeps_it_unless_asked_to_assign_by_rules() -> None:
    team = _team()
    agent, other = _agents(team, 2)
    _rule(10, user=other)
    party = f.customer()

    kept = f.case(party, actor=agent)
    by_rules = f.case(party, actor=agent, assign_by_rules=True)

    assert kept.owner == agent
    assert by_rules.owner == other
    assert Case.objects.filter(owner=other).count() == 1


def test_an_inactive_rule_is_skipped() -> None:
    named = f.user(Role.SERVICE, username="named")
    desk = f.user(Role.SERVICE, username="desk", date_joined=datetime(2020, 1, 1, tzinfo=SHANGHAI))
    _rule(10, user=named, is_active=False)

    assert _owner(f.customer()) == desk


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"team": None}, "team", "assignment.no_target"),
        ({"method": "random"}, "method", "invalid_choice"),
        ({"province": "Atlantis"}, "province", "invalid_choice"),
        ({"skill": "two words"}, "skill", "assignment.bad_skills"),
        ({"priority": 10}, "priority", "assignment.priority_taken"),
    ],
)
def test_a_bad_rule_is_refused_with_the_field_and_code(
    fields: dict[str, object], field: str, code: str
) -> None:
    team = _team()
    _rule(10, team=team)
    given: dict[str, object] = {"name": "New", "priority": 20, "team": team, **fields}

    with pytest.raises(ValidationError) as refused:
        assignment_setup.save_rule(None, actor=None, **given)

    assert [e.code for e in refused.value.error_dict[field]] == [code]


def test_a_shift_ending_before_it_starts_and_a_portal_user_as_agent_are_refused() -> None:
    agent = f.user(Role.SERVICE, username="a")
    buyer = f.portal_user(f.customer(), username="buyer")

    with pytest.raises(ValidationError) as backwards:
        assignment_setup.add_shift(agent, actor=None, weekday=1, starts_at=time(18), ends_at=time(9))
    with pytest.raises(ValidationError) as not_agent:
        assignment_setup.save_profile(buyer, actor=None, skills=["zh"])

    assert backwards.value.error_dict["ends_at"][0].code == "assignment.ends_before_start"
    assert not_agent.value.error_dict["user"][0].code == "assignment.not_an_agent"
