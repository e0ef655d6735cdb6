"""``catena serve``: run Catena under waitress, a production WSGI server (not ``runserver``).

Static files come from WhiteNoise inside the application. In production, run it behind a
reverse proxy that terminates TLS and set ``CATENA_BEHIND_PROXY=1`` (the proxy's address goes in
``--trusted-proxy``), or run ``catena.wsgi:application`` under gunicorn instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.utils.translation import gettext as _
from waitress import serve as waitress_serve

from catena.core.schedule import start_in_process_schedule

DEFAULT_THREADS = 8


def run_server(
    *, host: str, port: int, threads: int, trusted_proxy: str | None, stdout: OutputWrapper
) -> None:
    """Serve ``catena.wsgi.application`` until interrupted."""
    # WhiteNoise serves from the finders too, but warns about a missing STATIC_ROOT.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from catena.wsgi import application

    options: dict[str, Any] = {"host": host, "port": port, "threads": threads, "ident": "catena"}
    if settings.SECURE_PROXY_SSL_HEADER:
        # Waitress drops X-Forwarded-* headers unless they come from a proxy it trusts.
        options["trusted_proxy"] = trusted_proxy or os.environ.get("CATENA_TRUSTED_PROXY", "127.0.0.1")
        options["trusted_proxy_headers"] = "x-forwarded-proto x-forwarded-for"
        options["clear_untrusted_proxy_headers"] = True
    elif getattr(settings, "SECURE_SSL_REDIRECT", False):
        stdout.write(
            _(
                "HTTPS is on (CATENA_HTTPS): plain-HTTP requests are redirected to https://. Run behind a "
                "TLS proxy with CATENA_BEHIND_PROXY=1, or set CATENA_HTTPS=0 for local use."
            )
        )
    stdout.write(
        _("Catena is serving on http://%(host)s:%(port)s/ (Ctrl+C to stop).") % {"host": host, "port": port}
    )
    stdout.flush()
    start_in_process_schedule()  # without a broker: webhook retries and other deferred work
    waitress_serve(application, **options)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Serve Catena with the waitress WSGI server.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to listen on."))
        parser.add_argument("--port", type=int, default=8000, help=_("Port to listen on."))
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=_("Worker threads."))
        parser.add_argument(
            "--trusted-proxy",
            default=None,
            help=_("Address of the reverse proxy whose X-Forwarded-Proto/For headers are trusted."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run_server(
            host=options["host"],
            port=options["port"],
            threads=max(1, options["threads"]),
            trusted_proxy=options["trusted_proxy"],
            stdout=self.stdout,
        )
