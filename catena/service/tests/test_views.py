"""The staff pages of the service desk: the queue, a new case, a case's page and its actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from catena.accounts.choices import Role
from catena.service.choices import CaseStatus
from catena.service.models import Case
from catena.service.services import add_note
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_queue_sorts_by_priority_then_age_and_filters(client: Any) -> None:
    agent = f.user()
    low = f.case(actor=agent, priority="low", subject="低优先级")
    urgent = f.case(actor=agent, priority="urgent", subject="紧急")
    normal = f.case(actor=agent, subject="普通")
    client.force_login(agent)

    page = client.get(reverse("service:case_list"))

    assert page.status_code == 200
    assert list(page.context["page_obj"]) == [urgent, normal, low]
    filtered = client.get(reverse("service:case_list"), {"q": "紧急"})
    assert list(filtered.context["page_obj"]) == [urgent]
    assert (
        client.get(reverse("service:case_list"), {"status": "resolved"}).context["page_obj"].paginator.count
        == 0
    )
    assert client.get(reverse("service:case_list"), {"mine": "on"}).context["page_obj"].paginator.count == 3


def test_the_empty_queue_says_what_to_do(client: Any) -> None:
    client.force_login(f.user())

    page = client.get(reverse("service:case_list"))

    assert "No cases yet" in page.content.decode()


def test_an_agent_opens_a_case_for_a_customer(client: Any) -> None:
    agent = f.user()
    party = f.customer()
    client.force_login(agent)

    assert client.get(reverse("service:case_create")).status_code == 200
    response = client.post(
        reverse("service:case_create"),
        {"party": party.pk, "case_type": "complaint", "subject": "包装破损", "body": "三箱压坏",
         "channel": "phone", "priority": "high", "severity": "major", "owner": "", "order_number": ""},
    )  # fmt: skip

    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("service:case_detail", args=[case.pk])
    assert case.owner == agent and case.priority == "high"


def test_a_bad_case_form_shows_its_errors(client: Any) -> None:
    client.force_login(f.user())

    response = client.post(
        reverse("service:case_create"),
        {"party": f.customer().pk, "case_type": "complaint", "subject": "x", "channel": "phone",
         "priority": "normal", "severity": "minor", "order_number": "SO-9999999"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "order_number" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_case_page_offers_only_allowed_moves_and_shows_notes_apart(client: Any) -> None:
    agent = f.user(first_name="建国", last_name="王")
    case = f.case(actor=agent)
    add_note(case, "内部备注内容", actor=agent)
    client.force_login(agent)

    page = client.get(reverse("service:case_detail", args=[case.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="move-closed"' not in body and 'data-testid="move-open"' in body
    assert 'data-testid="message-note"' in body and "内部备注内容" in body
    history = body[body.index('class="history"') :]
    assert "王建国" in history and "建国 王" not in history  # who changed it, named as everywhere


def test_reply_resolve_assign_and_merge_through_the_page(client: Any) -> None:
    agent = f.user()
    colleague = f.user()
    party = f.customer()
    case = f.case(party, actor=agent)
    other = f.case(party, actor=agent)
    client.force_login(agent)
    url = lambda name, pk=case.pk: reverse(f"service:{name}", args=[pk])  # noqa: E731

    assert client.post(url("case_message"), {"body": "已收到", "visibility": "reply"}).status_code == 302
    refused = client.post(url("case_status"), {"status": "resolved", "version": 2, "resolution": ""})
    assert refused.status_code == 422 and "root_cause" in refused.context["resolve_form"].errors
    case.refresh_from_db()
    client.post(
        url("case_status"),
        {"status": "resolved", "version": case.version, "root_cause": "carrier", "resolution": "补发"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED and case.root_cause == "carrier"
    client.post(url("case_assign"), {"owner": colleague.pk, "version": case.version})
    case.refresh_from_db()
    assert case.owner == colleague
    stale = client.post(url("case_assign"), {"owner": agent.pk, "version": 1}, follow=True)
    assert "changed since you read it" in stale.content.decode()
    response = client.post(url("case_merge", other.pk), {"into": case.pk, "version": 1})
    assert response.status_code == 302
    assert Case.objects.get(pk=other.pk).merged_into_id == case.pk


@pytest.mark.parametrize("role", [Role.PORTAL_CUSTOMER, Role.PURCHASING])
def test_who_may_not_see_cases_is_refused(client: Any, role: str) -> None:
    agent = f.user()
    case = f.case(actor=agent)
    user = f.portal_user(case.party) if role == Role.PORTAL_CUSTOMER else f.user(role)
    client.force_login(user)

    detail = client.get(reverse("service:case_detail", args=[case.pk]))
    listing = client.get(reverse("service:case_list"))

    assert detail.status_code in (403, 404)
    assert listing.status_code == 403 or listing.context["page_obj"].paginator.count == 0


def test_sales_reads_cases_but_may_not_act(client: Any) -> None:
    agent = f.user()
    case = f.case(actor=agent)
    client.force_login(f.user(Role.SALES))

    page = client.get(reverse("service:case_detail", args=[case.pk]))
    refused = client.post(
        reverse("service:case_message", args=[case.pk]), {"body": "hi", "visibility": "reply"}
    )

    assert page.status_code == 200 and 'data-testid="send-reply"' not in page.content.decode()
    assert refused.status_code == 403
