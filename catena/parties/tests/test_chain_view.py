"""The chain view for real networks: partners grouped by role with counts, read through the gate,
in a fixed number of queries however many partners there are."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties import selectors
from catena.parties.models import Party, PortalAccess
from catena.parties.policies import PartyPolicy
from catena.parties.tests.chain_network import distributor_network
from catena.parties.tests.factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def chain_tab(client: Client, party: Party) -> tuple[dict[str, Any], str, Any]:
    response = client.get(reverse("parties:party_detail", args=[party.pk]) + "?tab=chain")
    body = response.content.decode()
    raw = re.search(r'<script id="chain-data" type="application/json">(.*?)</script>', body, re.S)
    return (json.loads(raw.group(1)) if raw else {}), body, response.context


def test_partners_are_grouped_by_role_with_counts_per_side(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    center = distributor_network(40)

    data, body, context = chain_tab(logged_in(manager), center)

    groups = {(g["level"], g["role"]): len(g["members"]) for g in context["chain_groups"]}
    assert groups == {
        (-2, "supplier"): 1,
        (-1, "supplier"): 8,
        (-1, "manufacturer"): 4,
        (-1, "carrier"): 2,
        (-1, "service_partner"): 1,
        (1, "retailer"): 18,
        (1, "customer"): 6,
        (1, "distributor"): 1,
    }
    assert Counter((n["level"], n["group"]) for n in data["nodes"] if n["id"] != center.pk) == Counter(groups)
    assert data["collapse_above"] == 8
    # the table below the graph lists every partner under its group, with a link to it
    assert body.count('<tbody data-role="retailer">') == 1
    assert "18</span>" in body
    assert body.count('href="/parties/') >= 41


def test_a_partner_playing_several_roles_is_grouped_by_the_link_it_has() -> None:
    center = PartyFactory.create(name="分销商", roles=["distributor"])
    both = PartyFactory.create(name="又买又运的伙伴", roles=["customer", "carrier"])
    none = PartyFactory.create(name="无角色伙伴")
    RelationshipFactory.create(from_party=both, to_party=center, kind="ships_for")
    RelationshipFactory.create(from_party=center, to_party=none, kind="sells_to")
    admin = User.objects.create_user(username="boss", password="x", role=Role.ADMINISTRATOR)

    nodes = {n["name"]: n for n in selectors.chain_graph(admin, center)["nodes"]}

    assert nodes["又买又运的伙伴"]["group"] == "carrier"
    assert nodes["无角色伙伴"]["group"] == "other"
    assert nodes["分销商"]["group"] == ""


def test_partners_a_sales_user_may_not_see_are_left_out_even_from_counts(
    monkeypatch: pytest.MonkeyPatch, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    # Given a scope that keeps a sales user to the parties they own (as a territory would)
    seller = make_user(Role.SALES)
    other = make_user(Role.SALES)
    original = PartyPolicy.scope

    def own_only(self: PartyPolicy, user: Any, action: str) -> Q:
        if user.role == Role.SALES:
            return Q(owner_id=user.pk)
        return original(self, user, action)

    monkeypatch.setattr(PartyPolicy, "scope", own_only)
    center = distributor_network(20, owner=seller)
    hidden = PartyFactory.create(name="别人的秘密客户", owner=other, roles=["retailer"])
    RelationshipFactory.create(from_party=center, to_party=hidden, kind="sells_to")
    beyond = PartyFactory.create(name="秘密客户的客户", owner=seller, roles=["customer"])
    RelationshipFactory.create(from_party=hidden, to_party=beyond, kind="sells_to")

    data, body, context = chain_tab(logged_in(seller), center)

    ids = {n["id"] for n in data["nodes"]}
    assert hidden.pk not in ids and beyond.pk not in ids
    assert all(hidden.pk not in (e["source"], e["target"]) for e in data["edges"])
    assert "别人的秘密客户" not in body and "秘密客户的客户" not in body
    retailers = [g for g in context["chain_groups"] if g["role"] == "retailer"]
    assert [len(g["members"]) for g in retailers] == [9]  # the network's nine, not ten
    # and the network's supplier two links up, which nobody owns, is out too
    assert context["chain_partners"] == 20


def test_a_portal_user_sees_no_partner_of_their_own_party(
    make_user: Callable[..., User], api_client: Callable[[User], Any], logged_in: Callable[[User], Client]
) -> None:
    center = distributor_network(12)
    portal = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=portal, party=center)

    answer = api_client(portal).get(f"/api/v1/parties/{center.pk}/chain")

    assert answer.status_code == 200
    assert [n["id"] for n in answer.json()["nodes"]] == [center.pk]
    assert answer.json()["edges"] == []
    assert logged_in(portal).get(reverse("parties:party_detail", args=[center.pk])).status_code in (
        302,
        403,
        404,
    )


def test_the_chain_api_names_each_partners_group(api_client: Callable[[User], Any], reader: User) -> None:
    center = distributor_network(20)

    nodes = api_client(reader).get(f"/api/v1/parties/{center.pk}/chain").json()["nodes"]

    assert Counter(n["group"] for n in nodes)["retailer"] == 9
    assert next(n for n in nodes if n["id"] == center.pk)["group"] == ""


def test_the_chain_reads_200_partners_in_a_fixed_number_of_queries(
    manager: User, logged_in: Callable[[User], Client], django_assert_num_queries: Any
) -> None:
    small = distributor_network(10, name="小经销商")
    large = distributor_network(200)
    client = logged_in(manager)
    client.get(reverse("parties:party_detail", args=[small.pk]) + "?tab=chain")  # session warmed

    # two levels, each: links upstream, links downstream, the partners the user may see
    with django_assert_num_queries(6):
        graph = selectors.chain_graph(manager, large)
    assert len(graph["nodes"]) == 202

    # the page around the chain (panels, navigation) has its own budget elsewhere: same count here
    with CaptureQueriesContext(connection) as small_page:
        client.get(reverse("parties:party_detail", args=[small.pk]) + "?tab=chain")
    with django_assert_num_queries(len(small_page.captured_queries)):
        data, _body, context = chain_tab(client, large)
    assert context["chain_partners"] == 201
