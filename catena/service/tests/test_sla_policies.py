"""SLA policies: the defaults a new installation gets, and the most specific policy applies."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from catena.core.checks import working_calendar_coverage
from catena.service.models import SlaPolicy, SlaTarget, policy_for
from catena.service.sla.calendar import covered_years

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_new_installation_has_default_policies():
    standard = policy_for("complaint", "normal", "standard")
    assert standard is not None
    assert (standard.first_response_minutes, standard.resolution_minutes) == (240, 3 * 480)
    urgent = policy_for("complaint", "urgent", "standard")
    assert (urgent.first_response_minutes, urgent.resolution_minutes) == (60, 480)


def test_the_most_specific_active_policy_applies():
    # given policies for urgent cases, urgent complaints and strategic customers
    urgent_complaints = SlaPolicy.objects.create(
        name="Urgent complaints",
        case_type="complaint",
        priority="urgent",
        first_response_minutes=15,
        next_response_minutes=30,
        resolution_minutes=240,
    )
    SlaPolicy.objects.create(
        name="Strategic",
        tier="strategic",
        first_response_minutes=60,
        next_response_minutes=60,
        resolution_minutes=480,
    )

    # then type beats priority beats tier, and any fills in
    assert policy_for("complaint", "urgent", "strategic") == urgent_complaints
    assert policy_for("inquiry", "urgent", "strategic").name == "Urgent, strategic customer"
    assert policy_for("inquiry", "normal", "strategic").name == "Strategic"
    assert policy_for("inquiry", "normal", "").name == "Standard"

    # and an inactive policy is ignored
    urgent_complaints.is_active = False
    urgent_complaints.save()
    assert policy_for("complaint", "urgent", "strategic").name == "Urgent, strategic customer"


def test_without_any_policy_there_is_none():
    SlaPolicy.objects.all().delete()
    assert policy_for("complaint", "urgent", "key") is None


def test_one_active_policy_per_scope():
    with pytest.raises(IntegrityError), transaction.atomic():
        SlaPolicy.objects.create(
            name="Second standard", first_response_minutes=1, next_response_minutes=1, resolution_minutes=1
        )


def test_a_first_response_after_the_resolution_is_refused():
    policy = SlaPolicy(
        name="Odd", first_response_minutes=500, next_response_minutes=60, resolution_minutes=480
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "first_response_minutes" in error.value.message_dict


def test_a_policy_gives_due_and_warning_times_on_the_working_calendar():
    urgent = policy_for("complaint", "urgent", "standard")  # 60 min first response, warn at 75 %
    opened = datetime(2025, 9, 30, 17, 30, tzinfo=SHANGHAI)  # the evening before National Day

    assert urgent.due_at(SlaTarget.FIRST_RESPONSE, opened) == datetime(2025, 10, 9, 9, 30, tzinfo=SHANGHAI)
    assert urgent.warn_at(SlaTarget.FIRST_RESPONSE, opened) == datetime(2025, 10, 9, 9, 15, tzinfo=SHANGHAI)
    assert urgent.due_at(SlaTarget.RESOLUTION, opened) == datetime(2025, 10, 9, 17, 30, tzinfo=SHANGHAI)


FIRST_UNCOVERED = covered_years()[-1] + 1  # 2027 with chinesecalendar 1.11.0


def test_the_check_warns_when_this_year_has_no_holiday_schedule():
    with time_machine.travel(datetime(FIRST_UNCOVERED, 3, 1, 10, tzinfo=SHANGHAI), tick=False):
        messages = working_calendar_coverage()
    assert [message.id for message in messages] == ["catena.service.W001"]
    assert str(FIRST_UNCOVERED) in messages[0].msg


def test_the_check_notes_when_next_year_has_no_schedule_yet():
    with time_machine.travel(datetime(FIRST_UNCOVERED - 1, 12, 7, 10, tzinfo=SHANGHAI), tick=False):
        assert [message.id for message in working_calendar_coverage()] == ["catena.service.I001"]
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())  # a note, not a failure


def test_the_check_is_quiet_when_both_years_are_covered():
    with time_machine.travel(datetime(FIRST_UNCOVERED - 2, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        assert working_calendar_coverage() == []
