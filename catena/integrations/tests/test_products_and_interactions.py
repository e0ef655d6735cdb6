"""Importing products (rules of catalog.services.clean_product) and interactions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from catena.accounts.choices import Role
from catena.catalog.models import Category, Product
from catena.catalog.services import create_product
from catena.comms.models import Interaction
from catena.integrations.tests.factories import csv_bytes, make_uscc
from catena.parties import services as party_services

pytestmark = pytest.mark.django_db

PRODUCT_HEADERS = ["物料编码", "名称", "分类", "单位", "条码", "币种", "成本", "单价", "是否启用", "描述"]


def test_products_are_created_with_category_path_and_chinese_units(run_import, manager):
    data = csv_bytes([
        PRODUCT_HEADERS,
        ["SKU-1", "手机壳", "电子/配件", "个", "6901234567892", "人民币", "3.50", "¥1,299.00", "是", "硅胶"],
        ["SKU-2", "包装箱", "包材", "箱", "", "USD", "", "", "否", ""],
    ])  # fmt: skip

    job = run_import(data, "products", actor=manager)

    assert job.rejected_count == 0, job.errors
    phone_case = Product.objects.get(sku="SKU-1")
    assert phone_case.category is not None and phone_case.category.parent is not None
    assert (phone_case.category.parent.name, phone_case.category.name) == ("电子", "配件")
    assert (phone_case.unit, phone_case.currency, phone_case.list_price) == ("pcs", "CNY", Decimal("1299.00"))
    assert phone_case.standard_cost == Decimal("3.50") and phone_case.is_active
    assert Product.objects.get(sku="SKU-2").is_active is False
    assert Product.history.filter(history_type="+", history_user=manager).count() == 2


def test_product_rows_are_checked_like_the_catalog_service(run_import, manager):
    data = csv_bytes([
        PRODUCT_HEADERS,
        ["SKU-1", "", "", "", "", "", "", "", "", ""],
        ["SKU-2", "好", "", "", "1234567890123", "", "", "-5", "也许", ""],
        ["SKU-3", "好", "", "桶", "", "XYZ", "", "", "", ""],
        ["SKU-2", "重复", "", "", "", "", "", "", "", ""],
    ])  # fmt: skip

    job = run_import(data, "products", actor=manager)

    problems = {(e["row"], e["field"]) for e in job.errors}
    assert problems == {
        (2, "name"),
        (3, "gtin"),
        (3, "list_price"),
        (3, "is_active"),
        (4, "unit"),
        (4, "currency"),
        (5, "sku"),
    }
    assert Product.objects.count() == 0


def test_existing_sku_is_updated_with_history(run_import, manager):
    product = create_product(actor=None, sku="SKU-1", name="旧", list_price="10")
    data = csv_bytes([["SKU", "名称", "单价"], ["SKU-1", "新名称", "12.5"]])

    job = run_import(data, "products", actor=manager)

    product.refresh_from_db()
    assert (job.created_count, job.updated_count) == (0, 1)
    assert (product.name, product.list_price) == ("新名称", Decimal("12.50"))
    assert product.history.filter(history_type="~").count() == 1
    assert Category.objects.count() == 0


def test_sales_staff_may_not_import_products(run_import, make_user):
    from catena.core import access

    with pytest.raises(access.PermissionDenied):
        run_import(csv_bytes([["SKU", "名称"], ["A", "B"]]), "products", actor=make_user(Role.SALES))
    assert Product.objects.count() == 0


INTERACTION_HEADERS = [
    "统一社会信用代码",
    "客户名称",
    "渠道",
    "方向",
    "主题",
    "内容",
    "时间",
    "联系人",
    "记录编号",
]


def test_interactions_find_their_party_by_code_or_exact_name(run_import, sales):
    party = party_services.create_party(
        actor=None, name="甲公司", uscc=make_uscc(1), contacts=[{"name": "张三"}]
    )
    party_services.create_party(actor=None, name="同名公司")
    party_services.create_party(actor=None, name="同名公司")
    data = csv_bytes([
        INTERACTION_HEADERS,
        [make_uscc(1), "", "电话", "呼入", "询价", "问了价格", "2024/5/1 14:30", "张三", "CALL-1"],
        ["", "甲公司", "拜访", "", "上门", "", "2024-05-02", "", ""],
        ["", "同名公司", "邮件", "", "报价", "", "", "", ""],
        ["", "不存在公司", "", "", "备注", "", "", "", ""],
        ["", "甲公司", "", "", "", "", "昨天", "李四", ""],
    ])  # fmt: skip

    job = run_import(data, "interactions", actor=sales)

    assert job.created_count == 2
    problems = {(e["row"], e["field"]) for e in job.errors}
    assert problems == {
        (4, "party_name"),
        (5, "party_name"),
        (6, "subject"),
        (6, "occurred_at"),
        (6, "contact_name"),
    }
    call = Interaction.objects.get(external_id="CALL-1")
    assert (call.party, call.channel, call.direction, call.author) == (party, "phone", "inbound", sales)
    assert call.contact is not None and call.contact.name == "张三"
    assert call.occurred_at == datetime(2024, 5, 1, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    visit = Interaction.objects.get(channel="visit")
    assert visit.direction == "outbound" and visit.subject == "上门"


def test_reimported_interaction_with_the_same_record_id_is_updated(run_import, sales):
    party_services.create_party(actor=None, name="甲公司")
    first = csv_bytes([["客户名称", "渠道", "主题", "记录编号"], ["甲公司", "电话", "第一次", "CALL-9"]])
    second = csv_bytes([["客户名称", "渠道", "主题", "记录编号"], ["甲公司", "电话", "更正", "CALL-9"]])

    run_import(first, "interactions", actor=sales)
    job = run_import(second, "interactions", actor=sales)

    assert (job.created_count, job.updated_count) == (0, 1)
    assert list(Interaction.objects.values_list("subject", flat=True)) == ["更正"]
