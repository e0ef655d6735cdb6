"""Who gets into the portal, where they land after sign-in, what the home page counts, and that
portal users get nothing from the internal site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment import services as flow
from catena.fulfilment.tests.scenario import portal_user, user
from catena.parties.choices import PartyRoleType
from catena.parties.models import PartyRole
from catena.parties.tests.factories import PartyFactory
from catena.portal.tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db
HOME = reverse("portal:home")
Login = Callable[[User], Client]


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("portal:purchase_order_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/portal/purchase-orders/" in response["Location"]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SALES, Role.LOGISTICS, Role.READ_ONLY])
def test_internal_staff_are_sent_to_the_internal_site(role: str, logged_in: Login, db: None) -> None:
    staff = user(role)

    for url in (HOME, reverse("portal:order_list"), reverse("portal:shipment_detail", args=[1])):
        response = logged_in(staff).get(url)
        assert response.status_code == 302 and response["Location"] == reverse("insights:home")


def test_a_portal_role_without_portal_access_is_refused(logged_in: Login, db: None) -> None:
    lonely = user(Role.PORTAL_PARTNER)

    assert logged_in(lonely).get(HOME).status_code == 403


def test_sign_in_lands_portal_users_on_the_portal(world: World, client: Client) -> None:
    login = reverse("accounts:login")
    credentials = {"username": world.customer_user.username, "password": PASSWORD}

    plain = client.post(login, credentials)
    client.logout()
    to_internal = client.post(login + "?next=/parties/", credentials)
    client.logout()
    to_portal_page = client.post(login + "?next=/portal/orders/", credentials)

    assert plain["Location"] == HOME
    assert to_internal["Location"] == HOME
    assert to_portal_page["Location"] == "/portal/orders/"
    assert client.get(login)["Location"] == HOME  # already signed in


def test_sign_in_still_lands_staff_on_the_dashboard(world: World, client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": world.chain.sales.username, "password": PASSWORD}
    )

    assert response["Location"] == reverse("insights:home")


def test_home_counts_and_attention_only_for_the_own_party(world: World, logged_in: Login) -> None:
    supplier_home = logged_in(world.supplier_user).get(HOME)
    carrier_home = logged_in(world.carrier_user).get(HOME)
    customer_home = logged_in(world.customer_user).get(HOME)

    assert supplier_home.context["counts"] == {"awaiting_answer": 1}
    assert [i.title for i in supplier_home.context["attention"]] == [
        f"Answer purchase order {world.po.number}"
    ]
    assert world.other_po.number not in supplier_home.content.decode()
    assert carrier_home.context["counts"] == {"shipments_open": 1}
    assert "SF1001" in carrier_home.content.decode() and "YT2002" not in carrier_home.content.decode()
    assert customer_home.context["counts"] == {"orders_active": 2}
    assert world.chain.customer.name in customer_home.content.decode()


def test_the_customers_attention_list_shows_held_orders(world: World, logged_in: Login) -> None:
    flow.set_status(world.order, status="on_hold", actor=world.chain.sales, reason="等待付款")
    flow.set_status(world.other_order, status="on_hold", actor=world.chain.sales, reason="别家")

    response = logged_in(world.customer_user).get(HOME)

    body = response.content.decode()
    assert world.order.number in body and "等待付款" in body
    assert world.other_order.number not in body and "别家" not in body


def test_navigation_follows_what_the_party_plays(world: World, logged_in: Login) -> None:
    PartyRole.objects.create(party=world.chain.supplier, role=PartyRoleType.CARRIER)  # supplier and carrier

    body = logged_in(world.supplier_user).get(HOME).content.decode()
    customer_body = logged_in(world.customer_user).get(HOME).content.decode()

    assert reverse("portal:purchase_order_list") in body and reverse("portal:shipment_list") in body
    assert reverse("portal:order_list") not in body
    assert reverse("portal:order_list") in customer_body
    assert reverse("portal:purchase_order_list") not in customer_body


def test_a_party_that_plays_nothing_for_the_portal_gets_an_empty_home(logged_in: Login, db: None) -> None:
    prospect = PartyFactory.create(name="潜在客户公司", roles=[PartyRoleType.PROSPECT])
    account = portal_user(prospect, Role.PORTAL_CUSTOMER)

    response = logged_in(account).get(HOME)

    assert response.status_code == 200 and "Nothing to show yet" in response.content.decode()
    assert logged_in(account).get(reverse("portal:order_list")).status_code == 404


@pytest.mark.parametrize(
    "path", ["/parties/", "/orders/", "/products/", "/interactions/", "/data/", "/flow/"]
)
def test_portal_users_get_no_internal_page(world: World, logged_in: Login, path: str) -> None:
    for account in (world.customer_user, world.supplier_user, world.carrier_user):
        response = logged_in(account).get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert world.chain.other_customer.name not in response.content.decode()


def test_portal_users_opening_the_site_root_land_on_the_portal(world: World, logged_in: Login) -> None:
    for account in (world.customer_user, world.supplier_user, world.carrier_user):
        response = logged_in(account).get("/")
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_portal_users_get_no_internal_party_page(world: World, logged_in: Login) -> None:
    client = logged_in(world.customer_user)

    assert client.get(reverse("parties:party_detail", args=[world.chain.customer.pk])).status_code == 403
    assert client.get(reverse("parties:party_detail", args=[world.chain.other_customer.pk])).status_code in (
        403,
        404,
    )


def test_the_api_with_the_session_shows_a_portal_user_only_its_party(world: World, logged_in: Login) -> None:
    client = logged_in(world.carrier_user)

    listing = client.get("/api/v1/parties/")
    other = client.get(f"/api/v1/parties/{world.chain.other_carrier.pk}")
    search = client.get("/api/v1/parties/", {"q": world.chain.other_carrier.name})

    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["items"]] == [world.chain.carrier.pk]
    assert listing.json()["count"] == 1
    assert other.status_code == 404
    assert search.json()["count"] == 0


def test_account_page_changes_the_password(world: World, logged_in: Login) -> None:
    client = logged_in(world.customer_user)
    page = client.get(reverse("portal:account"))

    wrong = client.post(
        reverse("portal:account"),
        {
            "old_password": "nope",
            "new_password1": "Neue-Passwort-2026",
            "new_password2": "Neue-Passwort-2026",
        },
    )
    right = client.post(
        reverse("portal:account"),
        {
            "old_password": PASSWORD,
            "new_password1": "Neue-Passwort-2026",
            "new_password2": "Neue-Passwort-2026",
        },
    )

    world.customer_user.refresh_from_db()
    assert page.status_code == 200 and world.chain.customer.name in page.content.decode()
    assert wrong.status_code == 422 and "old_password" in wrong.context["form"].errors
    assert right.status_code == 302 and world.customer_user.check_password("Neue-Passwort-2026")
    assert client.get(HOME).status_code == 200  # still signed in


def test_pages_render_the_portal_frame_not_the_internal_one(world: World, logged_in: Login) -> None:
    body = logged_in(world.customer_user).get(HOME).content.decode()

    assert 'class="portal"' in body and "language-switch" in body
    assert reverse("parties:party_list") not in body  # no internal navigation
    assert reverse("accounts:logout") in body


def _count_queries(client: Client, url: str, django_assert_max_num_queries: Any) -> None:
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)


def test_home_query_budget(world: World, logged_in: Login, django_assert_max_num_queries: Any) -> None:
    _count_queries(logged_in(world.supplier_user), HOME, django_assert_max_num_queries)
    _count_queries(logged_in(world.customer_user), HOME, django_assert_max_num_queries)
