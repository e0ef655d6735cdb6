"""REST endpoints for products and categories. Standard cost is hidden from, and may not be set
by, callers without the right to read it."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import ProtectedError, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.accounts.models import User
from catena.catalog import services
from catena.catalog.models import Category, Product
from catena.catalog.schemas import (
    CategoryListParams,
    CategoryPageOut,
    ProductIn,
    ProductListParams,
    ProductOut,
    ProductPageOut,
    ProductPatch,
)
from catena.core import access, gate
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.errors import CodedHttpError

router = Router(tags=["products"])

SORTS = {
    "sku": ("sku", "id"),
    "-sku": ("-sku", "-id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _visible(request: HttpRequest) -> QuerySet[Product]:
    return Product.objects.select_related("category").for_user(_actor(request))


def _product(request: HttpRequest, product_id: RowId) -> Product:
    return gate.api_record(request, Product.objects.select_related("category"), product_id)


@router.get("/", response=with_errors({200: ProductPageOut}), summary="List products")
def list_products(request: HttpRequest, params: Query[ProductListParams]) -> dict[str, Any]:
    qs = _visible(request)
    q = params.q.strip()
    if q:
        qs = qs.filter(Q(sku__icontains=q) | Q(name__icontains=q))
    if params.category is not None:
        qs = qs.filter(category_id=params.category)
    if params.is_active is not None:
        qs = qs.filter(is_active=params.is_active)
    return page(qs.order_by(*SORTS[params.sort]), params)


@router.get("/categories", response=with_errors({200: CategoryPageOut}), summary="List categories")
def list_categories(request: HttpRequest, params: Query[CategoryListParams]) -> dict[str, Any]:
    qs = Category.objects.for_user(_actor(request))
    if params.q.strip():
        qs = qs.filter(name__icontains=params.q.strip())
    if params.parent is not None:
        qs = qs.filter(parent_id=params.parent)
    return page(qs.order_by("name", "id"), params)


@router.post("/", response=with_errors({201: ProductOut}, 403), summary="Create a product")
def create_product(request: HttpRequest, payload: ProductIn) -> Status[Product]:
    access.ensure(_actor(request), access.ADD, Product)
    data = payload.model_dump(exclude_unset=True)
    product = services.create_product(actor=_actor(request), **data)
    return Status(201, _product(request, product.pk))


@router.get("/{product_id}", response=with_errors({200: ProductOut}, 404), summary="Get a product")
def get_product(request: HttpRequest, product_id: RowId) -> Product:
    return _product(request, product_id)


@router.patch("/{product_id}", response=with_errors({200: ProductOut}, 403, 404), summary="Change a product")
def update_product(request: HttpRequest, product_id: RowId, payload: ProductPatch) -> Product:
    """Change the fields sent; the others stay as they are."""
    product = _product(request, product_id)
    access.ensure(_actor(request), access.CHANGE, product)
    data = payload.model_dump(exclude_unset=True)
    services.update_product(product, actor=_actor(request), **data)
    return _product(request, product_id)


@router.delete("/{product_id}", response=with_errors({204: None}, 403, 404, 409), summary="Delete a product")
def delete_product(request: HttpRequest, product_id: RowId) -> Status[None]:
    """Refused with 409 while other records (order lines, price lists…) still use the product."""
    try:
        services.delete_product(_product(request, product_id), actor=_actor(request))
    except ProtectedError as exc:
        raise CodedHttpError(409, _("Other records still use this product."), code="product.in_use") from exc
    return Status(204, None)
