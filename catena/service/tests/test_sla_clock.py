"""Due times and elapsed business time, computed by hand on the published 2025 and 2026 schedules.

Business hours are the defaults: 09:00–12:00 and 13:00–18:00 in Shanghai, 480 minutes a day.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catena.service.sla.calendar import calendar_from
from catena.service.sla.clock import (
    add_business_minutes,
    add_business_seconds,
    business_minutes_between,
    business_seconds_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = 480  # business minutes in a working day


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# --- the National Day and Mid-Autumn holiday 2025 (1–8 October; 28 Sep and 11 Oct worked) ----


def test_a_case_opened_the_evening_before_national_day_is_answered_after_the_holiday():
    # given a case opened on Tuesday 30 September 2025 at 17:30 with a one-hour first response
    opened = at(2025, 9, 30, 17, 30)

    # then half an hour runs that evening, the holiday does not count, and it is due at 09:30
    # on Thursday 9 October
    assert add_business_minutes(opened, 60) == at(2025, 10, 9, 9, 30)


def test_a_three_day_resolution_across_national_day_ends_on_the_adjusted_saturday():
    # 30 min on 30 Sep, 480 on 9 Oct, 480 on 10 Oct, then 450 of Saturday 11 Oct (a working day):
    # 180 in the morning and 270 after lunch
    assert add_business_minutes(at(2025, 9, 30, 17, 30), 3 * DAY) == at(2025, 10, 11, 17, 30)


def test_a_case_opened_friday_evening_runs_on_the_adjusted_sunday():
    # Friday 26 September 2025 17:30: 30 minutes that day, then Sunday 28 September is worked
    opened = at(2025, 9, 26, 17, 30)
    assert add_business_minutes(opened, 60) == at(2025, 9, 28, 9, 30)
    # three days: 30 (Fri) + 480 (Sun 28) + 480 (Mon 29) + 450 (Tue 30)
    assert add_business_minutes(opened, 3 * DAY) == at(2025, 9, 30, 17, 30)


def test_elapsed_business_time_skips_the_holiday():
    # 17:00–18:00 on 30 Sep, then 09:00–10:00 on 9 Oct
    assert business_minutes_between(at(2025, 9, 30, 17), at(2025, 10, 9, 10)) == 120
    # the whole holiday week is worth nothing
    assert business_minutes_between(at(2025, 10, 1, 9), at(2025, 10, 8, 18)) == 0
    # the weekend around it: Sat 27 Sep nothing, Sun 28 Sep a full day
    assert business_minutes_between(at(2025, 9, 27), at(2025, 9, 29)) == DAY


# --- Spring Festival 2026 (15–23 February; Saturdays 14 and 28 February worked) ---------------


def test_a_case_opened_before_spring_festival_runs_on_the_adjusted_saturday_then_waits():
    opened = at(2026, 2, 13, 17, 30)  # Friday
    assert add_business_minutes(opened, 60) == at(2026, 2, 14, 9, 30)  # Saturday, worked
    assert add_business_minutes(opened, DAY) == at(2026, 2, 14, 17, 30)
    # two days: 30 (Fri) + 480 (Sat 14), then nothing until Tuesday 24 February: 450 more
    assert add_business_minutes(opened, 2 * DAY) == at(2026, 2, 24, 17, 30)


def test_spring_festival_counts_only_the_days_worked():
    assert business_minutes_between(at(2026, 2, 13, 9), at(2026, 2, 24, 9)) == 2 * DAY


def test_the_saturday_after_spring_festival_is_a_working_day():
    # Friday 27 February 2026 17:00 + 2 h: one hour that evening, one on Saturday 28 February
    assert add_business_minutes(at(2026, 2, 27, 17), 120) == at(2026, 2, 28, 10)


# --- the lunch break and the ends of a period --------------------------------------------------


def test_a_target_reached_at_noon_is_due_at_noon_not_after_lunch():
    assert add_business_minutes(at(2025, 9, 29, 11, 30), 30) == at(2025, 9, 29, 12)
    assert add_business_minutes(at(2025, 9, 29, 11, 30), 31) == at(2025, 9, 29, 13, 1)


def test_a_clock_started_during_lunch_starts_at_one():
    assert add_business_minutes(at(2025, 9, 29, 12, 15), 60) == at(2025, 9, 29, 14)
    assert business_minutes_between(at(2025, 9, 29, 12, 10), at(2025, 9, 29, 12, 50)) == 0
    assert business_minutes_between(at(2025, 9, 29, 11), at(2025, 9, 29, 14)) == 120


def test_a_target_reached_at_the_end_of_the_day_is_due_that_evening():
    assert add_business_minutes(at(2025, 9, 29, 17), 60) == at(2025, 9, 29, 18)
    # started after hours, the clock starts the next working morning
    assert add_business_minutes(at(2025, 9, 29, 20), 60) == at(2025, 9, 30, 10)


def test_a_zero_target_is_due_at_once():
    assert add_business_minutes(at(2025, 10, 3, 15), 0) == at(2025, 10, 3, 15)


def test_negative_targets_are_refused():
    with pytest.raises(ValueError):
        add_business_minutes(at(2025, 9, 29, 10), -1)


# --- pauses (waiting on the customer) ---------------------------------------------------------


def test_a_pause_across_the_holiday_stops_the_clock():
    # given a case opened on 30 Sep 2025 at 10:00, waiting on the customer from 16:00 that day
    # until 11:00 on 9 October
    opened = at(2025, 9, 30, 10)
    pauses = [(at(2025, 9, 30, 16), at(2025, 10, 9, 11))]

    # then 300 minutes ran before the pause (10–12, 13–16) and 180 remain: 11–12, 13–15
    assert add_business_minutes(opened, DAY, pauses=pauses) == at(2025, 10, 9, 15)
    assert business_minutes_between(opened, at(2025, 10, 9, 15), pauses=pauses) == DAY
    # without the pause it would have been due at 10:00 on 9 October
    assert add_business_minutes(opened, DAY) == at(2025, 10, 9, 10)


def test_overlapping_and_earlier_pauses_count_once():
    opened = at(2025, 9, 29, 9)
    pauses = [
        (at(2025, 9, 28, 9), at(2025, 9, 29, 10)),  # began before the clock: counts from 09:00
        (at(2025, 9, 29, 14), at(2025, 9, 29, 16)),
        (at(2025, 9, 29, 15), at(2025, 9, 29, 17)),  # overlaps the one before
    ]
    # running: 10–12 (120), 13–14 (60), 17–18 (60) = 240
    assert business_minutes_between(opened, at(2025, 9, 29, 18), pauses=pauses) == 240
    assert add_business_minutes(opened, 240, pauses=pauses) == at(2025, 9, 29, 18)
    assert add_business_minutes(opened, 241, pauses=pauses) == at(2025, 9, 30, 9, 1)


def test_a_pause_still_going_on_holds_the_due_time():
    opened = at(2025, 9, 29, 9)
    waiting = [(at(2025, 9, 29, 10), None)]
    assert add_business_minutes(opened, 120, pauses=waiting) is None
    # a target reached before the pause began is still due then
    assert add_business_minutes(opened, 60, pauses=waiting) == at(2025, 9, 29, 10)
    assert business_minutes_between(opened, at(2025, 10, 9, 18), pauses=waiting) == 60


def test_a_pause_starting_when_the_target_is_reached_does_not_move_it():
    opened = at(2025, 9, 29, 9)
    assert add_business_minutes(opened, 60, pauses=[(at(2025, 9, 29, 10), at(2025, 9, 29, 11))]) == at(
        2025, 9, 29, 10
    )


# --- time zones ---------------------------------------------------------------------------------


def test_moments_given_in_utc_are_read_in_shanghai_time():
    # 09:30 UTC on 30 September is 17:30 in Shanghai
    opened = datetime(2025, 9, 30, 9, 30, tzinfo=UTC)
    due = add_business_minutes(opened, 60)
    assert due == datetime(2025, 10, 9, 1, 30, tzinfo=UTC)
    assert due.utcoffset() == timedelta(hours=8)  # answered in the calendar's zone
    # 16:00 UTC on 30 September is already after midnight in Shanghai: the holiday
    assert business_minutes_between(datetime(2025, 9, 30, 16, tzinfo=UTC), at(2025, 10, 9, 9, 30)) == 30


def test_another_time_zone_and_hours_can_be_configured():
    calendar = calendar_from("08:00-17:00", "Europe/Berlin")
    opened = datetime(2025, 9, 30, 16, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert add_business_minutes(opened, 60, calendar=calendar) == datetime(
        2025, 10, 9, 8, 30, tzinfo=ZoneInfo("Europe/Berlin")
    )


# --- the two functions agree -------------------------------------------------------------------


def test_elapsed_time_to_the_due_time_is_the_target():
    rng = random.Random(20251001)
    start = at(2025, 1, 1)
    for _ in range(400):
        opened = start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        seconds = rng.randrange(1, 20 * DAY * 60)
        pause_start = opened + timedelta(minutes=rng.randrange(0, 20000))
        pauses = [(pause_start, pause_start + timedelta(minutes=rng.randrange(0, 20000)))]
        due = add_business_seconds(opened, seconds, pauses=pauses)
        assert due is not None
        assert business_seconds_between(opened, due, pauses=pauses) == seconds
        assert business_seconds_between(opened, due - timedelta(seconds=1), pauses=pauses) < seconds


def test_a_zone_with_summer_time_keeps_the_same_arithmetic():
    # Berlin changes its offset twice a year: the calendar converts each moment instead
    calendar = calendar_from("09:00-12:00,13:00-18:00", "Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    # Friday 24 Oct 2025 17:00 + 2 h: Monday 27 Oct (after the clocks went back) at 10:00
    assert add_business_minutes(
        datetime(2025, 10, 24, 17, tzinfo=berlin), 120, calendar=calendar
    ) == datetime(2025, 10, 27, 10, tzinfo=berlin)
    rng = random.Random(7)
    for _ in range(200):
        opened = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        seconds = rng.randrange(1, 10 * DAY * 60)
        due = add_business_seconds(opened, seconds, calendar=calendar)
        assert business_seconds_between(opened, due, calendar=calendar) == seconds
