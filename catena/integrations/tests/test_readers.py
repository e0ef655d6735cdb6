"""Reading uploaded files: encodings, delimiters, .xlsx safety checks, clear errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from catena.integrations import services
from catena.integrations.models import ImportJob
from catena.integrations.readers import ImportFileError, open_table
from catena.integrations.tests.factories import csv_bytes, xlsx_bytes


def _table(tmp_path, data: bytes, name: str = "f.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return open_table(path, name)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_encoding_is_detected(tmp_path, encoding, expected):
    table = _table(tmp_path, csv_bytes([["名称", "城市"], ["华为技术有限公司", "深圳市"]], encoding=encoding))

    assert getattr(table, "encoding", None) == expected
    assert table.headers == ["名称", "城市"]
    assert list(table.rows()) == [(2, ["华为技术有限公司", "深圳市"])]


def test_rows_keep_their_spreadsheet_numbers_and_blank_rows_are_skipped(tmp_path):
    table = _table(tmp_path, csv_bytes([["名称"], ["甲"], [""], ["乙"]]))

    assert list(table.rows()) == [(2, ["甲"]), (4, ["乙"])]
    assert table.count_rows() == 2


def test_quote_added_by_our_exports_before_formula_characters_is_removed(tmp_path):
    table = _table(tmp_path, csv_bytes([["电话", "备注"], ["'+8613800138000", "'=1+1"], ["'普通", "x"]]))

    assert [cells for _n, cells in table.rows()] == [["+8613800138000", "=1+1"], ["'普通", "x"]]


def test_xlsx_rows_are_read_as_text_as_typed(tmp_path):
    table = _table(
        tmp_path, xlsx_bytes([["名称", "邮编", "手机"], ["甲公司", 518000, 13800138000]]), "f.xlsx"
    )

    assert table.headers == ["名称", "邮编", "手机"]
    assert list(table.rows()) == [(2, ["甲公司", "518000", "13800138000"])]


def test_file_named_xlsx_that_is_not_a_zip_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="not an .xlsx"):
        _table(tmp_path, b"name,city\nA,B\n", "fake.xlsx")


def test_zip_that_inflates_beyond_the_limit_is_refused(tmp_path, settings):
    settings.CATENA_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    assert len(buffer.getvalue()) < 64 * 1024  # small on disk, large once unpacked

    with pytest.raises(ImportFileError, match="too large once unpacked"):
        _table(tmp_path, buffer.getvalue(), "bomb.xlsx")


def test_old_xls_files_get_a_clear_message(tmp_path):
    with pytest.raises(ImportFileError, match=".xls format"):
        _table(tmp_path, b"\xd0\xcf\x11\xe0rest", "old.xls")


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="empty"):
        _table(tmp_path, b"   \n")


@pytest.mark.django_db
def test_unreadable_upload_is_refused_and_leaves_no_job(admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_import_job(
            actor=admin_user, kind="parties", file=ContentFile(b"garbage", name="x.xlsx"), filename="x.xlsx"
        )
    assert "file" in caught.value.message_dict
    assert ImportJob.objects.count() == 0
