"""Races on PostgreSQL: two people accepting the same quote, or moving the same card, at once.
Exactly one wins; the other gets a clear refusal and nothing is written twice."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.fulfilment.services.orders import place_order_from_quote
from catena.sales.models import Opportunity, Quote, SalesOrder
from catena.sales.services import opportunities, quotes
from catena.sales.tests.factories import ProductFactory, customer, opportunity
from catena.tests.race import RACE_MARKS, race

pytestmark = RACE_MARKS


def staff(role: str, name: str) -> User:
    return User.objects.create_user(username=name, password="pass-Catena-2026", role=role)


def test_two_people_accepting_the_same_quote_place_one_order() -> None:
    sales, manager = staff(Role.SALES, "s1"), staff(Role.MANAGER, "m1")
    product = ProductFactory.create(list_price=Decimal("10"))
    for _round in range(3):
        quote = quotes.send_quote(
            quotes.create_quote(
                customer(), actor=sales, lines=[quotes.QuoteLineInput(product=product, quantity=1)]
            ),
            actor=sales,
        )

        results = race(
            lambda q=quote: place_order_from_quote(q, actor=sales),
            lambda q=quote: place_order_from_quote(q, actor=manager),
        )

        orders = [r for r in results if isinstance(r, SalesOrder)]
        refusals = [r for r in results if isinstance(r, ValidationError)]
        assert len(orders) == 1 and len(refusals) == 1, results
        assert SalesOrder.objects.filter(quotes=quote).count() == 1
        assert Quote.objects.get(pk=quote.pk).order == orders[0]
        assert Event.objects.filter(name="quote.accepted", subject_id=str(quote.pk)).count() == 1


def test_two_people_moving_the_same_card_one_wins() -> None:
    sales, manager = staff(Role.SALES, "s2"), staff(Role.MANAGER, "m2")
    deal = opportunity(owner=sales)

    results = race(
        lambda: opportunities.move_opportunity(deal, to="proposal", actor=sales, expected_version=1),
        lambda: opportunities.move_opportunity(
            deal, to="lost", actor=manager, expected_version=1, lost_reason="价格"
        ),
    )

    assert sum(isinstance(r, Opportunity) for r in results) == 1, results
    assert sum(isinstance(r, StaleVersion) for r in results) == 1, results
    fresh = Opportunity.objects.get(pk=deal.pk)
    assert fresh.version == 2 and fresh.step.code in ("proposal", "lost")
    assert Event.objects.filter(name="opportunity.stage_changed", subject_id=str(deal.pk)).count() == 1
