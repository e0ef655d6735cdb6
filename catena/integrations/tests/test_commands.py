"""``catena import`` and ``catena export`` on the command line."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from catena.integrations.choices import ImportStatus
from catena.integrations.models import ImportJob
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes, make_uscc, party_row
from catena.parties import services as party_services
from catena.parties.models import Party

pytestmark = pytest.mark.django_db


def _import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_prints_a_summary_and_every_rejected_row(tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(
        csv_bytes([PARTY_HEADERS_ZH, party_row(1), party_row(2, mobile="123"), party_row(3, uscc="x")])
    )

    output = _import("parties", str(path))

    assert "created 1, updated 0, rejected 2" in output
    assert "row 3, 手机 (mobile):" in output
    assert "row 4, 统一社会信用代码 (uscc):" in output
    assert Party.objects.count() == 1


def test_all_or_nothing_with_a_bad_row_exits_non_zero_and_writes_nothing(tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes([PARTY_HEADERS_ZH, party_row(1), party_row(2, uscc="bad")]))

    with pytest.raises(CommandError, match="rejected"):
        _import("parties", str(path), "--mode", "all_or_nothing")

    assert Party.objects.count() == 0


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes([PARTY_HEADERS_ZH, party_row(1), party_row(2)]))

    output = _import("parties", str(path), "--dry-run")

    assert "would create 2" in output and Party.objects.count() == 0
    assert ImportJob.objects.get().status == ImportStatus.VALIDATED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"this is not a workbook", "not an .xlsx"),
        ("empty.csv", b"", "empty"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls format"),
    ],
)
def test_unreadable_file_exits_non_zero_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        _import("parties", str(path))
    assert Party.objects.count() == 0


def test_missing_file_and_missing_required_column_exit_non_zero(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _import("parties", str(tmp_path / "nope.csv"))
    path = tmp_path / "no-name.csv"
    path.write_bytes(csv_bytes([["城市"], ["深圳市"]]))
    with pytest.raises(CommandError, match="required column"):
        _import("parties", str(path))
    assert Party.objects.count() == 0
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_map_option_assigns_columns(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_bytes(csv_bytes([["Firma", "Ort", "Land"], ["甲公司", "深圳市", "广东"]]))

    _import("parties", str(path), "--map", "Firma=name", "--map", "Ort=city", "--map", "Land=province")

    assert Party.objects.get().city == "深圳市"


def test_user_option_applies_that_users_rights(tmp_path, reader):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes([PARTY_HEADERS_ZH, party_row(1)]))

    with pytest.raises(CommandError, match="may not import"):
        _import("parties", str(path), "--user", reader.username)
    assert Party.objects.count() == 0


def test_import_as_a_user_records_them_in_history(tmp_path, manager):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes([PARTY_HEADERS_ZH, party_row(1)]))

    _import("parties", str(path), "--user", manager.username)

    assert Party.history.get().history_user == manager


def test_export_writes_filtered_csv_with_bom(tmp_path):
    party_services.create_party(actor=None, name="供应商甲", roles=["supplier"],
                                addresses=[{"province": "广东省", "city": "深圳市"}])  # fmt: skip
    party_services.create_party(actor=None, name="客户乙", roles=["customer"])
    path = tmp_path / "out.csv"

    out = io.StringIO()
    call_command("export", "parties", str(path), "--role", "supplier", "--province", "广东省", stdout=out)

    assert "Exported 1 parties" in out.getvalue()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["名称", "简称"] and rows[1][0] == "供应商甲"


def test_export_to_xlsx_and_import_it_back(tmp_path):
    party_services.create_party(actor=None, name="甲公司", uscc=make_uscc(5), roles=["retailer"])
    path = tmp_path / "out.xlsx"

    call_command("export", "parties", str(path), stdout=io.StringIO())
    sheet = load_workbook(path).active
    assert sheet["A2"].value == "甲公司"

    output = _import("parties", str(path))
    assert "created 0, updated 1, rejected 0" in output


def test_export_as_a_user_without_the_right_is_refused(tmp_path, reader):
    with pytest.raises(CommandError, match="may not export"):
        call_command("export", "parties", str(tmp_path / "x.csv"), "--user", reader.username)
    assert not (tmp_path / "x.csv").exists()


def test_import_of_optional_columns_filled_then_empty_writes_every_row(tmp_path):
    # given a file whose notes are filled on the first row only
    path = tmp_path / "parties.csv"
    headers = [*PARTY_HEADERS_ZH, "行业", "备注"]
    path.write_bytes(
        csv_bytes(
            [headers, [*party_row(1), "电子", "备注一"], [*party_row(2), "", ""], [*party_row(3), "", ""]]
        )
    )

    # when the dry run, then the import, run on the command line
    checked = _import("parties", str(path), "--dry-run")
    output = _import("parties", str(path))

    # then both succeed and all three parties are written
    assert "would create 3" in checked
    assert "created 3, updated 0, rejected 0" in output
    assert sorted(Party.objects.values_list("notes", flat=True)) == ["", "", "备注一"]
