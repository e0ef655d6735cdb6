"""Reads of the records a user follows."""

from __future__ import annotations

from typing import Any

from django.db import models

from catena.workspace.models import Follow


def follow_list(user: Any) -> models.QuerySet[Follow]:
    return Follow.objects.for_user(user).filter(user_id=user.pk).order_by("-created_at", "-id")
