"""``catena check --deploy`` refuses what would make a production installation unsafe."""

from __future__ import annotations

import io
import secrets

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_deployment_check_fails_with_the_built_in_development_key(settings):
    # given the key that ships with the code
    settings.SECRET_KEY = django_settings.CATENA_INSECURE_DEV_KEY

    # when the deployment checks run, then they fail naming the key
    with pytest.raises(SystemCheckError, match="catena.E001"):
        call_command("check", deploy=True, stdout=io.StringIO(), stderr=io.StringIO())


def test_deployment_check_accepts_a_random_key(settings):
    settings.SECRET_KEY = secrets.token_urlsafe(50)

    out = io.StringIO()
    call_command("check", deploy=True, stdout=out, stderr=io.StringIO())

    assert "catena.E001" not in out.getvalue()


def test_the_development_key_does_not_stop_the_everyday_checks(settings):
    # a development server starts with the built-in key: only --deploy refuses it
    settings.SECRET_KEY = django_settings.CATENA_INSECURE_DEV_KEY

    call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
