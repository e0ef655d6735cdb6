"""Imported parties carry the role mask the party lists filter on: new parties get it with their
row, existing parties gain the bits of roles an import adds to theirs."""

from __future__ import annotations

import pytest

from catena.accounts.models import User
from catena.integrations.tests.factories import make_uscc, party_row
from catena.parties import services as party_services
from catena.parties.choices import role_mask, roles_in_mask
from catena.parties.models import Party, PartyRole

pytestmark = pytest.mark.django_db


def test_new_parties_are_imported_with_the_mask_of_their_roles(run_import, party_file, manager: User):
    job = run_import(
        party_file(
            [party_row(1, roles="客户、供应商"), party_row(2, roles="承运商"), party_row(3, roles="")]
        ),
        actor=manager,
    )

    assert job.created_count == 3
    for party in Party.objects.all():
        stored = sorted(PartyRole.objects.filter(party=party).values_list("role", flat=True))
        assert roles_in_mask(party.role_mask) == stored
    assert Party.objects.get(uscc=make_uscc(2)).role_list == ["carrier"]
    assert Party.objects.with_role("supplier").get().uscc == make_uscc(1)
    # the created history record holds the same mask as the party
    assert Party.objects.get(uscc=make_uscc(1)).history.get().role_mask == role_mask(["customer", "supplier"])


def test_an_import_that_adds_roles_to_an_existing_party_merges_them(run_import, party_file, manager: User):
    party = party_services.create_party(actor=manager, name="已有公司", uscc=make_uscc(7), roles=["prospect"])

    job = run_import(party_file([party_row(7, roles="客户、分销商")]), actor=manager)

    assert job.updated_count == 1
    party.refresh_from_db()
    assert party.role_list == ["customer", "distributor", "prospect"]
    assert list(Party.objects.with_role("distributor")) == [party]
