"""The command-line entry points: ``catena seed``, ``catena demo``, ``catena serve`` and the
``catena`` wrapper itself."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catena import cli
from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.core.management.commands import serve
from catena.demo.portal import portal_logins
from catena.demo.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
from catena.parties.models import Party

pytestmark = pytest.mark.django_db


def run(*args: Any) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class FakeWaitress:
    """Stands in for ``waitress.serve``: records what it was asked to serve and returns."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def __call__(self, app: Any, **options: Any) -> None:
        self.calls.append((app, options))


@pytest.fixture
def waitress(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any) -> FakeWaitress:
    fake = FakeWaitress()
    monkeypatch.setattr(serve, "waitress_serve", fake)
    # the deferred-work thread would outlive the test and reach for a database it may not use
    monkeypatch.setattr(serve, "start_in_process_schedule", lambda: None)
    settings.STATIC_ROOT = tmp_path / "static"
    return fake


# --- seed ------------------------------------------------------------------------------------


def test_seed_fills_an_empty_database_and_reports_what_it_made() -> None:
    output = run("seed", "--scale", "0.05", "--seed", "4")

    assert Party.objects.count() == 50
    assert Interaction.objects.exists()
    assert "Seeded 50 parties" in output
    assert "interactions:" in output


def test_seed_leaves_a_flow_analytics_run_under_way_alone_and_says_what_to_do() -> None:
    from catena.insights.choices import RunStatus
    from catena.insights.models import FlowMetricRun

    running = FlowMetricRun.objects.create(status=RunStatus.RUNNING)

    output = run("seed", "--scale", "0.05", "--seed", "4")

    assert Party.objects.count() == 50
    assert f"Another flow analytics run ({running.pk}) is under way" in output
    assert list(FlowMetricRun.objects.values_list("pk", flat=True)) == [running.pk]


def test_seed_warns_when_no_sales_user_can_own_the_parties() -> None:
    output = run("seed", "--scale", "0.05")

    assert "no account manager" in output
    assert not Party.objects.exclude(owner=None).exists()


def test_seed_with_demo_users_gives_parties_account_managers() -> None:
    run("seed", "--scale", "0.05", "--demo-users")

    assert User.objects.filter(username="sales1").exists()
    assert not Party.objects.filter(owner=None).exists()


def test_seed_refuses_a_database_that_has_parties_unless_appending() -> None:
    run("seed", "--scale", "0.05")
    before = (Party.objects.count(), Interaction.objects.count())

    with pytest.raises(CommandError, match="already has 50 parties"):
        run("seed", "--scale", "0.05")

    assert (Party.objects.count(), Interaction.objects.count()) == before
    run("seed", "--scale", "0.05", "--append")
    assert Party.objects.count() == 100


@pytest.mark.parametrize("scale", ["0", "-1", "0.001"])
def test_seed_refuses_a_scale_too_small_for_a_supply_chain(scale: str) -> None:
    with pytest.raises(CommandError, match="at least"):
        run("seed", "--scale", scale)

    assert not Party.objects.exists()


# --- demo users --------------------------------------------------------------------------------


def test_demo_users_cover_every_internal_role_with_a_department_and_a_chinese_name() -> None:
    result = ensure_demo_users()

    users = {u.username: u for u in result.users}
    assert set(users) == {d.username for d in DEMO_USERS}
    assert {u.role for u in users.values()} >= {
        Role.ADMINISTRATOR, Role.MANAGER, Role.SALES, Role.SERVICE, Role.PURCHASING, Role.LOGISTICS,
        Role.MARKETING, Role.READ_ONLY,
    }  # fmt: skip
    assert len([u for u in users.values() if u.role == Role.SALES]) >= 2
    assert all(u.department is not None and u.last_name and u.first_name for u in users.values())
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["viewer"].is_staff
    assert users["viewer"].role == Role.READ_ONLY
    assert users["sales1"].department is not None and users["sales1"].department.code == DepartmentCode.SALES
    assert users["sales1"].display_name == "张伟"
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())


def test_demo_users_are_created_once_and_existing_users_are_left_alone() -> None:
    ensure_demo_users()
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-the-owner")
    admin.save()

    again = ensure_demo_users()

    assert again.created == []
    assert User.objects.filter(username__in=[d.username for d in DEMO_USERS]).count() == len(DEMO_USERS)
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-owner")


