"""Product pages: list with the cost column only for those allowed, detail with history, forms."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog import services
from catena.catalog.forms import ProductForm
from catena.catalog.models import Category, Product

pytestmark = pytest.mark.django_db
LIST = reverse("catalog:product_list")


@pytest.fixture
def product(admin_user: User) -> Product:
    return services.create_product(
        actor=admin_user, sku="SKU-0001", name="不锈钢螺栓", list_price="12.50", standard_cost="7.30"
    )


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PURCHASING])
def test_buyers_and_managers_see_the_cost_column(
    make_user: Callable[..., User], logged_in: Callable[[User], Client], product: Product, role: str
) -> None:
    body = logged_in(make_user(role)).get(LIST).content.decode()

    assert 'data-testid="cost-header"' in body and "7.30" in body


@pytest.mark.parametrize("role", [Role.SALES, Role.SERVICE, Role.READ_ONLY])
def test_others_never_see_the_cost(
    make_user: Callable[..., User], logged_in: Callable[[User], Client], product: Product, role: str
) -> None:
    client = logged_in(make_user(role))

    listing = client.get(LIST).content.decode()
    detail = client.get(reverse("catalog:product_detail", args=[product.pk])).content.decode()

    assert "cost-header" not in listing and "7.30" not in listing
    assert "Standard cost" not in detail and "7.30" not in detail


def test_history_hides_cost_changes_from_those_who_may_not_read_it(
    admin_user: User, sales: User, logged_in: Callable[[User], Client], product: Product
) -> None:
    services.update_product(product, actor=admin_user, standard_cost="9.90", name="不锈钢螺栓 M8")
    url = reverse("catalog:product_detail", args=[product.pk])

    admin_changes = logged_in(admin_user).get(url).context["history"][0].changes
    sales_changes = logged_in(sales).get(url).context["history"][0].changes

    assert {c.field for c in admin_changes} == {"name", "standard_cost"}
    assert {(c.field, c.old, c.new) for c in sales_changes} == {("name", "不锈钢螺栓", "不锈钢螺栓 M8")}


def test_search_and_category_filter(manager: User, logged_in: Callable[[User], Client]) -> None:
    bolts = Category.objects.create(name="紧固件")
    services.create_product(actor=None, sku="B-1", name="螺栓", category=bolts)
    services.create_product(actor=None, sku="C-1", name="纸箱")
    client = logged_in(manager)

    by_name = [p.sku for p in client.get(LIST, {"q": "纸"}).context["page_obj"]]
    by_category = [p.sku for p in client.get(LIST, {"category": bolts.pk}).context["page_obj"]]

    assert by_name == ["C-1"] and by_category == ["B-1"]


def test_purchasing_creates_a_product_with_cost(
    make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    buyer = make_user(Role.PURCHASING)

    response = logged_in(buyer).post(
        reverse("catalog:product_create"),
        {
            "sku": "P-9",
            "name": "电机",
            "unit": "pcs",
            "currency": "CNY",
            "standard_cost": "88",
            "is_active": "on",
        },
    )

    product = Product.objects.get()
    assert response.status_code == 302
    assert product.standard_cost == Decimal("88.00")


def test_bad_gtin_is_shown_on_the_field_and_nothing_is_written(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(manager).post(
        reverse("catalog:product_create"),
        {"sku": "P-9", "name": "电机", "unit": "pcs", "currency": "CNY", "gtin": "1234567890123"},
    )

    assert "gtin" in response.context["form"].errors
    assert not Product.objects.exists()


def test_sales_cannot_create_edit_or_delete_products(
    sales: User, logged_in: Callable[[User], Client], product: Product
) -> None:
    client = logged_in(sales)

    assert client.get(reverse("catalog:product_create")).status_code == 403
    assert client.post(reverse("catalog:product_edit", args=[product.pk]), {"name": "改"}).status_code == 403
    assert client.post(reverse("catalog:product_delete", args=[product.pk])).status_code == 403
    product.refresh_from_db()
    assert product.name == "不锈钢螺栓"


def test_product_form_neither_shows_nor_accepts_cost_from_those_who_may_not_read_it(sales: User) -> None:
    form = ProductForm(
        {"sku": "P-1", "name": "电机", "unit": "pcs", "currency": "CNY", "standard_cost": "1.00"}, user=sales
    )

    assert form.is_valid()
    assert "standard_cost" not in form.fields
    assert "standard_cost" not in form.service_arguments()


def test_manager_deletes_after_confirming(
    manager: User, logged_in: Callable[[User], Client], product: Product
) -> None:
    url = reverse("catalog:product_delete", args=[product.pk])
    client = logged_in(manager)

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Product.objects.exists()


def test_portal_user_cannot_see_products(
    make_user: Callable[..., User], logged_in: Callable[[User], Client], product: Product
) -> None:
    client = logged_in(make_user(Role.PORTAL_CUSTOMER))

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("catalog:product_detail", args=[product.pk])).status_code == 403
