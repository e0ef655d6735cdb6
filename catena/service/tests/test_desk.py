"""The agent's desk: canned responses filled in for the case, a warning when a colleague has the
same case open, and the customer's orders, shipments and earlier cases beside the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.service.models import CannedResponse
from catena.service.services import desk
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_canned_response_is_filled_in_for_the_case_and_keeps_unknown_braces(client: Client) -> None:
    agent = f.user(Role.SERVICE, first_name="娜", last_name="李")
    case = f.case(actor=agent)
    response = desk.save_canned(
        agent,
        title="已收到",
        language="zh-hans",
        body="{customer}您好，工单 {case_number}（{subject}）已由{agent}跟进。{unknown} 保留。",
    )
    client.force_login(agent)

    filled = client.get(reverse("service:canned_fill", args=[case.pk, response.pk])).json()["text"]

    assert (
        filled
        == f"{case.party.name}您好，工单 {case.number}（{case.subject}）已由{agent.display_name}跟进。{{unknown}} 保留。"
    )
    page = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="canned-pick"' in page and "已收到" in page


def test_canned_responses_are_checked_and_written_only_by_case_workers(client: Client) -> None:
    agent = f.user(Role.SERVICE)
    desk.save_canned(agent, title="致歉", language="zh-hans", body="非常抱歉给您带来不便。")
    with pytest.raises(ValidationError) as taken:
        desk.save_canned(agent, title="致歉", language="zh-hans", body="另一个")
    assert taken.value.error_dict["title"][0].code == "canned.title_taken"
    client.force_login(agent)
    empty = client.post(reverse("service:canned_list"), {"title": "", "language": "en", "body": ""})
    assert empty.status_code == 422

    reader = f.user(Role.SALES)
    client.force_login(reader)
    refused = client.post(
        reverse("service:canned_list"), {"title": "Sorry", "language": "en", "body": "Sorry."}
    )
    assert refused.status_code == 403
    assert CannedResponse.objects.count() == 1
    client.force_login(f.portal_user(f.customer()))
    assert client.get(reverse("service:canned_list")).status_code in (302, 403)


def test_a_colleague_with_the_case_open_is_shown(client: Client) -> None:
    first = f.user(Role.SERVICE, first_name="伟", last_name="王")
    second = f.user(Role.SERVICE)
    case = f.case(actor=first)
    client.force_login(first)
    assert "presence" not in client.post(reverse("service:case_presence", args=[case.pk])).content.decode()

    client.force_login(second)
    answer = client.post(reverse("service:case_presence", args=[case.pk]))
    assert first.display_name in answer.content.decode()

    # a page closed more than a minute ago no longer counts
    later = timezone.now() + desk.VIEWING_WINDOW + timedelta(seconds=1)
    assert desk.seen(case, second, later) == []
    outsider = f.portal_user(f.customer())
    client.force_login(outsider)
    assert client.post(reverse("service:case_presence", args=[case.pk])).status_code in (302, 403, 404)


def test_the_customer_is_shown_beside_the_case(client: Client) -> None:
    agent = f.user(Role.SERVICE)
    party = f.customer()
    earlier = f.case(party, actor=agent, subject="上次的发票问题")
    case = f.case(party, actor=agent)
    client.force_login(agent)
    page = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="customer-context"' in page and earlier.number in page
