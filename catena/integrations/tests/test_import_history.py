"""The field history of imported records: written through the bulk path (COPY on PostgreSQL),
read back through django-simple-history exactly like the records it writes itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from simple_history.utils import bulk_create_with_history

from catena.core.history import history_entries
from catena.integrations.tests.factories import party_row
from catena.parties import services as party_services
from catena.parties.models import Address, Contact, ContactPoint, Party

pytestmark = pytest.mark.django_db

# Columns that differ between two records of different objects written at different times.
OWN_VALUES = {"history_id", "id", "history_date", "created_at", "name", "uscc", "external_id"}


def tracked_values(obj: models.Model) -> dict[str, Any]:
    historical = type(obj).history.model  # type: ignore[attr-defined]
    return {f.attname: getattr(obj, f.attname) for f in historical.tracked_fields}


def record_values(record: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


def test_each_imported_record_has_one_created_entry_holding_its_values(run_import, party_file, manager):
    job = run_import(party_file([party_row(1)]), actor=manager)

    assert job.created_count == 1
    party = Party.objects.get()
    objects = [party, Contact.objects.get(), *ContactPoint.objects.order_by("kind"), Address.objects.get()]
    assert len(objects) == 5  # the party, its contact, mobile and e-mail, its address
    for obj in objects:
        [record] = obj.history.all()  # type: ignore[attr-defined]
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            manager,
            None,
        )
        assert {k: getattr(record, k) for k in tracked_values(obj)} == tracked_values(obj)
        assert record.history_date == party.created_at
        assert tracked_values(record.instance) == tracked_values(obj)


def test_imported_history_record_matches_what_simple_history_writes_itself(run_import, party_file, manager):
    run_import(party_file([party_row(1)]), actor=manager)
    imported = Party.objects.get()
    twin = Party(**{**tracked_values(imported), "id": None, "uscc": None, "external_id": "TWIN"})
    twin.search_text = imported.search_text

    bulk_create_with_history([twin], Party, default_user=manager)

    [ours] = imported.history.all()
    [theirs] = Party.history.filter(id=Party.objects.get(external_id="TWIN").pk)
    expected = {k: v for k, v in record_values(theirs).items() if k not in OWN_VALUES}
    assert {k: v for k, v in record_values(ours).items() if k not in OWN_VALUES} == expected


def test_history_page_shows_the_import_then_a_later_change_as_a_difference(run_import, party_file, manager):
    run_import(party_file([party_row(1)]), actor=manager)
    party = Party.objects.get()

    party_services.update_party(party, actor=manager, industry="物流")

    changed, created = history_entries([Party.history.filter(id=party.pk)])
    assert (created.kind, created.user, created.object_label) == ("+", manager, party.name)
    assert {c.field for c in created.changes} >= {"name", "uscc", "external_id", "owner"}
    assert changed.kind == "~"
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("industry", "—", "物流")]


def test_command_line_import_records_history_without_a_user(run_import, party_file):
    run_import(party_file([party_row(1), party_row(2)]))

    assert Party.history.filter(history_type="+", history_user__isnull=True).count() == 2
    assert set(Party.history.values_list("id", flat=True)) == set(Party.objects.values_list("id", flat=True))
