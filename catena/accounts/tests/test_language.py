"""The language of the pages: the browser's on a first visit, each user's own choice after that,
and the installation's default when nothing else says."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
ROOT = Path(__file__).resolve().parents[3]


def lang_of(response: object) -> str:
    body = response.content.decode()  # type: ignore[attr-defined]
    return body.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"),
        ("zh", "zh-hans"),
        ("zh-TW", "zh-hans"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,de;q=0.5", "en"),  # no language of ours: English, not the default
        ("fr-FR,zh;q=0.4", "zh-hans"),  # Chinese further down still beats English
    ],
)
def test_a_first_visit_follows_the_browser(settings: object, accept: str, expected: str) -> None:
    settings.LANGUAGE_CODE = "zh-hans"  # type: ignore[attr-defined]

    page = Client().get(LOGIN, headers={"accept-language": accept})

    assert lang_of(page) == expected


@pytest.mark.parametrize("default", ["zh-hans", "en"])
def test_a_browser_that_names_no_language_gets_the_installations_default(
    settings: object, default: str
) -> None:
    settings.LANGUAGE_CODE = default  # type: ignore[attr-defined]

    assert lang_of(Client().get(LOGIN)) == default


def test_a_users_choice_is_remembered_for_the_next_sign_in_elsewhere(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    # Given a user on a Chinese browser who switches to English
    client = logged_in(sales)
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    sales.refresh_from_db()
    assert sales.language == "en"

    # When they sign in on another Chinese browser (no cookie)
    elsewhere = Client()
    elsewhere.force_login(sales)
    home = elsewhere.get("/", headers={"accept-language": "zh-CN,zh"})

    # Then the pages are in English, until they switch back
    assert lang_of(home) == "en"
    elsewhere.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    sales.refresh_from_db()
    assert sales.language == "zh-hans"
    assert lang_of(Client().get(LOGIN, headers={"accept-language": "en"})) == "en"  # signed out: the browser


def test_an_unknown_language_is_not_remembered(logged_in: Callable[[User], Client], sales: User) -> None:
    logged_in(sales).post(reverse("set_language"), {"language": "xx", "next": "/"})

    sales.refresh_from_db()
    assert sales.language == ""


def test_the_default_language_is_configured_by_environment(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.LANGUAGE_CODE)"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "catena.settings",
        "PYTHONPATH": str(ROOT),
        "CATENA_VAR_DIR": str(tmp_path),
    }

    english = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env | {"CATENA_LANGUAGE_CODE": "en"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    wrong = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env | {"CATENA_LANGUAGE_CODE": "fr"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )

    assert english.stdout.strip() == "en"
    assert wrong.returncode != 0 and "CATENA_LANGUAGE_CODE" in wrong.stderr
