"""Activity plans: defining them, applying them to a record, and who may do which."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access
from catena.core.models import Event
from catena.parties.models import Party
from catena.workspace import selectors, services
from catena.workspace.choices import AssigneeRule
from catena.workspace.models import Activity, ActivityPlan, ActivityPlanStep

pytestmark = pytest.mark.django_db

ONBOARDING = [
    {"kind": "call", "subject": "欢迎电话", "offset_days": 0, "time_of_day": time(10, 0)},
    {"kind": "email", "subject": "发送价格表", "offset_days": 1, "assignee_rule": "applier"},
    {"kind": "visit", "subject": "上门拜访", "offset_days": 7},
]


@pytest.fixture
def plan(manager: User) -> ActivityPlan:
    return services.create_plan(
        actor=manager, name="新经销商上线", applies_to=["parties.party"], steps=ONBOARDING
    )


def codes_of(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in found] for field, found in exc.error_dict.items()}


# --- defining ---------------------------------------------------------------------------------------


def test_a_plan_keeps_its_steps_in_order(plan: ActivityPlan) -> None:
    steps = list(plan.steps.all())
    assert [(s.position, s.subject, s.offset_days) for s in steps] == [
        (1, "欢迎电话", 0),
        (2, "发送价格表", 1),
        (3, "上门拜访", 7),
    ]
    assert steps[0].time_of_day == time(10, 0) and steps[1].time_of_day is None
    assert steps[0].assignee_rule == AssigneeRule.RECORD_OWNER
    assert plan.applies_to == ["parties.party"]


def test_updating_with_steps_replaces_them_in_the_new_order(plan: ActivityPlan, manager: User) -> None:
    services.update_plan(
        plan,
        actor=manager,
        name=plan.name,
        applies_to=[],
        steps=[ONBOARDING[2], {"subject": "回顾", "offset_days": 30}],
    )
    assert [s.subject for s in plan.steps.all()] == ["上门拜访", "回顾"]
    assert ActivityPlanStep.objects.count() == 2
    assert ActivityPlan.objects.get().applies_to == []


def test_every_bad_field_of_a_plan_is_reported_at_once(manager: User, portal: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_plan(
            actor=manager,
            name=" ",
            applies_to=["parties.party", "accounts.user"],
            steps=[
                {"kind": "dance", "subject": "", "offset_days": -1},
                {"subject": "x", "assignee_rule": "user", "assignee": portal.pk},
            ],
        )
    assert codes_of(caught.value) == {
        "name": ["required"],
        "applies_to": ["activity_plan.unknown_kind"],
        "steps.0.kind": ["invalid_choice"],
        "steps.0.subject": ["required"],
        "steps.0.offset_days": ["out_of_range"],
        "steps.1.assignee": ["activity_plan.assignee_required"],
    }
    assert not ActivityPlan.objects.exists()


def test_only_administrators_and_managers_define_plans(
    sales: User, reader: User, portal: User, admin_user: User, plan: ActivityPlan
) -> None:
    for user in (sales, reader, portal):
        with pytest.raises(access.PermissionDenied):
            services.create_plan(actor=user, name="x")
        with pytest.raises(access.PermissionDenied):
            services.update_plan(plan, actor=user, name="改名")
    assert ActivityPlan.objects.get().name == "新经销商上线"
    services.update_plan(plan, actor=admin_user, name="改名")
    assert ActivityPlan.objects.get().name == "改名"


def test_staff_see_plans_and_portal_users_none(
    plan: ActivityPlan, sales: User, reader: User, portal: User
) -> None:
    assert list(selectors.plan_list(sales)) == [plan] == list(selectors.plan_list(reader))
    assert not selectors.plan_list(portal).exists()
    assert access.can(sales, access.VIEW, plan) and not access.can(sales, access.CHANGE, plan)
    step = plan.steps.first()
    assert step is not None and access.can(sales, access.VIEW, step)
    assert not access.can(sales, access.CHANGE, step) and not access.can(portal, access.VIEW, step)


# --- applying ---------------------------------------------------------------------------------------


def test_applying_schedules_each_step_from_the_start_in_the_appliers_time_zone(
    plan: ActivityPlan, party: Party, colleague: User, sales: User
) -> None:
    colleague.time_zone = "Europe/Berlin"
    colleague.save()

    activities = services.apply_plan(plan, party, actor=colleague, start=date(2027, 3, 1))

    assert [a.subject for a in activities] == ["欢迎电话", "发送价格表", "上门拜访"]
    berlin = [timezone.localtime(a.due_at, timezone=services.plans.zone_of(colleague)) for a in activities]
    assert [(d.date().isoformat(), d.hour, d.minute) for d in berlin] == [
        ("2027-03-01", 10, 0),
        ("2027-03-02", 0, 0),
        ("2027-03-08", 0, 0),
    ]
    assert [a.all_day for a in activities] == [False, True, True]
    # the record's owner by default, the applier when the step says so
    assert [a.assignee for a in activities] == [sales, colleague, sales]
    assert all(a.created_by == colleague and a.target == party for a in activities)


def test_the_start_is_today_in_the_appliers_time_zone(plan: ActivityPlan, party: Party, sales: User) -> None:
    sales.time_zone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow there
    sales.save()
    first = services.apply_plan(plan, party, actor=sales)[0]
    zone = services.plans.zone_of(sales)
    assert timezone.localtime(first.due_at, timezone=zone).date() == timezone.localdate(timezone=zone)


def test_applying_announces_each_activity_and_the_plan(plan: ActivityPlan, party: Party, sales: User) -> None:
    activities = services.apply_plan(plan, party, actor=sales, start=date(2027, 3, 1))

    assert Event.objects.filter(name="activity.scheduled").count() == 3
    applied = Event.objects.get(name="activity_plan.applied")
    assert applied.payload == {
        "plan_id": plan.pk,
        "target_type": "parties.party",
        "target_id": party.pk,
        "start": "2027-03-01",
        "activities": [a.pk for a in activities],
    }


def test_a_named_colleague_gets_the_step(manager: User, party: Party, sales: User, colleague: User) -> None:
    plan = services.create_plan(
        actor=manager,
        name="回访",
        steps=[{"subject": "回访", "assignee_rule": "user", "assignee": colleague}],
    )
    (activity,) = services.apply_plan(plan, party, actor=sales)
    assert activity.assignee == colleague


def test_a_record_without_owner_gives_owner_steps_to_the_applier(
    plan: ActivityPlan, other_party: Party, colleague: User
) -> None:
    other_party.owner = None
    other_party.save()
    activities = services.apply_plan(plan, other_party, actor=colleague)
    assert {a.assignee for a in activities} == {colleague}


def test_when_one_step_is_refused_no_activity_is_scheduled(
    manager: User, party: Party, sales: User, make_user: Callable[..., User]
) -> None:
    leaver = make_user(Role.SALES, username="leaver")
    plan = services.create_plan(
        actor=manager,
        name="三步",
        steps=[
            {"subject": "一"},
            {"subject": "二"},
            {"subject": "三", "assignee_rule": "user", "assignee": leaver},
        ],
    )
    leaver.is_active = False
    leaver.save()

    with pytest.raises(ValidationError) as caught:
        services.apply_plan(plan, party, actor=sales)

    assert codes_of(caught.value) == {"steps.2.assignee": ["activity.assignee_not_eligible"]}
    assert not Activity.objects.exists()
    assert not Event.objects.filter(name__in=["activity.scheduled", "activity_plan.applied"]).exists()


def test_a_plan_for_other_kinds_of_record_is_refused(manager: User, opportunity: Any, sales: User) -> None:
    plan = services.create_plan(
        actor=manager, name="只对客户", applies_to=["parties.party"], steps=[{"subject": "x"}]
    )
    with pytest.raises(ValidationError) as caught:
        services.apply_plan(plan, opportunity, actor=sales)
    assert codes_of(caught.value) == {"target_type": ["activity_plan.not_applicable"]}
    assert not Activity.objects.exists()


def test_a_retired_or_empty_plan_is_refused(
    plan: ActivityPlan, manager: User, party: Party, sales: User
) -> None:
    empty = services.create_plan(actor=manager, name="空")
    with pytest.raises(ValidationError) as caught:
        services.apply_plan(empty, party, actor=sales)
    assert codes_of(caught.value) == {"plan": ["activity_plan.empty"]}

    services.update_plan(plan, actor=manager, name=plan.name, is_active=False)
    with pytest.raises(ValidationError) as caught:
        services.apply_plan(plan, party, actor=sales)
    assert codes_of(caught.value) == {"plan": ["activity_plan.inactive"]}
    assert not Activity.objects.exists()


def test_nobody_applies_a_plan_to_a_record_they_cannot_see(
    manager: User, opportunity: Any, logistics: User
) -> None:
    plan = services.create_plan(actor=manager, name="跟进", steps=[{"subject": "x"}])
    with pytest.raises(access.PermissionDenied):
        services.apply_plan(plan, opportunity, actor=logistics)
    assert not Activity.objects.exists()


def test_portal_and_read_only_users_cannot_apply(
    plan: ActivityPlan, party: Party, portal: User, reader: User
) -> None:
    for user in (portal, reader):
        with pytest.raises(access.PermissionDenied):
            services.apply_plan(plan, party, actor=user)
    assert not Activity.objects.exists()


def test_the_panel_offers_the_plans_for_the_records_kind(
    plan: ActivityPlan, manager: User, party: Party, opportunity: Any, sales: User, portal: User
) -> None:
    services.create_plan(actor=manager, name="空")  # no steps: not offered
    anywhere = services.create_plan(actor=manager, name="通用", steps=[{"subject": "x"}])
    retired = services.create_plan(actor=manager, name="旧", steps=[{"subject": "x"}], is_active=False)

    assert set(selectors.plans_for(sales, party)) == {anywhere, plan}
    assert selectors.plans_for(sales, opportunity) == [anywhere]
    assert retired not in selectors.plans_for(manager, party)
    assert selectors.plans_for(portal, party) == []
