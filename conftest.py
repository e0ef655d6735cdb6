"""Suite-wide pytest hooks: date-sensitive tests run again on days that break naive date arithmetic.

A test module that reads the clock is date-sensitive and gets the ``calendar`` marker.
``--today`` runs the suite as if the clock said another moment (time moves on from there), so
``pytest -m calendar --today 2028-02-29T10:00+08:00`` proves the suite holds on a leap day;
``scripts/test`` does it for a month end, a year end, a leap day and the eve of a holiday.
"""

from __future__ import annotations

from typing import Any

import pytest

# A test module that reads the clock is date-sensitive; ``--today`` runs the suite as if it were
# another day (time moves on from there), and ``-m calendar`` picks the date-sensitive tests.
_CLOCK_WORDS = ("timezone.now", "date.today", "localdate", "timedelta", "datetime.now")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="ISO-DATETIME",
        help="run as if the clock said this (e.g. 2028-02-29T10:00+08:00); time keeps moving from there",
    )


_travel: Any = None


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    config.addinivalue_line("markers", "calendar: reads the clock; run again under --today dates")
    today = config.getoption("--today")
    if today:
        from datetime import datetime

        import time_machine

        moment = datetime.fromisoformat(today)
        if moment.tzinfo is None:
            raise pytest.UsageError("--today needs a UTC offset, e.g. 2026-12-31T23:30+08:00")
        _travel = time_machine.travel(moment, tick=True)
        _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _travel is not None:
        _travel.stop()


_reads_clock: dict[str, bool] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if path not in _reads_clock:
            with open(path, encoding="utf-8") as source:
                text = source.read()
            _reads_clock[path] = any(word in text for word in _CLOCK_WORDS)
        if _reads_clock[path]:
            item.add_marker(pytest.mark.calendar)
