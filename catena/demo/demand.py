"""Who orders what, and when: the demand side of the demo orders.

Orders come in day by day over the last year (fewer at weekends and around the Spring Festival,
a little growth over the year), from the seeded customers, retailers and distributors: bigger
ones order more, dormant ones only before they went quiet. Products are drawn from the seeded
catalog, a few bestsellers more often than the rest; made-to-order orders stay within one product
family, whose models share their bill of materials.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.utils import timezone

from catena.demo.pace import festive
from catena.demo.pipeline import DEAL_SHARE, QUOTED_SHARE
from catena.demo.records import Line, Order
from catena.demo.supply import Catalog
from catena.parties.choices import AddressKind, PartyKind, PartyStatus, PartyTier
from catena.parties.choices import PartyRoleType as R
from catena.parties.models import Address, Party, PartyRole
from catena.sales.choices import LineFulfilment, OrderType, PaymentTerms

DAYS = 365
MAKE_TO_ORDER_SHARE = 0.3
CUSTOMER_ROLES = (R.CUSTOMER, R.RETAILER, R.DISTRIBUTOR)  # parties.choices.BUYING_ROLES, in the seed's order
TIER_WEIGHT: dict[str, float] = {
    PartyTier.STRATEGIC: 25.0,
    PartyTier.KEY: 8.0,
    PartyTier.STANDARD: 2.5,
    PartyTier.SMALL: 1.0,
}
ROLE_WEIGHT: dict[str, float] = {R.DISTRIBUTOR: 3.0, R.RETAILER: 1.5}
TIER_QUANTITY: dict[str, int] = {
    PartyTier.STRATEGIC: 60,
    PartyTier.KEY: 25,
    PartyTier.STANDARD: 8,
    PartyTier.SMALL: 3,
}
TIER_DISCOUNT: dict[str, tuple[int, int]] = {
    PartyTier.STRATEGIC: (8, 15),
    PartyTier.KEY: (4, 10),
    PartyTier.STANDARD: (0, 5),
}
TIER_TERMS: dict[str, tuple[str, ...]] = {
    PartyTier.STRATEGIC: (PaymentTerms.NET_60, PaymentTerms.MONTH_END_30, PaymentTerms.NET_90),
    PartyTier.KEY: (PaymentTerms.NET_30, PaymentTerms.NET_60, PaymentTerms.MONTH_END_30),
    PartyTier.STANDARD: (PaymentTerms.NET_30, PaymentTerms.PREPAID),
    PartyTier.SMALL: (PaymentTerms.PREPAID, PaymentTerms.ON_DELIVERY),
}
# lines an order: about 4.8 from stock, 2.1 made to order (one product family), 4.1 overall
STOCK_LINES = (tuple(range(1, 11)), list(accumulate((10, 12, 13, 14, 13, 11, 9, 7, 6, 5))))
MADE_LINES = ((1, 2, 3, 4), list(accumulate((35, 30, 20, 15))))
SHIP_TO_RANK: dict[str, int] = {AddressKind.SHIPPING: 0, AddressKind.WAREHOUSE: 1, AddressKind.REGISTERED: 2}


class Customers:
    """Who orders: weighted by size; dormant ones only ordered before they went quiet."""

    def __init__(self, rng: random.Random, *, first_party_id: int, since: date) -> None:
        self.rng = rng
        roles: dict[int, set[str]] = {}
        for party_id, role in PartyRole.objects.filter(
            party_id__gte=first_party_id, role__in=CUSTOMER_ROLES
        ).values_list("party_id", "role"):
            roles.setdefault(party_id, set()).add(role)
        self.info: dict[int, tuple[Any, ...]] = {}
        everyone: list[tuple[int, float]] = []
        active: list[tuple[int, float]] = []
        for pid, owner, tier, kind, status, created in (
            Party.objects.filter(id__in=list(roles), status__in=[PartyStatus.ACTIVE, PartyStatus.DORMANT])
            .order_by("id")
            .values_list("id", "owner_id", "tier", "kind", "status", "created_at")
        ):
            person = kind == PartyKind.PERSON
            weight = 0.4 if person else TIER_WEIGHT.get(tier, 1.0)
            weight *= max((ROLE_WEIGHT.get(r, 1.0) for r in roles[pid]), default=1.0)
            self.info[pid] = (owner, tier, person, created, None, "")
            everyone.append((pid, weight))
            if status == PartyStatus.ACTIVE:
                active.append((pid, weight))
        for pid, address_id, kind, city in (
            Address.objects.filter(party_id__gte=first_party_id)
            .order_by("party_id", "id")
            .values_list("party_id", "id", "kind", "city")
        ):
            if pid in self.info:
                owner, tier, person, created, best, best_city = self.info[pid]
                if best is None or SHIP_TO_RANK.get(kind, 9) < best[0]:
                    self.info[pid] = (
                        owner,
                        tier,
                        person,
                        created,
                        (SHIP_TO_RANK.get(kind, 9), address_id),
                        city,
                    )
        self.everyone = self._pool(everyone)
        self.active = self._pool(active)
        self.since = since

    @staticmethod
    def _pool(pairs: list[tuple[int, float]]) -> tuple[list[int], list[float]]:
        return [pid for pid, _w in pairs], list(accumulate(w for _pid, w in pairs))

    def pick(self, when: datetime) -> int | None:
        ids, weights = self.active if (when.date() - self.since).days > 180 else self.everyone
        if not ids:
            return None
        for _attempt in range(8):
            pid = self.rng.choices(ids, cum_weights=weights)[0]
            if self.info[pid][3] <= when:
                return pid
        return None


def moments(rng: random.Random, first_day: date, total: int) -> Iterator[datetime]:
    """When the orders came in: ``total`` moments over the ``DAYS`` from ``first_day``, in order."""
    days = [first_day + timedelta(days=n) for n in range(DAYS)]
    weights = []
    for n, day in enumerate(days):
        weekday = (1.0, 1.05, 1.05, 1.0, 0.95, 0.35, 0.15)[day.weekday()]
        weights.append(weekday * (0.85 + 0.3 * n / DAYS) / festive(datetime.combine(day, time(12))) ** 2)
    cumulative = list(accumulate(weights))
    placed = 0
    for day, upto in zip(days, cumulative, strict=True):
        count = round(total * upto / cumulative[-1]) - placed
        placed += count
        hours = sorted(
            (min(21, max(7, round(rng.gauss(13, 3.2)))), rng.randrange(60), rng.randrange(60))
            for _n in range(count)
        )
        for hour, minute, second in hours:
            yield timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


class OrderDrafter:
    """Drafts one order: customer, type, lines, dates, terms."""

    def __init__(
        self,
        rng: random.Random,
        customers: Customers,
        catalog: Catalog,
        *,
        lead_days: dict[str, int],
        with_quotes: bool,
    ) -> None:
        self.rng = rng
        self.customers = customers
        self.lead_days = lead_days
        self.with_quotes = with_quotes
        self.goods = self._pool(catalog.goods)
        self.families = sorted(catalog.made)
        self.made = {family: self._pool(catalog.made[family]) for family in self.families}

    def _pool(
        self, products: list[tuple[int, str, Decimal, str]]
    ) -> tuple[list[tuple[int, str, Decimal, str]], list[float]]:
        popularity = [self.rng.paretovariate(1.4) for _p in products]
        return products, list(accumulate(popularity))

    def draft(self, when: datetime) -> Order | None:
        rng = self.rng
        customer_id = self.customers.pick(when)
        if customer_id is None:
            return None
        owner, tier, person, _created, ship_to, city = self.customers.info[customer_id]
        made = not person and bool(self.families) and rng.random() < MAKE_TO_ORDER_SHARE
        order_type = OrderType.MAKE_TO_ORDER if made else OrderType.MAKE_TO_STOCK
        products, weights = self.made[rng.choice(self.families)] if made else self.goods
        counts, count_weights = MADE_LINES if made else STOCK_LINES
        count = min(len(products), rng.choices(counts, cum_weights=count_weights)[0])
        chosen: list[tuple[int, str, Decimal, str]] = []
        while len(chosen) < count:
            product = rng.choices(products, cum_weights=weights)[0]
            if product not in chosen:
                chosen.append(product)
        base = 1 if person else TIER_QUANTITY.get(tier, 5) / (4 if made else 1)
        low, high = (0, 0) if person else TIER_DISCOUNT.get(tier, (0, 0))
        lines = [
            Line(
                line_no=n,
                product_id=pid,
                product_name=name,
                quantity=Decimal(max(1, round(base * rng.lognormvariate(0, 0.7)))),
                unit_price=price,
                discount_pct=Decimal(rng.randint(low, high)) if high and rng.random() < 0.7 else Decimal(0),
                fulfilment=LineFulfilment.MAKE if made else LineFulfilment.STOCK,
            )  # fmt: skip
            for n, (pid, name, price, _unit) in enumerate(chosen, 1)
        ]
        requested: date | None = None
        promised: date | None = None
        if rng.random() < 0.9:
            slack = rng.randint(1, 14) if rng.random() < 0.8 else rng.randint(-2, 0)  # some are in a hurry
            requested = when.date() + timedelta(days=self.lead_days[order_type] + slack)
            roll = rng.random()
            promised = (
                requested
                if roll < 0.7
                else requested + timedelta(days=rng.randint(1, 5))
                if roll < 0.8
                else None
            )
        terms = (
            (PaymentTerms.PREPAID, PaymentTerms.ON_DELIVERY)
            if person
            else TIER_TERMS.get(tier, (PaymentTerms.NET_30,))
        )
        quoted = ""
        if not person and self.with_quotes and rng.random() < QUOTED_SHARE:
            quoted = "deal" if rng.random() < DEAL_SHARE else "quote"
        return Order(
            quoted=quoted, customer_id=customer_id, owner_id=owner, order_type=order_type, ordered_at=when,
            requested=requested, promised=promised, ship_to_id=ship_to[1] if ship_to else None, city=city,
            payment_terms=rng.choice(terms),
            reference="" if person or rng.random() < 0.3 else f"PO{when:%Y%m}{rng.randrange(10**5):05d}",
            lines=lines,
        )  # fmt: skip
