"""API authentication: Bearer tokens (missing, wrong, revoked, expired) and the session cookie
path, where a write without a CSRF token is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from catena.accounts.models import APIToken, User
from catena.accounts.services import create_api_token, revoke_api_token
from catena.conftest import ApiClient
from catena.parties.models import Party

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
ME = "/api/v1/me"
PARTIES = "/api/v1/parties/"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_valid_token_acts_as_its_user_and_records_its_use(sales: User) -> None:
    token, raw = create_api_token(sales, name="erp")

    response = Client().get(ME, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json()["username"] == sales.username
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer ctn_nope_nope"},
        {"Authorization": "Basic dTpw"},
    ],
)
def test_missing_or_unknown_credentials_are_401_with_a_bearer_challenge(headers: dict[str, str]) -> None:
    response = Client().get(PARTIES, headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"code": "unauthenticated", "detail": "Authentication required.", "errors": []}


def test_a_revoked_token_is_401(sales: User) -> None:
    token, raw = create_api_token(sales)
    revoke_api_token(token)

    assert Client().get(ME, headers=bearer(raw)).status_code == 401


def test_an_expired_token_is_401(sales: User) -> None:
    token, raw = create_api_token(sales)
    APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert Client().get(ME, headers=bearer(raw)).status_code == 401


def test_the_token_of_a_deactivated_user_is_401(sales: User) -> None:
    _token, raw = create_api_token(sales)
    User.objects.filter(pk=sales.pk).update(is_active=False)

    assert Client().get(ME, headers=bearer(raw)).status_code == 401


def test_a_refused_write_changes_nothing(api_client: Clients) -> None:
    response = api_client(None).post(PARTIES, {"name": "匿名公司"})

    assert response.status_code == 401
    assert not Party.objects.exists()


def test_token_clients_need_no_csrf_token(sales: User) -> None:
    _token, raw = create_api_token(sales)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        PARTIES, data={"name": "令牌公司"}, content_type="application/json", headers=bearer(raw)
    )

    assert response.status_code == 201
    assert Party.objects.filter(name="令牌公司").exists()


def test_the_session_cookie_authenticates_reads(sales: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales)

    response = client.get(ME)

    assert response.status_code == 200 and response.json()["username"] == sales.username


def test_a_session_write_without_a_csrf_token_is_refused(sales: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales)

    response = client.post(PARTIES, data={"name": "跨站公司"}, content_type="application/json")

    assert response.status_code == 403
    assert not Party.objects.exists()


def test_a_session_write_with_the_csrf_token_is_accepted(sales: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales)
    page_request = RequestFactory().get("/")
    token = get_token(page_request)
    client.cookies[settings.CSRF_COOKIE_NAME] = page_request.META["CSRF_COOKIE"]

    response = client.post(
        PARTIES, data={"name": "同站公司"}, content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 201
    assert Party.objects.get(name="同站公司").owner == sales
