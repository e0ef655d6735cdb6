"""Headers on every response: the Content-Security-Policy, the Permissions-Policy, and no caching
of anything private (signed-in pages, API answers, downloads)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/healthz", "/api/v1/parties/"])
def test_every_response_carries_a_script_policy_without_inline_scripts_and_a_permissions_policy(client, path):
    response = client.get(path)

    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert (
        "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    )
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def test_pages_of_a_signed_in_user_are_not_stored(logged_in, sales):
    response = logged_in(sales).get(reverse("parties:party_list"))

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_api_answers_are_not_stored_whoever_asks(api_client, sales, client):
    signed = api_client(sales).get("/api/v1/parties/")
    anonymous = client.get("/api/v1/parties/")

    assert signed.status_code == 200 and "no-store" in signed["Cache-Control"]
    assert anonymous.status_code == 401 and "no-store" in anonymous["Cache-Control"]


def test_export_downloads_are_not_stored(logged_in, manager):
    response = logged_in(manager).get(reverse("integrations:export", args=["parties"]) + "?format=csv")

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_caching(client):
    response = client.get("/static/catena/app.js")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
