"""Writing a quote: the draft with its header and lines, each line priced for the customer
unless a price is given. Only a draft changes; a sent quote is revised instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.catalog.models import Product
from catena.core import access, events
from catena.core.db import reserve_ids
from catena.core.history import save_with_history
from catena.core.money import default_currency, quantize
from catena.core.validation import Errors
from catena.parties.choices import PartyStatus
from catena.parties.models import Party
from catena.sales import field_checks as check
from catena.sales.choices import PaymentTerms, PriceSource
from catena.sales.models import Opportunity, Quote, QuoteLine
from catena.sales.pricing import CustomerPricing

QUOTE_VALID_DAYS = 30
HEADER_FIELDS = ("valid_until", "currency", "payment_terms", "terms", "notes", "owner")
LINE_FIELDS = ("quantity", "unit_price", "discount_pct", "tax_rate_pct", "description")


@dataclass
class QuoteLineInput:
    product: Product
    quantity: Decimal | int | str
    unit_price: Decimal | int | str | None = None  # the customer's price when None
    discount_pct: Decimal | int | str | None = None  # the customer's standard discount when None
    tax_rate_pct: Decimal | int | str = 13
    description: str = ""


def _build_line(
    line: QuoteLineInput, pricing: CustomerPricing, errors: Errors, prefix: str = ""
) -> QuoteLine | None:
    if not isinstance(line.product, Product):
        errors.add(prefix + "product", _("No such product."), code="unknown_reference")
        return None
    if not line.product.is_active:
        errors.add(prefix + "product", _("This product is no longer sold."), code="product.not_sold")
    quantity = check.quantity(errors, prefix + "quantity", line.quantity)
    source: str = PriceSource.MANUAL
    unit_price: Decimal | None = None
    if (line.unit_price is None or line.unit_price == "") and quantity is not None:
        found = pricing.price(line.product, quantity)
        unit_price, source = found.unit_price, found.source
        if unit_price is None:
            errors.add(
                prefix + "unit_price",
                _("This product has no price for this customer; give a unit price."),
                code="product.no_price",
            )
    elif line.unit_price is not None and line.unit_price != "":
        unit_price = check.money(errors, prefix + "unit_price", line.unit_price)
    discount = (
        pricing.discount_pct
        if line.discount_pct is None or line.discount_pct == ""
        else check.percent(errors, prefix + "discount_pct", line.discount_pct)
    )
    tax = check.percent(errors, prefix + "tax_rate_pct", line.tax_rate_pct)
    description = check.text(errors, prefix + "description", line.description, max_length=200)
    if quantity is None or unit_price is None or discount is None or tax is None:
        return None
    return QuoteLine(
        product=line.product,
        description=description,
        quantity=quantity,
        unit_price=quantize(unit_price),
        discount_pct=discount,
        tax_rate_pct=tax,
        price_source=source,
    )


def _set_totals(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    """The quote's totals from ``lines``; a total its columns cannot hold is refused on ``lines``."""
    net = quantize(sum((line.net_amount for line in lines), Decimal(0)))
    tax = quantize(sum((line.tax_amount for line in lines), Decimal(0)))
    if net + tax > check.MAX_TOTAL:
        raise ValidationError(
            {"lines": ValidationError(_("The quote total is too large."), code="total_too_large")}
        )
    quote.total_net, quote.total_tax = net, tax


def _refresh_totals(quote: Quote) -> None:
    _set_totals(quote, list(quote.lines.all()))


def _pricing(quote: Quote) -> CustomerPricing:
    return CustomerPricing(quote.customer, timezone.localdate())


def _require_draft(quote: Quote, errors: Errors) -> None:
    if not quote.is_editable:
        errors.add(
            "__all__",
            _("Quote %(quote)s is “%(status)s”: only a draft can be changed; revise it instead.")
            % {"quote": quote, "status": quote.get_status_display()},
            code="quote.not_editable",
        )


@transaction.atomic
def create_quote(
    customer: Party,
    *,
    actor: User | None,
    opportunity: Opportunity | None = None,
    lines: Sequence[QuoteLineInput] = (),
    valid_until: date | str | None = None,
    currency: str | None = None,
    payment_terms: str | None = None,
    terms: str = "",
    notes: str = "",
    owner: User | None = None,
) -> Quote:
    """Write a draft quote for ``customer``; lines without a price get the customer's price."""
    if actor is not None:
        access.ensure(actor, access.ADD, Quote)
        access.ensure(actor, access.VIEW, customer)
    errors = Errors()
    pricing = CustomerPricing(customer)
    if customer.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED):
        errors.add(
            "customer", _("This party is blocked or archived; no new business with it."), code="party.blocked"
        )
    if opportunity is not None:
        if opportunity.party_id != customer.pk:
            errors.add(
                "opportunity", _("This opportunity belongs to another party."), code="opportunity.other_party"
            )
        elif actor is not None and not access.can(actor, access.VIEW, opportunity):
            errors.add("opportunity", _("No such opportunity."), code="unknown_reference")
    until = (
        check.day(errors, "valid_until", valid_until)
        if valid_until is not None
        else timezone.localdate() + timedelta(days=QUOTE_VALID_DAYS)
    )
    if until is not None and until < timezone.localdate():
        errors.add("valid_until", _("A quote cannot be valid only in the past."), code="quote.valid_in_past")
    money = check.currency(errors, "currency", currency or pricing.currency or default_currency())
    terms_code = check.choice(
        errors, "payment_terms", payment_terms or pricing.payment_terms or PaymentTerms.NET_30, PaymentTerms
    )
    chosen_owner = check.owner(errors, "owner", owner) if owner is not None else None
    built = [_build_line(line, pricing, errors, f"lines.{i}.") for i, line in enumerate(lines)]
    errors.raise_if_any()
    assert until is not None and money is not None and terms_code is not None
    (pk,) = reserve_ids(Quote, 1)
    quote = Quote(
        pk=pk,
        number=f"QT-{pk:07d}",
        version=1,
        customer=customer,
        opportunity=opportunity,
        valid_until=until,
        currency=money,
        payment_terms=terms_code,
        terms=str(terms or ""),
        notes=str(notes or ""),
        owner=chosen_owner
        or (actor if actor is not None and not actor.is_superuser else None)
        or (opportunity.owner if opportunity else customer.owner),
    )
    rows = [line for line in built if line is not None]
    _set_totals(quote, rows)
    save_with_history(quote, actor=actor, force_insert=True)
    for index, line in enumerate(rows, start=1):
        line.quote, line.line_no = quote, index
    QuoteLine.objects.bulk_create(rows)
    events.emit(
        "quote.created",
        quote,
        actor=actor,
        payload={"number": quote.number, "customer": customer.pk, "total_net": str(quote.total_net)},
    )
    return quote


