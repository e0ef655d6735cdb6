"""REST endpoints of customer pricing: price lists with their prices (quantity breaks), the price a
customer pays for a product, and customers' terms. Everybody internal reads; administrators and
managers write (403 otherwise)."""

from __future__ import annotations

from typing import Any

from django.db.models import ProtectedError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.catalog.services import price_lists
from catena.core import access, gate
from catena.core.api_schemas import PageParams, RowId, page, with_errors
from catena.core.errors import CodedHttpError
from catena.core.gate import actor_of, not_found
from catena.parties.models import Party
from catena.sales import pricing
from catena.sales.api.pipeline import referenced
from catena.sales.models import CustomerTerms
from catena.sales.schemas import (
    CustomerTermsOut,
    CustomerTermsPatch,
    PriceItemIn,
    PriceItemOut,
    PriceItemPageOut,
    PriceItemPatch,
    PriceListIn,
    PriceListOut,
    PriceListPageOut,
    PriceListPatch,
    PriceOut,
    PriceParams,
)
from catena.sales.selectors import pricing as pricing_reads
from catena.sales.services import pricing as services_pricing

price_lists_router = Router(tags=["price lists"])
terms_router = Router(tags=["customer terms"])


@price_lists_router.get("/", response=with_errors({200: PriceListPageOut}), summary="List price lists")
def list_price_lists(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return page(PriceList.objects.for_user(actor_of(request)), params)


@price_lists_router.get("/price", response=with_errors({200: PriceOut}, 404), summary="Price for a customer")
def price_for_customer(request: HttpRequest, params: Query[PriceParams]) -> dict[str, Any]:
    """What `customer` pays for `quantity` of `product` on day `on`: the price list's highest
    quantity break reached, else the list price; and the customer's standard discount."""
    customer = gate.api_record(request, Party, params.customer)
    product = gate.api_record(request, Product, params.product)
    user = actor_of(request)
    # the customer's discount is part of its terms: the same right as the terms card
    if not access.can(user, access.VIEW, PriceList) or not access.can(user, access.VIEW, CustomerTerms):
        raise not_found()
    found = pricing.price_for(customer, product, params.quantity, on=params.on)
    return {"unit_price": found.unit_price, "discount_pct": found.discount_pct, "source": found.source}


@price_lists_router.post("/", response=with_errors({201: PriceListOut}, 403), summary="Create a price list")
def create_price_list(request: HttpRequest, payload: PriceListIn) -> Status[PriceList]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, price_lists.create_price_list(actor=actor_of(request), **data))


@price_lists_router.get(
    "/{price_list_id}", response=with_errors({200: PriceListOut}, 404), summary="Get a price list"
)
def get_price_list(request: HttpRequest, price_list_id: RowId) -> PriceList:
    return gate.api_record(request, PriceList, price_list_id)


@price_lists_router.patch(
    "/{price_list_id}", response=with_errors({200: PriceListOut}, 403, 404), summary="Change a price list"
)
def update_price_list(request: HttpRequest, price_list_id: RowId, payload: PriceListPatch) -> PriceList:
    price_list = gate.api_record(request, PriceList, price_list_id)
    return price_lists.update_price_list(
        price_list, actor=actor_of(request), **payload.model_dump(exclude_unset=True)
    )


@price_lists_router.delete(
    "/{price_list_id}", response=with_errors({204: None}, 403, 404, 409), summary="Delete a price list"
)
def delete_price_list(request: HttpRequest, price_list_id: RowId) -> Status[None]:
    """Refused with 409 while customers' terms use it."""
    try:
        price_lists.delete_price_list(
            gate.api_record(request, PriceList, price_list_id), actor=actor_of(request)
        )
    except ProtectedError as exc:
        raise CodedHttpError(
            409, _("Customers still use this price list."), code="price_list.in_use"
        ) from exc
    return Status(204, None)


@price_lists_router.get(
    "/{price_list_id}/items", response=with_errors({200: PriceItemPageOut}, 404), summary="Prices of a list"
)
def list_items(request: HttpRequest, price_list_id: RowId, params: Query[PageParams]) -> dict[str, Any]:
    price_list = gate.api_record(request, PriceList, price_list_id)
    return page(price_list.items.select_related("product").order_by("product__sku", "min_quantity"), params)


@price_lists_router.post(
    "/{price_list_id}/items", response=with_errors({201: PriceItemOut}, 403, 404), summary="Set a price"
)
def set_item(request: HttpRequest, price_list_id: RowId, payload: PriceItemIn) -> Status[PriceListItem]:
    """Adds the quantity break, or replaces the price of an existing one."""
    price_list = gate.api_record(request, PriceList, price_list_id)
    item = price_lists.set_price(
        price_list,
        actor=actor_of(request),
        product=referenced(request, Product, payload.product, "product"),
        unit_price=payload.unit_price,
        min_quantity=payload.min_quantity,
    )
    return Status(201, item)


@price_lists_router.patch(
    "/{price_list_id}/items/{item_id}",
    response=with_errors({200: PriceItemOut}, 403, 404),
    summary="Change a price",
)
def change_item(
    request: HttpRequest, price_list_id: RowId, item_id: RowId, payload: PriceItemPatch
) -> PriceListItem:
    """Changes the unit price of a quantity break, or moves it to another quantity (422 when the
    product has a price from that quantity already)."""
    price_list = gate.api_record(request, PriceList, price_list_id)
    item = price_list.items.select_related("product").filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return price_lists.change_price(item, actor=actor_of(request), **payload.model_dump(exclude_unset=True))


@price_lists_router.delete(
    "/{price_list_id}/items/{item_id}", response=with_errors({204: None}, 403, 404), summary="Remove a price"
)
def delete_item(request: HttpRequest, price_list_id: RowId, item_id: RowId) -> Status[None]:
    price_list = gate.api_record(request, PriceList, price_list_id)
    item = price_list.items.filter(pk=item_id).first()
    if item is None:
        raise not_found()
    price_lists.delete_price(item, actor=actor_of(request))
    return Status(204, None)


# --- customer terms ----------------------------------------------------------------------------------


def _terms(request: HttpRequest, party: Party) -> dict[str, Any]:
    terms = pricing_reads.terms_of(party)
    if not access.can(actor_of(request), access.VIEW, terms):
        raise not_found()
    return {
        "party": party,
        "price_list": terms.price_list,
        "discount_pct": terms.discount_pct,
        "payment_terms": terms.payment_terms,
        "updated_at": terms.updated_at if terms.pk else None,
    }


@terms_router.get(
    "/{party_id}", response=with_errors({200: CustomerTermsOut}, 404), summary="A customer's terms"
)
def get_terms(request: HttpRequest, party_id: RowId) -> dict[str, Any]:
    """Price list, standard discount and payment terms (defaults when none were set)."""
    return _terms(request, gate.api_record(request, Party, party_id))


@terms_router.patch(
    "/{party_id}", response=with_errors({200: CustomerTermsOut}, 403, 404), summary="Set a customer's terms"
)
def set_terms(request: HttpRequest, party_id: RowId, payload: CustomerTermsPatch) -> dict[str, Any]:
    party = gate.api_record(request, Party, party_id)
    data = payload.model_dump(exclude_unset=True)
    if "price_list" in data and data["price_list"] is not None:
        data["price_list"] = referenced(request, PriceList, data["price_list"], "price_list")
    services_pricing.set_customer_terms(party, actor=actor_of(request), **data)
    return _terms(request, party)
