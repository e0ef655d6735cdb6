"""Administrators invite a party's people to the portal from the party page; the link sets a
password once; revoking closes the account and its API tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import APIToken, User
from catena.accounts.services import authenticate_token, create_api_token
from catena.comms.models import Interaction
from catena.core.models import Event
from catena.fulfilment.tests.scenario import user
from catena.parties.models import PortalAccess
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
NEW_PASSWORD = "Lieferant-Passwort-2026"


def access_url(world: World) -> str:
    return reverse("portal:party_access", args=[world.chain.supplier.pk])


def invite(client: Client, world: World, **fields: str) -> object:
    data = {
        "name": "陈经理",
        "email": "chen@nbjm.example",
        "username": "nbjm-chen",
        "role": Role.PORTAL_PARTNER,
    }
    return client.post(access_url(world), data | fields)


def link_in(body: str) -> str:
    match = re.search(r"https?://[^\s<\"]+/portal/welcome/[^\s<\"]+", body)
    assert match, "no welcome link on the page"
    return urlsplit(match.group(0)).path


def test_the_party_page_links_to_portal_access_for_administrators_only(
    world: World, admin_user: User, logged_in: Login
) -> None:
    page = reverse("parties:party_detail", args=[world.chain.supplier.pk])

    admin_body = logged_in(admin_user).get(page).content.decode()
    manager_body = logged_in(world.chain.manager).get(page).content.decode()

    assert access_url(world) in admin_body
    assert access_url(world) not in manager_body


def test_invitation_end_to_end(world: World, admin_user: User, client: Client) -> None:
    client.force_login(admin_user)

    response = invite(client, world)

    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    invited = User.objects.get(username="nbjm-chen")
    assert invited.role == Role.PORTAL_PARTNER and not invited.has_usable_password()
    assert invited.email == "chen@nbjm.example" and invited.get_full_name() == "陈经理"
    assert PortalAccess.objects.get(user=invited).party == world.chain.supplier
    assert Interaction.objects.filter(party=world.chain.supplier, subject__contains="nbjm-chen").exists()
    assert Event.objects.filter(name="portal.user_invited", subject_id=str(world.chain.supplier.pk)).exists()
    link = link_in(body)

    client.logout()
    opened = client.get(link, follow=True)
    assert opened.status_code == 200 and opened.context["validlink"]
    form_url = opened.redirect_chain[-1][0]
    set_password = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert set_password.status_code == 302 and set_password["Location"] == reverse("accounts:login")

    signed_in = client.post(reverse("accounts:login"), {"username": "nbjm-chen", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("portal:home")
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and world.chain.supplier.name in home.content.decode()
    assert world.po.number in home.content.decode()

    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]  # the link works once


def test_the_welcome_link_is_for_portal_users_only(world: World, client: Client) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    staff = world.chain.sales
    url = reverse(
        "portal:welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )

    response = client.get(url, follow=True)

    assert not response.context["validlink"] and "no longer works" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.PURCHASING, Role.READ_ONLY])
def test_only_administrators_invite(world: World, logged_in: Login, role: str) -> None:
    client = logged_in(user(role))

    page = client.get(access_url(world))
    response = invite(client, world)

    assert page.status_code == 403 and response.status_code == 403  # type: ignore[attr-defined]
    assert not User.objects.filter(username="nbjm-chen").exists()


def test_portal_users_cannot_reach_the_invitation_page(world: World, logged_in: Login) -> None:
    client = logged_in(world.supplier_user)

    assert client.get(access_url(world)).status_code == 403
    assert invite(client, world).status_code == 403  # type: ignore[attr-defined]
    assert not User.objects.filter(username="nbjm-chen").exists()


def test_invitation_errors_are_shown_on_their_fields(
    world: World, admin_user: User, logged_in: Login
) -> None:
    client = logged_in(admin_user)

    taken = invite(client, world, username=world.supplier_user.username.upper())
    bad_email = invite(client, world, email="not-an-address")
    bad_name = invite(client, world, username="有 空格")
    wrong_role = invite(client, world, role=Role.PORTAL_CUSTOMER)  # a supplier follows no orders
    staff_role = invite(client, world, role=Role.ADMINISTRATOR)

    assert taken.status_code == 422 and "username" in taken.context["form"].errors  # type: ignore[attr-defined]
    assert bad_email.status_code == 422 and "email" in bad_email.context["form"].errors  # type: ignore[attr-defined]
    assert bad_name.status_code == 422 and "username" in bad_name.context["form"].errors  # type: ignore[attr-defined]
    assert wrong_role.status_code == 422 and "role" in wrong_role.context["form"].errors  # type: ignore[attr-defined]
    assert staff_role.status_code == 422 and "role" in staff_role.context["form"].errors  # type: ignore[attr-defined]
    assert not User.objects.filter(email="chen@nbjm.example").exists()


def test_an_unknown_party_is_404(world: World, admin_user: User, logged_in: Login) -> None:
    assert logged_in(admin_user).get(reverse("portal:party_access", args=[999999])).status_code == 404


def test_the_access_page_lists_the_partys_portal_users_only(
    world: World, admin_user: User, logged_in: Login
) -> None:
    body = logged_in(admin_user).get(access_url(world)).content.decode()

    assert world.supplier_user.username in body
    assert world.other_supplier_user.username not in body and world.carrier_user.username not in body


def test_a_new_link_for_an_invited_user(world: World, admin_user: User, logged_in: Login) -> None:
    client = logged_in(admin_user)

    response = client.post(
        reverse("portal:party_access_link", args=[world.chain.supplier.pk, world.supplier_user.pk])
    )
    other_partys_user = client.post(
        reverse("portal:party_access_link", args=[world.chain.supplier.pk, world.carrier_user.pk])
    )

    assert response.status_code == 200 and "/portal/welcome/" in response.content.decode()
    assert other_partys_user.status_code == 404


def test_revoking_deactivates_the_user_and_its_tokens(world: World, admin_user: User, client: Client) -> None:
    _token, raw = create_api_token(world.supplier_user, name="ERP")
    client.force_login(admin_user)

    response = client.post(
        reverse("portal:party_access_revoke", args=[world.chain.supplier.pk, world.supplier_user.pk])
    )

    world.supplier_user.refresh_from_db()
    assert response.status_code == 302
    assert not world.supplier_user.is_active
    assert authenticate_token(raw) is None
    assert not APIToken.objects.usable().filter(user=world.supplier_user).exists()
    assert Interaction.objects.filter(party=world.chain.supplier, subject__contains="revoked").exists()
    client.logout()
    refused = client.post(
        reverse("accounts:login"), {"username": world.supplier_user.username, "password": "pass-Catena-2026"}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_revoking_needs_an_administrator_and_the_right_party(
    world: World, logged_in: Login, admin_user: User
) -> None:
    manager = logged_in(world.chain.manager).post(
        reverse("portal:party_access_revoke", args=[world.chain.supplier.pk, world.supplier_user.pk])
    )
    wrong_party = logged_in(admin_user).post(
        reverse("portal:party_access_revoke", args=[world.chain.supplier.pk, world.carrier_user.pk])
    )
    by_get = logged_in(admin_user).get(
        reverse("portal:party_access_revoke", args=[world.chain.supplier.pk, world.supplier_user.pk])
    )

    world.supplier_user.refresh_from_db()
    world.carrier_user.refresh_from_db()
    assert manager.status_code == 403 and wrong_party.status_code == 404 and by_get.status_code == 405
    assert world.supplier_user.is_active and world.carrier_user.is_active


def test_a_customer_can_be_invited_as_customer(world: World, admin_user: User, logged_in: Login) -> None:
    client = logged_in(admin_user)
    url = reverse("portal:party_access", args=[world.chain.customer.pk])

    page = client.get(url)
    response = client.post(
        url,
        {"name": "Anna Li", "email": "anna@hd.example", "username": "hd-anna", "role": Role.PORTAL_CUSTOMER},
    )

    assert page.context["form"]["role"].initial == Role.PORTAL_CUSTOMER  # suggested from the party's roles
    assert response.status_code == 200
    assert User.objects.get(username="hd-anna").portal_access.party == world.chain.customer
