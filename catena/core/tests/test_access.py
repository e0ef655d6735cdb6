"""The one access policy: deny by default, lists agree with details, portal users confined."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from catena.accounts.choices import Role
from catena.catalog.models import Product
from catena.comms.models import Interaction
from catena.core import access
from catena.parties.models import Party, PortalAccess, Relationship
from catena.parties.tests.factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def visible(user, model):  # type: ignore[no-untyped-def]
    return set(access.restrict(model.objects.all(), user).values_list("pk", flat=True))


def test_models_without_a_policy_are_denied_to_everyone(admin_user) -> None:  # type: ignore[no-untyped-def]
    # every model of Catena has a policy (catena/tests/test_gate.py); Django's own have none
    ContentType.objects.get_for_model(Party)

    assert access.can(admin_user, access.VIEW, ContentType) is False
    assert visible(admin_user, ContentType) == set()


def test_anonymous_and_inactive_users_see_nothing(make_user) -> None:  # type: ignore[no-untyped-def]
    PartyFactory()
    inactive = make_user(Role.MANAGER, is_active=False)

    assert visible(AnonymousUser(), Party) == set()
    assert visible(inactive, Party) == set()


@pytest.mark.parametrize("role", [r for r in Role.values if not r.startswith("portal")])
def test_every_internal_role_sees_every_party_and_list_agrees_with_detail(make_user, role) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role)
    parties = [PartyFactory(), PartyFactory(owner=user)]

    assert visible(user, Party) == {p.pk for p in parties}
    assert all(access.can(user, access.VIEW, p) for p in parties)


def test_portal_user_sees_only_its_own_party_and_its_own_links(make_user) -> None:  # type: ignore[no-untyped-def]
    mine, other, third = PartyFactory(), PartyFactory(), PartyFactory()
    own_link = RelationshipFactory(from_party=mine, to_party=other)
    RelationshipFactory(from_party=other, to_party=third)
    portal = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=portal, party=mine)

    assert visible(portal, Party) == {mine.pk}
    assert access.can(portal, access.VIEW, other) is False
    assert access.can(portal, access.CHANGE, mine) is False
    assert visible(portal, Relationship) == {own_link.pk}
    assert visible(portal, Interaction) == set()
    assert visible(portal, Product) == set()


def test_portal_user_without_a_party_sees_nothing(make_user) -> None:  # type: ignore[no-untyped-def]
    PartyFactory()
    portal = make_user(Role.PORTAL_CUSTOMER)

    assert visible(portal, Party) == set()


def test_change_scope_matches_change_checks_for_sales(make_user) -> None:  # type: ignore[no-untyped-def]
    me, colleague = make_user(Role.SALES), make_user(Role.SALES)
    mine, unowned, theirs = PartyFactory(owner=me), PartyFactory(), PartyFactory(owner=colleague)

    in_scope = set(access.restrict(Party.objects.all(), me, access.CHANGE).values_list("pk", flat=True))

    assert in_scope == {mine.pk, unowned.pk}
    assert {p.pk for p in (mine, unowned, theirs) if access.can(me, access.CHANGE, p)} == in_scope


def test_standard_cost_is_readable_only_by_buyers_and_managers(make_user) -> None:  # type: ignore[no-untyped-def]
    from catena.accounts.roles import can_read_field

    readers = {role for role in Role.values if can_read_field(make_user(role), "product.standard_cost")}

    assert readers == {Role.ADMINISTRATOR, Role.MANAGER, Role.PURCHASING}
