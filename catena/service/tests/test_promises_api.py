"""API v1 of promises: a case's promises, making, keeping and cancelling them, the filtered list;
bad input answers a 4xx with the field and a stable code; a portal customer reads the promises on
its own cases only and never makes, keeps or cancels one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catena.accounts.choices import Role
from catena.service.choices import CaseStatus, PromiseStatus
from catena.service.models import Promise
from catena.service.services import change_status
from catena.service.services.promises import break_overdue, make_promise
from catena.service.tests import factories as f
from catena.workspace.choices import ActivityStatus

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
URL = "/api/v1/promises/"


def field_codes(response: Any) -> dict[str, str]:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def soon(hours: float = 48) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_an_agent_makes_lists_and_keeps_a_promise(api_client: Any) -> None:
    agent = f.user()
    case = f.case(actor=agent)
    client = api_client(agent)

    made = client.post(f"{CASES}{case.pk}/promises", {"text": "周五前回电", "due_at": soon()})

    assert made.status_code == 201, made.json()
    promise = made.json()
    assert promise["status"] == "open" and promise["case"]["number"] == case.number
    assert promise["made_by"]["id"] == agent.pk and promise["party"]["id"] == case.party_id
    listed = client.get(f"{CASES}{case.pk}/promises").json()
    assert listed["count"] == 1 and listed["items"][0]["text"] == "周五前回电"
    kept = client.post(f"{URL}{promise['id']}/keep", {"note": "已回电"})
    assert kept.status_code == 200 and kept.json()["status"] == "kept"
    assert kept.json()["resolved_by"]["id"] == agent.pk
    activity = Promise.objects.get().activity
    assert activity is not None and activity.status == ActivityStatus.DONE


def test_cancelling_needs_a_note(api_client: Any) -> None:
    agent = f.user()
    promise = make_promise(
        f.case(actor=agent), actor=agent, text="明天回电", due_at=timezone.now() + timedelta(days=1)
    )
    client = api_client(agent)

    missing = client.post(f"{URL}{promise.pk}/cancel", {})
    cancelled = client.post(f"{URL}{promise.pk}/cancel", {"note": "客户改为邮件沟通"})

    assert missing.status_code == 422 and field_codes(missing) == {"note": "promise.note_required"}
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_bad_input_answers_the_field_and_a_stable_code(api_client: Any) -> None:
    agent = f.user()
    case = f.case(actor=agent)
    client = api_client(agent)
    url = f"{CASES}{case.pk}/promises"

    past = client.post(url, {"text": "昨天回电", "due_at": "2020-01-01T10:00:00+08:00"})
    empty = client.post(url, {"text": "  ", "due_at": soon()})
    schema = client.post(url, {"text": "x" * 301, "due_at": "next friday"})
    unknown = client.post(url, {"text": "回电", "due_at": soon(), "owner": 1})
    missing = client.post(f"{CASES}999999/promises", {"text": "回电", "due_at": soon()})
    change_status(case, CaseStatus.RESOLVED, actor=agent, root_cause="carrier", resolution="已补发")
    closed = client.post(url, {"text": "下周回访", "due_at": soon()})

    assert past.status_code == 422 and field_codes(past) == {"due_at": "promise.due_in_past"}
    assert empty.status_code == 422 and field_codes(empty) == {"text": "promise.empty"}
    assert schema.status_code == 422 and set(field_codes(schema)) == {"text", "due_at"}
    assert unknown.status_code == 422
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert closed.status_code == 422 and field_codes(closed) == {"case": "promise.case_closed"}
    assert not Promise.objects.exists()


def test_keeping_a_broken_promise_is_a_conflict(api_client: Any) -> None:
    agent = f.user()
    promise = make_promise(
        f.case(actor=agent), actor=agent, text="两小时内回电", due_at=timezone.now() + timedelta(hours=2)
    )
    break_overdue(timezone.now() + timedelta(hours=3))
    client = api_client(agent)

    late = client.post(f"{URL}{promise.pk}/keep", {"note": "晚了"})

    assert late.status_code == 409 and late.json()["code"] == "promise.not_open"
    assert client.get(f"{URL}{promise.pk}").json()["status"] == "broken"


def test_the_list_filters_by_agent_customer_status_and_due_days(api_client: Any) -> None:
    agent, other = f.user(), f.user()
    east, north = f.case(actor=agent), f.case(actor=agent)
    now = timezone.now()
    make_promise(east, actor=agent, text="东一", due_at=now + timedelta(days=1))
    make_promise(east, actor=other, text="东二", due_at=now + timedelta(days=10))
    make_promise(north, actor=other, text="北一", due_at=now + timedelta(hours=1))
    break_overdue(now + timedelta(hours=2))
    client = api_client(agent)

    def texts(**params: Any) -> list[str]:
        response = client.get(URL, **params)
        assert response.status_code == 200, response.json()
        return sorted(item["text"] for item in response.json()["items"])

    in_five_days = (now + timedelta(days=5)).date().isoformat()
    assert texts() == ["东一", "东二", "北一"]
    assert texts(agent=other.pk) == ["东二", "北一"]
    assert texts(party=east.party_id) == ["东一", "东二"]
    assert texts(status=PromiseStatus.BROKEN) == ["北一"]
    assert texts(due_from=in_five_days) == ["东二"]
    assert texts(due_to=in_five_days, status="open") == ["东一"]
    assert client.get(URL, status="late").status_code == 422


def test_a_portal_customer_reads_its_own_cases_promises_only(api_client: Any) -> None:
    agent = f.user()
    own, other = f.case(actor=agent), f.case(actor=agent)
    mine = make_promise(own, actor=agent, text="周五前回电", due_at=timezone.now() + timedelta(days=1))
    theirs = make_promise(other, actor=agent, text="别人的承诺", due_at=timezone.now() + timedelta(days=1))
    client = api_client(f.portal_user(own.party))

    listed = client.get(f"{CASES}{own.pk}/promises")
    everything = client.get(URL)
    one = client.get(f"{URL}{mine.pk}")

    assert listed.status_code == 200 and [p["text"] for p in listed.json()["items"]] == ["周五前回电"]
    assert [p["id"] for p in everything.json()["items"]] == [mine.pk]
    body = one.json()
    assert body["status"] == "open" and body["made_by"] is None and body["note"] == ""
    assert client.get(f"{CASES}{other.pk}/promises").status_code == 404
    assert client.get(f"{URL}{theirs.pk}").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/keep", {}).status_code == 404
    assert client.post(f"{URL}{mine.pk}/keep", {}).status_code == 403
    assert client.post(f"{URL}{mine.pk}/cancel", {"note": "不要了"}).status_code == 403
    made = client.post(f"{CASES}{own.pk}/promises", {"text": "我自己承诺", "due_at": soon()})
    assert made.status_code == 403
    assert client.post(f"{CASES}{other.pk}/promises", {"text": "x", "due_at": soon()}).status_code == 404
    assert Promise.objects.filter(status=PromiseStatus.OPEN).count() == 2


def test_readers_read_promises_but_may_not_make_them(api_client: Any) -> None:
    agent = f.user()
    case = f.case(actor=agent)
    make_promise(case, actor=agent, text="周五前回电", due_at=timezone.now() + timedelta(days=1))
    client = api_client(f.user(Role.SALES))

    assert client.get(f"{CASES}{case.pk}/promises").json()["count"] == 1
    assert client.post(f"{CASES}{case.pk}/promises", {"text": "x", "due_at": soon()}).status_code == 403


def test_the_list_costs_the_same_queries_however_many_promises(api_client: Any) -> None:
    agent = f.user()
    client = api_client(agent)
    due = timezone.now() + timedelta(days=1)
    for _ in range(2):
        make_promise(f.case(actor=agent), actor=agent, text="回电", due_at=due)
    client.get(URL)  # the first call records the token's use
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).json()["count"] == 2
    for _ in range(5):
        make_promise(f.case(actor=f.user()), actor=agent, text="回电", due_at=due)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).json()["count"] == 7

    assert len(many) == len(few)
