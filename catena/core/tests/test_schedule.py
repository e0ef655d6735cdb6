"""The in-process schedule of a web process without a broker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


def test_a_fresh_web_process_finds_every_scheduled_task(tmp_path: Path) -> None:
    # A web process imports tasks modules only as its pages happen to; `catena serve` started
    # the schedule before any page had, and every run failed with "task not registered".
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from catena.celery import app\n"
        "from catena.core.schedule import load_tasks\n"
        "load_tasks()\n"
        "print(sorted(n for n in settings.IN_PROCESS_SCHEDULE if n not in app.tasks))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CATENA_", "DJANGO_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "catena.settings", "CATENA_VAR_DIR": str(tmp_path)}

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
