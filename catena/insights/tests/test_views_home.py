"""The home dashboard: real counts through the access policy, chart data, follow-ups."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.services import log_interaction
from catena.insights.selectors import dashboard as selectors
from catena.parties.models import PortalAccess
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
HOME = reverse("insights:home")


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    assert client.get(HOME).status_code == 302


def test_portal_user_is_sent_to_the_portal_not_shown_the_dashboard(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=PartyFactory.create(name="门户客户有限公司"))

    response = logged_in(portal).get(HOME)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert "门户客户有限公司" not in response.content.decode()


def test_counts_are_real(sales: User, manager: User, logged_in: Callable[[User], Client]) -> None:
    mine = PartyFactory.create(roles=["customer"], owner=sales)
    PartyFactory.create(roles=["customer"], status="dormant", owner=manager)
    PartyFactory.create(roles=["supplier", "manufacturer"], owner=manager)
    log_interaction(mine, actor=sales, channel="phone", subject="本周")
    log_interaction(
        mine,
        actor=sales,
        channel="phone",
        subject="很久以前",
        occurred_at=timezone.now() - timedelta(days=40),
    )

    response = logged_in(sales).get(HOME)

    counts = response.context["counts"]
    assert (counts.parties, counts.active_customers, counts.suppliers, counts.my_parties) == (3, 1, 1, 1)
    assert counts.interactions_this_week == 1
    assert 'data-testid="count-parties">3<' in response.content.decode()


def test_counts_go_through_the_access_policy(make_user: Callable[..., User]) -> None:
    PartyFactory.create(roles=["customer"])
    portal = make_user(Role.PORTAL_CUSTOMER)

    counts = selectors.dashboard_counts(portal)

    assert counts.parties == 0 and counts.active_customers == 0 and counts.interactions_this_week == 0


def test_chart_data_has_every_role_and_twelve_weeks(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(roles=["customer", "retailer"])
    PartyFactory.create(roles=["customer"])
    log_interaction(PartyFactory.create(), actor=manager, channel="visit", subject="拜访")

    body = logged_in(manager).get(HOME).content.decode()

    raw = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', body, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    by_role = {r["code"]: r["value"] for r in data["roles"]}
    assert by_role["customer"] == 2 and by_role["retailer"] == 1 and by_role["supplier"] == 0
    assert len(data["weeks"]) == 12 and data["weeks"][-1]["value"] == 1
    assert "vendor/echarts/echarts.min.js" in body


def test_follow_up_lists_my_silent_parties_only(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    silent = PartyFactory.create(name="很久没联系", owner=sales)
    never = PartyFactory.create(name="从未联系", owner=sales)
    recent = PartyFactory.create(name="刚联系过", owner=sales)
    PartyFactory.create(name="别人的", owner=manager)
    log_interaction(
        silent, actor=sales, channel="phone", subject="旧", occurred_at=timezone.now() - timedelta(days=45)
    )
    log_interaction(recent, actor=sales, channel="phone", subject="新")

    follow_up = logged_in(sales).get(HOME).context["follow_up"]

    assert [p.name for p in follow_up] == [never.name, silent.name]


def test_script_names_are_escaped_on_the_dashboard(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(name="<script>alert(1)</script>", owner=sales)
    log_interaction(party, actor=sales, channel="note", subject="<b>x</b>")

    body = logged_in(sales).get(HOME).content.decode()

    assert "<script>alert(1)</script>" not in body and "<b>x</b>" not in body
