"""API v1 of cases: the queue, opening, messages, status moves, assigning; bad input answers a
4xx with the field and a stable code; a portal customer reaches only its own party's cases."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.service.models import Case
from catena.service.services import add_note
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/"


def field_codes(response: Any) -> dict[str, str]:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def test_an_agent_opens_answers_and_resolves_a_case(api_client: Any) -> None:
    agent = f.user()
    party = f.customer()
    client = api_client(agent)

    created = client.post(
        URL, {"party": party.pk, "case_type": "claim", "subject": "货损索赔", "priority": "high"}
    )

    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["number"].startswith("CS-") and case["owner"]["id"] == agent.pk and case["channel"] == "api"
    assert "resolved" in case["allowed_statuses"]
    url = f"{URL}{case['id']}"
    assert client.post(f"{url}/messages", {"body": "已安排补发", "visibility": "reply"}).status_code == 201
    assert client.post(f"{url}/messages", {"body": "承运商责任", "visibility": "note"}).status_code == 201
    messages = client.get(f"{url}/messages").json()
    assert [m["visibility"] for m in messages["items"]] == ["reply", "reply", "note"]
    version = client.get(url).json()["version"]
    resolved = client.post(
        f"{url}/status",
        {"status": "resolved", "version": version, "root_cause": "carrier", "resolution": "补发"},
    )
    assert resolved.status_code == 200 and resolved.json()["root_cause"] == "carrier"
    listing = client.get(URL, status="resolved").json()
    assert listing["count"] == 1


def test_bad_input_answers_the_field_and_a_stable_code(api_client: Any) -> None:
    agent = f.user()
    client = api_client(agent)
    party = f.customer()

    schema = client.post(URL, {"party": party.pk, "case_type": "rant", "subject": "x" * 201})
    unknown = client.post(URL, {"party": 999999, "case_type": "inquiry", "subject": "x"})
    case = Case.objects.get(
        pk=client.post(URL, {"party": party.pk, "case_type": "inquiry", "subject": "问"}).json()["id"]
    )
    url = f"{URL}{case.pk}"
    no_cause = client.post(f"{url}/status", {"status": "resolved"})
    not_allowed = client.post(f"{url}/status", {"status": "closed"})
    stale = client.post(f"{url}/status", {"status": "open", "version": case.version + 5})
    empty = client.post(f"{url}/messages", {"body": "  "})
    bad_owner = client.post(f"{url}/assign", {"owner": f.user(Role.SALES).pk})

    assert schema.status_code == 422
    assert field_codes(schema) == {"case_type": "invalid_choice", "subject": "too_long"}
    assert unknown.status_code == 422 and field_codes(unknown) == {"party": "unknown_reference"}
    assert no_cause.status_code == 422
    assert field_codes(no_cause) == {
        "root_cause": "case.root_cause_required",
        "resolution": "case.resolution_required",
    }
    assert not_allowed.status_code == 422 and field_codes(not_allowed) == {
        "status": "case.transition_not_allowed"
    }
    assert stale.status_code == 409 and stale.json()["code"] == "case.stale_version"
    assert empty.status_code == 422 and field_codes(empty) == {"body": "case.empty_message"}
    assert bad_owner.status_code == 422 and field_codes(bad_owner) == {"owner": "owner.not_eligible"}
    assert client.get(f"{URL}999999").status_code == 404


def test_a_portal_customer_reaches_only_its_own_cases(api_client: Any) -> None:
    agent = f.user()
    mine, theirs = f.customer(), f.customer()
    customer = f.portal_user(mine)
    own = f.case(mine, actor=agent)
    add_note(own, "内部：客户以前也投诉过", actor=agent)
    other = f.case(theirs, actor=agent, subject="别家的工单")
    client = api_client(customer)

    listing = client.get(URL).json()
    assert [c["id"] for c in listing["items"]] == [own.pk]
    shown = client.get(f"{URL}{own.pk}").json()
    assert shown["owner"] is None and shown["root_cause"] == "" and shown["allowed_statuses"] == []
    messages = client.get(f"{URL}{own.pk}/messages").json()["items"]
    assert all(m["visibility"] == "reply" for m in messages) and "内部" not in str(messages)
    assert client.get(f"{URL}{other.pk}").status_code == 404
    assert client.get(f"{URL}{other.pk}/messages").status_code == 404
    assert client.post(f"{URL}{other.pk}/messages", {"body": "hi"}).status_code == 404
    assert client.get(URL, party=theirs.pk).json()["count"] == 0

    opened = client.post(
        URL, {"party": mine.pk, "case_type": "inquiry", "subject": "发票问题", "channel": "phone"}
    )
    assert opened.status_code == 201 and opened.json()["channel"] == "portal"
    refused = client.post(URL, {"party": theirs.pk, "case_type": "inquiry", "subject": "冒名"})
    assert refused.status_code in (403, 422)
    assert not Case.objects.filter(party=theirs, subject="冒名").exists()
    assert client.post(f"{URL}{own.pk}/messages", {"body": "谢谢"}).status_code == 201
    assert client.post(f"{URL}{own.pk}/messages", {"body": "x", "visibility": "note"}).status_code == 403
    assert client.post(f"{URL}{own.pk}/status", {"status": "closed"}).status_code in (403, 422)


def test_search_finds_cases_by_number_and_subject_within_the_callers_reach(api_client: Any) -> None:
    agent = f.user()
    mine, theirs = f.customer(), f.customer()
    own = f.case(mine, actor=agent, subject="纸箱破损")
    other = f.case(theirs, actor=agent, subject="纸箱受潮")

    from catena.service.search import find_cases

    assert {r.title for r in find_cases(agent, own.number, 5)} == {f"{own.number} 纸箱破损"}
    assert len(find_cases(agent, "纸箱", 5)) == 2
    assert [r.title for r in find_cases(f.portal_user(mine), "纸箱", 5)] == [f"{own.number} 纸箱破损"]
    assert find_cases(f.portal_user(mine), other.number, 5) == []
