"""Who reads and changes SLA policies and clocks; portal users reach neither."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from catena.accounts.choices import Role
from catena.core import access
from catena.parties.models import PortalAccess
from catena.parties.tests.factories import PartyFactory
from catena.service.models import SlaClock, SlaPolicy, SlaTarget, policy_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def party():
    return PartyFactory()


@pytest.fixture
def clock(party):
    started = datetime(2025, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    row = SlaClock.new_for(
        party, SlaTarget.RESOLUTION, policy_for("inquiry", "normal", ""), started_at=started
    )
    row.save()
    return row


def test_staff_read_the_policies_and_only_managers_set_them(make_user, manager, admin_user):
    agent = make_user(Role.SERVICE)
    standard = SlaPolicy.objects.get(name="Standard")

    assert standard in SlaPolicy.objects.for_user(agent)
    assert access.can(agent, access.VIEW, standard)
    assert not access.can(agent, access.CHANGE, standard)
    assert not SlaPolicy.objects.for_user(agent, access.CHANGE).exists()
    assert access.can(manager, access.CHANGE, standard)
    assert access.can(admin_user, access.ADD, SlaPolicy)


def test_a_portal_user_reaches_no_policy_and_no_clock_even_of_its_own_party(make_user, party, clock):
    customer = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=customer, party=party)

    assert not SlaPolicy.objects.for_user(customer).exists()
    assert not SlaClock.objects.for_user(customer).exists()
    assert not access.can(customer, access.VIEW, clock)
    assert not access.can(customer, access.VIEW, SlaPolicy.objects.first())


def test_staff_see_a_clock_when_they_may_see_its_record(make_user, party, clock, manager):
    agent = make_user(Role.SERVICE)
    sees_party = access.can(agent, access.VIEW, party)

    assert (clock in SlaClock.objects.for_user(agent)) is sees_party
    assert access.can(agent, access.VIEW, clock) is sees_party
    assert not access.can(agent, access.CHANGE, clock)  # services move clocks, not people
    assert clock in SlaClock.objects.for_user(manager, access.CHANGE)


def test_a_clock_of_a_record_the_user_may_not_see_stays_hidden(make_user, party, clock):
    # a reader confined to nothing: a portal partner of another party
    partner = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=partner, party=PartyFactory())
    assert not SlaClock.objects.for_user(partner).exists()
    assert not access.can(partner, access.VIEW, clock)
