"""Shared fixtures: users of each role, API clients with Bearer tokens."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.accounts.services import create_api_token
from catena.tests import write_guard

# Tests that share something outside their own test database run on one worker each under
# ``pytest -n 2 --dist loadgroup`` (scripts/test): the Celery worker tests share the broker's queue
# (a worker would take another's tasks), and the browser tests share the one Chromium the machine
# can afford.
XDIST_GROUPS = ("celery", "browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for group in XDIST_GROUPS:
            if item.get_closest_marker(group):
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture(autouse=True, scope="session")
def _writes_stay_in_their_app() -> Iterator[None]:
    """Every write to a Catena model is checked for the whole run: an app writes only its own
    models (catena/tests/write_guard.py); the hooks below fail the test that broke the rule."""
    write_guard.install()
    yield
    write_guard.uninstall()


def fail_on_writes_across_apps() -> None:
    found = write_guard.take()
    if found:
        pytest.fail(write_guard.report(found), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    write_guard.take()  # what happened between tests belongs to no test
    result = yield
    fail_on_writes_across_apps()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    result = yield
    fail_on_writes_across_apps()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    result = yield
    fail_on_writes_across_apps()
    return result


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Tests read English messages unless a test switches language itself."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str = Role.SALES, **fields: Any) -> User:
        counter["n"] += 1
        fields.setdefault("username", f"{role}{counter['n']}")
        user = User.objects.create_user(password="pass-Catena-2026", role=role, **fields)
        return user

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATOR, username="admin1")


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user(Role.MANAGER)


@pytest.fixture
def sales(make_user: Callable[..., User]) -> User:
    return make_user(Role.SALES)


@pytest.fixture
def reader(make_user: Callable[..., User]) -> User:
    return make_user(Role.READ_ONLY)


class ApiClient:
    """A test client that sends JSON and a Bearer token, like a real API client."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = create_api_token(user, name="tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def _call(self, method: str, path: str, data: Any = None, **params: Any) -> Any:
        func = getattr(self.client, method)
        if method in ("post", "put", "patch"):
            return func(path, data=data, content_type="application/json", headers=self.headers)
        return func(path, data=params or data, headers=self.headers)

    def get(self, path: str, **params: Any) -> Any:
        return self._call("get", path, **params)

    def post(self, path: str, data: Any) -> Any:
        return self._call("post", path, data)

    def patch(self, path: str, data: Any) -> Any:
        return self._call("patch", path, data)

    def put(self, path: str, data: Any) -> Any:
        return self._call("put", path, data)

    def delete(self, path: str) -> Any:
        return self._call("delete", path)


@pytest.fixture
def api_client() -> Callable[[User | None], ApiClient]:
    return ApiClient


@pytest.fixture
def logged_in(client: Client) -> Callable[[User], Client]:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> Any:
    """Tasks run in-process unless a test asks for the real broker and worker (``@pytest.mark.celery``)."""
    from catena.celery import app

    if request.node.get_closest_marker("celery"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_on_broker() -> Any:
    """A real Celery worker consuming from the broker in CATENA_BROKER_URL (Redis in CI)."""
    import os

    from celery.contrib.testing.worker import start_worker

    from catena.celery import app

    if not os.environ.get("CATENA_BROKER_URL"):
        if os.environ.get("CATENA_REQUIRE_BROKER"):
            pytest.fail("CATENA_REQUIRE_BROKER is set but CATENA_BROKER_URL is empty")
        pytest.skip("no broker configured; the PostgreSQL run of scripts/test provides one")
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"
        ):
            yield app
    finally:
        app.conf.task_always_eager = True


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The test server is plain HTTP on localhost; don't let the browser try HTTPS first.
    "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypicallySecureUsers",
]


def close_connections_opened_beside_playwright() -> None:
    """Close the database connections the test opened while Playwright's loop ran: they belong to
    that context, not to the one pytest-django closes before dropping the test database (which
    then failed on PostgreSQL with "being accessed by other users")."""
    from django.db import connections

    connections.close_all()


@contextmanager
def chromium_page(**context: Any) -> Iterator[Any]:
    """A page of headless Chromium in a new browser context (``context``: Playwright's
    ``new_context`` options: locale, viewport, colour scheme…) that fails the test if the page
    raised a JavaScript error."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server runs beside Playwright's loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_context(**context).new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield page
        finally:
            close_connections_opened_beside_playwright()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone(live_server: Any) -> Iterator[Any]:
    """A page in headless Chromium on a phone-sized screen (390 × 844), English, that fails the
    test if the page raised a JavaScript error."""
    with chromium_page(locale="en", viewport={"width": 390, "height": 844}) as page:
        yield page
