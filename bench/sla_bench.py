"""The escalation sweep's arithmetic: SLA clocks for many open cases on China's working calendar.

    .venv/bin/python bench/sla_bench.py                      # 100,000 clocks, best of 3 runs
    .venv/bin/python bench/sla_bench.py --clocks 200000 --runs 5

Generates synthetic open clocks (started over 2025–2026, so across every holiday and adjusted
working day of both years; a third of them paused once or twice while waiting on the customer,
some of those pauses still going on) and, for each, computes what the sweep needs: the due time,
the warning time and the business time elapsed until "now". No database: this is the pure part
of the sweep (catena.service.sla), which must stay well inside the 10 s target for 100k cases.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")

import django  # noqa: E402

django.setup()

from catena.service.sla.calendar import default_calendar  # noqa: E402
from catena.service.sla.clock import Pause, add_business_seconds, business_seconds_between  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
TARGETS = (60, 120, 240, 480, 960, 1440, 2400)  # business minutes: the default policies' targets


def synthetic_clocks(count: int, seed: int) -> list[tuple[datetime, int, int, list[Pause]]]:
    rng = random.Random(seed)
    first = datetime(2025, 1, 1, tzinfo=SHANGHAI)
    span = 2 * 365 * 24 * 60
    clocks = []
    for _ in range(count):
        started = first + timedelta(minutes=rng.randrange(span))
        pauses: list[Pause] = []
        if rng.random() < 1 / 3:
            moment = started
            for _pause in range(rng.choice((1, 2))):
                moment += timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
                end = (
                    None if rng.random() < 0.2 else moment + timedelta(minutes=rng.randrange(30, 5 * 24 * 60))
                )
                pauses.append((moment, end))
                if end is None:
                    break
                moment = end
        clocks.append((started, rng.choice(TARGETS) * 60, rng.choice((75, 80)), pauses))
    return clocks


def sweep(clocks: list[tuple[datetime, int, int, list[Pause]]], now: datetime) -> tuple[int, int, int]:
    calendar = default_calendar()
    overdue = warned = paused = 0
    for started, seconds, warning_percent, pauses in clocks:
        due = add_business_seconds(started, seconds, pauses=pauses, calendar=calendar)
        warn = add_business_seconds(
            started, seconds * warning_percent // 100, pauses=pauses, calendar=calendar
        )
        end = now if now > started else started
        elapsed = business_seconds_between(started, end, pauses=pauses, calendar=calendar)
        if due is None:
            paused += 1
        elif elapsed >= seconds:
            overdue += 1
        elif warn is not None and elapsed * 100 >= seconds * warning_percent:
            warned += 1
    return overdue, warned, paused


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20251001)
    args = parser.parse_args()

    started = time.perf_counter()
    default_calendar()
    print(f"working calendar built in {time.perf_counter() - started:.3f} s")
    clocks = synthetic_clocks(args.clocks, args.seed)
    with_pauses = sum(1 for clock in clocks if clock[3])
    print(f"{len(clocks):,} clocks, {with_pauses:,} with pauses")

    now = datetime(2026, 6, 15, 10, 30, tzinfo=SHANGHAI)
    times = []
    for run in range(1, args.runs + 1):
        began = time.perf_counter()
        overdue, warned, paused = sweep(clocks, now)
        times.append(time.perf_counter() - began)
        print(
            f"run {run}: {times[-1]:.2f} s for {len(clocks):,} clocks "
            f"({len(clocks) / times[-1]:,.0f} clocks/s; 3 computations each); "
            f"overdue {overdue:,}, warned {warned:,}, paused for good {paused:,}"
        )
    print(f"best {min(times):.2f} s, median {statistics.median(times):.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()
