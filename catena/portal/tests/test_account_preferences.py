"""Portal users set their own time zone and language on the portal's account page, as staff do on
"My account"; nobody changes another user's preferences there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.fulfilment.tests.scenario import portal_user, user
from catena.parties.choices import PartyRoleType
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("portal:account")
PREFERENCES = reverse("portal:account_preferences")
Login = Callable[[User], Client]


@pytest.fixture
def customer_user(db: None) -> User:
    return portal_user(PartyFactory(roles=[PartyRoleType.CUSTOMER]), Role.PORTAL_CUSTOMER)


def test_the_account_page_offers_my_preferences(customer_user: User, logged_in: Login) -> None:
    body = logged_in(customer_user).get(ACCOUNT).content.decode()

    assert 'id="preferences"' in body and f'action="{PREFERENCES}"' in body
    assert '<select name="time_zone"' in body and '<select name="language"' in body


def test_a_portal_user_sets_their_time_zone_and_language(customer_user: User, logged_in: Login) -> None:
    client = logged_in(customer_user)

    saved = client.post(PREFERENCES, {"time_zone": "Asia/Singapore", "language": "zh-hans", "phone": ""})

    customer_user.refresh_from_db()
    assert saved.status_code == 302 and saved["Location"] == ACCOUNT + "#preferences"
    assert (customer_user.time_zone, customer_user.language) == ("Asia/Singapore", "zh-hans")
    page = client.get(ACCOUNT).content.decode()
    assert '<html lang="zh-hans"' in page and "我的偏好" in page


def test_an_unknown_time_zone_is_a_field_error_on_the_portal(customer_user: User, logged_in: Login) -> None:
    answer = logged_in(customer_user).post(PREFERENCES, {"time_zone": "Moon/Tranquility", "language": ""})

    customer_user.refresh_from_db()
    assert answer.status_code == 422
    assert list(answer.context["preferences_form"].errors) == ["time_zone"]
    assert "form" in answer.context  # the password form is still on the page
    assert customer_user.time_zone == ""


def test_a_portal_user_changes_no_one_elses_preferences(customer_user: User, logged_in: Login) -> None:
    other = portal_user(PartyFactory(roles=[PartyRoleType.CUSTOMER]), Role.PORTAL_CUSTOMER)

    logged_in(customer_user).post(PREFERENCES, {"user": other.pk, "time_zone": "UTC", "language": "en"})

    other.refresh_from_db()
    customer_user.refresh_from_db()
    assert other.time_zone == "" and customer_user.time_zone == "UTC"


def test_the_portal_preferences_are_for_portal_users_and_posts_only(
    customer_user: User, logged_in: Login, client: Client
) -> None:
    assert client.post(PREFERENCES, {"time_zone": "UTC"}).status_code == 302  # to sign-in
    staff = user(Role.SALES)
    assert logged_in(staff).post(PREFERENCES, {"time_zone": "UTC"}).status_code == 302  # internal site
    staff.refresh_from_db()
    assert staff.time_zone == ""
    assert logged_in(customer_user).get(PREFERENCES).status_code == 405
