"""A quote after its draft: sent, revised (a new version under the same number, the old one
frozen), rejected or expired, and accepted as a sales order in one step."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties import services as party_services
from catena.parties.choices import BUYING_ROLES, PartyRoleType, PartyStatus
from catena.parties.models import Address, Party
from catena.sales import field_checks as check
from catena.sales import timeline
from catena.sales.choices import REVISABLE_QUOTE_STATUSES, OrderType, QuoteStatus
from catena.sales.models import Quote, QuoteLine, SalesOrder
from catena.sales.services import orders as order_services
from catena.sales.services.opportunities import move_opportunity, won_step
from catena.sales.services.quotes.drafts import QUOTE_VALID_DAYS, locked_quote


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
    quote = locked_quote(quote, actor)
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
    quote = locked_quote(quote, actor)
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
    quote = locked_quote(quote, actor)
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
    quote = locked_quote(quote, actor)
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
    quote = locked_quote(quote, actor)
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
        move_opportunity(deal, to=won_step(), actor=mover)
    return order


def quote_versions(quote: Quote) -> list[Quote]:
    """Every version of the quote's number, newest first."""
    return list(Quote.objects.filter(number=quote.number).order_by("-version"))
