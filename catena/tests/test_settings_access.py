"""Every settings page: administrators open it, other staff get 403 (managers where the role
table lets them change the records), portal users 404, and the sign-in page for strangers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    "settings:company",
    "settings:start",
    "settings:user_list",
    "settings:user_create",
    "settings:department_list",
    "settings_portal:invitation_list",
    "settings_parties:custom_field_list",
    "settings_parties:custom_field_create",
    "settings_parties:tag_list",
    "settings_sales:step_list",
    "settings_workspace:plan_list",
    "settings_workspace:plan_create",
]
MANAGER_PAGES = {"settings_sales:step_list", "settings_workspace:plan_list", "settings_workspace:plan_create"}


@pytest.mark.parametrize("name", PAGES)
def test_administrators_open_every_settings_page(
    name: str, admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    assert logged_in(admin_user).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_sales_staff_are_refused_with_403(
    name: str, sales: User, logged_in: Callable[[User], Client]
) -> None:
    assert logged_in(sales).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_managers_open_only_what_the_role_table_gives_them(
    name: str, manager: User, logged_in: Callable[[User], Client]
) -> None:
    expected = 200 if name in MANAGER_PAGES else 403
    assert logged_in(manager).get(reverse(name)).status_code == expected


@pytest.mark.parametrize("role", [Role.PORTAL_CUSTOMER, Role.PORTAL_PARTNER])
@pytest.mark.parametrize("name", PAGES)
def test_portal_users_find_no_settings(
    name: str, role: str, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    assert logged_in(make_user(role)).get(reverse(name)).status_code == 404


def test_strangers_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("settings:user_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_settings_index_opens_the_first_section_the_user_may_change(
    admin_user: User, manager: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    assert logged_in(admin_user).get(reverse("settings:index"))["Location"] == reverse("settings:start")
    assert logged_in(manager).get(reverse("settings:index"))["Location"] == reverse(
        "settings_sales:step_list"
    )
    assert logged_in(sales).get(reverse("settings:index")).status_code == 403


def test_the_settings_link_shows_for_administrators_only(
    admin_user: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    settings_url = reverse("settings:index")
    assert settings_url in logged_in(admin_user).get(reverse("accounts:profile")).content.decode()
    assert settings_url not in logged_in(sales).get(reverse("accounts:profile")).content.decode()


def test_no_page_of_the_application_links_to_the_django_admin(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(admin_user)
    for name in [*PAGES, "insights:home", "parties:party_list", "accounts:profile"]:
        assert 'href="/admin' not in client.get(reverse(name)).content.decode(), name


def test_the_django_admin_is_branded_for_operators(make_user: Callable[..., User], client: Client) -> None:
    operator = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(operator)
    page = client.get("/admin/").content.decode()
    assert "Catena operations" in page


def test_settings_forms_need_the_csrf_token(admin_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("settings:company"), {"name": "本公司", "default_currency": "CNY"})
    assert response.status_code == 403
