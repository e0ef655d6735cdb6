"""Races on PostgreSQL: two managers pressing "Recompute" at the same instant start one run."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.insights import services
from catena.insights.choices import RunStatus
from catena.insights.models import FlowMetricRun
from catena.insights.tasks import compute_flow_metrics_task
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS


def test_two_managers_asking_at_once_start_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    first = User.objects.create_user(username="m1", password="pass-Catena-2026", role=Role.MANAGER)
    second = User.objects.create_user(username="m2", password="pass-Catena-2026", role=Role.MANAGER)
    enqueued: list[Any] = []
    # Queued, not computed: a run finishing at once would let the later request start another.
    monkeypatch.setattr(compute_flow_metrics_task, "delay", enqueued.append)
    for _round in range(3):
        enqueued.clear()

        results = race(
            lambda: services.request_recompute(actor=first),
            lambda: services.request_recompute(actor=second),
        )

        assert all(isinstance(r, FlowMetricRun) for r in results), results
        assert results[0].pk == results[1].pk
        assert FlowMetricRun.objects.filter(status=RunStatus.PENDING).count() == 1
        assert enqueued == [results[0].pk]
        FlowMetricRun.objects.update(status=RunStatus.DONE)