def locked_quote(quote: Quote, actor: User | None, action: str = access.CHANGE) -> Quote:
    """The quote, locked for this transaction, once the actor may do ``action`` on it."""
    locked = Quote.objects.select_for_update().get(pk=quote.pk)  # the row alone (no outer join to lock)
    if actor is not None:
        access.ensure(actor, action, locked)
    return locked


@transaction.atomic
def update_quote(quote: Quote, *, actor: User | None, **changes: Any) -> Quote:
    """Change the header of a draft: validity, currency, payment terms, terms, notes, owner."""
    quote = locked_quote(quote, actor)
    errors = Errors()
    _require_draft(quote, errors)
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in HEADER_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "valid_until":
            cleaned[key] = check.day(errors, key, value)
            if cleaned[key] is not None and cleaned[key] < timezone.localdate():
                errors.add(key, _("A quote cannot be valid only in the past."), code="quote.valid_in_past")
        elif key == "currency":
            cleaned[key] = check.currency(errors, key, value)
        elif key == "payment_terms":
            cleaned[key] = check.choice(errors, key, value, PaymentTerms)
        elif key == "owner":
            cleaned[key] = check.owner(errors, key, value)
        else:
            cleaned[key] = str(value or "")
    errors.raise_if_any()
    changed = sorted(k for k, v in cleaned.items() if getattr(quote, k) != v)
    for key, value in cleaned.items():
        setattr(quote, key, value)
    if changed:
        save_with_history(quote, actor=actor)
        events.emit("quote.updated", quote, actor=actor, payload={"fields": changed})
    return quote


@transaction.atomic
def add_quote_line(quote: Quote, *, actor: User | None, line: QuoteLineInput) -> QuoteLine:
    """Add a line to a draft; without a unit price it gets the customer's price for the quantity."""
    quote = locked_quote(quote, actor)
    errors = Errors()
    _require_draft(quote, errors)
    built = _build_line(line, _pricing(quote), errors)
    errors.raise_if_any()
    assert built is not None
    built.quote = quote
    built.line_no = (quote.lines.aggregate(top=Max("line_no"))["top"] or 0) + 1
    built.save()
    _refresh_totals(quote)
    save_with_history(quote, actor=actor)
    events.emit("quote.updated", quote, actor=actor, payload={"fields": ["lines"]})
    return built


@transaction.atomic
def update_quote_line(line: QuoteLine, *, actor: User | None, **changes: Any) -> QuoteLine:
    """Change a line of a draft. A line priced automatically is priced again for a new quantity
    (a quantity break may apply) unless a unit price is given."""
    quote = locked_quote(line.quote, actor)
    line = QuoteLine.objects.select_related("product").get(pk=line.pk)
    errors = Errors()
    _require_draft(quote, errors)
    for key in changes:
        if key not in LINE_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
    errors.raise_if_any()
    automatic = line.price_source != PriceSource.MANUAL and "unit_price" not in changes
    given = QuoteLineInput(
        product=line.product,
        quantity=changes.get("quantity", line.quantity),
        unit_price=None if automatic else changes.get("unit_price", line.unit_price),
        discount_pct=changes.get("discount_pct", line.discount_pct),
        tax_rate_pct=changes.get("tax_rate_pct", line.tax_rate_pct),
        description=changes.get("description", line.description),
    )
    built = _build_line(given, _pricing(quote), errors)
    errors.raise_if_any()
    assert built is not None
    for field in ("quantity", "unit_price", "discount_pct", "tax_rate_pct", "description", "price_source"):
        setattr(line, field, getattr(built, field))
    line.save()
    _refresh_totals(quote)
    save_with_history(quote, actor=actor)
    events.emit("quote.updated", quote, actor=actor, payload={"fields": ["lines"]})
    return line


@transaction.atomic
def delete_quote_line(line: QuoteLine, *, actor: User | None) -> None:
    quote = locked_quote(line.quote, actor)
    errors = Errors()
    _require_draft(quote, errors)
    errors.raise_if_any()
    line.delete()
    _refresh_totals(quote)
    save_with_history(quote, actor=actor)
