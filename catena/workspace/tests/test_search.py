"""Search everywhere: each kind found by what people type (names, two Chinese characters, pinyin
initials, phones, numbers, SKUs), each through the access gate, and the API's and pages' answers."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.utils import timezone

from catena.accounts.choices import DepartmentCode, Role
from catena.fulfilment import services as fulfilment
from catena.fulfilment.tests.scenario import Chain, build_chain, made_order, portal_user, stock_order, user
from catena.parties import services as parties
from catena.parties.bulk.rows import search_text as bulk_search_text
from catena.parties.models import Party
from catena.parties.search import CJK_RUN, document_of, search_document, text_of
from catena.sales.services import quotes
from catena.sales.tests.factories import LeadFactory, opportunity
from catena.workspace import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def found(user: Any, query: str, kind: str) -> list[str]:
    """The titles of ``kind`` that ``user`` finds for ``query``."""
    groups = {g.kind: g for g in search.search(user, query, limit=20)}
    return [r.title for r in groups[kind].results] if kind in groups else []


# --- the search text: pinyin and Chinese pairs -------------------------------------------------------


def test_the_search_text_carries_pinyin_initials_and_spelling() -> None:
    text = search_document(["华为技术有限公司", "张伟"])
    assert " hwjsyxgs " in text and " huaweijishuyouxiangongsi " in text
    assert " zw " in text and " zhangwei " in text
    # a character read several ways takes its reading in the phrase (重庆 chong-, 银行 -hang)
    assert "chongqingyinhang" in search_document(["重庆银行"])


def test_the_import_path_writes_the_same_text_as_the_services() -> None:
    party = parties.create_party(actor=None, name="华为技术有限公司")
    assert bulk_search_text(party, [], []) == party.search_text
    assert "hwjs" in party.search_text


def test_the_migration_rebuilds_an_old_text_without_reading_contacts() -> None:
    old = "华为技术有限公司 张伟 +8613800138000 | 华为 为技 技术 术有 有限 限公 公司 张伟 "
    rebuilt = document_of(text_of(old))
    assert rebuilt == search_document(["华为技术有限公司", "张伟", "+8613800138000"])
    assert document_of(text_of(rebuilt)) == rebuilt  # a second run changes nothing
    assert text_of("acme ltd | x@acme.com") == "acme ltd | x@acme.com"  # no Chinese: left as it is


def without_pinyin(document: str) -> str:
    """The search text as it was before it carried pinyin (ADR 0005)."""
    text = text_of(document)
    if text == document:
        return document
    grams = dict.fromkeys(run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1))
    return f"{text} | {' '.join(grams)} "


def test_the_migration_adds_pinyin_to_existing_parties_batch_by_batch(monkeypatch: Any) -> None:
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = import_module("catena.parties.migrations.0009_search_pinyin")
    monkeypatch.setattr(migration, "BATCH", 2)
    made = [parties.create_party(actor=None, name=name) for name in ("华为技术", "中兴通讯", "acme", "腾讯")]
    old = {p.pk: without_pinyin(p.search_text) for p in made}
    for pk, text in old.items():
        Party.objects.filter(pk=pk).update(search_text=text)
    migration.rebuild(apps, SimpleNamespace(connection=connection))
    assert {p.pk: p.search_text for p in Party.objects.filter(pk__in=old)} == {
        p.pk: p.search_text for p in made
    }
    assert "hwjs" not in old[made[0].pk] and "hwjs" in Party.objects.get(pk=made[0].pk).search_text


# --- parties and contacts ----------------------------------------------------------------------------


def test_parties_by_pinyin_initials_full_pinyin_and_two_characters(sales: Any) -> None:
    parties.create_party(actor=sales, name="华为技术有限公司", short_name="华为")
    parties.create_party(actor=sales, name="中兴通讯股份有限公司")
    assert found(sales, "hwjs", "party") == ["华为技术有限公司"]
    assert found(sales, "HuaWei", "party") == ["华为技术有限公司"]
    assert found(sales, "华为", "party") == ["华为技术有限公司"]
    assert found(sales, "通讯", "party") == ["中兴通讯股份有限公司"]
    assert found(sales, "为", "party") == []  # one character would read every party: not searched


def test_a_rename_keeps_the_pinyin_current(sales: Any) -> None:
    party = parties.create_party(actor=sales, name="华为技术有限公司")
    parties.update_party(party, actor=sales, name="荣耀终端有限公司")
    assert found(sales, "hwjs", "party") == []
    assert found(sales, "ryzd", "party") == ["荣耀终端有限公司"]


def test_contacts_by_name_phone_and_e_mail(sales: Any) -> None:
    parties.create_party(
        actor=sales,
        name="申达物流有限公司",
        contacts=[
            {
                "name": "周芳",
                "contact_points": [
                    {"kind": "mobile", "value": "13912345678"},
                    {"kind": "email", "value": "zhou.fang@shenda.cn"},
                ],
            }
        ],
    )
    assert found(sales, "周芳", "contact") == ["周芳"]
    assert found(sales, "13912345678", "contact") == ["周芳"]
    assert found(sales, "zhou.fang@", "contact") == ["周芳"]
    assert found(sales, "13912345678", "party") == ["申达物流有限公司"]


def test_an_exact_credit_code_comes_first(sales: Any) -> None:
    parties.create_party(actor=sales, name="甲公司", uscc="91350100M000100Y43")
    assert found(sales, "91350100m000100y43", "party") == ["甲公司"]


# --- orders, purchase orders, shipments, work orders, quotes -----------------------------------------


def test_orders_by_number_digits_and_customer_reference(chain: Chain) -> None:
    order = stock_order(chain, customer_reference="PO-Acme-7781")
    digits = str(int(order.number.removeprefix("SO-")))
    assert found(chain.sales, order.number, "sales_order") == [order.number]
    assert found(chain.sales, order.number.lower(), "sales_order") == [order.number]
    assert found(chain.sales, digits, "sales_order") == [order.number]
    assert found(chain.sales, "po-acme-77", "sales_order") == [order.number]
    assert found(chain.sales, "SO-9999999", "sales_order") == []


def test_purchase_orders_shipments_and_work_orders_by_number(chain: Chain) -> None:
    order = made_order(chain)
    (po,) = fulfilment.purchase_materials(order, actor=chain.purchasing)
    (work_order,) = fulfilment.plan_production(order, actor=chain.purchasing)
    shipment = fulfilment.create_shipment(
        stock_order(chain), actor=chain.logistics, carrier=chain.carrier, tracking_number="SF1234567890"
    )
    assert found(chain.manager, po.number, "purchase_order") == [po.number]
    assert found(chain.manager, work_order.number.lower(), "work_order") == [work_order.number]
    assert found(chain.manager, shipment.number, "shipment") == [shipment.number]
    assert found(chain.manager, "sf12345", "shipment") == [shipment.number]


def test_quotes_by_number_only_the_current_revision(chain: Chain) -> None:
    quote = quotes.create_quote(
        chain.customer, actor=chain.sales, lines=[quotes.QuoteLineInput(product=chain.widget, quantity=2)]
    )
    assert found(chain.sales, quote.number, "quote") == [f"{quote.number} v1"]


def test_opportunities_leads_and_products(chain: Chain) -> None:
    opportunity(chain.customer, name="华东 2027 年框架协议", owner=chain.sales)
    LeadFactory(company="宁海电器", contact_name="陈静", phone="+8613700000000")
    assert found(chain.sales, "框架协议", "opportunity") == ["华东 2027 年框架协议"]
    assert found(chain.sales, "陈静", "lead") == ["宁海电器"]
    assert found(chain.sales, "w-1", "product") == ["W-100 电热水壶"]
    assert found(chain.sales, "洗碗机", "product") == ["M-500 商用洗碗机"]


def test_a_provider_cuts_at_the_limit_and_says_there_is_more(chain: Chain) -> None:
    for _ in range(4):
        stock_order(chain)
    (group,) = search.search(chain.sales, "SO-", only=["sales_order"], limit=3)
    assert len(group.results) == 3 and group.has_more
    assert group.more_url.startswith("/orders/?q=")


# --- the gate: nobody finds what its page would refuse -------------------------------------------------


def test_a_portal_customer_finds_only_its_own_party_orders_and_shipments(chain: Chain) -> None:
    mine, theirs = stock_order(chain), stock_order(chain, customer=chain.other_customer)
    shipment = fulfilment.create_shipment(mine, actor=chain.logistics, carrier=chain.carrier)
    other = fulfilment.create_shipment(theirs, actor=chain.logistics, carrier=chain.carrier)
    customer = portal_user(chain.customer, Role.PORTAL_CUSTOMER)
    assert found(customer, "SO-", "sales_order") == [mine.number]
    assert found(customer, theirs.number, "sales_order") == []
    assert found(customer, "SH-", "shipment") == [shipment.number]
    assert found(customer, other.number, "shipment") == []
    assert found(customer, "有限公司", "party") == [chain.customer.name]
    assert found(customer, "W-100", "product") == []  # the catalogue is staff's


def test_a_portal_supplier_finds_only_its_own_purchase_orders(chain: Chain) -> None:
    (po,) = fulfilment.purchase_materials(made_order(chain), actor=chain.purchasing)
    other = fulfilment.create_purchase_order(
        chain.other_supplier,
        actor=chain.purchasing,
        lines=[fulfilment.POLineInput(product=chain.part_a, quantity=3)],
        needed_by=timezone.localdate() + timedelta(days=5),
    )
    supplier = portal_user(chain.supplier)
    assert found(supplier, "PO-", "purchase_order") == [po.number]
    assert found(supplier, other.number, "purchase_order") == []
    assert found(supplier, "SO-", "sales_order") == []
    assert found(portal_user(chain.other_supplier), po.number, "purchase_order") == []


def test_roles_find_only_the_kinds_they_may_read(chain: Chain) -> None:
    order = made_order(chain)
    (po,) = fulfilment.purchase_materials(order, actor=chain.purchasing)
    quote = quotes.create_quote(chain.customer, actor=chain.sales)
    LeadFactory(company="宁海电器")
    marketing = user(Role.MARKETING, DepartmentCode.SALES)
    assert found(marketing, po.number, "purchase_order") == []  # marketing reads no purchasing
    assert found(chain.purchasing, quote.number, "quote") == []  # buyers read no pipeline
    assert found(chain.purchasing, "宁海电器", "lead") == []
    assert found(chain.purchasing, po.number, "purchase_order") == [po.number]


def test_a_product_result_shows_no_cost(chain: Chain, api_client: Any) -> None:
    answer = api_client(chain.sales).get("/api/v1/search", q="P-A").json()
    (group,) = answer["groups"]
    assert group["results"] == [
        {"kind": "product", "title": "P-A 不锈钢内胆", "subtitle": "", "url": f"/products/{chain.part_a.pk}/"}
    ]
    assert "900" not in str(answer)


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_groups_results_and_filters_kinds(chain: Chain, api_client: Any) -> None:
    order = stock_order(chain)
    client = api_client(chain.manager)
    answer = client.get("/api/v1/search", q=order.number).json()
    assert answer["query"] == order.number
    assert [g["kind"] for g in answer["groups"]] == ["sales_order"]
    assert answer["groups"][0]["results"][0]["url"] == f"/orders/{order.pk}/"
    assert client.get("/api/v1/search", q="电热水壶", kinds="party,quote").json()["groups"] == []


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"q": ""}, "q", "search.blank_query"),
        ({"q": "   "}, "q", "search.blank_query"),
        ({"q": "x" * 101}, "q", "too_long"),
        ({"q": "华为", "kinds": "party,invoices"}, "kinds", "search.unknown_kind"),
        ({"q": "华为", "limit": 0}, "limit", "invalid"),
    ],
)
def test_the_api_refuses_bad_input_naming_the_field(
    sales: Any, api_client: Any, params: dict[str, Any], field: str, code: str
) -> None:
    response = api_client(sales).get("/api/v1/search", **params)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)


def test_the_api_needs_a_caller(api_client: Any) -> None:
    assert api_client(None).get("/api/v1/search", q="华为").status_code == 401


# --- the palette's answer and the results page ----------------------------------------------------------


def test_the_palette_offers_only_the_commands_the_user_may_run(
    logged_in: Any, reader: Any, sales: Any
) -> None:
    keys = [c["key"] for c in logged_in(sales).get("/me/search", {"q": ""}).json()["commands"]]
    assert {"party_create", "quote_create", "order_create", "order_list", "language"} <= set(keys)
    keys = [c["key"] for c in logged_in(reader).get("/me/search", {"q": ""}).json()["commands"]]
    assert "party_create" not in keys and "order_create" not in keys and "order_list" in keys
    assert [c["key"] for c in logged_in(sales).get("/me/search", {"q": "new party"}).json()["commands"]] == [
        "party_create"
    ]


def test_the_palette_answers_records_and_a_link_to_every_result(chain: Chain, logged_in: Any) -> None:
    order = stock_order(chain)
    answer = logged_in(chain.sales).get("/me/search", {"q": order.number}).json()
    assert answer["groups"][0]["results"][0]["title"] == order.number
    assert answer["page_url"] == f"/me/search/page?q={order.number}"


def test_the_results_page_works_without_javascript(chain: Chain, logged_in: Any) -> None:
    order = stock_order(chain)
    page = logged_in(chain.sales).get("/me/search/page", {"q": order.number})
    assert page.status_code == 200
    assert f'href="/orders/{order.pk}/"' in page.content.decode()
    assert "Nothing found" in logged_in(chain.sales).get("/me/search/page", {"q": "zzzzqq"}).content.decode()


def test_every_page_has_the_palette_and_portal_users_neither(
    chain: Chain, logged_in: Any, client: Any
) -> None:
    assert "data-palette-open" in logged_in(chain.sales).get("/parties/").content.decode()
    client.logout()
    customer = portal_user(chain.customer, Role.PORTAL_CUSTOMER)
    assert logged_in(customer).get("/me/search", {"q": "SO-"}).status_code in (302, 403)


def test_numbers_skip_the_name_scans_of_leads_and_opportunities(chain: Chain) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    LeadFactory(company="宁海电器", contact_name="陈静", phone="+8613700000000", email="chen@ninghai.example")
    order = stock_order(chain)
    for query in (order.number, order.number[:-2], "sf1234567890"):
        with CaptureQueriesContext(connection) as ran:
            search.search(chain.sales, query)
        scanned = [
            q["sql"]
            for q in ran.captured_queries
            if "sales_lead" in q["sql"] or "sales_opportunity" in q["sql"]
        ]
        assert scanned == [], query
    assert found(chain.sales, order.number, "sales_order") == [order.number]
    # a phone number still finds the lead, by its phone only; a name and an e-mail by theirs
    assert found(chain.sales, "13700000000", "lead") == ["宁海电器"]
    assert found(chain.sales, "chen@ninghai", "lead") == ["宁海电器"]
    assert found(chain.sales, "宁海电", "lead") == ["宁海电器"]
    # a year is no record number: the deals named by it are still found
    opportunity(chain.customer, name="华东 2027 年框架协议", owner=chain.sales)
    assert found(chain.sales, "2027", "opportunity") == ["华东 2027 年框架协议"]


def test_what_reads_as_a_phone_or_a_code() -> None:
    assert search.looks_like_phone("+86 137-0000-0000") and search.looks_like_phone("13700000000")
    assert not search.looks_like_phone("2027") and not search.looks_like_phone("SO-0249000")
    for code in ("SO-0249000", "po-02568", "ky787670", "SF1234567890"):
        assert search.looks_like_code(code), code
    for text in ("宁海电器", "chen@ninghai", "yjjj", "W-100", "华东 2027", "2027"):
        assert not search.looks_like_code(text), text
