"""Stable error codes: every code raised is declared, documented, listed in the OpenAPI document,
and reaches the client with a message in the client's language."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from catena.core.errors import declared, error_codes_table
from catena.integrations.management.commands.openapi import render_openapi
from catena.parties.tests.factories import PartyFactory

PACKAGE = Path(__file__).resolve().parents[1]
DOCS = PACKAGE.parent / "docs" / "api.md"
RAISING_CALLS = {"ValidationError", "CodedHttpError", "PermissionDenied", "add", "fail"}


def raised_codes() -> dict[str, list[str]]:
    """Every ``code="…"`` given to an error anywhere in the product code, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in RAISING_CALLS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                    found.setdefault(str(keyword.value.value), []).append(where)
    return found


def test_every_code_raised_is_declared() -> None:
    raised = raised_codes()

    undeclared = {code: where for code, where in raised.items() if code not in declared()}

    assert "party.uscc_taken" in raised
    assert not undeclared, f"declare these codes in the app's errors.py: {undeclared}"


def test_codes_are_dotted_lowercase_names() -> None:
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", code) for code in declared())


def test_the_openapi_document_lists_every_code() -> None:
    schemas = json.loads(render_openapi())["components"]["schemas"]

    assert schemas["ErrorOut"]["properties"]["code"]["enum"] == list(declared())
    assert schemas["FieldErrorOut"]["properties"]["code"]["enum"] == list(declared())


def test_the_api_guide_lists_every_code() -> None:
    guide = DOCS.read_text(encoding="utf-8")

    assert error_codes_table() in guide, (
        "docs/api.md's table of error codes is out of date; replace it with:\n" + error_codes_table()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Another party already has this credit code."), ("zh-hans", "已有其他往来单位使用此信用代码。")],
)
def test_a_taken_credit_code_answers_its_code_in_the_callers_language(
    api_client, admin_user, language: str, message: str
) -> None:
    PartyFactory(uscc="91110000600037341L")
    client = api_client(admin_user)
    client.headers["Accept-Language"] = language

    response = client.post("/api/v1/parties/", {"name": "第二家", "uscc": "91110000600037341L"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {"field": "uscc", "message": message, "code": "party.uscc_taken"} in body["errors"]


@pytest.mark.django_db
def test_an_unparseable_body_answers_parse_error(api_client, admin_user) -> None:
    client = api_client(admin_user)

    response = client.client.post(
        "/api/v1/parties/", data="{not json", content_type="application/json", headers=client.headers
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.django_db
def test_a_missing_record_answers_not_found_in_chinese(api_client, admin_user) -> None:
    client = api_client(admin_user)
    client.headers["Accept-Language"] = "zh-hans"

    response = client.get("/api/v1/parties/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["detail"] != "Not found."
