"""The party page: access, tabs, chain data, history and escaping."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties import services
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def detail(party: Party, tab: str = "") -> str:
    url = reverse("parties:party_detail", args=[party.pk])
    return f"{url}?tab={tab}" if tab else url


def test_detail_shows_header_roles_status_and_credit_code(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = services.create_party(
        actor=manager,
        name="上海申达贸易有限公司",
        uscc="91110000600037341L",
        roles=["customer", "distributor"],
    )

    body = logged_in(manager).get(detail(party)).content.decode()

    assert "上海申达贸易有限公司" in body
    assert "91110000600037341L" in body
    assert 'class="badge role-customer"' in body and 'class="badge role-distributor"' in body
    assert 'class="badge status-active"' in body


def test_missing_party_is_404(manager: User, logged_in: Callable[[User], Client]) -> None:
    assert logged_in(manager).get(reverse("parties:party_detail", args=[999999])).status_code == 404


def test_portal_user_cannot_open_internal_party_pages_even_for_their_own_party(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    own, other = PartyFactory.create(), PartyFactory.create()
    portal = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=portal, party=own)
    client = logged_in(portal)

    assert client.get(detail(own)).status_code == 403
    assert client.get(detail(other)).status_code == 403
    assert client.get(reverse("parties:party_edit", args=[own.pk])).status_code == 403


def test_read_only_user_sees_the_page_without_edit_or_delete_buttons(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()

    body = logged_in(reader).get(detail(party)).content.decode()

    assert reverse("parties:party_edit", args=[party.pk]) not in body
    assert reverse("parties:party_delete", args=[party.pk]) not in body


def test_sales_user_sees_edit_on_own_party_but_not_delete(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)

    body = logged_in(sales).get(detail(party)).content.decode()

    assert reverse("parties:party_edit", args=[party.pk]) in body
    assert reverse("parties:party_delete", args=[party.pk]) not in body


@pytest.mark.parametrize(
    "tab", ["profile", "contacts", "addresses", "relationships", "chain", "timeline", "history"]
)
def test_every_tab_renders_as_page_and_as_htmx_fragment(
    manager: User, logged_in: Callable[[User], Client], tab: str
) -> None:
    party = PartyFactory.create()
    client = logged_in(manager)

    page = client.get(detail(party, tab))
    fragment = client.get(detail(party, tab), headers={"HX-Request": "true"})

    assert page.status_code == 200 and "<html" in page.content.decode()
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert f'data-tab="{tab}"' in fragment.content.decode()


def test_relationships_tab_lists_upstream_and_downstream_with_contract_targets(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party, supplier, customer = (
        PartyFactory.create(name="本公司"),
        PartyFactory.create(name="上游供应商"),
        PartyFactory.create(name="下游客户"),
    )
    services.create_relationship(
        actor=manager,
        from_party=supplier,
        to_party=party,
        kind="supplies",
        contract={"on_time_target_pct": 95},
    )
    services.create_relationship(actor=manager, from_party=party, to_party=customer, kind="sells_to")

    response = logged_in(manager).get(detail(party, "relationships"))

    assert [r.from_party.name for r in response.context["upstream"]] == ["上游供应商"]
    assert [r.to_party.name for r in response.context["downstream"]] == ["下游客户"]
    assert "≥ 95 %" in response.content.decode()


def test_chain_tab_carries_graph_data_with_escaped_names(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(name="<script>alert(1)</script>", roles=["customer"])
    upstream = PartyFactory.create(name="供应商", roles=["supplier"])
    far = PartyFactory.create(name="原料商")
    RelationshipFactory.create(from_party=upstream, to_party=party)
    RelationshipFactory.create(from_party=far, to_party=upstream)

    body = logged_in(manager).get(detail(party, "chain")).content.decode()

    assert "<script>alert(1)</script>" not in body
    raw = re.search(r'<script id="chain-data" type="application/json">(.*?)</script>', body, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    levels = {n["name"]: n["level"] for n in data["nodes"]}
    assert levels == {"<script>alert(1)</script>": 0, "供应商": -1, "原料商": -2}
    assert {n["url"] for n in data["nodes"]} == {
        reverse("parties:party_detail", args=[p.pk]) for p in (party, upstream, far)
    }


def test_script_name_is_escaped_on_the_detail_page(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(name="<script>alert(1)</script>")

    body = logged_in(manager).get(detail(party)).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_history_tab_shows_who_changed_which_field_from_old_to_new(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = services.create_party(actor=manager, name="旧名称有限公司", tier="standard")
    services.update_party(party, actor=manager, name="新名称有限公司", tier="key")
    services.add_contact(party, actor=manager, name="王伟")

    response = logged_in(manager).get(detail(party, "history"))

    entries = response.context["history"]
    change = next(e for e in entries if e.kind == "~")
    assert change.user == manager
    assert {(c.field, c.old, c.new) for c in change.changes} == {
        ("name", "旧名称有限公司", "新名称有限公司"),
        ("tier", "Standard", "Key"),
    }
    assert any(e.kind == "+" and e.object_label == "王伟" for e in entries)
    body = response.content.decode()
    assert "旧名称有限公司" in body and "新名称有限公司" in body


def test_history_keeps_deleted_contacts(manager: User, logged_in: Callable[[User], Client]) -> None:
    party = services.create_party(actor=manager, name="某公司")
    contact = services.add_contact(party, actor=manager, name="张敏")
    services.delete_contact(contact, actor=manager)

    entries = logged_in(manager).get(detail(party, "history")).context["history"]

    assert [e.kind for e in entries if e.object_label == "张敏"] == ["-", "+"]
