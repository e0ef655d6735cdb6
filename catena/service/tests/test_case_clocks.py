"""A case on the clock: its SLA starts when it opens, pauses while it waits on the customer, stops
when we answer and resolve; the queue sorts by it; the sweep warns, breaches and escalates.

The hand-computed times use the 2025 National Day holiday: 1–8 October off, Saturday 11 October
an adjusted working day; business hours 09:00–12:00 and 13:00–18:00 (480 minutes a day)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from catena.accounts.choices import Role
from catena.accounts.models import Department
from catena.core import events
from catena.core.models import Event
from catena.service import selectors
from catena.service.models import Case, SlaClock, SlaClockState, SlaTarget
from catena.service.services import add_reply, change_status, clocks, open_case
from catena.service.tests import factories as f
from catena.workspace import rules
from catena.workspace.models import Notification

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def clock(case: Case, kind: str) -> SlaClock:
    return SlaClock.objects.for_record(case).filter(kind=kind).latest("started_at")


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return f.user(Role.SERVICE)


def opened(agent, when: datetime, **fields) -> Case:  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        return f.case(actor=agent, **fields)


def test_a_new_case_runs_first_response_and_resolution_clocks_across_the_holiday(agent) -> None:  # type: ignore[no-untyped-def]
    case = opened(agent, at(9, 30, 10))  # a normal complaint: 240 and 1,440 business minutes

    # 10–12 and 13–15 on 30 September
    assert clock(case, SlaTarget.FIRST_RESPONSE).due_at == at(9, 30, 15)
    # 420 minutes on 30 September, 480 on 9 and 10 October, the last 60 on Saturday 11 October
    assert clock(case, SlaTarget.RESOLUTION).due_at == at(10, 11, 10)
    case.refresh_from_db()
    assert case.sla_due_at == at(9, 30, 15)


def test_the_acknowledgement_names_when_we_will_answer_in_the_customers_language(agent) -> None:  # type: ignore[no-untyped-def]
    party = f.customer()
    customer = f.portal_user(party, language="zh-hans")

    case = opened(customer, at(9, 30, 10), party=party, channel="portal")

    body = case.messages.get().body
    assert case.number in body
    with translation.override("zh-hans"):
        assert "2025年9月30日" in body and "15:00" in body
    english = opened(agent, at(9, 30, 10), language="en")
    assert "Sept. 30, 2025, 3 p.m." in english.messages.get().body


def test_our_reply_stops_the_first_response_and_waiting_on_the_customer_pauses_the_rest(agent) -> None:  # type: ignore[no-untyped-def]
    case = opened(agent, at(9, 30, 10))
    with time_machine.travel(at(9, 30, 11), tick=False):
        add_reply(case, "我们已联系承运商核实。", actor=agent)
    first = clock(case, SlaTarget.FIRST_RESPONSE)
    assert first.stopped_at == at(9, 30, 11) and first.state(at(9, 30, 11)) == SlaClockState.MET
    case.refresh_from_db()
    assert case.status == "open" and case.sla_due_at == at(10, 11, 10)

    with time_machine.travel(at(9, 30, 16), tick=False):
        change_status(case, "waiting_on_customer", actor=agent, expected_version=case.version)
    case.refresh_from_db()
    assert case.sla_due_at is None  # nothing runs while the customer has the ball
    assert clock(case, SlaTarget.RESOLUTION).state(at(10, 9, 9)) == SlaClockState.PAUSED

    # the customer answers on the first working day after the holiday
    customer = f.portal_user(case.party)
    with time_machine.travel(at(10, 9, 10), tick=False):
        add_reply(case, "照片已上传。", actor=customer)
    case.refresh_from_db()
    assert case.status == "open"
    # 180 paused business minutes (16–18 on 30 September, 9–10 on 9 October) move the resolution
    assert clock(case, SlaTarget.RESOLUTION).due_at == at(10, 11, 14)
    # and the customer's message starts a next response: 480 minutes from 9 October 10:00
    assert clock(case, SlaTarget.NEXT_RESPONSE).due_at == at(10, 10, 10)
    assert case.sla_due_at == at(10, 10, 10)


def test_resolving_stops_every_clock_and_reopening_starts_a_new_resolution(agent) -> None:  # type: ignore[no-untyped-def]
    case = opened(agent, at(9, 30, 10))
    with time_machine.travel(at(10, 13, 10), tick=False):  # Monday, past the resolution's due time
        case = change_status(
            case,
            "resolved",
            actor=agent,
            expected_version=case.version,
            root_cause="carrier",
            resolution="补发",
        )
    assert not SlaClock.objects.for_record(case).open().exists()
    assert clock(case, SlaTarget.RESOLUTION).state(at(10, 13, 10)) == SlaClockState.MISSED
    assert clock(case, SlaTarget.FIRST_RESPONSE).state(at(10, 13, 10)) == SlaClockState.MISSED
    assert Case.objects.get(pk=case.pk).sla_due_at is None

    with time_machine.travel(at(10, 14, 9), tick=False):
        case = change_status(case, "open", actor=agent, expected_version=case.version)
    reopened = clock(case, SlaTarget.RESOLUTION)
    assert reopened.started_at == at(10, 14, 9) and reopened.stopped_at is None
    assert SlaClock.objects.for_record(case).filter(kind=SlaTarget.RESOLUTION).count() == 2
    assert Case.objects.get(pk=case.pk).sla_due_at == reopened.due_at


def test_the_queue_puts_the_case_due_soonest_first(agent) -> None:  # type: ignore[no-untyped-def]
    party = f.customer()
    normal = opened(agent, at(9, 29, 9), party=party)  # first response due 14:00 (lunch left out)
    urgent = opened(agent, at(9, 29, 11), party=party, priority="urgent")  # due 12:00
    later = opened(agent, at(9, 29, 14), party=party, priority="urgent")  # due 15:00

    queue = list(selectors.case_list(agent, active=True))

    assert queue == [urgent, normal, later]
    with time_machine.travel(at(9, 29, 14, 30), tick=False):
        assert list(selectors.case_list(agent, sla="breached")) == [urgent, normal]


def test_the_sweep_warns_breaches_and_escalates_once_each(agent) -> None:  # type: ignore[no-untyped-def]
    support = Department.objects.get_or_create(code="service")[0]
    lead = f.user(Role.MANAGER, department=support)
    other_manager = f.user(Role.MANAGER)
    case = opened(agent, at(9, 29, 9), priority="urgent", team=support)  # first response 60 minutes
    events.dispatch_pending()

    assert clocks.sweep(at(9, 29, 9, 44)).total == 0
    assert clocks.sweep(at(9, 29, 9, 45)).warned == 1  # 75 % of 60 minutes
    assert clocks.sweep(at(9, 29, 9, 50)).total == 0  # once
    result = clocks.sweep(at(9, 29, 10, 1))
    assert (result.breached, result.escalated) == (1, 0)
    first = clock(case, SlaTarget.FIRST_RESPONSE)
    assert first.level == 1 and first.escalate_at == at(9, 29, 10, 30)
    # the clock's history keeps the warning and the breach as they were recorded
    recorded = list(first.history.order_by("history_date").values_list("warned_at", "breached_at"))
    assert recorded[-2:] == [(at(9, 29, 9, 45), None), (at(9, 29, 9, 45), at(9, 29, 10, 1))]
    assert clocks.sweep(at(9, 29, 10, 30)).escalated == 1
    assert clocks.sweep(at(9, 29, 11)).total == 0
    events.dispatch_pending()

    names = list(Event.objects.filter(name__startswith="case.sla_").values_list("name", flat=True))
    assert sorted(names) == ["case.sla_breached", "case.sla_escalated", "case.sla_warned"]
    heard = {
        name: set(Notification.objects.filter(event_name=name).values_list("recipient_id", flat=True))
        for name in names
    }
    assert heard["case.sla_warned"] == {agent.pk}
    assert heard["case.sla_breached"] == {agent.pk, lead.pk}
    assert heard["case.sla_escalated"] == {agent.pk, lead.pk, other_manager.pk}
    breach = Notification.objects.get(event_name="case.sla_breached", recipient=agent)
    with translation.override("en"):
        assert rules.render(breach.verb, breach.params) == f"{case} missed its SLA target"


def test_the_case_page_shows_its_clocks_to_staff_only(agent, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = opened(agent, at(9, 30, 10))
    client.force_login(agent)
    with time_machine.travel(at(9, 30, 14, 30), tick=False):
        page = client.get(reverse("service:case_detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'data-testid="case-sla"' in html
    assert "2025-09-30 15:00" in html and "Due soon" in html  # 210 of 240 minutes run: past 80 %
    assert "210 of 240 business minutes" in html

    customer = f.portal_user(case.party)
    client.force_login(customer)
    assert client.get(reverse("service:case_detail", args=[case.pk])).status_code in (403, 404)


def test_a_case_without_any_policy_runs_no_clock(agent) -> None:  # type: ignore[no-untyped-def]
    from catena.service.models import SlaPolicy

    SlaPolicy.objects.update(is_active=False)
    case = open_case(f.customer(), actor=agent, case_type="inquiry", subject="发票抬头")
    assert not SlaClock.objects.for_record(case).exists()
    assert case.sla_due_at is None
    assert "as soon as possible" in case.messages.get().body or "尽快" in case.messages.get().body


def test_the_api_gives_the_due_time_and_filters_the_breached(agent, client: Client) -> None:  # type: ignore[no-untyped-def]
    late = opened(agent, at(9, 29, 9), priority="urgent")  # first response due 10:00
    opened(agent, at(9, 29, 9))  # due 14:00
    client.force_login(agent)
    with time_machine.travel(at(9, 29, 11), tick=False):
        answer = client.get("/api/v1/cases/?breached=true").json()
    assert [item["number"] for item in answer["items"]] == [late.number]
    assert datetime.fromisoformat(answer["items"][0]["sla_due_at"]) == at(9, 29, 10)
