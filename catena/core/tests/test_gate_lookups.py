"""The gate's default path: ``for_user`` on every queryset, and the look-ups of one record that
pages and endpoints use (404 outside the scope, 403 for a record seen but not to be changed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from ninja.errors import HttpError

from catena.accounts.choices import Role
from catena.core import access, gate
from catena.parties import selectors
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party, PartyRole, PortalAccess, Relationship
from catena.parties.tests.factories import PartyFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def pks(queryset):  # type: ignore[no-untyped-def]
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def portal(make_user):  # type: ignore[no-untyped-def]
    """A portal partner of ``portal.party``, with another party it may not see."""
    user = make_user(Role.PORTAL_PARTNER)
    user.party = PartyFactory()
    user.other = PartyFactory()
    PortalAccess.objects.create(user=user, party=user.party)
    return user


def test_for_user_reads_exactly_what_restrict_reads(portal, make_user) -> None:  # type: ignore[no-untyped-def]
    RelationshipFactory(from_party=portal.party, to_party=portal.other)
    RelationshipFactory(from_party=portal.other, to_party=PartyFactory())
    manager = make_user(Role.MANAGER)

    for user in (portal, manager):
        for model in (Party, Relationship):
            for action in (access.VIEW, access.CHANGE):
                assert pks(model.objects.for_user(user, action)) == pks(
                    access.restrict(model.objects.all(), user, action)
                )
    assert pks(Party.objects.for_user(portal)) == {portal.party.pk}


def test_for_user_chains_with_a_models_own_filters_and_related_managers(portal) -> None:  # type: ignore[no-untyped-def]
    PartyRole.objects.create(party=portal.party, role=PartyRoleType.CARRIER)
    PartyRole.objects.create(party=portal.other, role=PartyRoleType.CARRIER)
    link = RelationshipFactory(from_party=portal.party, to_party=portal.other)

    assert pks(Party.objects.with_role(PartyRoleType.CARRIER).for_user(portal)) == {portal.party.pk}
    assert pks(Party.objects.for_user(portal).with_role(PartyRoleType.CARRIER)) == {portal.party.pk}
    assert pks(portal.party.downstream_links.for_user(portal)) == pks(Relationship.objects.filter(pk=link.pk))
    assert pks(portal.party.downstream_links.for_user(portal, access.DELETE)) == set()


def test_a_page_gets_its_record_in_scope_and_404_outside_it(portal) -> None:  # type: ignore[no-untyped-def]
    seen = []

    @gate.record(Party, pk="party_id")
    def page(request, party: Party) -> HttpResponse:  # type: ignore[no-untyped-def]
        seen.append(party)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = portal

    assert page(request, party_id=portal.party.pk).status_code == 200
    assert seen == [portal.party]
    with pytest.raises(Http404):
        page(request, party_id=portal.other.pk)
    with pytest.raises(Http404):
        page(request, party_id=0)


def test_a_page_that_requires_a_change_refuses_a_record_only_seen(portal, make_user) -> None:  # type: ignore[no-untyped-def]
    @gate.record(selectors.party_detail, require=access.CHANGE)
    def page(request, party: Party, tab: str) -> HttpResponse:  # type: ignore[no-untyped-def]
        return HttpResponse(tab)

    request = RequestFactory().get("/")
    request.user = portal
    with pytest.raises(PermissionDenied):  # sees its party, may not change it
        page(request, pk=portal.party.pk, tab="x")
    with pytest.raises(Http404):
        page(request, pk=portal.other.pk, tab="x")

    request.user = make_user(Role.MANAGER)
    assert page(request, pk=portal.other.pk, tab="x").content == b"x"


def test_an_endpoint_answers_the_apis_404_and_find_answers_none(portal) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = portal

    assert gate.api_record(request, Party.objects.select_related("owner"), portal.party.pk) == portal.party
    with pytest.raises(HttpError) as refused:
        gate.api_record(request, Party, portal.other.pk)
    assert refused.value.status_code == 404
    assert gate.find(portal, Party, portal.other.pk) is None
    assert gate.find(portal, selectors.party_detail, portal.party.pk) == portal.party
    with pytest.raises(TypeError):  # a selector answers for the view scope only
        gate.find(portal, selectors.party_detail, portal.party.pk, access.CHANGE)
