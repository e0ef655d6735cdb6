"""Imported records are announced: each committed chunk of an import emits one ``….imported``
event with the ids it created and updated, which webhook subscribers receive like any event."""

from __future__ import annotations

import pytest

from catena.catalog.models import Product
from catena.comms.models import Interaction
from catena.core import events
from catena.core.models import Event
from catena.integrations import services
from catena.integrations.choices import ImportMode, ImportStatus
from catena.integrations.tests.factories import csv_bytes, make_uscc, party_row
from catena.parties import services as party_services
from catena.parties.models import Contact, Party

pytestmark = pytest.mark.django_db

PRODUCT_HEADERS = ["物料编码", "名称", "单位"]
INTERACTION_HEADERS = ["统一社会信用代码", "客户名称", "渠道", "主题", "记录编号"]


def bodies(receiver, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [r.json() for r in receiver.requests if r.headers["X-Catena-Event"] == name]


def test_imported_parties_reach_a_party_subscriber_with_their_ids(
    run_import, party_file, receiver, subscribe, manager, django_capture_on_commit_callbacks
):
    # given a subscriber to every party event, and a party the file will update
    subscribe(receiver.url(), ["party.*"])
    known = party_services.create_party(actor=None, name="深圳市测试1电子有限公司", uscc=make_uscc(1))

    # when a file with that party and two new ones is imported
    with django_capture_on_commit_callbacks(execute=True):
        job = run_import(party_file([party_row(1), party_row(2), party_row(3)]), actor=manager)

    # then the subscriber hears of all three, with the contacts the import added
    assert job.status == ImportStatus.DONE and (job.created_count, job.updated_count) == (2, 1)
    [body] = bodies(receiver, "party.imported")
    new = set(Party.objects.filter(uscc__in=[make_uscc(2), make_uscc(3)]).values_list("pk", flat=True))
    assert set(body["payload"]["created"]) == new
    assert body["payload"]["updated"] == [known.pk]
    assert set(body["payload"]["contacts"]) == set(Contact.objects.values_list("pk", flat=True))
    assert body["payload"]["job"] == job.pk and body["version"] == 1
    assert body["subject"] == {"type": "integrations.importjob", "id": str(job.pk)}
    assert body["actor"]["id"] == manager.pk


def test_a_large_import_is_announced_one_chunk_at_a_time(run_import, party_file, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)

    job = run_import(party_file([party_row(n) for n in range(1, 6)]))

    announced = Event.objects.filter(name="party.imported").order_by("id")
    assert [len(e.payload["created"]) for e in announced] == [2, 2, 1]
    ids = [pk for e in announced for pk in e.payload["created"]]
    assert sorted(ids) == sorted(Party.objects.values_list("pk", flat=True)) and job.created_count == 5


def test_rejected_rows_are_not_announced(run_import, party_file):
    job = run_import(party_file([party_row(1), party_row(2, uscc="91440300BAD")]))

    [event] = Event.objects.filter(name="party.imported")
    assert job.rejected_count == 1
    assert event.payload["created"] == [Party.objects.get(uscc=make_uscc(1)).pk]


def test_an_import_rolled_back_or_only_checked_announces_nothing(run_import, party_file):
    rows = party_file([party_row(1), party_row(2, uscc="91440300BAD")])

    checked = run_import(rows, commit=False)
    rolled_back = run_import(rows, mode=ImportMode.ALL_OR_NOTHING)

    assert checked.status == ImportStatus.VALIDATED and rolled_back.status == ImportStatus.FAILED
    assert not Event.objects.filter(name="party.imported").exists()
    assert not Party.objects.exists()


def test_imported_products_reach_a_product_subscriber(
    run_import, receiver, subscribe, manager, django_capture_on_commit_callbacks
):
    subscribe(receiver.url(), ["product.*"])
    data = csv_bytes([PRODUCT_HEADERS, ["SKU-1", "手机壳", "个"], ["SKU-2", "包装箱", "箱"]])

    with django_capture_on_commit_callbacks(execute=True):
        first = run_import(data, "products", actor=manager)
        again = run_import(data, "products", actor=manager)  # the same SKUs: updates

    created, updated = bodies(receiver, "product.imported")
    ids = sorted(Product.objects.values_list("pk", flat=True))
    assert (first.created_count, again.updated_count) == (2, 2)
    assert sorted(created["payload"]["created"]) == ids and created["payload"]["updated"] == []
    assert updated["payload"]["created"] == [] and sorted(updated["payload"]["updated"]) == ids


def test_imported_interactions_reach_an_interaction_subscriber(
    run_import, receiver, subscribe, sales, django_capture_on_commit_callbacks
):
    party_services.create_party(actor=None, name="甲公司", uscc=make_uscc(1), owner=sales)
    subscribe(receiver.url(), ["interaction.imported"])
    data = csv_bytes([INTERACTION_HEADERS, [make_uscc(1), "", "电话", "询价", "CALL-1"]])

    with django_capture_on_commit_callbacks(execute=True):
        run_import(data, "interactions", actor=sales)

    [body] = bodies(receiver, "interaction.imported")
    assert body["payload"]["created"] == [Interaction.objects.get(external_id="CALL-1").pk]


def test_imported_events_are_dispatched_through_the_outbox_once(run_import, party_file):
    run_import(party_file([party_row(1)]))

    events.dispatch_pending()

    event = Event.objects.get(name="party.imported")
    assert event.dispatched_at is not None and event.attempts == 1
