"""SLA clocks on records: due and warning times, pauses while waiting on the customer, the end."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from catena.parties.tests.factories import PartyFactory
from catena.service.models import SlaClock, SlaClockState, SlaTarget, policy_for

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day, hour, minute=0, year=2025):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def record():
    # clocks attach to any record; the case model will be the usual one
    return PartyFactory()


def urgent_resolution_clock(record, started_at):
    # the default urgent policy: resolution in 480 business minutes, warning at 75 %
    clock = SlaClock.new_for(
        record, SlaTarget.RESOLUTION, policy_for("complaint", "urgent", "standard"), started_at=started_at
    )
    clock.save()
    return clock


def test_a_new_clock_copies_the_target_and_schedules_across_the_holiday(record):
    clock = urgent_resolution_clock(record, at(9, 30, 10))

    # 420 minutes on 30 September, then 60 on 9 October; warning at 360 minutes: 10–12, 13–17
    assert clock.target_minutes == 480
    assert clock.due_at == at(10, 9, 10)
    assert clock.warn_at == at(9, 30, 17)
    assert clock.state(at(9, 30, 16)) == SlaClockState.RUNNING
    assert clock.state(at(9, 30, 17, 30)) == SlaClockState.WARNED
    assert clock.state(at(10, 9, 10)) == SlaClockState.BREACHED


def test_waiting_on_the_customer_across_the_holiday_moves_the_due_time(record):
    clock = urgent_resolution_clock(record, at(9, 30, 10))

    # when the case waits on the customer from 15:00 on 30 September to 11:00 on 9 October
    clock.pause(at(9, 30, 15))
    clock.save()
    assert clock.due_at is None  # the target cannot be reached while paused
    assert clock.state(at(10, 8, 12)) == SlaClockState.PAUSED

    clock.resume(at(10, 9, 11))
    clock.save()

    # then 240 minutes ran before the pause (10–12, 13–15), 240 remain: 11–12, 13–16 on 9 Oct
    assert clock.due_at == at(10, 9, 16)
    # the warning (360 min) comes 120 minutes after the resume: 11–12, 13–14
    assert clock.warn_at == at(10, 9, 14)
    assert clock.elapsed_seconds(at(10, 9, 16)) == 480 * 60
    assert clock.history.count() == 3  # created, paused, resumed: every change is kept


def test_a_pause_after_the_warning_keeps_the_warning_time(record):
    clock = urgent_resolution_clock(record, at(9, 29, 9))  # due 18:00, warning 16:00 (360 min)
    clock.pause(at(9, 29, 16, 30))
    clock.resume(at(9, 30, 9))
    assert clock.warn_at == at(9, 29, 16)
    assert clock.due_at == at(9, 30, 10, 30)  # 90 minutes left at 16:30, run from 09:00 next day


def test_stopping_in_time_meets_the_target_and_late_misses_it(record):
    clock = urgent_resolution_clock(record, at(9, 29, 9))
    clock.stop(at(9, 29, 17))
    assert clock.state(at(10, 20, 9)) == SlaClockState.MET

    late = urgent_resolution_clock(PartyFactory(), at(9, 29, 9))
    late.stop(at(9, 30, 9, 30))
    assert late.state(at(9, 30, 10)) == SlaClockState.MISSED


def test_stopping_a_paused_clock_ends_its_pause(record):
    clock = urgent_resolution_clock(record, at(9, 29, 9))
    clock.pause(at(9, 29, 10))
    clock.stop(at(9, 29, 11))
    assert clock.paused_since is None
    assert clock.pauses[-1][1] is not None
    assert clock.elapsed_seconds(at(9, 29, 12)) == 60 * 60


def test_one_open_clock_per_target_and_record(record):
    urgent_resolution_clock(record, at(9, 29, 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        urgent_resolution_clock(record, at(9, 29, 10))


def test_the_sweep_finds_clocks_whose_warning_or_due_time_has_come(record):
    clock = urgent_resolution_clock(record, at(9, 29, 9))  # warning 16:00, due 18:00
    other = urgent_resolution_clock(PartyFactory(), at(9, 29, 14))

    assert list(SlaClock.objects.due_for_sweep(at(9, 29, 15))) == []
    assert list(SlaClock.objects.due_for_sweep(at(9, 29, 16))) == [clock]
    clock.warned_at = at(9, 29, 16)
    clock.save()
    assert list(SlaClock.objects.due_for_sweep(at(9, 29, 17))) == []
    assert list(SlaClock.objects.due_for_sweep(at(9, 29, 18))) == [clock]
    assert list(SlaClock.objects.for_record(record)) == [clock]
    assert other in SlaClock.objects.open()
