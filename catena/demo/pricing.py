"""Demo customer pricing: three price lists with quantity breaks, and the sales terms of a share
of the customers, distributors and retailers, most of them naming one of the lists.

- 一级经销商价 (distributors): open-ended since the start of the year; about 70 % of the goods
  (a third of the products at scale 1), 12–22 % below list price. Most distributors are on it.
- 大客户协议价 (key accounts): an agreement that started months ago and ends in a few months;
  about 55 % of the goods, 6–14 % below list price. Most strategic and key accounts are on it.
- 华东零售价 (retailers in East China): ended last month, so it shows "not valid today" and its
  customers pay list prices meanwhile; about 45 % of the goods, 3–8 % below list price.

Each priced product has one to three quantity breaks, each a few per cent cheaper than the one
before, never below its standard cost plus a small margin (a thin margin also caps the list's
discount). Only goods we sell on are priced, never the materials we buy. About a sixth to a fifth of the customer-like parties get terms (a
few without a list: a negotiated discount and payment terms only); private persons and archived
or blocked parties get none.

The lists are fixed in number, like the catalog: an appended run keeps lists of the same name as
they are and gives the new parties terms on them. Terms are written with each chunk of parties.
Like the parties, the catalog and contracts, none of these rows gets a field-history record.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.core.money import default_currency, quantize
from catena.demo import bulk
from catena.demo.demand import CUSTOMER_ROLES, TIER_TERMS
from catena.demo.drafts import Draft
from catena.demo.places import REGION_OF_PROVINCE
from catena.demo.products import MATERIAL_GROUPS
from catena.parties.choices import PartyRoleType as R
from catena.parties.choices import PartyStatus, PartyTier
from catena.sales.choices import PaymentTerms
from catena.sales.models import CustomerTerms

Row = dict[str, Any]
DISTRIBUTOR, AGREEMENT, RETAIL = "distributor", "agreement", "retail"
RETAIL_REGION = "华东"
KEY_TIERS = frozenset({PartyTier.STRATEGIC, PartyTier.KEY})
WITH_TERMS = frozenset({PartyStatus.ACTIVE, PartyStatus.DORMANT})
MARGIN_FLOOR = Decimal("1.04")  # no price below the standard cost plus this margin
# chance that an eligible party gets terms: on its group's list, or (others) without a list
TERMS_SHARE: dict[str | None, float] = {DISTRIBUTOR: 0.8, AGREEMENT: 0.75, RETAIL: 0.5, None: 0.08}
# standard discount % on top of the list (whole per cent)
DISCOUNTS: dict[str | None, tuple[int, ...]] = {
    DISTRIBUTOR: (0, 0, 0, 1, 2, 3),
    AGREEMENT: (0, 1, 2, 3, 5),
    RETAIL: (0, 0, 1, 2),
    None: (2, 3, 4, 5, 6, 8),
}
# payment terms of the distributors and retailers on a list (the others': by tier, as orders have)
RETAIL_TERMS: tuple[str, ...] = (PaymentTerms.NET_30, PaymentTerms.PREPAID)
DISTRIBUTOR_TERMS: dict[bool, tuple[str, ...]] = {
    True: (PaymentTerms.NET_60, PaymentTerms.MONTH_END_30),  # strategic and key distributors
    False: (PaymentTerms.NET_30, PaymentTerms.MONTH_END_30),
}


@dataclass(frozen=True)
class ListPlan:
    key: str
    name: str
    share: float  # of the goods it prices
    discount: tuple[float, float]  # below the list price, %
    breaks: tuple[int, int, int]  # weights of one, two and three quantity breaks
    notes: str


PLANS = (
    ListPlan(DISTRIBUTOR, "一级经销商价", 0.7, (12, 22), (20, 40, 40), "一级经销商统一供货价，按季度复核。"),
    ListPlan(AGREEMENT, "大客户协议价", 0.55, (6, 14), (30, 40, 30), "年度框架协议价，到期前一个月启动续签。"),
    ListPlan(RETAIL, "华东零售价", 0.45, (3, 8), (50, 35, 15), "华东区零售指导价，已到期，新一期价格审批中。"),
)  # fmt: skip


def _month_start(day: date, months: int) -> date:
    """The first day of the month ``months`` after (before, if negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def periods(today: date) -> dict[str, tuple[date | None, date | None]]:
    """Each list's validity: the distributor list since New Year with no end, the agreement from
    seven months ago to the end of the third month ahead, the retail list ended last month."""
    return {
        DISTRIBUTOR: (date(today.year, 1, 1), None),
        AGREEMENT: (_month_start(today, -7), _month_start(today, 4) - timedelta(days=1)),
        RETAIL: (_month_start(today, -14), _month_start(today, 0) - timedelta(days=1)),
    }


def _ladder(list_price: Decimal) -> tuple[int, int]:
    """The quantities from which the second and third breaks apply: fewer units of dear goods."""
    if list_price >= 2000:
        return (5, 20)
    if list_price >= 500:
        return (10, 50)
    if list_price >= 100:
        return (20, 100)
    return (50, 200)


def _rounded(amount: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Whole yuan from 100 yuan on, ten fen below."""
    step = Decimal(1) if amount >= 100 else Decimal("0.1")
    return quantize((amount / step).to_integral_value(rounding) * step)


def quantity_breaks(
    rng: random.Random, plan: ListPlan, list_price: Decimal, cost: Decimal | None
) -> list[tuple[Decimal, Decimal]]:
    """``(from quantity, unit price)`` of one product on ``plan``'s list, cheaper the more is
    bought; empty when the list price leaves no room for a discount. No price goes below the
    floor (the standard cost plus a small margin)."""
    floor = _rounded((cost or list_price * Decimal("0.7")) * MARGIN_FLOOR, ROUND_CEILING)
    room = (1 - floor / list_price) * 100  # the largest discount, %
    discount = min(Decimal(str(round(rng.uniform(*plan.discount), 1))), room * Decimal("0.6"))
    price = _rounded(list_price * (100 - discount) / 100)
    if not floor <= price < list_price:
        return []
    breaks = [(Decimal(1), price)]
    count = rng.choices((1, 2, 3), weights=plan.breaks)[0]
    for quantity in _ladder(list_price)[: count - 1]:
        cheaper = max(floor, _rounded(price * (1 - Decimal(str(round(rng.uniform(2, 6), 1))) / 100)))
        if cheaper >= price:
            break
        price = cheaper
        breaks.append((Decimal(quantity), price))
    return breaks


class PricingSeeder:
    """Creates the price lists once (:meth:`create_price_lists`), then the terms of each chunk of
    parties as it is written (:meth:`write_terms`)."""

    def __init__(
        self, rng: random.Random, *, today: date, clock: datetime, add: Callable[[str, int], None]
    ) -> None:
        self.rng = rng
        self.clock = clock  # every moment written lies before it
        self.add = add
        self.periods = periods(today)
        self.list_ids: dict[str, int] = {}
        self.created: dict[str, datetime] = {}
        retail_end = self.periods[RETAIL][1]
        assert retail_end is not None
        self.retail_end = timezone.make_aware(datetime.combine(retail_end, time(18)))

    def create_price_lists(self) -> None:
        """The three lists with their prices; lists of the same name already there stay as they are."""
        rng = self.rng
        existing = dict(PriceList.objects.filter(name__in=[p.name for p in PLANS]).values_list("name", "id"))
        goods = self._goods()
        lists: list[Row] = []
        items: list[Row] = []
        for plan, pk in zip(PLANS, bulk.allocate_ids(PriceList, len(PLANS)), strict=True):
            start, end = self.periods[plan.key]
            assert start is not None
            created = timezone.make_aware(
                datetime.combine(start - timedelta(days=rng.randint(10, 30)), time(rng.randint(9, 17)))
            )
            updated = min(self.clock, created + timedelta(days=rng.randint(1, 60), hours=rng.uniform(0, 8)))
            chosen = sorted(rng.sample(goods, round(plan.share * len(goods))))
            breaks = [
                (product_id, quantity, price)
                for product_id, list_price, cost in chosen
                for quantity, price in quantity_breaks(rng, plan, list_price, cost)
            ]
            self.created[plan.key] = created
            if plan.name in existing:
                self.list_ids[plan.key] = existing[plan.name]
                continue
            self.list_ids[plan.key] = pk
            lists.append(
                {
                    "id": pk,
                    "name": plan.name,
                    "currency": default_currency(),
                    "valid_from": start,
                    "valid_until": end,
                    "is_active": True,
                    "notes": plan.notes,
                    "created_at": created,
                    "updated_at": updated,
                }  # fmt: skip
            )
            items += [
                {"price_list_id": pk, "product_id": product_id, "min_quantity": quantity, "unit_price": price}
                for product_id, quantity, price in breaks
            ]
        self.add("price_lists", bulk.insert_rows(PriceList, lists))
        self.add("price_list_items", bulk.insert_rows(PriceListItem, items))

    @staticmethod
    def _goods() -> list[tuple[int, Decimal, Decimal | None]]:
        """Active goods we sell on with a list price: ``(id, list price, standard cost)``."""
        rows = (
            Product.objects.filter(is_active=True, list_price__gt=0)
            .order_by("id")
            .values_list("id", "list_price", "standard_cost", "category__name", "category__parent__name")
        )
        return [
            (pk, price, cost)
            for pk, price, cost, category, group in rows
            if price is not None and (group or category) not in MATERIAL_GROUPS
        ]

    def write_terms(self, drafts: Sequence[Draft]) -> None:
        """The sales terms of the parties just written (``drafts``, with their ids)."""
        rows = [row for draft in drafts if (row := self._terms(draft)) is not None]
        self.add("customer_terms", bulk.insert_rows(CustomerTerms, rows))

    def _group(self, draft: Draft) -> str | None:
        """Which list the party would be on (None: terms without a list)."""
        party = draft.party
        if R.DISTRIBUTOR in draft.roles:
            return DISTRIBUTOR
        if party.tier in KEY_TIERS:
            return AGREEMENT
        if (
            R.RETAILER in draft.roles
            and REGION_OF_PROVINCE.get(party.province) == RETAIL_REGION
            and party.created_at < self.retail_end
        ):
            return RETAIL
        return None

    def _terms(self, draft: Draft) -> Row | None:
        party = draft.party
        if draft.is_person or party.status not in WITH_TERMS or not set(draft.roles) & set(CUSTOMER_ROLES):
            return None
        rng = self.rng
        group = self._group(draft)
        if rng.random() >= TERMS_SHARE[group]:
            return None
        choices: tuple[str, ...]
        if group == DISTRIBUTOR:
            choices = DISTRIBUTOR_TERMS[party.tier in KEY_TIERS]
        elif group == RETAIL:
            choices = RETAIL_TERMS
        else:
            choices = TIER_TERMS.get(party.tier, (PaymentTerms.NET_30,))
        # granted after both the party and its list existed, before the retail list ran out
        start = max(party.created_at, self.created.get(group or "", party.created_at))
        end = self.retail_end if group == RETAIL else self.clock
        return {
            "party_id": party.pk,
            "price_list_id": self.list_ids.get(group or ""),
            "discount_pct": Decimal(rng.choice(DISCOUNTS[group])),
            "payment_terms": rng.choice(choices),
            "updated_at": start + (end - start) * rng.uniform(0.1, 0.9) if end > start else start,
        }
