"""The interaction list and a party's timeline with its "log" form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.parties.models import PortalAccess
from catena.parties.tests.factories import ContactFactory, PartyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("comms:interaction_list")
HTMX = {"HX-Request": "true"}


def subjects(response: Any) -> list[str]:
    return [i.subject for i in response.context["page_obj"]]


def test_list_shows_interactions_newest_first_with_links_to_parties(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(name="申达贸易")
    now = timezone.now()
    log_interaction(party, actor=sales, channel="phone", subject="旧的", occurred_at=now - timedelta(days=3))
    log_interaction(party, actor=sales, channel="visit", subject="新的", occurred_at=now)

    response = logged_in(sales).get(LIST)

    assert subjects(response) == ["新的", "旧的"]
    assert reverse("parties:party_detail", args=[party.pk]) in response.content.decode()


def test_list_filters_by_channel_direction_author_and_dates(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    today = timezone.localdate()
    now = timezone.now()
    log_interaction(party, actor=sales, channel="phone", direction="inbound", subject="来电", occurred_at=now)
    log_interaction(
        party, actor=manager, channel="email", subject="邮件", occurred_at=now - timedelta(days=10)
    )
    client = logged_in(manager)

    assert subjects(client.get(LIST, {"channel": "phone"})) == ["来电"]
    assert subjects(client.get(LIST, {"direction": "inbound"})) == ["来电"]
    assert subjects(client.get(LIST, {"author": manager.pk})) == ["邮件"]
    assert subjects(client.get(LIST, {"since": str(today - timedelta(days=1))})) == ["来电"]
    assert subjects(client.get(LIST, {"until": str(today - timedelta(days=5))})) == ["邮件"]


def test_htmx_list_request_returns_only_rows(sales: User, logged_in: Callable[[User], Client]) -> None:
    log_interaction(PartyFactory.create(), actor=sales, channel="note", subject="备注")

    body = logged_in(sales).get(LIST, headers=HTMX).content.decode()

    assert "备注" in body and "<html" not in body


def test_portal_user_cannot_open_the_interaction_list_or_a_timeline(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=party)
    client = logged_in(portal)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("comms:party_timeline", args=[party.pk]), headers=HTMX).status_code == 403


def test_timeline_lists_the_partys_interactions_and_filters_by_channel(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party, other = PartyFactory.create(), PartyFactory.create()
    log_interaction(party, actor=sales, channel="phone", subject="电话回访")
    log_interaction(party, actor=sales, channel="visit", subject="上门拜访")
    log_interaction(other, actor=sales, channel="phone", subject="别家的事")
    url = reverse("comms:party_timeline", args=[party.pk])
    client = logged_in(sales)

    everything = client.get(url, headers=HTMX).content.decode()
    phone_only = client.get(url, {"channel": "phone"}, headers=HTMX).content.decode()

    assert "电话回访" in everything and "上门拜访" in everything and "别家的事" not in everything
    assert "电话回访" in phone_only and "上门拜访" not in phone_only


def test_log_a_call_puts_it_on_the_timeline(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create()
    contact = ContactFactory.create(party=party, name="王伟")

    response = logged_in(sales).post(
        reverse("comms:party_timeline", args=[party.pk]),
        {
            "channel": "phone",
            "direction": "outbound",
            "subject": "确认交期",
            "body": "下周三发货",
            "occurred_at": "2026-03-02T10:30",
            "contact": contact.pk,
        },
        headers=HTMX,
    )

    item = Interaction.objects.get()
    assert response.status_code == 200 and "确认交期" in response.content.decode()
    assert (item.party, item.author, item.contact, item.channel) == (party, sales, contact, "phone")
    assert timezone.localtime(item.occurred_at).strftime("%Y-%m-%d %H:%M") == "2026-03-02 10:30"


def test_log_without_subject_shows_the_error_and_writes_nothing(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()

    response = logged_in(sales).post(
        reverse("comms:party_timeline", args=[party.pk]),
        {"channel": "note", "direction": "internal", "subject": ""},
        headers=HTMX,
    )

    assert "subject" in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_read_only_user_sees_the_timeline_but_cannot_log(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    url = reverse("comms:party_timeline", args=[party.pk])
    client = logged_in(reader)

    page = client.get(url, headers=HTMX)
    refused = client.post(
        url, {"channel": "note", "direction": "internal", "subject": "偷偷记一笔"}, headers=HTMX
    )

    assert page.status_code == 200 and "Log it" not in page.content.decode()
    assert refused.status_code == 403
    assert not Interaction.objects.exists()


def test_timeline_of_a_missing_party_is_404(sales: User, logged_in: Callable[[User], Client]) -> None:
    assert (
        logged_in(sales).get(reverse("comms:party_timeline", args=[999999]), headers=HTMX).status_code == 404
    )


def test_timeline_without_htmx_is_a_whole_page(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(name="申达贸易")

    body = logged_in(sales).get(reverse("comms:party_timeline", args=[party.pk])).content.decode()

    assert "<html" in body and "申达贸易" in body
