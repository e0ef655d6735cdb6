"""Sign-in, sign-out, password change and the "My account" page with API tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import APIToken, User
from catena.accounts.services import authenticate_token, create_api_token

pytestmark = pytest.mark.django_db


def test_login_page_renders_and_signs_in(client: Client, sales: User) -> None:
    page = client.get(reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login"), {"username": sales.username, "password": "pass-Catena-2026"}
    )

    assert page.status_code == 200 and 'name="username"' in page.content.decode()
    assert response.status_code == 302 and response["Location"] == reverse("insights:home")


def test_wrong_password_is_refused_with_a_message(client: Client, sales: User) -> None:
    response = client.post(reverse("accounts:login"), {"username": sales.username, "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "form-errors" in response.content.decode()


def test_logout_needs_a_post(logged_in: Callable[[User], Client], sales: User) -> None:
    client = logged_in(sales)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_password_change_with_the_old_password(logged_in: Callable[[User], Client], sales: User) -> None:
    response = logged_in(sales).post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass-Catena-2026",
            "new_password1": "Another-Strong-2026",
            "new_password2": "Another-Strong-2026",
        },
    )

    sales.refresh_from_db()
    assert response.status_code == 302
    assert sales.check_password("Another-Strong-2026")


def test_password_change_with_a_wrong_old_password_changes_nothing(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    response = logged_in(sales).post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "Another-Strong-2026",
            "new_password2": "Another-Strong-2026",
        },
    )

    sales.refresh_from_db()
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    assert sales.check_password("pass-Catena-2026")


def test_profile_lists_my_tokens_but_never_their_secret(
    logged_in: Callable[[User], Client], sales: User, manager: User
) -> None:
    mine, raw = create_api_token(sales, name="ERP 同步")
    create_api_token(manager, name="别人的令牌")

    body = logged_in(sales).get(reverse("accounts:profile")).content.decode()

    assert "ERP 同步" in body and mine.prefix in body
    assert raw not in body and "别人的令牌" not in body


def test_creating_a_token_shows_the_raw_value_once_and_it_works(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    client = logged_in(sales)

    response = client.post(reverse("accounts:token_create"), {"name": "报表"})
    raw = response.context["new_token"]
    later = client.get(reverse("accounts:profile")).content.decode()

    assert raw.startswith("ctn_") and raw in response.content.decode()
    assert authenticate_token(raw) == sales
    assert raw not in later


def test_revoking_my_token_stops_it_working(logged_in: Callable[[User], Client], sales: User) -> None:
    token, raw = create_api_token(sales, name="旧")

    response = logged_in(sales).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert authenticate_token(raw) is None


def test_revoking_someone_elses_token_is_404_and_leaves_it_working(
    logged_in: Callable[[User], Client], sales: User, manager: User
) -> None:
    token, raw = create_api_token(manager, name="经理的")

    response = logged_in(sales).post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert APIToken.objects.get(pk=token.pk).revoked_at is None
    assert authenticate_token(raw) == manager


def test_language_switch_keeps_the_page(logged_in: Callable[[User], Client], sales: User) -> None:
    client = logged_in(sales)
    page = reverse("parties:party_list") + "?role=customer"

    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": page})
    body = client.get(page).content.decode()

    assert response.status_code == 302 and response["Location"] == page
    assert '<html lang="zh-hans"' in body
