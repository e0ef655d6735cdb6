"""The OpenAPI document: served, complete, deterministic, and the committed copy up to date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern
from django.utils import translation

from catena.api import api
from catena.integrations.management.commands.openapi import COMMITTED_PATH, REGENERATE, render_openapi

PROJECT_DIR = Path(__file__).resolve().parents[3]


def api_paths() -> set[str]:
    """Every endpoint route mounted under /api/v1/, in OpenAPI notation."""
    patterns, _app, _namespace = api.urls
    paths = set()
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in ("api-root", "openapi-json", "openapi-view"):
            continue
        paths.add("/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    return paths


def test_committed_openapi_document_matches_the_code() -> None:
    committed = (PROJECT_DIR / COMMITTED_PATH).read_text(encoding="utf-8")

    assert committed == render_openapi(), (
        f"{COMMITTED_PATH} is out of date: regenerate it with `{REGENERATE}`"
    )


def test_the_document_lists_every_endpoint() -> None:
    documented = set(json.loads(render_openapi())["paths"])

    assert api_paths() <= documented
    assert {
        "/api/v1/parties/",
        "/api/v1/relationships/",
        "/api/v1/products/",
        "/api/v1/interactions/",
    } <= documented
    assert "/api/v1/me" in documented


def test_the_document_does_not_depend_on_the_active_language() -> None:
    english = render_openapi()

    with translation.override("zh-hans"):
        chinese = render_openapi()

    assert chinese == english


@pytest.mark.django_db
def test_the_served_document_is_the_generated_one() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(render_openapi())


@pytest.mark.django_db
def test_the_docs_page_is_reachable_and_uses_no_cdn() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    assert "cdn." not in page and "unpkg" not in page


def test_the_command_prints_and_writes_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "api" / "openapi.json"

    call_command("openapi")
    printed = capsys.readouterr().out
    call_command("openapi", output=str(target))

    assert printed == render_openapi() == target.read_text(encoding="utf-8")
    assert list(json.loads(printed)) == sorted(json.loads(printed))
