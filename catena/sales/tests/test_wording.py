"""What a new user read wrong on sales pages: the printed quote's addressee, figures in
scientific notation or ungrouped, and a won deal that kept its early estimate."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.fulfilment.services import orders as placing
from catena.parties.choices import PartyRoleType
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import Quote
from catena.sales.services import quotes
from catena.sales.services.opportunities import move_opportunity
from catena.sales.tests.factories import ProductFactory, customer, opportunity, step

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
ZH = {"accept-language": "zh-hans"}


@pytest.fixture
def big_quote(sales: User) -> Quote:
    machine = ProductFactory.create(sku="M-1", name="商用洗碗机", list_price=Decimal("126740.00"))
    return quotes.create_quote(
        customer(name="华东电器销售有限公司"),
        actor=sales,
        lines=[quotes.QuoteLineInput(product=machine, quantity=100, tax_rate_pct=Decimal("1E+1"))],
    )


def test_the_printed_quote_is_addressed_to_the_customer_in_chinese(
    logged_in: Login, sales: User, big_quote: Quote
) -> None:
    page = logged_in(sales).get(reverse("sales:quote_print", args=[big_quote.pk]), headers=ZH)

    body = page.content.decode()
    assert page.status_code == 200
    assert "<h2>致</h2>" in body and "截止日期" not in body
    assert "12,674,000.00" in body  # the net total, grouped as on English pages
    assert "E+" not in body


def test_the_printed_quote_in_english_says_to(logged_in: Login, sales: User, big_quote: Quote) -> None:
    body = logged_in(sales).get(reverse("sales:quote_print", args=[big_quote.pk])).content.decode()

    assert "<h2>To</h2>" in body and "12,674,000.00" in body


@pytest.mark.parametrize("headers", [{}, ZH])
def test_quote_and_board_amounts_read_grouped(
    logged_in: Login, sales: User, big_quote: Quote, headers: dict[str, str]
) -> None:
    opportunity(big_quote.customer, owner=sales, amount=Decimal("12674000"))
    client = logged_in(sales)

    quote_page = client.get(
        reverse("sales:quote_detail", args=[big_quote.pk]), headers=headers
    ).content.decode()
    board = client.get(reverse("sales:opportunity_board"), headers=headers).content.decode()

    assert "12,674,000.00" in quote_page and "12674000.00" not in quote_page
    assert "12,674,000.00" in board and "12674000.00" not in board


def test_a_won_deal_is_worth_the_accepted_quote(sales: User) -> None:
    kettle = ProductFactory.create(sku="K-9", name="电热水壶", list_price=Decimal("200.00"))
    prospect = PartyFactory.create(roles=[PartyRoleType.PROSPECT])
    deal = opportunity(prospect, owner=sales, amount=Decimal("100000"))
    quote = quotes.send_quote(
        quotes.create_quote(
            prospect,
            actor=sales,
            opportunity=deal,
            lines=[quotes.QuoteLineInput(product=kettle, quantity=10, tax_rate_pct=Decimal("13"))],
        ),
        actor=sales,
    )

    placing.place_order_from_quote(quote, actor=sales)

    deal.refresh_from_db()
    quote.refresh_from_db()
    assert deal.step.is_won
    assert deal.amount == quote.total_gross == Decimal("2260.00")
    assert deal.currency == quote.currency


def test_a_deal_already_closed_keeps_its_amount(sales: User) -> None:
    kettle: Any = ProductFactory.create(sku="K-8", list_price=Decimal("200.00"))
    buyer = customer()
    deal = opportunity(buyer, owner=sales, amount=Decimal("5000"))
    quote = quotes.send_quote(
        quotes.create_quote(
            buyer, actor=sales, opportunity=deal, lines=[quotes.QuoteLineInput(product=kettle, quantity=1)]
        ),
        actor=sales,
    )
    move_opportunity(deal, to=step("lost"), actor=sales, lost_reason="价格")

    placing.place_order_from_quote(quote, actor=sales)

    deal.refresh_from_db()
    assert deal.amount == Decimal("5000") and deal.step.is_lost
