"""The interactions export holds the exchanges: it is the import's format, and a system entry
imported back would become contact with the party."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from catena.accounts.models import User
from catena.comms.services import log_interaction
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
EXPORT = "/data/export/interactions/"


def subjects(response: Any) -> list[str]:
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("主题")
    return [row[column] for row in rows[1:]]


def test_the_export_holds_the_exchanges_unless_system_entries_are_asked_for(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()
    log_interaction(party, actor=manager, channel="phone", subject="电话回访")
    log_interaction(
        party,
        actor=None,
        channel="note",
        direction="internal",
        subject="订单状态变更",
        related=party,
        system=True,
    )
    client = logged_in(manager)

    assert subjects(client.get(EXPORT, {"lang": "zh"})) == ["电话回访"]
    assert subjects(client.get(EXPORT, {"lang": "zh", "kind": "exchange"})) == ["电话回访"]
    assert subjects(client.get(EXPORT, {"lang": "zh", "kind": "system"})) == ["订单状态变更"]
