"""The customer 360 above a party's tabs: revenue this year and last, open orders with their
stage, open quotes and opportunities, the last real contact and the next step; a supplier's and
a carrier's on-time rates; and the tabs of the party's orders, quotes, opportunities, purchase
orders, shipments, activities and files. Every figure counts only what its reader may see."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.comms.choices import Channel, InteractionKind
from catena.comms.models import Interaction
from catena.fulfilment.choices import PurchaseOrderStatus, ShipmentStatus
from catena.fulfilment.models import PurchaseOrder, Shipment
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order, user
from catena.parties import overview
from catena.parties.models import Party
from catena.sales.choices import OrderStatus, QuoteStatus
from catena.sales.models import Quote, SalesOrder
from catena.sales.overview import year_start
from catena.sales.tests.factories import opportunity, step
from catena.workspace.services import activities

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return build_chain()


def _page(client: Client, who: Any, party: Any, tab: str = "") -> Any:
    client.force_login(who)
    url = reverse("parties:party_detail", args=[party.pk]) + (f"?tab={tab}" if tab else "")
    return client.get(url)


def _card(response: Any, key: str) -> Any:
    found = [c for c in response.context["overview"] if c.key == key]
    return found[0] if found else None


def _figure(card: Any, label: str) -> Any:
    return next(f for f in card.figures if str(f.label) == label)


def _order(
    chain: Chain, net: str, *, ordered_at: Any = None, status: str = "", customer: Any = None
) -> SalesOrder:
    order = stock_order(chain, customer=customer)
    fields: dict[str, Any] = {"total_net": Decimal(net)}
    if ordered_at is not None:
        fields["ordered_at"] = ordered_at
    if status:
        fields["status"] = status
    SalesOrder.objects.filter(pk=order.pk).update(**fields)
    return SalesOrder.objects.get(pk=order.pk)


def test_revenue_counts_this_year_and_last_and_leaves_out_cancelled_orders(
    client: Client, chain: Chain
) -> None:
    now = timezone.now()
    last_year = year_start(now, 1) + timedelta(days=40)
    _order(chain, "1000.00")
    _order(chain, "250.50")
    _order(chain, "9999.00", status=OrderStatus.CANCELLED)
    _order(chain, "400.00", ordered_at=last_year)
    _order(chain, "77.00", ordered_at=year_start(now, 2))  # two years ago: neither figure
    _order(chain, "5000.00", customer=chain.other_customer)

    card = _card(_page(client, chain.sales, chain.customer), "sales")

    assert _figure(card, "Revenue this year").value == Decimal("1250.50")
    assert _figure(card, "Revenue last year").value == Decimal("400.00")
    assert _figure(card, "Revenue this year").currency == "CNY"
    assert f"?customer={chain.customer.pk}" in _figure(card, "Revenue this year").url


def test_open_quotes_and_opportunities_with_their_amounts(client: Client, chain: Chain) -> None:
    valid = timezone.localdate() + timedelta(days=30)
    Quote.objects.create(
        number="QT-1",
        customer=chain.customer,
        valid_until=valid,
        total_net=Decimal("300"),
        status=QuoteStatus.SENT,
    )
    Quote.objects.create(number="QT-2", customer=chain.customer, valid_until=valid, total_net=Decimal("200"))
    Quote.objects.create(
        number="QT-3",
        customer=chain.customer,
        valid_until=valid,
        total_net=Decimal("900"),
        status=QuoteStatus.REJECTED,
    )
    opportunity(chain.customer, amount=Decimal("10000"), probability=40)
    opportunity(chain.customer, amount=Decimal("9000"), probability=100, step=step("won"))

    response = _page(client, chain.sales, chain.customer)
    card = _card(response, "sales")

    quotes = _figure(card, "Open quotes")
    assert quotes.value == 2
    assert str(quotes.hint) == "1 awaiting an answer · 500.00"
    deals = _figure(card, "Open opportunities")
    assert deals.value == 1
    assert str(deals.hint) == "10,000.00, weighted 4,000.00"
    assert "10,000.00" in response.content.decode()


def test_open_orders_show_their_stage_and_the_late_ones_first(client: Client, chain: Chain) -> None:
    on_time = stock_order(chain)
    late = stock_order(chain)
    from catena.fulfilment.models import OrderStage

    OrderStage.objects.filter(order=late, state="active").update(due_at=timezone.now() - timedelta(days=2))
    _order(chain, "1.00", status=OrderStatus.CLOSED)

    card = _card(_page(client, chain.sales, chain.customer), "orders")

    assert _figure(card, "Open orders").value == 2
    assert _figure(card, "Late orders").value == 1
    assert _figure(card, "Late orders").tone == "late"
    assert [line.title for line in card.lines] == [late.number, on_time.number]
    assert card.lines[0].badge == "Late"
    assert card.lines[0].detail  # the stage the order waits in


def test_a_party_we_neither_sell_to_nor_order_from_has_no_sales_or_order_cards(
    client: Client, chain: Chain
) -> None:
    response = _page(client, chain.sales, chain.carrier)
    keys = [c.key for c in response.context["overview"]]
    assert "sales" not in keys and "orders" not in keys and "supplier" not in keys
    assert "carrier" in keys and "contact" in keys


def test_a_suppliers_on_time_rate_counts_received_purchase_orders_against_their_promise(
    client: Client, chain: Chain
) -> None:
    today = timezone.localdate()
    now = timezone.now()

    def po(number: str, status: str, **fields: Any) -> PurchaseOrder:
        fields.setdefault("needed_by", today - timedelta(days=10))
        return PurchaseOrder.objects.create(
            number=number, supplier=chain.supplier, status=status, buyer=chain.purchasing, **fields
        )

    po(
        "PO-1",
        PurchaseOrderStatus.RECEIVED,
        promised_date=today - timedelta(days=20),
        received_at=now - timedelta(days=21),
    )
    po(
        "PO-2",
        PurchaseOrderStatus.RECEIVED,
        promised_date=today - timedelta(days=20),
        received_at=now - timedelta(days=15),
    )
    po("PO-3", PurchaseOrderStatus.RECEIVED, received_at=now - timedelta(days=12))  # on time by its need date
    po("PO-4", PurchaseOrderStatus.RECEIVED, received_at=now - timedelta(days=500))  # outside the year
    po(
        "PO-5",
        PurchaseOrderStatus.CONFIRMED,
        promised_date=today - timedelta(days=1),
        total_net=Decimal("120"),
    )
    po("PO-6", PurchaseOrderStatus.SENT, needed_by=today + timedelta(days=9), total_net=Decimal("80"))
    PurchaseOrder.objects.create(
        number="PO-X", supplier=chain.other_supplier, status=PurchaseOrderStatus.SENT, needed_by=today
    )

    card = _card(_page(client, chain.purchasing, chain.supplier), "supplier")

    assert _figure(card, "Open purchase orders").value == 2
    assert _figure(card, "Open purchase orders").hint == "200.00"
    assert _figure(card, "Late purchase orders").value == 1
    rate = _figure(card, "Delivered on time")
    assert rate.value == Decimal("66.7")
    assert str(rate.hint) == "2 of 3 received in the last 12 months"
    assert [line.title for line in card.lines] == ["PO-5"]


def test_a_carriers_on_time_rate_and_its_exceptions(client: Client, chain: Chain) -> None:
    order = stock_order(chain)
    now = timezone.now()

    def shipment(number: str, status: str, **fields: Any) -> Shipment:
        return Shipment.objects.create(
            number=number, sales_order=order, carrier=chain.carrier, status=status, **fields
        )

    shipment(
        "SH-1",
        ShipmentStatus.DELIVERED,
        promised_delivery_at=now - timedelta(days=3),
        delivered_at=now - timedelta(days=4),
    )
    shipment(
        "SH-2",
        ShipmentStatus.DELIVERED,
        promised_delivery_at=now - timedelta(days=3),
        delivered_at=now - timedelta(days=2),
    )
    shipment(
        "SH-3", ShipmentStatus.DELIVERED, delivered_at=now - timedelta(days=2)
    )  # no promise: not measured
    shipment("SH-4", ShipmentStatus.EXCEPTION, tracking_number="SF123")
    shipment("SH-5", ShipmentStatus.IN_TRANSIT)

    response = _page(client, chain.logistics, chain.carrier)
    card = _card(response, "carrier")

    assert _figure(card, "Open shipments").value == 2
    assert _figure(card, "Exceptions").value == 1
    assert _figure(card, "Delivered on time").value == Decimal("50.0")
    assert [line.title for line in card.lines] == ["SH-4"]
    assert "50 %" in response.content.decode()


def test_the_last_real_contact_ignores_system_entries_and_overdue_steps_stand_out(
    client: Client, chain: Chain
) -> None:
    now = timezone.now()
    Interaction.objects.create(
        party=chain.customer,
        channel=Channel.PHONE,
        subject="谈年度框架合同",
        occurred_at=now - timedelta(days=3),
        author=chain.sales,
    )
    Interaction.objects.create(
        party=chain.customer,
        channel=Channel.NOTE,
        kind=InteractionKind.SYSTEM,
        subject="Stage moved",
        occurred_at=now,
    )
    activities.schedule_activity(
        chain.customer, actor=chain.sales, subject="回电确认交期", due_at=now - timedelta(days=1)
    )
    activities.schedule_activity(
        chain.customer, actor=chain.sales, subject="拜访仓库", due_at=now + timedelta(days=2)
    )

    card = _card(_page(client, chain.sales, chain.customer), "contact")

    last = _figure(card, "Last contact")
    assert abs(last.value - (now - timedelta(days=3))) < timedelta(seconds=1)
    assert "谈年度框架合同" in str(last.hint)
    assert _figure(card, "Overdue activities").value == 1
    assert [line.title for line in card.lines] == ["回电确认交期", "拜访仓库"]
    assert card.lines[0].tone == "late"


def test_a_party_nobody_talked_to_says_so(client: Client, chain: Chain) -> None:
    card = _card(_page(client, chain.sales, chain.other_customer), "contact")
    last = _figure(card, "Last contact")
    assert last.value is None and last.tone == "warn"
    assert str(last.hint) == "no contact recorded yet"


def test_tabs_follow_the_partys_roles(client: Client, chain: Chain) -> None:
    def names(party: Any) -> list[str]:
        return [name for name, _label in _page(client, chain.manager, party).context["tabs"]]

    customer_tabs = names(chain.customer)
    assert (
        customer_tabs.index("addresses")
        < customer_tabs.index("orders")
        < customer_tabs.index("relationships")
    )
    assert {"orders", "quotes", "opportunities", "activities", "files"} <= set(customer_tabs)
    assert "purchase_orders" not in customer_tabs and "shipments" not in customer_tabs
    assert "purchase_orders" in names(chain.supplier) and "orders" not in names(chain.supplier)
    assert "shipments" in names(chain.carrier)


def test_the_orders_tab_lists_the_partys_orders_and_links_to_the_whole_list(
    client: Client, chain: Chain
) -> None:
    mine = stock_order(chain)
    theirs = stock_order(chain, customer=chain.other_customer)
    client.force_login(chain.sales)
    url = reverse("parties:party_detail", args=[chain.customer.pk]) + "?tab=orders"

    response = client.get(url, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert mine.number in body and theirs.number not in body
    assert f"/orders/?customer={chain.customer.pk}" in body
    assert "overview" not in response.context  # a tab switch does not recompute the cards


def test_the_quotes_and_opportunities_tabs(client: Client, chain: Chain) -> None:
    valid = timezone.localdate() + timedelta(days=30)
    Quote.objects.create(
        number="QT-77", customer=chain.customer, valid_until=valid, total_net=Decimal("12674000")
    )
    Quote.objects.create(number="QT-78", customer=chain.other_customer, valid_until=valid)
    opportunity(chain.customer, name="华东年度框架")

    quotes = _page(client, chain.sales, chain.customer, "quotes").content.decode()
    deals = _page(client, chain.sales, chain.customer, "opportunities").content.decode()

    assert "QT-77" in quotes and "QT-78" not in quotes and "12,674,000.00" in quotes
    assert f"/sales/quotes/new/?customer={chain.customer.pk}" in quotes
    assert "华东年度框架" in deals


def test_the_quote_list_filters_by_customer(client: Client, chain: Chain) -> None:
    valid = timezone.localdate() + timedelta(days=30)
    Quote.objects.create(number="QT-81", customer=chain.customer, valid_until=valid)
    Quote.objects.create(number="QT-82", customer=chain.other_customer, valid_until=valid)
    client.force_login(chain.sales)

    body = client.get(reverse("sales:quote_list"), {"customer": chain.customer.pk}).content.decode()
    assert "QT-81" in body and "QT-82" not in body
    bad = client.get(reverse("sales:quote_list"), {"customer": "x"})
    assert bad.status_code == 200  # an unreadable filter is ignored, not a 500


def test_the_activities_tab_keeps_done_ones_with_their_outcome(client: Client, chain: Chain) -> None:
    done = activities.schedule_activity(
        chain.customer, actor=chain.sales, subject="报价跟进", due_at=timezone.now()
    )
    activities.complete_activity(done, actor=chain.sales, outcome="客户同意下周下单")

    body = _page(client, chain.sales, chain.customer, "activities").content.decode()

    assert "报价跟进" in body and "客户同意下周下单" in body


def test_the_files_tab_holds_the_upload_panel(client: Client, chain: Chain) -> None:
    body = _page(client, chain.sales, chain.customer, "files").content.decode()
    assert 'data-testid="files-panel"' in body


def test_an_unknown_tab_opens_the_profile(client: Client, chain: Chain) -> None:
    response = _page(client, chain.sales, chain.supplier, "orders")  # not a tab of a supplier
    assert response.status_code == 200 and response.context["tab"] == "profile"


def test_portal_users_never_see_a_partys_overview(client: Client, chain: Chain) -> None:
    stock_order(chain, customer=chain.other_customer)
    account = portal_user(chain.customer, Role.PORTAL_CUSTOMER)
    for party in (chain.customer, chain.other_customer):
        client.force_login(account)
        response = client.get(reverse("parties:party_detail", args=[party.pk]))
        assert response.status_code in (302, 403, 404)
        assert b"party-overview" not in response.content


def test_what_we_pay_a_supplier_is_shown_only_to_those_who_read_costs(client: Client, chain: Chain) -> None:
    PurchaseOrder.objects.create(
        number="PO-S",
        supplier=chain.supplier,
        status=PurchaseOrderStatus.SENT,
        needed_by=timezone.localdate(),
        total_net=Decimal("4321.00"),
    )
    supplier = Party.objects.get(pk=chain.supplier.pk)  # as the page reads it: roles from the mask
    buyer = {c.key: c for c in overview.cards_for(chain.purchasing, supplier)}
    seller = {c.key: c for c in overview.cards_for(chain.sales, supplier)}
    marketer = {c.key: c for c in overview.cards_for(user(Role.MARKETING), supplier)}

    assert _figure(buyer["supplier"], "Open purchase orders").hint == "4,321.00"
    assert _figure(seller["supplier"], "Open purchase orders").value == 1
    assert _figure(seller["supplier"], "Open purchase orders").hint == ""
    assert "supplier" not in marketer  # marketing reads no purchase orders at all
    assert "4,321.00" not in _page(client, chain.sales, chain.supplier, "purchase_orders").content.decode()
    assert "4,321.00" in _page(client, chain.purchasing, chain.supplier, "purchase_orders").content.decode()


def test_the_page_with_its_overview_reads_a_bounded_number_of_queries(
    client: Client, chain: Chain, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        stock_order(chain)
    client.force_login(chain.manager)
    url = reverse("parties:party_detail", args=[chain.customer.pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_a_closed_order_is_not_said_to_be_waiting_for_its_stage(client: Client, chain: Chain) -> None:
    active = stock_order(chain)
    closed = _order(chain, "10.00", status=OrderStatus.CLOSED)
    from catena.fulfilment.models import OrderStage

    stage = OrderStage.objects.filter(order=closed, code=closed.stage).values_list("name", flat=True).first()
    assert stage
    client.force_login(chain.sales)
    for url in (
        reverse("parties:party_detail", args=[chain.customer.pk]) + "?tab=orders",
        reverse("fulfilment:order_list"),
    ):
        body = client.get(url).content.decode()
        row = body[body.index(closed.number) :].split("</tr>")[0]
        assert "Awaiting" not in row and stage in row
        active_row = body[body.index(active.number) :].split("</tr>")[0]
        assert "Awaiting" in active_row
