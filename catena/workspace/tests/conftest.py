"""Fixtures of the workspace's tests: staff of several roles, a party, an opportunity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import events
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import Opportunity
from catena.sales.services.opportunities import create_opportunity


@pytest.fixture
def party(sales: User) -> Party:
    return PartyFactory(owner=sales)


@pytest.fixture
def other_party() -> Party:
    return PartyFactory()


@pytest.fixture
def logistics(make_user: Callable[..., User]) -> User:
    """Staff who see parties but not the sales pipeline."""
    return make_user(Role.LOGISTICS, email="logistics@example.com")


@pytest.fixture
def colleague(make_user: Callable[..., User]) -> User:
    return make_user(Role.SALES, email="colleague@example.com", last_name="王", first_name="芳")


@pytest.fixture
def portal(make_user: Callable[..., User], party: Party) -> User:
    user = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=user, party=party)
    return user


@pytest.fixture
def opportunity(party: Party, sales: User) -> Opportunity:
    return create_opportunity(
        party,
        actor=sales,
        name="二期产线",
        expected_close=timezone.localdate() + timedelta(days=30),
        owner=sales,
    )


@pytest.fixture
def soon() -> Any:
    return timezone.now() + timedelta(hours=3)


@pytest.fixture
def dispatch() -> Callable[[], int]:
    """What the worker does once the transaction committed: hand the pending events to handlers."""
    return events.dispatch_pending
