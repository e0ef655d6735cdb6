"""The products API: list, detail, create, change, delete, categories; standard cost is restricted."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog.models import Category, Product
from catena.conftest import ApiClient
from catena.core import text

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/products/"
VALID_GTIN = "6901234567892"


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def make_product(**fields: Any) -> Product:
    fields.setdefault("sku", "SKU-001")
    fields.setdefault("name", "工业级交换机")
    return Product.objects.create(**fields)


@pytest.fixture
def buyer(make_user: Callable[..., User]) -> User:
    return make_user(Role.PURCHASING)


def test_create_then_read_back_with_money_as_exact_strings(api_client: Clients, buyer: User) -> None:
    category = Category.objects.create(name="网络设备")
    payload = {
        "sku": "SW-24P",
        "name": "24 口交换机",
        "category": category.pk,
        "unit": "set",
        "gtin": VALID_GTIN,
        "standard_cost": "812.5",
        "list_price": 1299,
    }

    response = api_client(buyer).post(URL, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["category"] == {"id": category.pk, "name": "网络设备"}
    assert (body["standard_cost"], body["list_price"], body["currency"]) == ("812.50", "1299.00", "CNY")
    assert Product.objects.get(sku="SW-24P").standard_cost == Decimal("812.50")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sku": 42}, "sku"),
        ({"sku": ""}, "sku"),
        ({"unit": "bucket"}, "unit"),
        ({"currency": "XYZ"}, "currency"),
        ({"gtin": "6901234567891"}, "gtin"),
        ({"list_price": -1}, "list_price"),
        ({"standard_cost": "-0.01"}, "standard_cost"),
        ({"list_price": "cheap"}, "list_price"),
        ({"category": 999999}, "category"),
        ({"is_active": "maybe"}, "is_active"),
        ({"weight": 3}, "weight"),
        ({"list_price": "NaN"}, "list_price"),
        ({"list_price": "Infinity"}, "list_price"),
        ({"list_price": "1e400"}, "list_price"),
        ({"list_price": "0.001"}, "list_price"),
        ({"category": 2**64}, "category"),
        ({"name": "空\x00字符"}, "name"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(
    api_client: Clients, buyer: User, payload: dict[str, Any], field: str
) -> None:
    response = api_client(buyer).post(URL, {"sku": "OK-1", "name": "好产品", **payload})

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert not Product.objects.exists()


def test_create_refuses_a_duplicate_sku_or_gtin(api_client: Clients, buyer: User) -> None:
    make_product(sku="DUP", gtin=VALID_GTIN)
    client = api_client(buyer)

    same_sku = client.post(URL, {"sku": "DUP", "name": "复制品"})
    same_gtin = client.post(URL, {"sku": "NEW", "name": "复制品", "gtin": VALID_GTIN})

    assert same_sku.status_code == 422 and fields_of(same_sku) == {"sku"}
    assert same_gtin.status_code == 422 and fields_of(same_gtin) == {"gtin"}
    assert Product.objects.count() == 1


def test_standard_cost_is_null_for_roles_that_may_not_read_it(
    api_client: Clients, sales: User, buyer: User
) -> None:
    product = make_product(standard_cost=Decimal("10.00"), list_price=Decimal("25.00"))

    for_sales = api_client(sales).get(f"{URL}{product.pk}").json()
    for_buyer = api_client(buyer).get(f"{URL}{product.pk}").json()
    listed = api_client(sales).get(URL).json()["items"][0]

    assert for_sales["standard_cost"] is None and for_sales["list_price"] == "25.00"
    assert listed["standard_cost"] is None
    assert for_buyer["standard_cost"] == "10.00"


def test_a_caller_who_may_not_read_the_cost_cannot_set_it(
    api_client: Clients, buyer: User, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    # Given a buyer allowed to edit products but (in this configuration) not to read costs
    monkeypatch.setitem(roles.FIELD_READERS, "product.standard_cost", frozenset({Role.ADMINISTRATOR}))
    roles.fields_of.cache_clear()  # the rules are read once per role; read the changed table
    request.addfinalizer(roles.fields_of.cache_clear)
    product = make_product(standard_cost=Decimal("10.00"))
    client = api_client(buyer)

    created = client.post(URL, {"sku": "NEW", "name": "新品", "standard_cost": "1.00"})
    changed = client.patch(f"{URL}{product.pk}", {"standard_cost": "0.01"})
    renamed = client.patch(f"{URL}{product.pk}", {"name": "改名后"})

    assert created.status_code == 422 and fields_of(created) == {"standard_cost"}
    assert changed.status_code == 422 and fields_of(changed) == {"standard_cost"}
    assert renamed.status_code == 200 and renamed.json()["standard_cost"] is None
    product.refresh_from_db()
    assert product.standard_cost == Decimal("10.00") and product.name == "改名后"
    assert Product.objects.count() == 1


def test_patch_changes_only_the_fields_sent(api_client: Clients, buyer: User) -> None:
    product = make_product(list_price=Decimal("99.00"), description="旧描述", gtin=VALID_GTIN)

    response = api_client(buyer).patch(f"{URL}{product.pk}", {"is_active": False, "gtin": None})

    assert response.status_code == 200, response.json()
    product.refresh_from_db()
    assert (product.is_active, product.gtin) == (False, None)
    assert (product.list_price, product.description, product.sku) == (Decimal("99.00"), "旧描述", "SKU-001")


def test_patch_refuses_bad_input_and_keeps_the_row(api_client: Clients, buyer: User) -> None:
    product = make_product(list_price=Decimal("99.00"))
    client = api_client(buyer)

    negative = client.patch(f"{URL}{product.pk}", {"list_price": -5})
    null_name = client.patch(f"{URL}{product.pk}", {"name": None})
    bad_gtin = client.patch(f"{URL}{product.pk}", {"gtin": "123"})

    assert negative.status_code == 422 and fields_of(negative) == {"list_price"}
    assert null_name.status_code == 422 and fields_of(null_name) == {"name"}
    assert bad_gtin.status_code == 422 and fields_of(bad_gtin) == {"gtin"}
    product.refresh_from_db()
    assert (product.list_price, product.name, product.gtin) == (Decimal("99.00"), "工业级交换机", None)


def test_roles_without_product_rights_cannot_write(api_client: Clients, sales: User, reader: User) -> None:
    product = make_product()

    for user in (sales, reader):
        client = api_client(user)
        assert client.post(URL, {"sku": "X", "name": "X"}).status_code == 403
        assert client.patch(f"{URL}{product.pk}", {"name": "改名"}).status_code == 403
        assert client.delete(f"{URL}{product.pk}").status_code == 403
    product.refresh_from_db()
    assert product.name == "工业级交换机" and Product.objects.count() == 1


def test_manager_deletes_a_product(api_client: Clients, manager: User) -> None:
    product = make_product()

    assert api_client(manager).delete(f"{URL}{product.pk}").status_code == 204
    assert not Product.objects.exists()


def test_portal_users_see_no_products(api_client: Clients, make_user: Callable[..., User]) -> None:
    product = make_product()
    client = api_client(make_user(Role.PORTAL_CUSTOMER))

    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{product.pk}").status_code == 404


def test_list_filters_searches_and_sorts(api_client: Clients, reader: User) -> None:
    network = Category.objects.create(name="网络设备")
    switch = make_product(sku="SW-1", name="交换机", category=network)
    router = make_product(sku="RT-1", name="路由器", category=network, is_active=False)
    cable = make_product(sku="CB-1", name="网线")
    client = api_client(reader)

    def skus(**params: Any) -> list[str]:
        response = client.get(URL, **params)
        assert response.status_code == 200, response.json()
        return [p["sku"] for p in response.json()["items"]]

    assert skus() == [cable.sku, router.sku, switch.sku]
    assert skus(q="sw") == [switch.sku]
    assert skus(q="路由") == [router.sku]
    assert skus(category=network.pk, sort="-sku") == [switch.sku, router.sku]
    assert skus(is_active="false") == [router.sku]
    assert client.get(URL, sort="price").status_code == 422
    assert "category" in fields_of(client.get(URL, category="net"))


def test_list_does_not_query_per_row(
    api_client: Clients, buyer: User, django_assert_max_num_queries: Any
) -> None:
    category = Category.objects.create(name="配件")
    Product.objects.bulk_create(
        [
            Product(sku=f"P{i:03}", name=f"配件{i}", category=category, standard_cost=Decimal(i))
            for i in range(60)
        ]
    )
    client = api_client(buyer)

    with django_assert_max_num_queries(4):
        response = client.get(URL, limit=200)

    assert response.json()["count"] == 60 and response.json()["items"][0]["category"]["name"] == "配件"


def test_detail_404_and_non_numeric_id(api_client: Clients, reader: User) -> None:
    client = api_client(reader)

    assert client.get(f"{URL}999999").status_code == 404
    response = client.get(f"{URL}abc")
    assert response.status_code == 422 and "product_id" in fields_of(response)


def test_categories_are_listed_with_their_parent(api_client: Clients, reader: User) -> None:
    electronics = Category.objects.create(name="电子")
    phones = Category.objects.create(name="手机", parent=electronics)
    client = api_client(reader)

    everything = client.get(f"{URL}categories").json()
    children = client.get(f"{URL}categories", parent=electronics.pk).json()

    assert everything["count"] == 2
    assert children["items"] == [{"id": phones.pk, "name": "手机", "parent_id": electronics.pk}]


def errors_of(response: Any) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "交换机\u202e机换交"}, ("name", "control_character")),
        ({"sku": "SW\t24P"}, ("sku", "control_character")),
        ({"description": "长" * (text.MAX_NOTES_CHARS + 1)}, ("description", "too_long")),
    ],
    ids=["bidi-override-in-name", "tab-in-sku", "description-over-the-limit"],
)
def test_text_out_of_bounds_is_refused_on_its_field(
    api_client: Clients, buyer: User, fields: dict[str, Any], expected: tuple[str, str]
) -> None:
    # Given a product, and a new one whose text breaks the bounds every app applies
    product = make_product(sku="SW-8P", name="8 口交换机")
    client = api_client(buyer)
    # When it is created, then the API answers 422 naming the field and its code, and stores nothing
    response = client.post(URL, {"sku": "SW-24P", "name": "24 口交换机", **fields})
    assert response.status_code == 422, response.content
    assert errors_of(response) == {expected}
    assert not Product.objects.exclude(pk=product.pk).exists()
    # When an existing product is changed the same way, then the same answer and the row stays
    response = client.patch(f"{URL}{product.pk}", fields)
    assert response.status_code == 422, response.content
    assert errors_of(response) == {expected}
    product.refresh_from_db()
    assert (product.sku, product.name, product.description) == ("SW-8P", "8 口交换机", "")
