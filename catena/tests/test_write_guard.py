"""The guard that keeps each app to its own models catches writes across apps, whichever way they
are made, and lets through the writes the rule allows (catena/tests/write_guard.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catena.accounts.models import User
from catena.catalog.models import PriceList
from catena.conftest import fail_on_writes_across_apps
from catena.core.models import Event
from catena.parties.models import Party, Tag
from catena.tests import write_guard

pytestmark = pytest.mark.django_db


def code_in(path: str, source: str) -> Callable[..., Any]:
    """The function ``run`` of ``source`` compiled as if it were in ``catena/<path>``: the guard
    takes the writing app from the file a frame runs in."""
    namespace: dict[str, Any] = {
        "Party": Party,
        "Tag": Tag,
        "User": User,
        "PriceList": PriceList,
        "Event": Event,
    }
    exec(compile(source, write_guard.PACKAGE + path, "exec"), namespace)  # noqa: S102
    return namespace["run"]  # type: ignore[no-any-return]


def writes_made_by(run: Callable[..., Any], *args: Any) -> list[write_guard.Violation]:
    with write_guard.expect_violations() as caught:
        run(*args)
    return caught


@pytest.fixture
def party(db: None) -> Party:
    return Party.objects.create(name="深圳华强贸易有限公司")


def test_sales_code_saving_a_party_is_reported_with_its_line(party: Party) -> None:
    # Given code of the sales app that changes a party itself
    run = code_in(
        "sales/services.py",
        "def run(party):\n    party.name = 'changed'\n    party.save()\n",
    )
    # When it runs, then the guard names the model, the writing app and the line (the history
    # record the save writes with it counts as the party's)
    violation, history = writes_made_by(run, party)
    assert history.model == "parties.Party"
    assert (violation.model, violation.writer, violation.operation) == ("parties.Party", "sales", "save")
    assert violation.where == "catena/sales/services.py:3 in run"


@pytest.mark.parametrize(
    ("operation", "source"),
    [
        ("update", "def run(party):\n    Party.objects.filter(pk=party.pk).update(name='x')\n"),
        ("bulk_create", "def run(party):\n    Tag.objects.bulk_create([Tag(name='vip')])\n"),
        (
            "bulk_update",
            "def run(party):\n    party.name = 'x'\n    Party.objects.bulk_update([party], ['name'])\n",
        ),
        ("delete", "def run(party):\n    Party.objects.filter(pk=party.pk).delete()\n"),
        ("delete", "def run(party):\n    party.delete()\n"),
        ("m2m add", "def run(party):\n    party.tags.add(Tag.objects.create(name='vip'))\n"),
        (
            "insert",
            "from catena.core.db import bulk_insert\n"
            "def run(party):\n    bulk_insert(Tag, [{'name': 'vip'}])\n",
        ),
    ],
)
def test_every_way_of_writing_another_apps_model_is_reported(
    party: Party, operation: str, source: str
) -> None:
    # Given fulfilment code writing parties' rows by a query, in bulk, by deletion, a link or COPY
    run = code_in("fulfilment/services/stages.py", source)
    # When it runs, then the guard reports it (core's bulk helper is no excuse: its caller counts)
    caught = writes_made_by(run, party)
    assert operation in {v.operation for v in caught}
    assert {v.writer for v in caught} == {"fulfilment"}
    assert {v.model for v in caught} <= {"parties.Party", "parties.Tag", "parties.Party_tags"}


def test_the_guard_fails_the_test_that_wrote_across_apps() -> None:
    # Given sales code that creates a party, run by this test without catching the report
    code_in("sales/services.py", "def run():\n    Party.objects.create(name='x')\n")()
    # When the test's call ends (the suite's hook), then it fails naming the culprit
    with pytest.raises(pytest.fail.Exception) as failure:
        fail_on_writes_across_apps()
    assert "sales wrote parties.Party (save) at catena/sales/services.py:2 in run" in str(failure.value)
    # and the report is taken: the next test starts clean
    fail_on_writes_across_apps()


def test_an_apps_own_writes_and_tests_own_setup_are_allowed(party: Party) -> None:
    # Given code of the parties app and a test writing parties' rows
    own = code_in(
        "parties/services.py", "def run(party):\n    party.tags.add(Tag.objects.create(name='a'))\n"
    )
    # When they run, then nothing is reported
    assert writes_made_by(own, party) == []
    assert writes_made_by(lambda: Party.objects.filter(pk=party.pk).update(name="x")) == []


def test_the_seed_and_migrations_write_every_apps_rows(party: Party) -> None:
    # Given the seed generator and a data migration writing parties' rows from other apps' folders
    seed = code_in(
        "demo/network.py", "def run(party):\n    Party.objects.filter(pk=party.pk).update(name='x')\n"
    )
    migration = code_in(
        "sales/migrations/0099_fill.py",
        "def run(party):\n    Party.objects.filter(pk=party.pk).update(name='y')\n",
    )
    # When they run, then nothing is reported
    assert writes_made_by(seed, party) == []
    assert writes_made_by(migration, party) == []


def test_a_cascade_counts_as_the_delete_that_caused_it(party: Party) -> None:
    # Given a party with a contact (the contact is deleted with it)
    party.contacts.create(name="王伟")
    run = code_in("parties/services.py", "def run(party):\n    party.delete()\n")
    # When parties' code deletes the party, then the cascade is not reported as a second write
    assert writes_made_by(run, party) == []


def test_a_test_stub_handed_to_app_code_writes_as_the_test(party: Party) -> None:
    # Given integrations code that calls back into a test's own writer
    run = code_in("integrations/importers/base.py", "def run(write):\n    write()\n")
    # When the callback writes, then the write is the test's and allowed
    assert writes_made_by(run, lambda: Tag.objects.create(name="stub")) == []


def test_core_writes_its_own_events_for_every_app(party: Party) -> None:
    # Given sales code emitting an event (core writes the outbox row)
    run = code_in(
        "sales/services.py",
        "from catena.core import events\n"
        "def run(party):\n    events.emit('party.updated', party, actor=None, payload={'fields': ['name']})\n",
    )
    # When it runs, then the event row is core's write and allowed
    assert writes_made_by(run, party) == []


@pytest.mark.parametrize(
    ("path", "source", "model"),
    [
        (
            "sales/services/pricing.py",
            "def run(party):\n    PriceList.objects.create(name='经销商价')\n",
            "catalog.PriceList",
        ),
        (
            "integrations/services/webhooks.py",
            "def run(party):\n    Event.objects.create(name='webhook.test', subject_type='x', subject_id='1')\n",
            "core.Event",
        ),
        (
            "portal/views/home.py",
            "def run(party):\n    User.objects.filter(pk=0).update(first_name='x')\n",
            "accounts.User",
        ),
    ],
)
def test_no_write_across_apps_is_tolerated(party: Party, path: str, source: str, model: str) -> None:
    # Given code writing another app's model where such writes were once let through
    run = code_in(path, source)
    # When it runs, then it is reported like any other: the guard keeps no list of exceptions
    assert model in {v.model for v in writes_made_by(run, party)}
    assert not hasattr(write_guard, "KNOWN")
