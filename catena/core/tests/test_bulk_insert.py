"""The bulk-write seam: COPY on PostgreSQL, Django's INSERT elsewhere, the same rows either way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from catena.core.db import TextValues, bulk_insert, bulk_insert_with_history, reserve_ids
from catena.parties.models import Party

pytestmark = pytest.mark.django_db

WHEN = datetime(2024, 5, 1, 6, 30, 15, 123456, tzinfo=UTC)
AWKWARD = 'tab\there, line\nbreak, back\\slash, "quotes", 逗号，'


def test_rows_get_model_defaults_and_keep_the_timestamps_given():
    [pk] = reserve_ids(Party, 1)

    bulk_insert(Party, [{"id": pk, "name": "甲公司", "created_at": WHEN, "updated_at": WHEN}])

    party = Party.objects.get(pk=pk)
    assert (party.kind, party.status, party.tier, party.custom_fields) == (
        "organisation",
        "active",
        "standard",
        {},
    )
    assert (party.uscc, party.short_name, party.owner_id) == (None, "", None)
    assert party.created_at == WHEN and party.updated_at == WHEN


def test_missing_timestamps_are_filled_with_one_time_for_the_batch():
    ids = reserve_ids(Party, 2)

    bulk_insert(Party, [{"id": pk, "name": f"乙{pk}"} for pk in ids], now=WHEN)

    assert set(Party.objects.values_list("created_at", "updated_at")) == {(WHEN, WHEN)}


def test_an_optional_value_given_on_one_row_only_leaves_the_others_their_default():
    # given rows of which only the first carries notes and an industry
    ids = reserve_ids(Party, 3)
    rows = [
        {"id": ids[0], "name": "甲", "notes": "早到的备注", "industry": "电子"},
        {"id": ids[1], "name": "乙"},
        {"id": ids[2], "name": "丙", "industry": "化工"},
    ]

    # when they are written together
    bulk_insert_with_history(Party, rows, user_id=None, now=WHEN)

    # then every row is stored, the ones without a value with the field's default
    stored = dict(Party.objects.values_list("name", "notes"))
    assert stored == {"甲": "早到的备注", "乙": "", "丙": ""}
    assert dict(Party.objects.values_list("name", "industry")) == {"甲": "电子", "乙": "", "丙": "化工"}
    assert Party.history.count() == 3


def test_text_and_json_values_arrive_unchanged_whatever_characters_they_hold():
    [pk] = reserve_ids(Party, 1)
    fields = {"a": AWKWARD, "n": [1, 2.5, None, True]}

    bulk_insert_with_history(
        Party, [{"id": pk, "name": "丙", "notes": AWKWARD, "custom_fields": fields}], user_id=None, now=WHEN
    )

    party = Party.objects.get(pk=pk)
    assert (party.notes, party.custom_fields) == (AWKWARD, fields)
    [record] = party.history.all()
    assert (record.notes, record.custom_fields, record.history_date) == (AWKWARD, fields, WHEN)


def test_reserved_ids_are_new_even_after_the_newest_row_was_deleted():
    deleted = Party.objects.create(name="已删除")
    deleted_id = deleted.pk
    deleted.delete()

    ids = reserve_ids(Party, 3)

    assert len(set(ids)) == 3 and min(ids) > deleted_id
    assert reserve_ids(Party, 0) == []


def test_a_duplicate_key_raises_djangos_integrity_error_and_writes_nothing():
    Party.objects.create(name="丁", uscc="91440300000000001X")
    [pk] = reserve_ids(Party, 1)

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Party, [{"id": pk, "name": "戊", "uscc": "91440300000000001X"}])

    assert not Party.objects.filter(pk=pk).exists()


def test_text_values_lookup_finds_what_a_plain_in_list_finds():
    names = ["甲", AWKWARD, "it's", "100%", "a_b"]
    for name in [*names, "其他"]:
        Party.objects.create(name=name)

    found = Party.objects.filter(name__in=TextValues(names))

    assert sorted(p.name for p in found) == sorted(names)
    assert not Party.objects.filter(name__in=TextValues([])).exists()