# --- demo --------------------------------------------------------------------------------------


def test_demo_without_serving_sets_up_users_and_data_and_prints_the_logins(waitress: FakeWaitress) -> None:
    output = run("demo", "--no-serve", "--scale", "0.05")

    assert User.objects.filter(username__in=[d.username for d in DEMO_USERS]).count() == len(DEMO_USERS)
    assert Party.objects.count() == 50
    assert not Party.objects.filter(owner=None).exists()
    assert "http://127.0.0.1:8000/" in output
    for demo in DEMO_USERS:
        assert demo.username in output
    assert DEMO_PASSWORD in output
    assert waitress.calls == []
    # the portal logins follow the staff ones, each with the party it acts for
    logins = portal_logins()
    assert {login.username for login in logins} >= {"supplier1", "customer1", "carrier1"}
    assert output.index("admin") < output.index("supplier1")
    for login in logins:
        line = next(x for x in output.splitlines() if x.strip().startswith(login.username + " "))
        assert login.party in line and DEMO_PASSWORD in line


def test_demo_run_twice_adds_no_data_and_no_users(waitress: FakeWaitress) -> None:
    run("demo", "--no-serve", "--scale", "0.05")
    counts = (Party.objects.count(), Interaction.objects.count(), User.objects.count())

    output = run("demo", "--no-serve", "--scale", "0.05")

    assert (Party.objects.count(), Interaction.objects.count(), User.objects.count()) == counts
    assert "already has 50 parties" in output


def test_demo_serves_the_wsgi_application_on_the_requested_port(waitress: FakeWaitress) -> None:
    output = run("demo", "--scale", "0.05", "--port", "8765")

    from catena.wsgi import application

    [(app, options)] = waitress.calls
    assert app is application
    assert options["host"] == "127.0.0.1" and options["port"] == 8765
    assert "http://127.0.0.1:8765/" in output


# --- serve -------------------------------------------------------------------------------------


def test_serve_runs_waitress_with_the_given_address_and_threads(
    waitress: FakeWaitress, settings: Any
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.SECURE_SSL_REDIRECT = False

    run("serve", "--host", "0.0.0.0", "--port", "9001", "--threads", "3")  # noqa: S104 - passed through only

    [(_app, options)] = waitress.calls
    assert (options["host"], options["port"], options["threads"]) == ("0.0.0.0", 9001, 3)  # noqa: S104
    assert "trusted_proxy" not in options


def test_serve_behind_a_proxy_trusts_its_forwarded_proto_header(
    waitress: FakeWaitress, settings: Any
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    run("serve", "--trusted-proxy", "10.0.0.5")

    [(_app, options)] = waitress.calls
    assert options["trusted_proxy"] == "10.0.0.5"
    assert "x-forwarded-proto" in options["trusted_proxy_headers"]


def test_serve_explains_the_https_redirect_when_not_behind_a_proxy(
    waitress: FakeWaitress, settings: Any
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.SECURE_SSL_REDIRECT = True

    output = run("serve")

    assert "CATENA_HTTPS=0" in output
    assert len(waitress.calls) == 1


# --- the catena wrapper --------------------------------------------------------------------------


@pytest.fixture
def no_django_run(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", calls.append)
    # Set, then delete: the test's changes to the environment are undone afterwards.
    monkeypatch.setenv("CATENA_HTTPS", "unset")
    monkeypatch.delenv("CATENA_HTTPS")
    return calls


def test_the_demo_subcommand_turns_https_only_settings_off(
    no_django_run: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.main(["demo", "--no-serve"])

    assert no_django_run == [["catena", "demo", "--no-serve"]]
    assert os.environ["CATENA_HTTPS"] == "0"


def test_other_subcommands_keep_https_on(no_django_run: list[list[str]]) -> None:
    cli.main(["serve", "--port", "9000"])

    assert "CATENA_HTTPS" not in os.environ


def test_an_explicit_https_setting_wins_over_the_demo_default(
    no_django_run: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CATENA_HTTPS", "1")

    cli.main(["demo", "--port", "8001"])

    assert os.environ["CATENA_HTTPS"] == "1"
