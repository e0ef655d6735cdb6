"""Quotes: lines priced from the customer's terms, send, revise (versions), reject, expire, and
acceptance that places the sales order and wins the opportunity in one step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.core import access
from catena.core.models import Event
from catena.fulfilment.services import orders as placing
from catena.parties.choices import PartyRoleType
from catena.parties.tests.factories import PartyFactory
from catena.sales.choices import PriceSource, QuoteStatus
from catena.sales.models import CustomerTerms, Quote, SalesOrder
from catena.sales.services import quotes
from catena.sales.tests.factories import (
    PriceListFactory,
    PriceListItemFactory,
    ProductFactory,
    customer,
    opportunity,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kettle() -> Any:
    return ProductFactory.create(sku="K-1", name="电热水壶", list_price=Decimal("200.00"))


def draft(buyer: Any, actor: User, product: Any, quantity: int = 10, **kw: Any) -> Quote:
    return quotes.create_quote(
        buyer, actor=actor, lines=[quotes.QuoteLineInput(product=product, quantity=quantity)], **kw
    )


def sent(buyer: Any, actor: User, product: Any, **kw: Any) -> Quote:
    return quotes.send_quote(draft(buyer, actor, product, **kw), actor=actor)


def test_quote_lines_take_the_price_list_break_and_the_customer_discount(sales: User, kettle: Any) -> None:
    buyer = customer()
    price_list = PriceListFactory.create(currency="CNY")
    PriceListItemFactory.create(price_list=price_list, product=kettle, unit_price=Decimal("180.00"))
    PriceListItemFactory.create(
        price_list=price_list, product=kettle, unit_price=Decimal("160.00"), min_quantity=50
    )
    CustomerTerms.objects.create(
        party=buyer, price_list=price_list, discount_pct=Decimal("10"), payment_terms="net_60"
    )

    quote = quotes.create_quote(
        buyer,
        actor=sales,
        lines=[
            quotes.QuoteLineInput(product=kettle, quantity=10),
            quotes.QuoteLineInput(product=kettle, quantity=50),
            quotes.QuoteLineInput(product=kettle, quantity=1, unit_price="150", discount_pct=0),
        ],
    )

    lines = list(quote.lines.order_by("line_no"))
    assert [(line.unit_price, line.discount_pct, line.price_source) for line in lines] == [
        (Decimal("180.00"), Decimal("10.00"), PriceSource.PRICE_LIST),
        (Decimal("160.00"), Decimal("10.00"), PriceSource.PRICE_LIST),
        (Decimal("150.00"), Decimal("0"), PriceSource.MANUAL),
    ]
    assert quote.total_net == Decimal("1620.00") + Decimal("7200.00") + Decimal("150.00")
    assert quote.total_tax == (quote.total_net * Decimal("0.13")).quantize(Decimal("0.01"))
    assert quote.payment_terms == "net_60" and quote.number.startswith("QT-") and quote.version == 1
    # a quantity change re-prices an automatic line at the new break
    line = quotes.update_quote_line(lines[0], actor=sales, quantity=60)
    assert line.unit_price == Decimal("160.00")


def test_bad_quote_input_names_the_line_fields(sales: User, kettle: Any) -> None:
    unpriced = ProductFactory.create(list_price=None)

    with pytest.raises(ValidationError) as error:
        quotes.create_quote(
            customer(),
            actor=sales,
            valid_until=timezone.localdate() - timedelta(days=1),
            lines=[
                quotes.QuoteLineInput(product=kettle, quantity=0, discount_pct=101),
                quotes.QuoteLineInput(product=unpriced, quantity=1),
            ],
        )

    assert {"valid_until", "lines.0.quantity", "lines.0.discount_pct", "lines.1.unit_price"} <= set(
        error.value.message_dict
    )
    assert not Quote.objects.exists()


def test_quantities_prices_and_totals_beyond_what_the_columns_hold_are_refused(
    sales: User, kettle: Any
) -> None:
    buyer = customer()
    with pytest.raises(ValidationError) as too_much:
        quotes.create_quote(
            buyer,
            actor=sales,
            lines=[quotes.QuoteLineInput(product=kettle, quantity="1e12", unit_price="1e17")],
        )
    quote = quotes.create_quote(buyer, actor=sales)
    with pytest.raises(ValidationError) as too_large_a_total:
        quotes.add_quote_line(
            quote,
            actor=sales,
            line=quotes.QuoteLineInput(product=kettle, quantity="99999999.999", unit_price="9999999999.99"),
        )

    assert {"lines.0.quantity", "lines.0.unit_price"} <= set(too_much.value.message_dict)
    assert set(too_large_a_total.value.message_dict) == {"lines"}
    assert Quote.objects.get().lines.count() == 0 and Quote.objects.get().total_net == 0


def test_sending_freezes_the_quote_and_notes_it_on_the_timeline(sales: User, kettle: Any) -> None:
    buyer = customer()
    quote = quotes.create_quote(buyer, actor=sales)
    with pytest.raises(ValidationError) as error:
        quotes.send_quote(quote, actor=sales)
    assert "lines" in error.value.message_dict

    quotes.add_quote_line(quote, actor=sales, line=quotes.QuoteLineInput(product=kettle, quantity=2))
    quote = quotes.send_quote(quote, actor=sales)

    assert quote.status == QuoteStatus.SENT and quote.sent_at
    assert Interaction.objects.filter(party=buyer, subject__contains=quote.number).exists()
    with pytest.raises(ValidationError):
        quotes.add_quote_line(quote, actor=sales, line=quotes.QuoteLineInput(product=kettle, quantity=1))
    with pytest.raises(ValidationError):
        quotes.update_quote(quote, actor=sales, terms="改了")


def test_revising_makes_a_new_version_and_keeps_the_old_one_unchanged(sales: User, kettle: Any) -> None:
    first = sent(customer(), sales, kettle)

    second = quotes.revise_quote(first, actor=sales)
    quotes.update_quote_line(second.lines.get(), actor=sales, quantity=20, unit_price="190")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, second.version, second.status) == (first.number, 2, QuoteStatus.DRAFT)
    assert first.status == QuoteStatus.SUPERSEDED
    assert first.lines.get().quantity == Decimal("10") and first.total_net == Decimal("2000.00")
    assert second.total_net == Decimal("3800.00")
    assert [q.version for q in quotes.quote_versions(first)] == [2, 1]
    with pytest.raises(ValidationError):
        quotes.revise_quote(first, actor=sales)  # only the latest version is revised
    with pytest.raises(ValidationError):
        quotes.send_quote(first, actor=sales)
    assert Event.objects.filter(name="quote.revised").count() == 1


def test_accepting_places_the_order_starts_its_flow_and_wins_the_deal(sales: User, kettle: Any) -> None:
    prospect = PartyFactory.create(roles=[PartyRoleType.PROSPECT])
    deal = opportunity(prospect, owner=sales)
    quote = sent(prospect, sales, kettle, opportunity=deal)

    order = placing.place_order_from_quote(
        quote, actor=sales, requested_date=timezone.localdate() + timedelta(days=7)
    )

    quote.refresh_from_db()
    deal.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED and quote.order == order
    assert order.customer == prospect and order.total_net == quote.total_net
    assert [(line.product, line.quantity, line.unit_price) for line in order.lines.all()] == [
        (kettle, Decimal("10.000"), Decimal("200.00"))
    ]
    assert order.stage == "received" and order.stages.exists()  # the flow started with the order
    assert not Event.objects.filter(name="order.status_changed").exists()
    assert deal.step.is_won and deal.probability == 100
    assert PartyRoleType.CUSTOMER in prospect.role_codes and PartyRoleType.PROSPECT not in prospect.role_codes
    names = set(Event.objects.values_list("name", flat=True))
    assert {"quote.accepted", "sales_order.placed", "opportunity.won"} <= names


def test_accepting_twice_is_refused_and_places_one_order(sales: User, kettle: Any) -> None:
    quote = sent(customer(), sales, kettle)
    quotes.accept_quote_as_order(quote, actor=sales)

    with pytest.raises(ValidationError) as error:
        quotes.accept_quote_as_order(quote, actor=sales)

    assert "already accepted" in " ".join(error.value.message_dict["status"])
    assert SalesOrder.objects.count() == 1


def test_an_expired_quote_cannot_be_accepted(sales: User, kettle: Any) -> None:
    quote = sent(customer(), sales, kettle, valid_until=timezone.localdate())
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        quotes.accept_quote_as_order(quote, actor=sales)
    assert "valid_until" in error.value.message_dict

    assert quotes.expire_overdue_quotes() == 1
    assert quotes.expire_overdue_quotes() == 0  # safe to run twice
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.EXPIRED
    with pytest.raises(ValidationError):
        quotes.accept_quote_as_order(quote, actor=sales)
    assert not SalesOrder.objects.exists()
    assert quotes.revise_quote(quote, actor=sales).valid_until > timezone.localdate()


def test_a_draft_or_rejected_quote_cannot_be_accepted(sales: User, kettle: Any) -> None:
    buyer = customer()
    with pytest.raises(ValidationError):
        quotes.accept_quote_as_order(draft(buyer, sales, kettle), actor=sales)
    rejected = quotes.reject_quote(sent(buyer, sales, kettle), actor=sales, reason="太贵")
    assert rejected.status == QuoteStatus.REJECTED and rejected.reject_reason == "太贵"
    with pytest.raises(ValidationError):
        quotes.accept_quote_as_order(rejected, actor=sales)
    assert not SalesOrder.objects.exists()


def test_who_may_accept(make_user: Callable[..., User], kettle: Any) -> None:
    owner, marketing, reader = make_user(Role.SALES), make_user(Role.MARKETING), make_user(Role.READ_ONLY)
    quote = sent(customer(), owner, kettle)

    for actor in (reader, make_user(Role.SALES), marketing):  # marketing may quote but not place orders
        with pytest.raises(access.PermissionDenied):
            quotes.accept_quote_as_order(quote, actor=actor)

    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.SENT
    assert not SalesOrder.objects.exists()
