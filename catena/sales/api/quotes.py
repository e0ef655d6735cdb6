"""REST endpoints of quotes: write them with their lines, send, revise and reject. Accepting a
quote as a sales order places the order and starts its flow, so its endpoint
(``POST /quotes/{id}/accept``) is fulfilment's (``catena.fulfilment.api.orders``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from catena.catalog.models import Product
from catena.core.api_schemas import RowId, page, with_errors
from catena.core.gate import actor_of, not_found
from catena.parties.models import Party
from catena.sales.api.pipeline import referenced, user_ref
from catena.sales.models import Opportunity, Quote, QuoteLine
from catena.sales.schemas import (
    OptionalReasonIn,
    QuoteIn,
    QuoteLineIn,
    QuoteLineOut,
    QuoteLinePatch,
    QuoteListParams,
    QuoteOut,
    QuotePageOut,
    QuotePatch,
)
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import quotes

router = Router(tags=["quotes"])


def _quote(request: HttpRequest, quote_id: int) -> Quote:
    quote = selectors.visible_quote(actor_of(request), quote_id)
    if quote is None:
        raise not_found()
    return quote


def _line_input(request: HttpRequest, data: dict[str, Any], prefix: str = "") -> quotes.QuoteLineInput:
    return quotes.QuoteLineInput(
        product=referenced(request, Product, data["product"], f"{prefix}product"),
        quantity=data["quantity"],
        unit_price=data.get("unit_price"),
        discount_pct=data.get("discount_pct"),
        tax_rate_pct=data.get("tax_rate_pct", 13),
        description=data.get("description", ""),
    )


@router.get("/", response=with_errors({200: QuotePageOut}), summary="List quotes")
def list_quotes(request: HttpRequest, params: Query[QuoteListParams]) -> dict[str, Any]:
    """The latest version of each quote unless `all_versions`."""
    found = selectors.quote_list(
        actor_of(request),
        q=params.q.strip(),
        status=params.status or "",
        customer=params.customer,
        opportunity=params.opportunity,
        owner=params.owner,
        current_only=not params.all_versions,
    )
    return page(found, params)


@router.post("/", response=with_errors({201: QuoteOut}, 403), summary="Create a quote")
def create_quote(request: HttpRequest, payload: QuoteIn) -> Status[Quote]:
    """A draft. Lines without `unit_price` get the customer's price (its price list with quantity
    breaks, else the list price); without `discount_pct`, the customer's standard discount."""
    data = payload.model_dump(exclude_unset=True)
    customer = referenced(request, Party, data.pop("customer"), "customer")
    lines = [_line_input(request, line, f"lines.{i}.") for i, line in enumerate(data.pop("lines", []))]
    if "opportunity" in data:
        data["opportunity"] = referenced(request, Opportunity, data["opportunity"], "opportunity")
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    data = {k: v for k, v in data.items() if v is not None}
    quote = quotes.create_quote(customer, actor=actor_of(request), lines=lines, **data)
    return Status(201, _quote(request, quote.pk))


@router.get("/{quote_id}", response=with_errors({200: QuoteOut}, 404), summary="Get a quote")
def get_quote(request: HttpRequest, quote_id: RowId) -> Quote:
    return _quote(request, quote_id)


@router.get(
    "/{quote_id}/versions", response=with_errors({200: QuotePageOut}, 404), summary="Versions of a quote"
)
def quote_versions(request: HttpRequest, quote_id: RowId) -> dict[str, Any]:
    """Every version of the quote's number, newest first."""
    versions = quotes.quote_versions(_quote(request, quote_id))
    return {"count": len(versions), "items": versions}


@router.patch("/{quote_id}", response=with_errors({200: QuoteOut}, 403, 404), summary="Change a draft quote")
def update_quote(request: HttpRequest, quote_id: RowId, payload: QuotePatch) -> Quote:
    """Only a draft changes; a sent quote is revised instead (422)."""
    data = payload.model_dump(exclude_unset=True)
    if "owner" in data:
        data["owner"] = user_ref(data["owner"])
    quotes.update_quote(_quote(request, quote_id), actor=actor_of(request), **data)
    return _quote(request, quote_id)


@router.post(
    "/{quote_id}/lines", response=with_errors({201: QuoteLineOut}, 403, 404), summary="Add a line to a draft"
)
def add_line(request: HttpRequest, quote_id: RowId, payload: QuoteLineIn) -> Status[QuoteLine]:
    quote = _quote(request, quote_id)
    line = quotes.add_quote_line(
        quote, actor=actor_of(request), line=_line_input(request, payload.model_dump(exclude_unset=True))
    )
    return Status(201, line)


def _line(quote: Quote, line_id: int) -> QuoteLine:
    line = quote.lines.filter(pk=line_id).select_related("product", "quote").first()
    if line is None:
        raise not_found()
    return line


@router.patch(
    "/{quote_id}/lines/{line_id}",
    response=with_errors({200: QuoteLineOut}, 403, 404),
    summary="Change a line of a draft",
)
def update_line(request: HttpRequest, quote_id: RowId, line_id: RowId, payload: QuoteLinePatch) -> QuoteLine:
    """A line priced from the customer's terms is priced again for a new quantity."""
    line = _line(_quote(request, quote_id), line_id)
    return quotes.update_quote_line(line, actor=actor_of(request), **payload.model_dump(exclude_unset=True))


@router.delete(
    "/{quote_id}/lines/{line_id}", response=with_errors({204: None}, 403, 404), summary="Remove a line"
)
def delete_line(request: HttpRequest, quote_id: RowId, line_id: RowId) -> Status[None]:
    quotes.delete_quote_line(_line(_quote(request, quote_id), line_id), actor=actor_of(request))
    return Status(204, None)


@router.post("/{quote_id}/send", response=with_errors({200: QuoteOut}, 403, 404), summary="Mark a quote sent")
def send_quote(request: HttpRequest, quote_id: RowId) -> Quote:
    quotes.send_quote(_quote(request, quote_id), actor=actor_of(request))
    return _quote(request, quote_id)


@router.post(
    "/{quote_id}/revise",
    response=with_errors({201: QuoteOut}, 403, 404),
    summary="Revise a quote (new version)",
)
def revise_quote(request: HttpRequest, quote_id: RowId) -> Status[Quote]:
    """Version n+1 as a draft with the same lines; version n becomes superseded and read-only."""
    revision = quotes.revise_quote(_quote(request, quote_id), actor=actor_of(request))
    return Status(201, _quote(request, revision.pk))


@router.post(
    "/{quote_id}/reject", response=with_errors({200: QuoteOut}, 403, 404), summary="Record a refusal"
)
def reject_quote(request: HttpRequest, quote_id: RowId, payload: OptionalReasonIn) -> Quote:
    quotes.reject_quote(_quote(request, quote_id), actor=actor_of(request), reason=payload.reason)
    return _quote(request, quote_id)
