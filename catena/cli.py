"""The ``catena`` command: Django's management commands with Catena's settings.

``catena demo``, ``catena serve``, ``catena seed``, ``catena import`` … are management commands
of the Catena apps; every other Django command (``catena migrate``, ``catena shell``) works too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    if args[:1] == ["demo"]:
        # The demo serves plain HTTP on 127.0.0.1: secure cookies, the HTTPS redirect and HSTS
        # would lock the browser out. Set before the settings are read; an explicit value wins.
        os.environ.setdefault("CATENA_HTTPS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["catena", *args])


if __name__ == "__main__":
    main()
