"""The floor of ``floor_bench.py``: a bare Django site that runs given SQL and answers JSON.

Not part of the product. ``floor_bench.py`` serves it with gunicorn beside Catena
(``DJANGO_SETTINGS_MODULE=floor_site``, ``floor_site:application``, ``bench/`` on the path). Each
``/floor/<name>`` runs, through ``connection.cursor()``, exactly the statements one request of
the matching Catena endpoint ran (read from the JSON file ``CATENA_FLOOR_SQL`` names, captured
by ``floor_bench.py``) and returns every row as JSON: the database work of the endpoint with the
least Python a Django view can have around it. The database settings are Catena's own.
"""

from __future__ import annotations

import json
import os
from typing import Any

from catena.settings import *  # noqa: F403 -- the same database, time zone and logging as Catena

ROOT_URLCONF = "floor_site"
MIDDLEWARE: list[str] = []  # a bare view: no session, authentication or locale
INSTALLED_APPS = ["django.contrib.contenttypes"]

_statements: dict[str, list[str]] | None = None


def statements() -> dict[str, list[str]]:
    global _statements
    if _statements is None:
        with open(os.environ["CATENA_FLOOR_SQL"], encoding="utf-8") as file:
            _statements = json.load(file)
    return _statements


def floor(request: Any, name: str) -> Any:
    from django.db import connection
    from django.http import Http404, HttpResponse

    sql = statements().get(name)
    if sql is None:
        raise Http404(name)
    results = []
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
            results.append(cursor.fetchall() if cursor.description else [])
    body = json.dumps(results, default=str, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body.encode(), content_type="application/json")


def healthz(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse(b"ok")


def _urlpatterns() -> list[Any]:
    from django.urls import path

    return [path("floor/<str:name>", floor), path("healthz", healthz)]


def __getattr__(name: str) -> Any:  # the URL conf, built once Django is set up
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


_handler: Any = None


def application(environ: dict[str, Any], start_response: Any) -> Any:
    global _handler
    if _handler is None:
        from django.core.wsgi import get_wsgi_application

        _handler = get_wsgi_application()
    return _handler(environ, start_response)
