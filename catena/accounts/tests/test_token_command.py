"""``catena token create|list|revoke``: API tokens from the command line."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from catena import cli
from catena.accounts.choices import Role
from catena.accounts.models import APIToken, User, hash_token
from catena.accounts.services import authenticate_token, create_api_token

pytestmark = pytest.mark.django_db


def run(*args: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_only_a_token_that_authenticates_as_the_user(sales: User) -> None:
    out, err = run("create", sales.username, "--name", "ERP sync")

    raw = out.strip()
    assert "\n" not in raw
    assert authenticate_token(raw) == sales
    token = APIToken.objects.get(user=sales)
    assert token.name == "ERP sync"
    assert token.key_hash == hash_token(raw)
    assert token.prefix in err and "cannot be shown again" in err


def test_create_for_an_unknown_user_is_refused_and_creates_nothing() -> None:
    with pytest.raises(CommandError, match="No user named “nobody”"):
        run("create", "nobody")

    assert not APIToken.objects.exists()


def test_create_for_an_inactive_user_is_refused(make_user: Callable[..., User]) -> None:
    user = make_user(Role.SALES, is_active=False)

    with pytest.raises(CommandError, match="not active"):
        run("create", user.username)

    assert not APIToken.objects.exists()


def test_create_refuses_an_overlong_name(sales: User) -> None:
    with pytest.raises(CommandError, match="at most 100"):
        run("create", sales.username, "--name", "x" * 101)

    assert not APIToken.objects.exists()


def test_unknown_user_from_the_command_line_exits_non_zero_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_from_argv closes the connections afterwards; the test database must stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["token", "create", "nobody"])

    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    assert "No user named “nobody”" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert captured.out == ""


def test_list_shows_prefixes_names_and_states_but_never_the_tokens(sales: User, manager: User) -> None:
    _active, active_raw = create_api_token(sales, name="ERP sync")
    revoked, _raw = create_api_token(sales, name="old laptop")
    run("revoke", revoked.prefix)
    other, _other_raw = create_api_token(manager, name="manager's")

    out, _err = run("list", sales.username)

    assert "ERP sync" in out and "old laptop" in out
    assert "active" in out and "revoked" in out
    assert active_raw not in out
    assert other.prefix not in out and "manager's" not in out


def test_list_says_so_when_a_user_has_no_tokens(sales: User) -> None:
    out, _err = run("list", sales.username)

    assert "no API tokens" in out


def test_list_for_an_unknown_user_is_refused() -> None:
    with pytest.raises(CommandError, match="No user named"):
        run("list", "nobody")


def test_revoke_by_prefix_stops_the_token_from_authenticating(sales: User) -> None:
    token, raw = create_api_token(sales)

    out, _err = run("revoke", token.prefix)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_token(raw) is None
    assert f"Revoked token {token.prefix}" in out


def test_revoke_accepts_the_whole_token(sales: User) -> None:
    token, raw = create_api_token(sales)

    run("revoke", raw)

    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_of_an_unknown_prefix_is_refused(sales: User) -> None:
    token, raw = create_api_token(sales)

    with pytest.raises(CommandError, match="No active token"):
        run("revoke", "deadbeef" if token.prefix != "deadbeef" else "beefdead")

    assert authenticate_token(raw) == sales


def test_revoke_of_an_ambiguous_prefix_is_refused_and_revokes_nothing(sales: User, manager: User) -> None:
    first = APIToken.objects.create(user=sales, prefix="abcd1234", key_hash=hash_token("ctn_abcd1234_one"))
    second = APIToken.objects.create(user=manager, prefix="abcd1234", key_hash=hash_token("ctn_abcd1234_two"))

    with pytest.raises(CommandError, match="share the prefix"):
        run("revoke", "abcd1234")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is None and second.revoked_at is None


def test_revoking_twice_says_the_token_is_already_revoked(sales: User) -> None:
    token, raw = create_api_token(sales)
    run("revoke", raw)

    with pytest.raises(CommandError, match="already revoked"):
        run("revoke", raw)
