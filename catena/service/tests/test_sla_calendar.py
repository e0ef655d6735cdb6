"""The working calendar against the State Council's published schedules for 2025 and 2026."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from catena.service.sla.calendar import (
    calendar_from,
    covered_years,
    default_calendar,
    is_china_working_day,
    parse_hours,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("day", "is_working"),
    [
        # National Day and Mid-Autumn 2025: 1–8 October off, Sunday 28 September and Saturday
        # 11 October worked instead
        (date(2025, 9, 27), False),  # Saturday
        (date(2025, 9, 28), True),  # Sunday, adjusted working day
        (date(2025, 9, 30), True),
        *[(date(2025, 10, day), False) for day in range(1, 9)],
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),  # Saturday, adjusted working day
        (date(2025, 10, 12), False),  # Sunday
        # Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February worked
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),
        *[(date(2026, 2, day), False) for day in range(15, 24)],
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),
        # New Year 2026: 1–3 January off, Sunday 4 January worked
        (date(2026, 1, 2), False),
        (date(2026, 1, 4), True),
        # National Day 2026: 1–7 October off, Sunday 20 September and Saturday 10 October worked
        (date(2026, 9, 20), True),
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),
        # an ordinary week
        (date(2026, 3, 9), True),
        (date(2026, 3, 14), False),
    ],
)
def test_working_days_follow_the_published_schedule(day, is_working):
    assert is_china_working_day(day) is is_working
    assert default_calendar().is_working_day(day) is is_working


def test_the_package_covers_2025_and_2026():
    assert 2025 in covered_years()
    assert 2026 in covered_years()


def test_a_year_without_a_schedule_falls_back_to_weekdays_and_says_so(caplog):
    # given a calendar whose package has no schedule for the year after its last one
    calendar = calendar_from("09:00-12:00,13:00-18:00", "Asia/Shanghai")
    year = covered_years()[-1] + 1
    friday = next(date(year, 1, day) for day in range(1, 8) if date(year, 1, day).weekday() == 4)

    # when a clock reads a moment of that year, then weekdays count and the fallback is logged
    with caplog.at_level(logging.WARNING, logger="catena.service.sla.calendar"):
        calendar._warned_years.discard(year)
        calendar.position(datetime(year, 1, friday.day, 10, tzinfo=SHANGHAI))
    assert calendar.is_working_day(friday)
    assert calendar.is_estimated(friday)
    assert not calendar.is_estimated(date(2026, 6, 1))
    assert f"No published holiday schedule for {year}" in caplog.text


def test_business_hours_parse_into_periods():
    assert parse_hours("09:00-12:00,13:00-18:00") == ((9 * 3600, 12 * 3600), (13 * 3600, 18 * 3600))
    assert parse_hours(" 8:30 - 17:30 ") == ((8 * 3600 + 1800, 17 * 3600 + 1800),)
    assert parse_hours("00:00-24:00") == ((0, 86400),)


@pytest.mark.parametrize(
    "text",
    ["", "9-12", "09:00-08:00", "09:00-12:00,11:00-18:00", "09:60-10:00", "25:00-26:00", "09:00-24:30"],
)
def test_bad_business_hours_are_refused(text):
    with pytest.raises(ImproperlyConfigured, match="CATENA_SLA_HOURS"):
        parse_hours(text)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ImproperlyConfigured, match="CATENA_SLA_TIME_ZONE"):
        calendar_from("09:00-18:00", "Asia/Nowhere")


def test_naive_moments_and_far_dates_are_refused():
    calendar = default_calendar()
    with pytest.raises(ValueError, match="aware"):
        calendar.position(datetime(2025, 10, 9, 10))  # noqa: DTZ001  (the point of the test)
    with pytest.raises(ValueError, match="outside"):
        calendar.position(datetime(1999, 12, 31, 10, tzinfo=SHANGHAI))


def test_the_settings_choose_the_hours(settings):
    settings.CATENA_SLA_HOURS = "08:30-17:30"
    calendar = default_calendar()
    assert calendar.periods == ((8 * 3600 + 1800, 17 * 3600 + 1800),)
    assert calendar.business_seconds_per_day == 9 * 3600
