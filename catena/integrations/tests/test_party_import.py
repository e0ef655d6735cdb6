"""Importing parties: encodings, validation with the services' rules, duplicates, modes, history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from catena.accounts.choices import Role
from catena.core import access
from catena.core.models import Event
from catena.integrations import services
from catena.integrations.choices import ImportMode, ImportStatus
from catena.integrations.models import ImportJob
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes, make_uscc, party_row
from catena.parties import services as party_services
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_any_common_encoding_imports_chinese_names_intact(run_import, party_file, encoding):
    # given a file saved by Excel as GBK, or as UTF-8 with or without BOM
    data = party_file([party_row(1), party_row(2, name="北京京东世纪贸易有限公司")], encoding=encoding)

    # when it is imported
    job = run_import(data)

    # then the Chinese text arrives unchanged
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert set(Party.objects.values_list("name", flat=True)) == {
        "深圳市测试1电子有限公司",
        "北京京东世纪贸易有限公司",
    }
    party = Party.objects.get(uscc=make_uscc(1))
    assert party.province == "广东省" and party.city == "深圳市"
    assert Contact.objects.get(party=party).name == "张1"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_detected(run_import, party_file, delimiter):
    data = party_file([party_row(1, roles="客户"), party_row(2, roles="供应商")], delimiter=delimiter)

    job = run_import(data)

    assert job.created_count == 2 and job.rejected_count == 0
    assert set(PartyRole.objects.values_list("role", flat=True)) == {"customer", "supplier"}


def test_missing_required_column_is_refused_before_anything_is_written(run_import):
    # given a file without a name column
    data = csv_bytes([["统一社会信用代码", "城市"], [make_uscc(1), "深圳市"]])

    # when the columns are mapped, then the error names the missing column
    with pytest.raises(ValidationError) as caught:
        run_import(data)
    assert "Name" in " ".join(caught.value.messages)
    assert Party.objects.count() == 0


def test_bad_credit_code_is_rejected_with_its_row_number_and_the_rest_imported(run_import, party_file):
    data = party_file([party_row(1), party_row(2, uscc="91440300ABC"), party_row(3)])

    job = run_import(data, mode=ImportMode.VALID_ROWS)

    assert (job.created_count, job.rejected_count) == (2, 1)
    [error] = job.errors
    assert error["row"] == 3 and error["field"] == "uscc" and error["column"] == "统一社会信用代码"
    assert "Unified Social Credit Code" in error["message"]
    assert not Party.objects.filter(name="深圳市测试2电子有限公司").exists()
    # the full report is downloadable as CSV
    report = job.error_report.open("rb").read().decode("utf-8-sig")
    assert "3,统一社会信用代码,uscc," in report


def test_every_problem_of_a_row_is_reported(run_import, party_file):
    data = party_file(
        [party_row(1, mobile="12345", email="not-an-email", province="火星", roles="客户、外星人")]
    )

    job = run_import(data)

    fields = {e["field"] for e in job.errors}
    assert {"mobile", "email", "province", "roles"} <= fields
    assert job.rejected_count == 1 and Party.objects.count() == 0


def test_same_credit_code_twice_in_the_file_rejects_the_later_row(run_import, party_file):
    data = party_file([party_row(1), party_row(2, uscc=make_uscc(1)), party_row(3, external_id="ERP-1")])

    job = run_import(data)

    assert job.created_count == 1 and job.rejected_count == 2
    messages = {(e["row"], e["field"]): e["message"] for e in job.errors}
    assert "row 2" in messages[(3, "uscc")]
    assert "row 2" in messages[(4, "external_id")]
    assert Party.objects.count() == 1


def test_row_with_the_credit_code_of_an_existing_party_updates_it(run_import, party_file, manager):
    # given a party already in the database
    party = party_services.create_party(
        actor=None, name="旧名称有限公司", uscc=make_uscc(7), roles=["prospect"]
    )

    # when a file names the same credit code with new details
    data = party_file([party_row(7, external_id="", name="新名称有限公司", roles="客户")])
    job = run_import(data, actor=manager)

    # then the party is updated, not duplicated
    assert (job.created_count, job.updated_count) == (0, 1)
    assert Party.objects.count() == 1
    party.refresh_from_db()
    assert party.name == "新名称有限公司" and party.city == "深圳市"
    assert set(party.role_codes) == {"prospect", "customer"}  # roles are added, never removed
    assert party.history.filter(history_type="~", name="新名称有限公司").exists()
    assert party.search_text == party_services.build_search_text(party)


def test_importing_the_same_file_twice_updates_instead_of_duplicating(run_import, party_file):
    data = party_file([party_row(n) for n in range(1, 6)])

    first = run_import(data)
    second = run_import(data)

    assert first.created_count == 5
    assert (second.created_count, second.updated_count) == (0, 5)
    assert Party.objects.count() == 5
    assert Contact.objects.count() == 5 and Address.objects.count() == 5
    assert ContactPoint.objects.count() == 10  # mobile + e-mail, not added again


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(run_import, party_file):
    data = party_file([party_row(1), party_row(2), party_row(3, mobile="000")])

    job = run_import(data, mode=ImportMode.ALL_OR_NOTHING)

    assert job.status == ImportStatus.FAILED
    assert (job.created_count, job.rejected_count) == (0, 1)
    assert job.errors[0]["row"] == 4
    assert Party.objects.count() == 0 and Contact.objects.count() == 0
    assert Party.history.count() == 0
    assert not Event.objects.filter(name="import.completed").exists()


def test_all_or_nothing_imports_everything_when_every_row_is_good(run_import, party_file):
    job = run_import(party_file([party_row(1), party_row(2)]), mode=ImportMode.ALL_OR_NOTHING)

    assert job.status == ImportStatus.DONE and Party.objects.count() == 2


def test_dry_run_reports_what_would_happen_and_writes_nothing(run_import, party_file):
    party_services.create_party(actor=None, name="已有公司", uscc=make_uscc(1))
    data = party_file([party_row(1), party_row(2), party_row(3, uscc="bad")])

    job = run_import(data, commit=False)

    assert job.status == ImportStatus.VALIDATED
    assert (job.created_count, job.updated_count, job.rejected_count) == (1, 1, 1)
    assert Party.objects.count() == 1 and Contact.objects.count() == 0


def test_coded_values_may_be_written_in_chinese(run_import):
    data = csv_bytes([
        ["公司名称", "类型", "角色", "状态", "等级"],
        ["甲公司", "企业", "制造商，分销商；零售商", "冻结", "重点"],
        ["乙", "个人", "承运商/物流", "休眠", "战略"],
        ["丙", "组织", "物流、服务商、潜在客户", "正常", "普通"],
    ])  # fmt: skip

    job = run_import(data)

    assert job.rejected_count == 0, job.errors
    first = Party.objects.get(name="甲公司")
    assert (first.kind, first.status, first.tier) == ("organisation", "blocked", "key")
    assert set(first.role_codes) == {"manufacturer", "distributor", "retailer"}
    assert Party.objects.get(name="乙").kind == "person"
    assert set(Party.objects.get(name="丙").role_codes) == {"carrier", "service_partner", "prospect"}


def test_import_records_field_history_for_every_written_row(run_import, party_file, manager):
    job = run_import(party_file([party_row(1), party_row(2)]), actor=manager)

    assert job.created_count == 2
    assert Party.history.filter(history_type="+", history_user=manager).count() == 2
    assert Contact.history.filter(history_type="+").count() == 2
    assert ContactPoint.history.filter(history_type="+").count() == 4
    assert Address.history.filter(history_type="+").count() == 2


def test_denormalised_columns_match_what_the_services_compute(run_import, party_file):
    run_import(party_file([party_row(1)]))

    party = Party.objects.get()
    assert party.search_text == party_services.build_search_text(party)
    assert "13800000001" in party.search_text and "张1" in party.search_text
    assert (party.province, party.city) == ("广东省", "深圳市")
    mobile = ContactPoint.objects.get(kind="mobile")
    assert mobile.value == "+8613800000001" and mobile.contact is not None and mobile.is_primary


def test_one_summary_event_per_import_job(run_import, party_file):
    job = run_import(party_file([party_row(n) for n in range(1, 4)]))

    events = Event.objects.filter(name="import.completed")
    assert events.count() == 1
    assert events.get().payload["created"] == 3 and events.get().subject_id == str(job.pk)
    assert not Event.objects.filter(name="party.created").exists()


def test_owner_is_found_by_username_and_unknown_owners_are_rejected(run_import, make_user, manager):
    owner = make_user(Role.SALES, username="wang")
    data = csv_bytes([["名称", "负责人"], ["甲公司", "wang"], ["乙公司", "nobody"], ["丙公司", ""]])

    job = run_import(data, actor=manager)

    assert Party.objects.get(name="甲公司").owner == owner
    assert Party.objects.get(name="丙公司").owner == manager  # like create_party: the importer owns it
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "owner")]


def test_sales_user_may_not_update_a_party_somebody_else_owns(run_import, party_file, make_user):
    other = make_user(Role.SALES)
    me = make_user(Role.SALES)
    party = party_services.create_party(actor=other, name="别人的客户", uscc=make_uscc(1))

    job = run_import(party_file([party_row(1, name="改名")]), actor=me)

    assert job.rejected_count == 1 and job.errors[0]["field"] == "uscc"
    party.refresh_from_db()
    assert party.name == "别人的客户"


def test_text_longer_than_its_column_is_rejected_not_truncated(run_import, party_file):
    job = run_import(party_file([party_row(1, street="长" * 201), party_row(2, name="名" * 201)]))

    assert {(e["row"], e["field"]) for e in job.errors} == {(2, "street"), (3, "name")}
    assert Party.objects.count() == 0


def test_user_without_the_import_right_is_refused_and_nothing_is_stored(reader, party_file):
    with pytest.raises(access.PermissionDenied):
        services.create_import_job(
            actor=reader,
            kind="parties",
            file=ContentFile(party_file([party_row(1)]), name="a.csv"),
            filename="a.csv",
        )
    assert ImportJob.objects.count() == 0 and Party.objects.count() == 0


def test_blank_cells_leave_stored_values_alone_on_update(run_import):
    party_services.create_party(
        actor=None, name="甲公司", uscc=make_uscc(1), industry="电子", notes="保留", roles=["customer"]
    )
    data = csv_bytes([["名称", "统一社会信用代码", "行业", "备注"], ["甲公司", make_uscc(1), "", ""]])

    job = run_import(data)

    party = Party.objects.get()
    assert job.updated_count == 1 and (party.industry, party.notes) == ("电子", "保留")


def test_several_phones_in_one_cell_become_several_contact_points(run_import):
    data = csv_bytes([["名称", "电话"], ["甲公司", "0755-26981234; 010-65881234"]])

    run_import(data)

    assert sorted(ContactPoint.objects.values_list("value", flat=True)) == ["+861065881234", "+8675526981234"]


def test_mapping_may_be_overridden(run_import):
    data = csv_bytes([["Firma", "Stadt", "Provinz"], ["甲公司", "深圳市", "广东省"]])

    job = run_import(data, overrides={"Firma": "name", "Stadt": "city", "Provinz": "province"})

    assert job.created_count == 1 and Party.objects.get().city == "深圳市"


def test_headers_are_matched_by_english_and_chinese_synonyms():
    headers = [
        "公司名称",
        "信用代码",
        "省",
        "市",
        "区",
        "地址",
        "邮编",
        "联系人",
        "手机",
        "电话",
        "电子邮件",
        "Role",
        "Tags",
    ]
    mapping = services.columns.suggest_mapping("parties", headers)
    assert mapping == [
        "name",
        "uscc",
        "province",
        "city",
        "district",
        "street",
        "postcode",
        "contact_name",
        "mobile",
        "phone",
        "email",
        "roles",
        "tags",
    ]
    assert PARTY_HEADERS_ZH  # the template headers are themselves recognised:
    assert "" not in services.columns.suggest_mapping(
        "parties", services.columns.template_headers("parties", "zh")
    )
    assert "" not in services.columns.suggest_mapping(
        "parties", services.columns.template_headers("parties", "en")
    )


def _ragged_rows() -> list[list[str]]:
    """Rows whose optional notes and industry are filled on the first line and empty on later ones."""
    headers = [*PARTY_HEADERS_ZH, "行业", "备注"]
    return [
        headers,
        [*party_row(1), "电子元器件", "首行有备注"],
        [*party_row(2), "", ""],
        [*party_row(3), "化工", ""],
    ]


@pytest.mark.parametrize("mode", [ImportMode.VALID_ROWS, ImportMode.ALL_OR_NOTHING])
def test_optional_columns_filled_then_empty_pass_the_dry_run_and_the_commit(run_import, mode):
    # given a file whose notes and industry are filled on an early row and empty on later ones
    data = csv_bytes(_ragged_rows())

    # when it is dry-run, then committed
    checked = run_import(data, mode=mode, commit=False)
    job = run_import(data, mode=mode)

    # then both agree and every row is written, the empty cells stored empty
    assert (checked.status, checked.rejected_count) == (ImportStatus.VALIDATED, 0)
    assert (job.status, job.created_count, job.rejected_count) == (ImportStatus.DONE, 3, 0)
    assert dict(Party.objects.values_list("uscc", "notes")) == {
        make_uscc(1): "首行有备注",
        make_uscc(2): "",
        make_uscc(3): "",
    }
    assert dict(Party.objects.values_list("uscc", "industry")) == {
        make_uscc(1): "电子元器件",
        make_uscc(2): "",
        make_uscc(3): "化工",
    }
