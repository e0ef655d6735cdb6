"""The workspace's demo data: the activity plan a sales team would start with."""

from __future__ import annotations

from datetime import time

from catena.workspace.choices import ActivityKind, AssigneeRule
from catena.workspace.models import ActivityPlan, ActivityPlanStep

# Chinese, as the rest of the demo company's data (its parties, products and notes)
ONBOARDING = "新经销商上线"
# kind, subject, days after the start, time of day (None: all day)
ONBOARDING_STEPS = (
    (ActivityKind.CALL, "欢迎电话", 0, time(10, 0)),
    (ActivityKind.EMAIL, "发送价格表", 1, None),
    (ActivityKind.VISIT, "上门拜访", 7, None),
    (ActivityKind.FOLLOW_UP, "跟进首单", 14, None),
    (ActivityKind.MEETING, "30 天回顾", 30, time(15, 0)),
)


def create_activity_plans() -> int:
    """The onboarding plan for new distributors (once: a rerun adds nothing); the plans created."""
    if ActivityPlan.objects.filter(name=ONBOARDING).exists():
        return 0
    plan = ActivityPlan.objects.create(
        name=ONBOARDING,
        description="新经销商签约后第一个月的固定动作。",
        applies_to=["parties.party"],
    )
    ActivityPlanStep.objects.bulk_create(
        ActivityPlanStep(
            plan=plan,
            position=number,
            kind=kind,
            subject=subject,
            offset_days=days,
            time_of_day=at,
            assignee_rule=AssigneeRule.RECORD_OWNER,
        )
        for number, (kind, subject, days, at) in enumerate(ONBOARDING_STEPS, start=1)
    )
    return 1
