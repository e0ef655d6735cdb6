"""Business-time clocks: due times and elapsed business time, with pauses.

A clock starts at a moment and runs only in business hours on working days (see ``calendar``);
while a case waits on the customer it is paused, and paused business time does not count. A
pause is ``(start, end)``; ``end`` is None while the pause goes on.

Everything works on *positions* (business seconds since the calendar's first day), so a clock is
a few subtractions and one binary search whatever its length, holidays and pauses included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from catena.service.sla.calendar import WorkingCalendar, default_calendar

Pause = tuple[datetime, datetime | None]


def _paused_positions(
    pauses: Iterable[Pause], calendar: WorkingCalendar, not_before: int
) -> list[tuple[int, float]]:
    """The pauses as merged, sorted business-position intervals from ``not_before`` on.

    An open pause ends at infinity.
    """
    spans: list[tuple[int, float]] = []
    for start, end in pauses:
        low = max(calendar.position(start), not_before)
        high: float = float("inf") if end is None else calendar.position(end)
        if high > low:
            spans.append((low, high))
    spans.sort()
    merged: list[tuple[int, float]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def add_business_seconds(
    start: datetime,
    seconds: int,
    *,
    pauses: Sequence[Pause] = (),
    calendar: WorkingCalendar | None = None,
) -> datetime | None:
    """The moment ``seconds`` of running business time after ``start``.

    None while the clock is paused for good before reaching it (an open pause). The answer is in
    the calendar's time zone; a target reached at the end of a period is due then (12:00,
    18:00), not when the next period starts.
    """
    if seconds < 0:
        raise ValueError("an SLA target cannot be negative")
    calendar = calendar or default_calendar()
    started = cursor = calendar.position(start)
    remaining = seconds
    for low, high in _paused_positions(pauses, calendar, started):
        if remaining <= low - cursor:
            break
        remaining -= low - cursor
        if high == float("inf"):
            return None
        cursor = int(high)
    target = cursor + remaining
    if target == started:
        return start.astimezone(calendar.time_zone)
    return calendar.moment_at(target)


def add_business_minutes(
    start: datetime,
    minutes: int,
    *,
    pauses: Sequence[Pause] = (),
    calendar: WorkingCalendar | None = None,
) -> datetime | None:
    """The due time of a target of ``minutes`` business minutes started at ``start``."""
    return add_business_seconds(start, minutes * 60, pauses=pauses, calendar=calendar)


def business_seconds_between(
    start: datetime,
    end: datetime,
    *,
    pauses: Sequence[Pause] = (),
    calendar: WorkingCalendar | None = None,
) -> int:
    """Running business seconds from ``start`` to ``end`` (0 if ``end`` is not after ``start``)."""
    calendar = calendar or default_calendar()
    low, high = calendar.position(start), calendar.position(end)
    if high <= low:
        return 0
    paused = 0.0
    for pause_low, pause_high in _paused_positions(pauses, calendar, low):
        if pause_low >= high:
            break
        paused += min(pause_high, high) - pause_low
    return high - low - int(paused)


def business_minutes_between(
    start: datetime,
    end: datetime,
    *,
    pauses: Sequence[Pause] = (),
    calendar: WorkingCalendar | None = None,
) -> int:
    """Whole running business minutes from ``start`` to ``end``."""
    return business_seconds_between(start, end, pauses=pauses, calendar=calendar) // 60
