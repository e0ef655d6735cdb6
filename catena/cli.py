"""The ``catena`` command: Django's management commands with Catena's settings.

``catena demo``, ``catena serve``, ``catena seed``, ``catena import`` … are management commands
of the Catena apps; every other Django command (``catena migrate``, ``catena shell``) works too.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["catena", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
