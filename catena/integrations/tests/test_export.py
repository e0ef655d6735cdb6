"""Exports: scope, filters, formula injection, hidden cost, encodings, and the round trip."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from catena.accounts.choices import Role
from catena.catalog.services import create_product
from catena.integrations import exporters
from catena.integrations.choices import ImportStatus
from catena.integrations.record_ids import party_export_id, party_pk_from_export_id
from catena.integrations.tests.factories import make_uscc
from catena.parties import services as party_services
from catena.parties.models import ContactPoint, Party, PortalAccess

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1:A9)", "\tTAB"]


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Chinese correctly
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _dangerous_party() -> Party:
    return party_services.create_party(
        actor=None,
        name=DANGEROUS[0],
        short_name=DANGEROUS[3],
        industry=DANGEROUS[2],
        tags=[DANGEROUS[1]],
        contacts=[{"name": "王五", "title": DANGEROUS[4]}],  # contact fields keep their leading tab
        contact_points=[{"kind": "mobile", "value": "13800138000"}],
    )


def test_csv_export_neutralises_formula_injection_in_every_cell(logged_in, manager):
    _dangerous_party()

    response = logged_in(manager).get("/data/export/parties/?format=csv&lang=en")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, row = _csv_rows(response)
    cells = dict(zip(header, row, strict=True))
    for value in DANGEROUS:
        assert "'" + value in row, value
    assert cells["mobile"] == "'+8613800138000"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in row)


def test_xlsx_export_neutralises_formula_injection_and_writes_no_formula(logged_in, manager):
    _dangerous_party()

    response = logged_in(manager).get("/data/export/parties/?format=xlsx&lang=en")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert all(cell.data_type != "f" for cell in row)
    values = [cell.value for cell in row]
    for value in DANGEROUS:
        assert "'" + value in values, value


def test_download_name_follows_rfc_6266(logged_in, manager):
    response = logged_in(manager).get("/data/export/parties/?format=csv&lang=zh")

    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E5%BE%80%E6%9D%A5%E5%8D%95%E4%BD%8D-" in disposition  # 往来单位-


def test_export_uses_the_party_list_filters(logged_in, manager):
    party_services.create_party(actor=None, name="供应商甲", roles=["supplier"],
                                addresses=[{"province": "广东省", "city": "深圳市"}])  # fmt: skip
    party_services.create_party(actor=None, name="客户乙", roles=["customer"],
                                addresses=[{"province": "广东省", "city": "广州市"}])  # fmt: skip
    party_services.create_party(actor=None, name="供应商丙", roles=["supplier"],
                                addresses=[{"province": "浙江省", "city": "杭州市"}])  # fmt: skip

    response = logged_in(manager).get("/data/export/parties/", {"role": "supplier", "province": "广东省"})

    rows = _csv_rows(response)
    assert [r[0] for r in rows[1:]] == ["供应商甲"]


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.PORTAL_CUSTOMER, Role.SERVICE])
def test_users_without_the_export_right_get_403(logged_in, make_user, role):
    party = party_services.create_party(actor=None, name="甲公司")
    user = make_user(role)
    if role == Role.PORTAL_CUSTOMER:
        PortalAccess.objects.create(user=user, party=party)

    client = logged_in(user)
    refused = [client.get(f"/data/export/{kind}/?format=csv") for kind in ("parties", "products")]

    assert [r.status_code for r in refused] == [403 if role != Role.SERVICE else 200, 403]


def test_export_selector_gives_portal_users_nothing_not_even_their_own_party(make_user):
    # the scope itself, not only the view, refuses exports to portal users
    party = party_services.create_party(actor=None, name="门户客户")
    portal = make_user(Role.PORTAL_PARTNER)
    PortalAccess.objects.create(user=portal, party=party)

    assert list(exporters.party_queryset(portal, {})) == []
    assert list(exporters.party_queryset(make_user(Role.SALES), {})) == [party]


def test_standard_cost_is_left_out_for_users_who_may_not_read_it(logged_in, make_user):
    create_product(actor=None, sku="SKU-1", name="零件", standard_cost="3.20", list_price="9.90")

    sales_rows = _csv_rows(logged_in(make_user(Role.SALES)).get("/data/export/products/?lang=en"))
    buyer_rows = _csv_rows(logged_in(make_user(Role.PURCHASING)).get("/data/export/products/?lang=en"))

    assert "standard_cost" not in sales_rows[0] and "3.20" not in sales_rows[1]
    assert dict(zip(*buyer_rows, strict=True))["standard_cost"] == "3.20"


def test_party_export_needs_few_queries_however_many_parties(django_assert_max_num_queries, admin_user):
    for n in range(30):
        party_services.create_party(
            actor=None,
            name=f"公司{n}",
            roles=["customer"],
            tags=["VIP"],
            contacts=[{"name": f"人{n}"}],
            addresses=[{"province": "广东省", "city": "深圳市"}],
            contact_points=[{"kind": "email", "value": f"a{n}@example.com"}],
        )
    table = exporters.export_table("parties", admin_user, {}, chinese=True)

    with django_assert_max_num_queries(8):
        rows = list(table.rows)

    assert len(rows) == 30


def test_xlsx_round_trip_export_then_import_restores_the_parties(logged_in, manager, run_import):
    # given parties with everything the export flattens
    party_services.create_party(
        actor=None,
        name="深圳华强电子有限公司",
        uscc=make_uscc(1),
        external_id="ERP-1",
        roles=["customer", "supplier"],
        tags=["VIP", "华南"],
        status="dormant",
        tier="key",
        industry="电子",
        notes="老客户",
        contacts=[{"name": "张三", "title": "采购经理"}],
        addresses=[
            {
                "province": "广东省",
                "city": "深圳市",
                "district": "福田区",
                "street": "华强北1号",
                "postcode": "518000",
            }
        ],
        contact_points=[
            {"kind": "mobile", "value": "13800138000"},
            {"kind": "email", "value": "zs@example.com"},
            {"kind": "phone", "value": "0755-26981234"},
            {"kind": "website", "value": "huaqiang.example"},
        ],
    )
    response = logged_in(manager).get("/data/export/parties/?format=xlsx&lang=zh")
    workbook = b"".join(response.streaming_content)
    before = Party.objects.values(
        "name", "uscc", "status", "tier", "industry", "notes", "province", "city"
    ).get()
    Party.objects.all().delete()

    # when the exported workbook is imported again
    job = run_import(workbook, filename="export.xlsx", actor=manager)

    # then the same party comes back
    assert job.status == ImportStatus.DONE and job.rejected_count == 0, job.errors
    party = Party.objects.get()
    after = Party.objects.values(
        "name", "uscc", "status", "tier", "industry", "notes", "province", "city"
    ).get()
    assert after == before
    assert party.external_id == "ERP-1"
    assert set(party.role_codes) == {"customer", "supplier"}
    assert set(party.tags.values_list("name", flat=True)) == {"VIP", "华南"}
    assert party.contacts.get().title == "采购经理"
    assert set(ContactPoint.objects.values_list("kind", "value")) == {
        ("mobile", "+8613800138000"),
        ("email", "zs@example.com"),
        ("phone", "+8675526981234"),
        ("website", "https://huaqiang.example"),
    }
    address = party.addresses.get()
    assert (address.district, address.street, address.postcode) == ("福田区", "华强北1号", "518000")


def test_csv_round_trip_in_english_updates_in_place(logged_in, manager, run_import):
    party_services.create_party(actor=None, name="甲公司", uscc=make_uscc(2), roles=["carrier"])
    body = b"".join(logged_in(manager).get("/data/export/parties/?lang=en").streaming_content)

    job = run_import(body, actor=manager)

    assert (job.created_count, job.updated_count, job.rejected_count) == (0, 1, 0)


def test_interactions_and_products_export_in_their_import_columns(logged_in, manager, run_import):
    from catena.comms.services import log_interaction

    party = party_services.create_party(actor=None, name="甲公司", uscc=make_uscc(3))
    log_interaction(party, actor=None, channel="phone", subject="=1+1 询价", external_id="CALL-1")
    create_product(actor=None, sku="SKU-1", name="零件", list_price="9.90")
    client = logged_in(manager)

    interactions = _csv_rows(client.get("/data/export/interactions/?lang=zh"))
    products = _csv_rows(client.get("/data/export/products/?lang=zh"))

    assert interactions[0][:3] == ["统一社会信用代码", "客户外部编号", "客户名称"]
    row = dict(zip(*interactions, strict=True))
    assert (row["渠道"], row["主题"], row["记录编号"]) == ("电话", "'=1+1 询价", "CALL-1")
    assert dict(zip(*products, strict=True))["标价"] == "9.90"
    # and they import back onto the same records
    again = run_import(b"".join(client.get("/data/export/interactions/?lang=zh").streaming_content),
                       "interactions", actor=manager)  # fmt: skip
    assert (again.created_count, again.updated_count, again.rejected_count) == (0, 1, 0)


def test_re_importing_an_export_updates_parties_typed_without_any_code(logged_in, manager, run_import):
    # given parties typed in by hand: no credit code, no external id
    for name in ("甲贸易有限公司", "乙贸易有限公司", "丙贸易有限公司"):
        party_services.create_party(actor=None, name=name, roles=["customer"], notes="旧备注")
    exported = b"".join(logged_in(manager).get("/data/export/parties/?lang=zh").streaming_content)
    assert "Catena 编号" in exported.decode("utf-8-sig").splitlines()[0]

    # when the export is edited and imported again
    job = run_import(
        exported.decode("utf-8-sig").replace("旧备注", "新备注").encode("utf-8-sig"), actor=manager
    )

    # then it updates the same parties and creates none
    assert (job.created_count, job.updated_count, job.rejected_count) == (0, 3, 0), job.errors
    assert Party.objects.count() == 3
    assert set(Party.objects.values_list("notes", flat=True)) == {"新备注"}


def test_a_catena_id_from_elsewhere_or_altered_matches_nothing(manager):
    party = party_services.create_party(actor=None, name="丁贸易有限公司")
    genuine = party_export_id(party.pk)

    assert party_pk_from_export_id(genuine) == party.pk
    assert party_pk_from_export_id(genuine[:-1] + ("0" if genuine[-1] != "0" else "1")) is None
    assert party_pk_from_export_id(f"P{party.pk}") is None
    assert party_pk_from_export_id("ERP-1") is None
