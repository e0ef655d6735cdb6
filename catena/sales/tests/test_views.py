"""The pipeline pages: leads, the board with its htmx moves, the weighted pipeline, quotes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.models import PortalAccess
from catena.sales.choices import QuoteStatus
from catena.sales.models import Lead, Opportunity, Quote, SalesOrder
from catena.sales.services import quotes
from catena.sales.tests.factories import LeadFactory, ProductFactory, customer, opportunity, step
from catena.sales.views.quotes import order_url

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
Login = Callable[[User], Client]


def test_lead_pages_list_create_and_show_errors(logged_in: Login, sales: User) -> None:
    client = logged_in(sales)
    empty = client.get(reverse("sales:lead_list"))
    assert empty.status_code == 200 and "No leads yet" in empty.content.decode()

    bad = client.post(
        reverse("sales:lead_create"),
        {"company": "", "contact_name": "", "phone": "12", "source": "web_form", "currency": "CNY"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors.keys() >= {"company", "phone"}
    assert not Lead.objects.exists()

    created = client.post(
        reverse("sales:lead_create"),
        {
            "company": "厦门海景贸易",
            "phone": "13800138000",
            "source": "web_form",
            "currency": "CNY",
            "owner": sales.pk,
        },
    )
    lead = Lead.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("sales:lead_detail", args=[lead.pk])
    listed = client.get(reverse("sales:lead_list"), {"q": "海景"}, headers=HTMX)
    assert "厦门海景贸易" in listed.content.decode() and "<html" not in listed.content.decode()


def test_lead_detail_converts_to_an_opportunity(logged_in: Login, sales: User) -> None:
    lead = LeadFactory.create(owner=sales, company="青岛蓝海食品")
    client = logged_in(sales)

    page = client.get(reverse("sales:lead_detail", args=[lead.pk]))
    assert page.status_code == 200 and 'data-testid="convert"' in page.content.decode()
    missing = client.post(reverse("sales:lead_disqualify", args=[lead.pk]), {"reason": ""})
    assert missing.status_code == 200 and missing.context["disqualify_form"].errors
    response = client.post(reverse("sales:lead_convert", args=[lead.pk]), {"opportunity_name": "冷链设备"})

    deal = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sales:opportunity_detail", args=[deal.pk]
    )
    assert deal.name == "冷链设备" and deal.party.name == "青岛蓝海食品"
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "冷链设备" in detail.content.decode()


def test_the_board_shows_columns_and_cards(logged_in: Login, sales: User) -> None:
    opportunity(name="深圳项目", owner=sales, amount=Decimal("12345"))
    opportunity(name="已赢项目", step=step("won"))

    response = logged_in(sales).get(reverse("sales:opportunity_board"))

    body = response.content.decode()
    assert response.status_code == 200
    assert [c.step.code for c in response.context["columns"]] == [
        "qualification", "needs_analysis", "proposal", "negotiation", "won", "lost",
    ]  # fmt: skip
    assert "深圳项目" in body and "12,345" in body and "已赢项目" in body
    assert 'class="board"' in body


def test_moving_a_card_with_htmx_returns_the_new_board(logged_in: Login, sales: User) -> None:
    deal = opportunity(owner=sales)
    client = logged_in(sales)
    url = reverse("sales:opportunity_move", args=[deal.pk])

    moved = client.post(url, {"step": step("negotiation").pk, "version": 1}, headers=HTMX)

    assert moved.status_code == 200 and "<html" not in moved.content.decode()
    deal.refresh_from_db()
    assert deal.step.code == "negotiation" and deal.probability == 75
    body = moved.content.decode()
    column = body[body.index('data-step="negotiation"') : body.index('data-step="won"')]
    assert f'data-testid="card-{deal.pk}"' in column

    stale = client.post(url, {"step": step("proposal").pk, "version": 1}, headers=HTMX)
    assert "Somebody else moved this deal" in stale.content.decode()
    lost = client.post(url, {"step": step("lost").pk, "version": 2}, headers=HTMX)
    assert (
        'name="lost_reason"' in lost.content.decode() and "Say why the deal was lost" in lost.content.decode()
    )
    assert Opportunity.objects.get(pk=deal.pk).step.code == "negotiation"
    done = client.post(url, {"step": step("lost").pk, "version": 2, "lost_reason": "预算取消"}, headers=HTMX)
    assert done.status_code == 200 and Opportunity.objects.get(pk=deal.pk).lost_reason == "预算取消"


def test_others_cannot_move_a_card(logged_in: Login, make_user: Callable[..., User]) -> None:
    deal = opportunity(owner=make_user(Role.SALES))
    intruder = make_user(Role.SALES)

    response = logged_in(intruder).post(
        reverse("sales:opportunity_move", args=[deal.pk]),
        {"step": step("won").pk, "version": 1},
        headers=HTMX,
    )

    assert response.status_code == 403
    assert Opportunity.objects.get(pk=deal.pk).step.code == "qualification"


def test_portal_users_are_refused_every_pipeline_page(
    logged_in: Login, make_user: Callable[..., User]
) -> None:
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=customer())
    client = logged_in(portal)

    for name in ("sales:lead_list", "sales:opportunity_board", "sales:pipeline", "sales:quote_list"):
        assert client.get(reverse(name)).status_code == 403


def test_the_pipeline_page_has_its_chart_and_owner_table(
    logged_in: Login, manager: User, sales: User
) -> None:
    client = logged_in(manager)
    assert "No open deals" in client.get(reverse("sales:pipeline")).content.decode()
    opportunity(owner=sales, amount=Decimal("2000"), probability=50, expected_close=date(2027, 5, 1))

    response = client.get(reverse("sales:pipeline"))

    body = response.content.decode()
    assert "data-pipeline-chart" in body and 'id="pipeline-data"' in body
    assert response.context["chart_data"]["months"] == ["2027-05"]
    assert response.context["chart_data"]["series"] == [{"name": "CNY", "data": [1000.0]}]
    assert sales.display_name in body


def test_quote_pages_add_lines_with_htmx_send_and_accept(logged_in: Login, sales: User) -> None:
    ProductFactory.create(sku="TV-55", list_price=Decimal("3000.00"))
    buyer = customer()
    client = logged_in(sales)
    created = client.post(reverse("sales:quote_create"), {"customer": buyer.pk, "owner": sales.pk})
    quote = Quote.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "sales:quote_detail", args=[quote.pk]
    )

    bad = client.post(
        reverse("sales:quote_line_add", args=[quote.pk]),
        {"sku": "NOPE", "quantity": "0", "tax_rate_pct": "13"},
        headers=HTMX,
    )
    assert bad.status_code == 200 and "No product has this SKU" in bad.content.decode()
    added = client.post(
        reverse("sales:quote_line_add", args=[quote.pk]),
        {"sku": "tv-55", "quantity": "2", "tax_rate_pct": "13"},
        headers=HTMX,
    )
    assert "6,000.00" in added.content.decode() and "<html" not in added.content.decode()

    client.post(reverse("sales:quote_send", args=[quote.pk]))
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.SENT
    detail = client.get(reverse("sales:quote_detail", args=[quote.pk]))
    assert 'data-testid="accept"' in detail.content.decode()
    accepted = client.post(reverse("quote_accept", args=[quote.pk]), {"order_type": "make_to_stock"})

    order = SalesOrder.objects.get()
    assert accepted.status_code == 302
    assert accepted["Location"] == order_url(
        order, quote
    )  # the order page (the quote page without fulfilment)
    assert Quote.objects.get(pk=quote.pk).order == order
    printable = client.get(reverse("sales:quote_print", args=[quote.pk]))
    assert (
        printable.status_code == 200
        and "@page" not in printable.content.decode()
        and "TV-55" in printable.content.decode()
    )


def test_quote_page_refuses_a_second_acceptance_with_a_message(logged_in: Login, sales: User) -> None:
    product = ProductFactory.create()
    quote = quotes.send_quote(
        quotes.create_quote(
            customer(), actor=sales, lines=[quotes.QuoteLineInput(product=product, quantity=1)]
        ),
        actor=sales,
    )
    quotes.accept_quote_as_order(quote, actor=sales)

    response = logged_in(sales).post(
        reverse("quote_accept", args=[quote.pk]), {"order_type": "make_to_stock"}, follow=True
    )

    assert "already accepted" in response.content.decode()
    assert SalesOrder.objects.count() == 1


def test_quote_form_errors_and_revision_page(logged_in: Login, sales: User) -> None:
    client = logged_in(sales)
    bad = client.post(reverse("sales:quote_create"), {"customer": "", "valid_until": "2000-01-01"})
    assert bad.status_code == 200 and "customer" in bad.context["form"].errors
    product = ProductFactory.create()
    quote = quotes.send_quote(
        quotes.create_quote(
            customer(),
            actor=sales,
            valid_until=timezone.localdate() + timedelta(days=3),
            lines=[quotes.QuoteLineInput(product=product, quantity=1)],
        ),
        actor=sales,
    )

    revised = client.post(reverse("sales:quote_revise", args=[quote.pk]))

    new = Quote.objects.get(number=quote.number, version=2)
    assert revised["Location"] == reverse("sales:quote_detail", args=[new.pk])
    page = client.get(reverse("sales:quote_detail", args=[quote.pk])).content.decode()
    assert "Read-only" in page and 'data-testid="add-line"' not in page
    assert 'data-testid="add-line"' in client.get(revised["Location"]).content.decode()


def test_lists_use_a_fixed_number_of_queries(
    logged_in: Login, manager: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        LeadFactory.create()
        opportunity()
    client = logged_in(manager)
    client.get(reverse("sales:lead_list"))

    with django_assert_max_num_queries(12):
        client.get(reverse("sales:lead_list"))
    with django_assert_max_num_queries(20):
        client.get(reverse("sales:opportunity_board"))
