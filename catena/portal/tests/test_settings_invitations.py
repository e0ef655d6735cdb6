"""The portal invitations in the settings: pending until the password is set, used after;
revoking one closes the portal account."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts import services as accounts
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.services.portal import grant_portal_access
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("settings_portal:invitation_list")


def test_invitations_are_pending_until_used_and_revoked_on_request(
    admin_user: User, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory(name="示例客户")
    invited = accounts.create_portal_user(
        actor=admin_user, username="buyer", email="", name="王芳", role=Role.PORTAL_CUSTOMER
    )
    grant_portal_access(invited, party, actor=admin_user)
    signed_up = make_user(Role.PORTAL_CUSTOMER, username="old-buyer")
    grant_portal_access(signed_up, party, actor=admin_user)
    client = logged_in(admin_user)

    rows = {row["access"].user.username: row["is_pending"] for row in client.get(LIST).context["rows"]}
    assert rows == {"buyer": True, "old-buyer": False}
    assert reverse("portal:party_access", args=[party.pk]) in client.get(LIST).content.decode()

    assert client.post(reverse("settings_portal:invitation_revoke", args=[invited.pk])).status_code == 302
    invited.refresh_from_db()
    assert not invited.is_active


def test_staff_accounts_are_not_revoked_here(
    admin_user: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(admin_user).post(reverse("settings_portal:invitation_revoke", args=[sales.pk]))
    assert response.status_code == 404
    sales.refresh_from_db()
    assert sales.is_active


def test_sales_staff_cannot_revoke(
    sales: User, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    portal = make_user(Role.PORTAL_PARTNER)
    assert (
        logged_in(sales).post(reverse("settings_portal:invitation_revoke", args=[portal.pk])).status_code
        == 403
    )
