"""Rows inside a parent record follow the parent: read and export with the parent's view and
export rights, change with the parent's change right."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access
from catena.parties.models import Contact
from catena.parties.tests.factories import ContactFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_a_contact_is_exported_with_the_party_it_belongs_to(make_user: Callable[..., User]) -> None:
    sales, colleague, reader = make_user(Role.SALES), make_user(Role.SALES), make_user(Role.READ_ONLY)
    contact = ContactFactory.create(party=PartyFactory.create(owner=colleague))

    # a sales person exports every party they see, but changes only their own
    assert access.can(sales, access.EXPORT, contact.party) and not access.can(
        sales, access.CHANGE, contact.party
    )
    assert access.can(sales, access.EXPORT, contact) and not access.can(sales, access.CHANGE, contact)
    assert list(access.restrict(Contact.objects.all(), sales, access.EXPORT)) == [contact]
    # a reader without the export right exports no contact either
    assert not access.can(reader, access.EXPORT, contact)
    assert not access.restrict(Contact.objects.all(), reader, access.EXPORT).exists()
