"""Imported rows meet the bounds every app puts on text (``catena.core.text``): a name with a
control or text-direction character, or notes over the limit, reject the row with its field, a
stable code and the reason; the other rows are imported."""

from __future__ import annotations

import pytest

from catena.catalog.models import Product
from catena.comms.models import Interaction
from catena.core import text
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes, make_uscc, party_row
from catena.parties import services as party_services
from catena.parties.models import Party

pytestmark = pytest.mark.django_db

BIDI_NAME = "深圳\u202e司公限有"  # a right-to-left override makes it read differently
TOO_LONG = "长" * (text.MAX_NOTES_CHARS + 1)


def rejected(job) -> set[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return {(e["row"], e["field"], e["code"]) for e in job.errors}


def test_party_rows_with_a_bidi_name_or_overlong_notes_are_rejected(run_import, manager):
    # Given a file whose second row names a party with a direction override, the third a contact
    # with one, and the fourth has notes over the limit
    data = csv_bytes([
        [*PARTY_HEADERS_ZH, "备注"],
        [*party_row(1), "老客户"],
        [*party_row(2, name=BIDI_NAME), ""],
        [*party_row(3, contact="张\u202e三"), ""],
        [*party_row(4), TOO_LONG],
    ])  # fmt: skip

    # When it is imported
    job = run_import(data, actor=manager)

    # Then those rows are rejected with field, code and reason, and the first is imported
    assert rejected(job) == {
        (3, "name", "control_character"),
        (4, "contact_name", "control_character"),
        (5, "notes", "too_long"),
    }
    assert all(e["message"] for e in job.errors)
    assert (job.created_count, job.rejected_count) == (1, 3)
    assert list(Party.objects.values_list("name", flat=True)) == ["深圳市测试1电子有限公司"]
    # and the downloadable report carries the code beside the field
    report = job.error_report.open("rb").read().decode("utf-8-sig")
    assert "3,名称,name,control_character," in report
    assert "5,备注,notes,too_long," in report


def test_product_rows_with_a_bidi_name_or_overlong_description_are_rejected(run_import, manager):
    data = csv_bytes([
        ["物料编码", "名称", "描述"],
        ["SKU-1", "手机壳", "硅胶"],
        ["SKU-2", "手机\u202e壳", ""],
        ["SKU-3", "包装箱", TOO_LONG],
    ])  # fmt: skip

    job = run_import(data, "products", actor=manager)

    assert rejected(job) == {(3, "name", "control_character"), (4, "description", "too_long")}
    assert list(Product.objects.values_list("sku", flat=True)) == ["SKU-1"]


def test_interaction_rows_with_a_bidi_subject_or_overlong_details_are_rejected(run_import, sales):
    party_services.create_party(actor=None, name="甲公司", uscc=make_uscc(1))
    data = csv_bytes([
        ["客户名称", "主题", "内容"],
        ["甲公司", "询价", "问了价格"],
        ["甲公司", "询\u202e价", ""],
        ["甲公司", "回访", TOO_LONG],
    ])  # fmt: skip

    job = run_import(data, "interactions", actor=sales)

    assert rejected(job) == {(3, "subject", "control_character"), (4, "body", "too_long")}
    assert list(Interaction.objects.values_list("subject", flat=True)) == ["询价"]
