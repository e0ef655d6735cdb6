"""The favicon every page can find, and refusals logged as one line."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

from catena.accounts.models import User


@pytest.mark.parametrize("path", ["/favicon.ico"])
def test_the_favicon_is_served_without_signing_in(path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


@pytest.mark.django_db
def test_a_refusal_is_one_warning_line_without_a_traceback(
    logged_in: Callable[[User], Client], reader: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = logged_in(reader)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/products/new/")

    assert response.status_code == 403
    refusals = [
        r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", 0) == 403
    ]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.WARNING
    assert refusals[0].exc_info is None and "Traceback" not in caplog.text
    assert "\n" not in refusals[0].getMessage()
