"""Use cases of quotes: write one with its lines, send it, revise it (a new version under the same
number, the old one frozen), record the customer's answer, expire it, and turn an accepted quote
into a sales order in one step.

Each runs in one transaction, checks the actor's rights before writing and emits a domain event.
``actor=None`` means a trusted system caller and skips the rights check.
"""

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
from catena.parties import services as party_services
from catena.parties.choices import BUYING_ROLES, PartyRoleType, PartyStatus
from catena.parties.models import Address, Party
from catena.sales import field_checks as check
from catena.sales import timeline
from catena.sales.choices import REVISABLE_QUOTE_STATUSES, OrderType, PaymentTerms, PriceSource, QuoteStatus
from catena.sales.models import Opportunity, Quote, QuoteLine, SalesOrder
from catena.sales.pricing import CustomerPricing
from catena.sales.services import orders as order_services
from catena.sales.services.wins import win_opportunity_by_quote

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


def _locked(quote: Quote, actor: User | None, action: str = access.CHANGE) -> Quote:
    locked = Quote.objects.select_for_update().get(pk=quote.pk)  # the row alone (no outer join to lock)
    if actor is not None:
        access.ensure(actor, action, locked)
    return locked


@transaction.atomic
def update_quote(quote: Quote, *, actor: User | None, **changes: Any) -> Quote:
    """Change the header of a draft: validity, currency, payment terms, terms, notes, owner."""
    quote = _locked(quote, actor)
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
    quote = _locked(quote, actor)
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
    quote = _locked(line.quote, actor)
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
    quote = _locked(line.quote, actor)
    errors = Errors()
    _require_draft(quote, errors)
    errors.raise_if_any()
    line.delete()
    _refresh_totals(quote)
    save_with_history(quote, actor=actor)
    events.emit("quote.updated", quote, actor=actor, payload={"fields": ["lines"]})


def _move(quote: Quote, status: str, errors: Errors) -> None:
    if not quote.can_change_status_to(status):
        errors.add(
            "status",
            _("Quote %(quote)s is “%(current)s”; it cannot become “%(new)s”.")
            % {"quote": quote, "current": quote.get_status_display(), "new": QuoteStatus(status).label},
            code="quote.transition_not_allowed",
        )


@transaction.atomic
def send_quote(quote: Quote, *, actor: User | None) -> Quote:
    """The quote goes to the customer: it is frozen and waits for an answer until it expires."""
    quote = _locked(quote, actor)
    errors = Errors()
    _move(quote, QuoteStatus.SENT, errors)
    if not quote.lines.exists():
        errors.add("lines", _("A quote needs at least one line."), code="quote.no_lines")
    if quote.is_expired_on(timezone.localdate()):
        errors.add(
            "valid_until", _("The validity has already passed; set a later date first."), code="quote.expired"
        )
    errors.raise_if_any()
    quote.status = QuoteStatus.SENT
    quote.sent_at = timezone.now()
    save_with_history(quote, actor=actor)
    events.emit("quote.sent", quote, actor=actor, payload={"number": quote.number, "version": quote.version})
    timeline.note(
        quote.customer,
        actor=actor,
        subject=_("Quote %(quote)s sent: %(amount)s %(currency)s, valid until %(date)s")
        % {
            "quote": quote,
            "amount": quote.total_gross,
            "currency": quote.currency,
            "date": quote.valid_until,
        },
        related=quote,
    )
    return quote


@transaction.atomic
def revise_quote(quote: Quote, *, actor: User | None) -> Quote:
    """Make version n+1 of a sent, rejected or expired quote as a new draft with the same lines;
    version n becomes superseded and read-only."""
    quote = _locked(quote, actor)
    errors = Errors()
    if quote.status not in REVISABLE_QUOTE_STATUSES:
        errors.add(
            "status",
            _("Quote %(quote)s is “%(status)s”; only a sent, rejected or expired quote is revised.")
            % {"quote": quote, "status": quote.get_status_display()},
            code="quote.transition_not_allowed",
        )
    errors.raise_if_any()
    lines = list(quote.lines.all())
    today = timezone.localdate()
    top = Quote.objects.filter(number=quote.number).aggregate(top=Max("version"))["top"] or quote.version
    revision = Quote(
        number=quote.number,
        version=top + 1,
        customer=quote.customer,
        opportunity=quote.opportunity,
        valid_until=quote.valid_until
        if quote.valid_until >= today
        else today + timedelta(days=QUOTE_VALID_DAYS),
        currency=quote.currency,
        payment_terms=quote.payment_terms,
        total_net=quote.total_net,
        total_tax=quote.total_tax,
        terms=quote.terms,
        notes=quote.notes,
        owner=quote.owner,
    )
    quote.status = QuoteStatus.SUPERSEDED
    save_with_history(quote, actor=actor)
    save_with_history(revision, actor=actor)
    QuoteLine.objects.bulk_create(
        [
            QuoteLine(
                quote=revision,
                line_no=line.line_no,
                product_id=line.product_id,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_pct=line.discount_pct,
                tax_rate_pct=line.tax_rate_pct,
                price_source=line.price_source,
            )
            for line in lines
        ]
    )
    events.emit(
        "quote.revised",
        revision,
        actor=actor,
        payload={"number": revision.number, "version": revision.version, "previous": quote.pk},
    )
    return revision


