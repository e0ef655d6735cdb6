"""Sign-in throttling: too many wrong passwords for one account, or from one address, block
signing in for a while, on the staff sign-in page and the admin's alike, and are logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Catena-2026"
LOGIN_PAGES = [reverse("accounts:login"), reverse("admin:login")]


@pytest.fixture(autouse=True)
def _throttled(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(page: str, username: str, password: str, *, address: str = "203.0.113.7") -> Any:
    """A POST of the sign-in form from ``address``, in a browser of its own."""
    return Client().post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATOR, username="ops-admin", is_staff=True)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_for_one_account_block_its_right_password_until_the_cool_off(page, staff):
    # given five wrong passwords for one account, each from a different address
    for n in range(5):
        sign_in(page, staff.username, f"guess-{n}", address=f"198.51.100.{n + 1}")

    # when the right password comes, from yet another address
    refused = sign_in(page, staff.username, PASSWORD, address="192.0.2.50")

    # then it is refused with a message saying how long to wait, and nobody is signed in
    assert refused.status_code == 429 and not signed_in(refused)
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert "15 minutes" in refused.content.decode()


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_from_one_address_block_every_account_from_there(page, staff, make_user):
    # given wrong passwords for five different names from one address
    for n in range(5):
        sign_in(page, f"nobody{n}", "guess", address="203.0.113.9")

    # when a real account signs in from that address, and from another one
    from_there = sign_in(page, staff.username, PASSWORD, address="203.0.113.9")
    elsewhere = sign_in(page, staff.username, PASSWORD, address="203.0.113.10")

    # then only the address that guessed is blocked
    assert from_there.status_code == 429 and not signed_in(from_there)
    assert signed_in(elsewhere)


def test_fewer_failures_than_the_limit_do_not_block_and_a_success_starts_the_count_again(staff):
    page = reverse("accounts:login")
    for _ in range(4):
        sign_in(page, staff.username, "guess")
    assert signed_in(sign_in(page, staff.username, PASSWORD))

    for _ in range(4):
        sign_in(page, staff.username, "guess")

    assert signed_in(sign_in(page, staff.username, PASSWORD))


def test_the_block_ends_after_the_cool_off(staff):
    # given an account blocked by wrong passwords
    page = reverse("accounts:login")
    for _ in range(5):
        sign_in(page, staff.username, "guess")
    assert sign_in(page, staff.username, PASSWORD).status_code == 429

    # when the fifteen minutes of the cool-off have passed since the last failure
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    # then the right password signs in again
    assert signed_in(sign_in(page, staff.username, PASSWORD))


def test_a_lock_out_is_logged_with_the_account_and_address(staff, caplog):
    page = reverse("accounts:login")

    with caplog.at_level(logging.INFO):
        for _ in range(5):
            sign_in(page, staff.username, "guess", address="198.51.100.77")

    lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("locking out" in line.lower() and "198.51.100.77" in line for line in lines), lines
    assert any(staff.username in line for line in lines)


def test_api_tokens_keep_working_while_the_account_is_blocked(staff, api_client):
    page = reverse("accounts:login")
    for _ in range(5):
        sign_in(page, staff.username, "guess")
    assert sign_in(page, staff.username, PASSWORD).status_code == 429

    response = api_client(staff).get("/api/v1/parties/")

    assert response.status_code == 200


def test_the_blocked_page_is_translated(staff):
    page = reverse("accounts:login")
    for _ in range(5):
        sign_in(page, staff.username, "guess")

    refused = Client().post(
        page,
        {"username": staff.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert refused.status_code == 429 and "登录失败次数过多" in refused.content.decode()
