"""System entries on the timeline: record changes the services write, shown beside the exchanges
with a filter, never written through a form or the API, never edited."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.choices import InteractionKind
from catena.comms.models import Interaction
from catena.comms.services import log_interaction
from catena.conftest import ApiClient
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/interactions/"
LIST = reverse("comms:interaction_list")
HTMX = {"HX-Request": "true"}
Clients = Callable[[User | None], ApiClient]


@pytest.fixture
def party() -> Party:
    return PartyFactory.create(name="宁波港联物流有限公司")


def call(party: Party, author: User, subject: str = "电话回访") -> Interaction:
    return log_interaction(party, actor=author, channel="phone", subject=subject)


def system_entry(party: Party, subject: str = "订单 SO-1：已接收 → 已确认") -> Interaction:
    return log_interaction(
        party, actor=None, channel="note", direction="internal", subject=subject, related=party, system=True
    )


def timeline_subjects(response: Any) -> list[str]:
    return [i.subject for i in response.context["items"]]


def test_a_service_writes_a_system_entry_and_a_person_an_exchange(sales: User, party: Party) -> None:
    assert call(party, sales).kind == InteractionKind.EXCHANGE
    assert system_entry(party).kind == InteractionKind.SYSTEM


def test_the_timeline_shows_both_and_filters_by_kind(
    sales: User, party: Party, logged_in: Callable[[User], Client]
) -> None:
    call(party, sales, "电话回访")
    system_entry(party, "订单状态变更")
    client = logged_in(sales)
    url = reverse("comms:party_timeline", args=[party.pk])

    every = client.get(url, headers=HTMX)
    exchanges = client.get(url, {"kind": "exchange"}, headers=HTMX)
    system = client.get(url, {"kind": "system"}, headers=HTMX)
    nonsense = client.get(url, {"kind": "gossip"}, headers=HTMX)

    assert sorted(timeline_subjects(every)) == ["电话回访", "订单状态变更"]
    assert timeline_subjects(exchanges) == ["电话回访"]
    assert timeline_subjects(system) == ["订单状态变更"]
    assert sorted(timeline_subjects(nonsense)) == ["电话回访", "订单状态变更"]  # unknown kind: no filter
    page = every.content.decode()
    assert 'data-testid="kind-filter"' in page and "System entry" in page
    assert "?kind=system" in page and "?kind=exchange" in page


def test_the_kind_and_channel_filters_combine(
    sales: User, party: Party, logged_in: Callable[[User], Client]
) -> None:
    call(party, sales, "电话回访")
    log_interaction(party, actor=sales, channel="note", direction="internal", subject="内部备注")
    system_entry(party, "订单状态变更")
    url = reverse("comms:party_timeline", args=[party.pk])

    response = logged_in(sales).get(url, {"kind": "exchange", "channel": "note"}, headers=HTMX)

    assert timeline_subjects(response) == ["内部备注"]
    assert "kind=exchange&amp;channel=phone" in response.content.decode()  # a channel chip keeps the kind


def test_the_interaction_list_filters_by_kind(
    sales: User, party: Party, logged_in: Callable[[User], Client]
) -> None:
    call(party, sales, "电话回访")
    system_entry(party, "订单状态变更")
    client = logged_in(sales)

    assert [i.subject for i in client.get(LIST, {"kind": "system"}).context["page_obj"]] == ["订单状态变更"]
    assert [i.subject for i in client.get(LIST, {"kind": "exchange"}).context["page_obj"]] == ["电话回访"]


def test_the_api_lists_by_kind_and_says_which_kind_each_entry_is(
    api_client: Clients, sales: User, party: Party
) -> None:
    exchange, system = call(party, sales), system_entry(party)
    client = api_client(sales)

    every = client.get(f"{URL}?party={party.pk}").json()
    only_system = client.get(f"{URL}?party={party.pk}&kind=system").json()
    only_exchanges = client.get(f"{URL}?party={party.pk}&kind=exchange").json()

    assert {(i["id"], i["kind"]) for i in every["items"]} == {
        (exchange.pk, "exchange"),
        (system.pk, "system"),
    }
    assert [i["id"] for i in only_system["items"]] == [system.pk]
    assert [i["id"] for i in only_exchanges["items"]] == [exchange.pk]


def test_the_api_refuses_an_unknown_kind_naming_the_field(api_client: Clients, sales: User) -> None:
    response = api_client(sales).get(f"{URL}?kind=gossip")

    assert response.status_code == 422
    assert "kind" in {e["field"] for e in response.json()["errors"]}


def test_a_client_cannot_create_a_system_entry(api_client: Clients, manager: User, party: Party) -> None:
    response = api_client(manager).post(
        URL, {"party": party.pk, "channel": "note", "subject": "伪造的系统动态", "kind": "system"}
    )

    assert response.status_code == 422
    assert "kind" in {e["field"] for e in response.json()["errors"]}
    assert not Interaction.objects.exists()


def test_nobody_edits_a_system_entry_but_a_manager_may_delete_one(
    api_client: Clients, manager: User, sales: User, party: Party
) -> None:
    entry = system_entry(party)

    assert api_client(manager).patch(f"{URL}{entry.pk}", {"subject": "改写"}).status_code == 403
    assert api_client(sales).delete(f"{URL}{entry.pk}").status_code == 403
    assert Interaction.objects.get(pk=entry.pk).subject != "改写"
    assert api_client(manager).delete(f"{URL}{entry.pk}").status_code == 204


def test_portal_users_still_see_no_timeline_of_any_party(
    api_client: Clients, make_user: Callable[..., User], logged_in: Callable[[User], Client], party: Party
) -> None:
    other = PartyFactory.create(name="别家公司")
    own_entry, other_entry = system_entry(party), system_entry(other)
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=party)
    client = api_client(portal)

    assert client.get(f"{URL}?kind=system").json()["count"] == 0
    assert client.get(f"{URL}?party={other.pk}&kind=system").json()["count"] == 0
    assert client.get(f"{URL}{own_entry.pk}").status_code == 404
    assert client.get(f"{URL}{other_entry.pk}").status_code == 404
    pages = logged_in(portal)
    for target in (party, other):
        url = reverse("comms:party_timeline", args=[target.pk])
        assert pages.get(url, {"kind": "system"}, headers=HTMX).status_code == 403


# --- the data migration ----------------------------------------------------------------------


def old_row(party: Party, **fields: Any) -> Interaction:
    """A row as written before entries had a kind (every one of them an exchange)."""
    fields.setdefault("channel", "note")
    fields.setdefault("direction", "internal")
    fields.setdefault("subject", "备注")
    return Interaction.objects.create(party=party, kind=InteractionKind.EXCHANGE, **fields)


def test_the_migration_classifies_the_rows_written_by_the_services(sales: User, party: Party) -> None:
    from catena.sales.models import Quote

    migration = importlib.import_module("catena.comms.migrations.0004_classify_system_entries")
    party_type = ContentType.objects.get_for_model(Party)
    quote_type = ContentType.objects.get_for_model(Quote)
    stage_move = old_row(party, subject="Order SO-1: Received → Confirmed", external_id="event-41")
    delivered = old_row(party, subject="Shipment SH-1: Delivered", related_type=party_type, related_id="1")
    quote_note = old_row(
        party, author=sales, subject="Quote Q-1 sent", related_type=quote_type, related_id="7"
    )
    invited = old_row(
        party,
        author=sales,
        channel="portal",
        direction="outbound",
        subject="门户访问：已邀请 陈（chen），角色为门户客户",
    )
    revoked = old_row(party, author=sales, channel="portal", subject="Portal access of Chen (chen) revoked")
    a_call = old_row(party, author=sales, channel="phone", direction="outbound", subject="电话回访")
    a_signed_note = old_row(
        party, author=sales, subject="客户来电催货", related_type=party_type, related_id="1"
    )
    an_edi_message = old_row(
        party, channel="edi", direction="inbound", subject="ORDERS", external_id="seed-1-2"
    )
    an_imported_row = old_row(party, channel="email", subject="导入的邮件")

    migration.classify_system_entries(apps, None)

    def kind(row: Interaction) -> str:
        return Interaction.objects.get(pk=row.pk).kind

    for row in (stage_move, delivered, quote_note, invited, revoked):
        assert kind(row) == InteractionKind.SYSTEM, row.subject
    for row in (a_call, a_signed_note, an_edi_message, an_imported_row):
        assert kind(row) == InteractionKind.EXCHANGE, row.subject
