"""Mainland China's working calendar and the business hours that SLA clocks count.

A working day is a weekday that is not a statutory holiday, or a weekend day the State Council
made a working day to bridge a holiday (调休, e.g. Sunday 28 September 2025). The schedule is
announced each year, so it comes from a maintained package (``chinesecalendar``), never from a
rule. A year the package does not cover yet falls back to plain weekdays: the clock still runs,
the fallback is logged each time a process meets such a year, and ``catena check`` says so
(``catena.core.checks.working_calendar_coverage``).

The calendar is a table of days with, for each, whether it is worked and how many business
seconds lie before it, so a moment's *position* (business seconds since the table's first day)
is one subtraction and a due time is one binary search: no loop over days or minutes.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

#: The table's span. Dates outside it are refused: a clock that far off is a bad input.
FIRST_YEAR = 2000
LAST_YEAR = 2100

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@lru_cache(maxsize=1)
def covered_years() -> range:
    """The years whose holidays and adjusted working days the holiday package publishes."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def parse_hours(text: str) -> tuple[tuple[int, int], ...]:
    """``"09:00-12:00,13:00-18:00"`` → ((32400, 43200), (46800, 64800)): seconds after midnight.

    Periods must be in order and must not overlap; a lunch break is the gap between two periods.
    """
    periods: list[tuple[int, int]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _PERIOD.match(part)
        if match is None:
            raise ImproperlyConfigured(
                f"CATENA_SLA_HOURS: {part.strip()!r} is not a period like 09:00-12:00 (in {text!r})."
            )
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        if start_m > 59 or end_m > 59 or start_h > 23 or end_h > 24 or (end_h == 24 and end_m):
            raise ImproperlyConfigured(f"CATENA_SLA_HOURS: {part.strip()!r} is not a time of day.")
        start, end = start_h * 3600 + start_m * 60, end_h * 3600 + end_m * 60
        if end <= start:
            raise ImproperlyConfigured(f"CATENA_SLA_HOURS: {part.strip()!r} ends before it starts.")
        if periods and start < periods[-1][1]:
            raise ImproperlyConfigured(f"CATENA_SLA_HOURS: {part.strip()!r} overlaps the period before it.")
        periods.append((start, end))
    if not periods:
        raise ImproperlyConfigured("CATENA_SLA_HOURS names no business hours.")
    return tuple(periods)


def is_china_working_day(day: date) -> bool:
    """Whether people work on ``day`` in mainland China; plain weekdays in a year not covered."""
    if day.year in covered_years():
        if day in chinese_calendar.workdays:
            return True
        return day.weekday() < 5 and day not in chinese_calendar.holidays
    return day.weekday() < 5


class WorkingCalendar:
    """Business hours on China's working days in one time zone, with its day table built once."""

    def __init__(self, time_zone: ZoneInfo, periods: tuple[tuple[int, int], ...]) -> None:
        self.time_zone = time_zone
        self.periods = periods
        first = date(FIRST_YEAR, 1, 1)
        days = (date(LAST_YEAR + 1, 1, 1) - first).days
        day_seconds = sum(end - start for start, end in periods)
        working = bytearray(days)
        before = [0] * (days + 1)  # business seconds before each day; one more for the end
        total = 0
        for index in range(days):
            before[index] = total
            if is_china_working_day(first + timedelta(days=index)):
                working[index] = 1
                total += day_seconds
        before[days] = total
        covered = covered_years()
        self._first_ordinal = first.toordinal()
        self._working = bytes(working)
        self._before = before
        self._day_seconds = day_seconds
        self._fallback_years = frozenset(
            year for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in covered
        )
        self._warned_years: set[int] = set()
        self._estimated = bytes(
            (first + timedelta(days=index)).year in self._fallback_years for index in range(days)
        )
        # Shanghai has kept UTC+8 all year since 1991: with one offset, local days are plain
        # arithmetic on the timestamp, several times faster than converting each moment.
        self._fixed_offset = _fixed_offset(time_zone)
        self._first_day_number = (first - date(1970, 1, 1)).days

    # --- days -----------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return bool(self._working[self._index(day)])

    def is_estimated(self, day: date) -> bool:
        """True where the day's year falls back to plain weekdays (no published schedule)."""
        return day.year in self._fallback_years

    @property
    def business_seconds_per_day(self) -> int:
        return self._day_seconds

    # --- moments and positions ------------------------------------------------------------

    def position(self, moment: datetime) -> int:
        """Business seconds from the table's start to ``moment`` (an aware datetime)."""
        if self._fixed_offset is None:
            local = self._local(moment)
            index = self._index(local.date())
            second = local.hour * 3600 + local.minute * 60 + local.second
        else:
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("SLA clocks need aware datetimes (a naive time has no time zone).")
            day_number, second = divmod(int(moment.timestamp()) + self._fixed_offset, 86400)
            index = day_number - self._first_day_number
            if not 0 <= index < len(self._working):
                self._index(moment.astimezone(self.time_zone).date())  # raises, naming the day
            if self._estimated[index]:
                self._warn_if_estimated(date.fromordinal(self._first_ordinal + index))
        base: int = self._before[index]
        if not self._working[index]:
            return base
        elapsed = 0
        for start, end in self.periods:
            if second <= start:
                break
            elapsed += min(second, end) - start
        return base + elapsed

    def moment_at(self, position: int) -> datetime:
        """The earliest moment whose position is ``position``, in the calendar's time zone.

        A due time that falls exactly on the end of a period is that end (12:00, 18:00), not the
        start of the next one: the target is met by then.
        """
        before = self._before
        if position <= 0 or position > before[-1]:
            raise ValueError(f"business position {position} lies outside {FIRST_YEAR}–{LAST_YEAR}")
        index = bisect_left(before, position) - 1  # before[index] < position <= before[index + 1]
        if self._estimated[index]:
            self._warn_if_estimated(date.fromordinal(self._first_ordinal + index))
        remaining = position - before[index]
        second = self.periods[-1][1]
        for start, end in self.periods:
            if remaining <= end - start:
                second = start + remaining
                break
            remaining -= end - start
        if self._fixed_offset is not None:
            timestamp = (self._first_day_number + index) * 86400 + second - self._fixed_offset
            return datetime.fromtimestamp(timestamp, self.time_zone)
        day = date.fromordinal(self._first_ordinal + index)
        midnight = datetime.combine(day, time(0), tzinfo=self.time_zone)
        return (midnight + timedelta(seconds=second)).astimezone(self.time_zone)

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("SLA clocks need aware datetimes (a naive time has no time zone).")
        local = moment.astimezone(self.time_zone)
        self._warn_if_estimated(local.date())
        return local

    def _index(self, day: date) -> int:
        index = day.toordinal() - self._first_ordinal
        if not 0 <= index < len(self._working):
            raise ValueError(
                f"{day.isoformat()} lies outside the working calendar ({FIRST_YEAR}–{LAST_YEAR})"
            )
        return index

    def _warn_if_estimated(self, day: date) -> None:
        year = day.year
        if year in self._fallback_years and year not in self._warned_years:
            self._warned_years.add(year)
            logger.warning(
                "No published holiday schedule for %s in chinesecalendar %s: SLA clocks count plain "
                "weekdays that year until the package is upgraded.",
                year,
                chinese_calendar.__version__,
            )


def _fixed_offset(zone: ZoneInfo) -> int | None:
    """The zone's UTC offset in seconds if it is the same at every season of the table's years."""
    offsets = {
        datetime(year, month, 1, 12, tzinfo=zone).utcoffset()
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return None if offset is None else int(offset.total_seconds())


def calendar_from(hours: str, time_zone: str) -> WorkingCalendar:
    return _calendar(hours.replace(" ", ""), time_zone)


@lru_cache(maxsize=8)
def _calendar(hours: str, time_zone: str) -> WorkingCalendar:
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImproperlyConfigured(f"CATENA_SLA_TIME_ZONE: unknown time zone {time_zone!r}.") from error
    return WorkingCalendar(time_zone=zone, periods=parse_hours(hours))


def default_calendar() -> WorkingCalendar:
    """The calendar of the settings CATENA_SLA_HOURS and CATENA_SLA_TIME_ZONE (built once each)."""
    return calendar_from(settings.CATENA_SLA_HOURS, settings.CATENA_SLA_TIME_ZONE)
