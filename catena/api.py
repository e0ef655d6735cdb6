"""The REST API v1: one NinjaAPI, one router per app, Bearer tokens or the session."""

from __future__ import annotations

from catena.core.api import build_api

api = build_api()
