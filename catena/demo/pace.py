"""How fast the demo supply chain works: department speeds, partner reliability, office hours.

Every supplier and carrier gets a hidden reliability (a few reliably late, most fine, a few
excellent) and every department a typical speed, so that the analytics built on the seeded
orders show who holds orders up. Durations are the standard time of a stage times a
lognormal factor: most stages take about their standard time, a few take much longer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from catena.accounts.choices import DepartmentCode

LATE = "late"
FINE = "fine"
EXCELLENT = "excellent"
LATE_SHARE = 0.12
EXCELLENT_SHARE = 0.18
SPREAD = 0.45  # sigma of the lognormal factor on stage durations

# median duration of a stage, as a multiple of its standard time, by owning department
DEPARTMENT_SPEED: dict[str, float] = {
    DepartmentCode.SALES: 0.5,  # quick to confirm, slower to invoice (see INVOICING_SPEED)
    DepartmentCode.LOGISTICS: 0.8,
    DepartmentCode.PRODUCTION: 1.3,  # the usual bottleneck
    DepartmentCode.PURCHASING: 0.8,
}
INVOICING_SPEED = 1.3
DAY_START, DAY_END = 8, 19  # people move orders between 8:00 and 19:00


def reliabilities(rng: random.Random, party_ids: Sequence[int]) -> dict[int, str]:
    """A hidden reliability for each partner: a few late, a few excellent, the rest fine.

    With three partners or more there is at least one of each, so every chart has a story."""
    ids = sorted(party_ids)
    rng.shuffle(ids)
    count = len(ids)
    late = max(1, round(count * LATE_SHARE)) if count >= 3 else 0
    excellent = max(1, round(count * EXCELLENT_SHARE)) if count >= 3 else 0
    kinds: dict[int, str] = {}
    for index, party_id in enumerate(ids):
        kinds[party_id] = LATE if index < late else EXCELLENT if index < late + excellent else FINE
    return kinds


def factor(rng: random.Random, median: float = 1.0, spread: float = SPREAD) -> float:
    return median * math.exp(rng.gauss(0.0, spread))


def festive(at: datetime) -> float:
    """Around the Spring Festival (late January to mid February) everything takes longer."""
    if (at.month == 1 and at.day >= 25) or (at.month == 2 and at.day <= 18):
        return 1.7
    return 1.0


def hours(value: float) -> timedelta:
    return timedelta(seconds=round(value * 3600))


def working_time(rng: random.Random, at: datetime) -> datetime:
    """The first moment at or after ``at`` when somebody at work would act: office hours,
    mostly Monday to Saturday."""
    if at.hour < DAY_START:
        at = at.replace(hour=DAY_START, minute=rng.randrange(60), second=rng.randrange(60))
    elif at.hour >= DAY_END:
        at = (at + timedelta(days=1)).replace(
            hour=DAY_START + rng.randrange(2), minute=rng.randrange(60), second=rng.randrange(60)
        )
    if at.weekday() == 6 and rng.random() < 0.8:
        at += timedelta(days=1)
    return at