@transaction.atomic
def reject_quote(quote: Quote, *, actor: User | None, reason: str = "") -> Quote:
    """The customer said no (it may still be revised and sent again)."""
    quote = _locked(quote, actor)
    errors = Errors()
    _move(quote, QuoteStatus.REJECTED, errors)
    reason = check.text(errors, "reason", reason, max_length=200)
    errors.raise_if_any()
    quote.status = QuoteStatus.REJECTED
    quote.reject_reason = reason
    quote.decided_at = timezone.now()
    save_with_history(quote, actor=actor)
    events.emit("quote.rejected", quote, actor=actor, payload={"reason": reason})
    timeline.note(
        quote.customer,
        actor=actor,
        subject=_("Quote %(quote)s rejected") % {"quote": quote},
        body=reason,
        related=quote,
    )
    return quote


@transaction.atomic
def expire_quote(quote: Quote, *, actor: User | None) -> Quote:
    """A sent quote past its validity is expired: it can no longer be accepted, only revised."""
    quote = _locked(quote, actor)
    errors = Errors()
    _move(quote, QuoteStatus.EXPIRED, errors)
    if not quote.is_expired_on(timezone.localdate()) and not errors.by_field:
        errors.add("valid_until", _("This quote is still valid."), code="quote.still_valid")
    errors.raise_if_any()
    quote.status = QuoteStatus.EXPIRED
    save_with_history(quote, actor=actor)
    events.emit("quote.expired", quote, actor=actor, payload={"valid_until": quote.valid_until.isoformat()})
    return quote


def expire_overdue_quotes(*, on: date | None = None) -> int:
    """Expire every sent quote whose validity ended before ``on`` (today); safe to run twice."""
    day = on or timezone.localdate()
    count = 0
    for quote in Quote.objects.filter(status=QuoteStatus.SENT, valid_until__lt=day).order_by("id"):
        expire_quote(quote, actor=None)
        count += 1
    return count


def _ensure_buyer(customer: Party) -> None:
    """A prospect whose quote is accepted has become a customer."""
    codes = customer.role_codes
    if customer.status in (PartyStatus.BLOCKED, PartyStatus.ARCHIVED) or any(
        r in codes for r in BUYING_ROLES
    ):
        return  # place_order refuses blocked parties with its own message
    kept = [r for r in codes if r != PartyRoleType.PROSPECT]
    party_services.update_party(customer, actor=None, roles=[*kept, PartyRoleType.CUSTOMER])


@transaction.atomic
def accept_quote_as_order(
    quote: Quote,
    *,
    actor: User | None,
    order_type: str = OrderType.MAKE_TO_STOCK,
    requested_date: date | None = None,
    ship_to: Address | None = None,
    customer_reference: str = "",
) -> SalesOrder:
    """The customer accepted: place the sales order with the quote's lines and prices, mark the
    quote accepted and its opportunity won. All or nothing. The sales part of the conversion only:
    pages and the API call ``catena.fulfilment.services.orders.place_order_from_quote``, which
    starts the order's flow in the same transaction."""
    quote = _locked(quote, actor)
    errors = Errors()
    if quote.status == QuoteStatus.ACCEPTED:
        errors.add(
            "status",
            _("Quote %(quote)s was already accepted as order %(order)s.")
            % {"quote": quote, "order": quote.order.number if quote.order else "—"},
            code="quote.already_accepted",
        )
    else:
        _move(quote, QuoteStatus.ACCEPTED, errors)
    if quote.status == QuoteStatus.SENT and quote.is_expired_on(timezone.localdate()):
        errors.add(
            "valid_until",
            _("This quote expired on %(date)s; revise it and send it again.") % {"date": quote.valid_until},
            code="quote.expired",
        )
    errors.raise_if_any()
    lines = list(quote.lines.select_related("product").order_by("line_no"))
    _ensure_buyer(quote.customer)
    order = order_services.place_order(
        quote.customer,
        actor=actor,
        lines=[
            order_services.LineInput(
                product=line.product,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_pct=line.discount_pct,
                tax_rate_pct=line.tax_rate_pct,
                description=line.description,
            )
            for line in lines
        ],
        order_type=order_type,
        requested_date=requested_date,
        ship_to=ship_to,
        payment_terms=quote.payment_terms,
        customer_reference=customer_reference or str(quote),
        owner=quote.owner,
        currency=quote.currency,
    )
    quote.status = QuoteStatus.ACCEPTED
    quote.decided_at = timezone.now()
    quote.order = order
    save_with_history(quote, actor=actor)
    events.emit(
        "quote.accepted", quote, actor=actor, payload={"order": order.pk, "order_number": order.number}
    )
    timeline.note(
        quote.customer,
        actor=actor,
        subject=_("Quote %(quote)s accepted: order %(order)s placed")
        % {"quote": quote, "order": order.number},
        related=quote,
    )
    deal = quote.opportunity
    if deal is not None and deal.is_open:
        mover = actor if actor is not None and access.can(actor, access.CHANGE, deal) else None
        win_opportunity_by_quote(deal, quote, actor=mover)
    return order


def quote_versions(quote: Quote) -> list[Quote]:
    """Every version of the quote's number, newest first."""
    return list(Quote.objects.filter(number=quote.number).order_by("-version"))
