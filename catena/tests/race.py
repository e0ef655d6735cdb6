"""Run contenders at the same instant from separate threads (each with its own connection), for
the race tests that exercise row locks and version checks on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

# Transactional (the threads must see each other's commits), restoring the migrated rows after,
# and only where row locks are real.
RACE_MARKS = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"),
]


def race(*contenders: Callable[[], Any]) -> list[Any]:
    """Run the callables together; return each one's result or the exception it raised."""
    barrier = threading.Barrier(len(contenders))
    results: list[Any] = [None] * len(contenders)

    def run(index: int, work: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work()
        except Exception as exc:  # the refusal is the result the test inspects
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
