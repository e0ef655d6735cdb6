"""The demo sales pipeline: leads, opportunities across the steps of the board, and quotes.

About 12 % of the organisations' orders were placed from an accepted quote (the order's
reference names it, as ``accept_quote_as_order`` writes it), most of them closing a won
opportunity; those are written with the orders. The rest of the pipeline comes after them:
open deals with amounts and expected close dates over the next months (quotes sent for those in
proposal or negotiation, some revised), lost deals of the past year, and leads in every status.
About 300 leads, 200 open and 150 lost opportunities at scale 1, linear in the scale.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from catena.core.db import reserve_ids
from catena.core.money import quantize
from catena.demo import bulk, identifiers, names, places
from catena.demo.records import Order
from catena.parties.choices import PartyKind, PartyStatus
from catena.parties.choices import PartyRoleType as R
from catena.parties.models import Party
from catena.sales.choices import LeadSource, LeadStatus, PaymentTerms, PriceSource, QuoteStatus
from catena.sales.models import Lead, Opportunity, PipelineStep, Quote, QuoteLine

Row = dict[str, Any]
QUOTED_SHARE = 0.12  # of organisations' orders placed from an accepted quote
DEAL_SHARE = 0.7  # of those quotes that closed an opportunity
LEADS_PER_SCALE = 300
OPEN_DEALS_PER_SCALE = 200
LOST_DEALS_PER_SCALE = 150
VALID_DAYS = 30
BATCH = 1000  # leads per batch, with their share of the deals
TERMS = "报价有效期 30 天；价格含 13% 增值税，运费另计。"
OPEN_WEIGHTS = (30, 25, 25, 20)  # qualification … negotiation
LOST_REASONS = ("价格高于竞品", "客户预算取消", "交期无法满足", "选择了现有供应商", "项目延期，无限期搁置")
REJECT_REASONS = ("价格偏高", "竞品报价更低", "付款条件不符", "")
DISQUALIFY_REASONS = ("无采购预算", "非目标行业", "联系方式无效", "仅为询价比价")
LEAD_SOURCES = (
    (LeadSource.TRADE_SHOW, 25), (LeadSource.WEB_FORM, 25), (LeadSource.REFERRAL, 15),
    (LeadSource.COLD_CALL, 10), (LeadSource.WECOM, 10), (LeadSource.CAMPAIGN, 10), (LeadSource.PARTNER, 5),
)  # fmt: skip


@dataclass(frozen=True)
class PipelineSteps:
    open: list[tuple[int, int]]  # (id, default probability) in board order
    won: int
    lost: int

    @classmethod
    def load(cls) -> PipelineSteps | None:
        rows = list(
            PipelineStep.objects.filter(is_active=True)
            .order_by("sequence", "id")
            .values_list("id", "default_probability", "is_won", "is_lost")
        )
        opened = [(pk, chance) for pk, chance, won, lost in rows if not won and not lost]
        won = next((pk for pk, _c, is_won, _l in rows if is_won), None)
        lost = next((pk for pk, _c, _w, is_lost in rows if is_lost), None)
        if not opened or won is None or lost is None:
            return None
        return cls(opened, won, lost)


def deal_name(first_product: str, lines: int) -> str:
    return f"{first_product} 等 {lines} 项采购" if lines > 1 else f"{first_product} 采购"


def accepted_quote(
    rng: random.Random,
    order: Order,
    *,
    quote_id: int,
    deal_id: int | None,
    steps: PipelineSteps,
    currency: str,
) -> tuple[Row, list[Row], Row | None]:
    """The quote ``order`` was placed from (accepted when the order came in) and the opportunity
    it won, if any: same lines, prices and terms as the order."""
    sent = order.ordered_at - timedelta(days=rng.uniform(1, 20))
    lines = [
        {
            "quote_id": quote_id,
            "line_no": line.line_no,
            "product_id": line.product_id,
            "description": "",
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount_pct": line.discount_pct,
            "tax_rate_pct": Decimal(13),
            "price_source": PriceSource.LIST_PRICE,
        }  # fmt: skip
        for line in order.lines
    ]
    net, tax = _totals(lines)
    deal: Row | None = None
    if deal_id is not None:
        opened = sent - timedelta(days=rng.uniform(3, 40))
        deal = {
            "id": deal_id, "party_id": order.customer_id, "name": deal_name(order.lines[0].product_name, len(lines)),
            "step_id": steps.won, "amount": net, "currency": currency, "probability": 100,
            "expected_close": (order.ordered_at + timedelta(days=rng.randint(-10, 10))).date(),
            "owner_id": order.owner_id, "lost_reason": "", "source_lead_id": None, "closed_at": order.ordered_at,
            "step_entered_at": order.ordered_at, "version": rng.randint(2, 5), "notes": "",
            "created_at": opened, "updated_at": order.ordered_at,
        }  # fmt: skip
    quote = {
        "id": quote_id, "number": f"QT-{quote_id:07d}", "version": 1, "customer_id": order.customer_id,
        "opportunity_id": deal_id, "status": QuoteStatus.ACCEPTED,
        "valid_until": (sent + timedelta(days=VALID_DAYS)).date(), "currency": currency,
        "payment_terms": order.payment_terms, "total_net": net, "total_tax": tax, "terms": TERMS, "notes": "",
        "owner_id": order.owner_id, "sent_at": sent, "decided_at": order.ordered_at, "reject_reason": "",
        "order_id": order.pk, "created_at": sent - timedelta(hours=rng.uniform(1, 30)),
        "updated_at": order.ordered_at,
    }  # fmt: skip
    return quote, lines, deal


def _totals(lines: Sequence[Row]) -> tuple[Decimal, Decimal]:
    net = tax = Decimal(0)
    for line in lines:
        amount = quantize(line["quantity"] * line["unit_price"] * (100 - line["discount_pct"]) / 100)
        net += amount
        tax += quantize(amount * line["tax_rate_pct"] / 100)
    return quantize(net), quantize(tax)


class PipelineSeeder:
    """Leads, open and lost opportunities, and the quotes of those deals, in batches: rows point
    at each other (``_lead``, ``_deal``, ``_quote``, ``_first``) until their ids are reserved."""

    def __init__(
        self,
        rng: random.Random,
        *,
        scale: float,
        clock: datetime,
        first_party_id: int,
        sellers: Sequence[int],
        goods: Sequence[tuple[int, str, Decimal, str]],
        currency: str,
        add: Callable[[str, int], None],
    ) -> None:
        self.rng = rng
        self.scale = scale
        self.clock = clock
        self.sellers = list(sellers)
        self.goods = list(goods)
        self.currency = currency
        self.add = add
        self.steps = PipelineSteps.load()
        parties = (
            Party.objects.filter(
                id__gte=first_party_id, kind=PartyKind.ORGANISATION, status=PartyStatus.ACTIVE
            )
            .filter(roles__role__in=[R.PROSPECT, R.CUSTOMER, R.RETAILER, R.DISTRIBUTOR])
            .order_by("id")
            .values_list("id", "owner_id", "roles__role")
        )
        self.owners: dict[int, int | None] = {}
        self.prospects: list[int] = []
        for party_id, owner_id, role in parties:
            self.owners[party_id] = owner_id
            if role == R.PROSPECT:
                self.prospects.append(party_id)
        self.buyers = sorted(self.owners)
        self.leads: list[Row] = []
        self.deals: list[Row] = []
        self.quotes: list[Row] = []
        self.lines: list[Row] = []

    def run(self) -> None:
        if self.steps is None or not self.buyers or not self.goods:
            return
        rng = self.rng
        leads = round(LEADS_PER_SCALE * self.scale)
        opened = round(OPEN_DEALS_PER_SCALE * self.scale)
        lost = round(LOST_DEALS_PER_SCALE * self.scale)
        batches = max(1, -(-leads // BATCH))
        for batch in range(batches):
            for _n in range(_share(leads, batch, batches)):
                self._lead()
            for _n in range(_share(opened, batch, batches)):
                party = rng.choice(self.prospects if self.prospects and rng.random() < 0.3 else self.buyers)
                self._open_deal(party, None, self.clock - timedelta(days=rng.uniform(3, 150)))
            for _n in range(_share(lost, batch, batches)):
                self._lost_deal(rng.choice(self.buyers))
            self._write()

    def _write(self) -> None:
        for model, rows in ((Lead, self.leads), (Opportunity, self.deals), (Quote, self.quotes)):
            for row, pk in zip(rows, reserve_ids(model, len(rows)), strict=True):
                row["id"] = pk
        for deal in self.deals:
            lead = deal.pop("_lead")
            deal["source_lead_id"] = lead["id"] if lead else None
        for quote in self.quotes:
            quote["opportunity_id"] = quote.pop("_deal")["id"]
            quote["number"] = f"QT-{quote.pop('_first')['id']:07d}"
        for line in self.lines:
            line["quote_id"] = line.pop("_quote")["id"]
        self.add("leads", bulk.insert_with_history(Lead, self.leads))
        self.add("opportunities", bulk.insert_with_history(Opportunity, self.deals))
        self.add("quotes", bulk.insert_with_history(Quote, self.quotes))
        self.add("quote_lines", bulk.insert_rows(QuoteLine, self.lines))
        self.leads, self.deals, self.quotes, self.lines = [], [], [], []

    def _owner(self, party_id: int) -> int | None:
        owner = self.owners.get(party_id)
        return owner if owner is not None else (self.rng.choice(self.sellers) if self.sellers else None)

    def _lead(self) -> None:
        rng = self.rng
        sources, weights = zip(*LEAD_SOURCES, strict=True)
        age = rng.uniform(0, 180)
        created = self.clock - timedelta(days=age, hours=rng.uniform(1, 10))
        company = names.company_name(rng, R.CUSTOMER, places.pick_city(rng))
        person = names.person_name(rng)
        roll = rng.random()
        status = (
            LeadStatus.NEW if age < 21 and roll < 0.7
            else LeadStatus.WORKING if age < 45 and roll < 0.7
            else rng.choices(
                (LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED, LeadStatus.CONVERTED, LeadStatus.WORKING),
                weights=(25, 35, 30, 10),
            )[0]
        )  # fmt: skip
        bant = [rng.random() < 0.5 for _n in range(4)]
        if status in (LeadStatus.QUALIFIED, LeadStatus.CONVERTED):
            bant = [True, True, True, rng.random() < 0.7]
        changed = created + (self.clock - created) * rng.uniform(0, 0.5)
        lead: Row = {
            "company": company.name, "contact_name": person.full, "title": rng.choice(names.TITLES[R.CUSTOMER])[0],
            "phone": identifiers.mobile(rng), "email": f"{person.mailbox(rng)}@{company.domain}",
            "source": rng.choices(sources, weights)[0], "status": status,
            "owner_id": rng.choice(self.sellers) if self.sellers else None,
            "estimated_amount": Decimal(rng.randint(2, 300) * 10000), "currency": self.currency,
            "has_budget": bant[0], "has_authority": bant[1], "has_need": bant[2], "has_timing": bant[3],
            "qualification_notes": "预算已确认，计划下季度采购。" if all(bant[:3]) else "",
            "disqualified_reason": rng.choice(DISQUALIFY_REASONS) if status == LeadStatus.DISQUALIFIED else "",
            "party_id": None, "converted_at": None, "notes": "", "created_at": created, "updated_at": changed,
        }  # fmt: skip
        if status == LeadStatus.CONVERTED:
            lead["party_id"] = rng.choice(self.prospects or self.buyers)
            lead["converted_at"] = changed
            self._open_deal(lead["party_id"], lead, changed)
        self.leads.append(lead)

    def _open_deal(self, party: int, lead: Row | None, opened: datetime) -> None:
        rng, steps = self.rng, self.steps
        assert steps is not None
        index = rng.choices(range(len(steps.open)), weights=OPEN_WEIGHTS[: len(steps.open)])[0]
        if lead is not None:
            index = min(index, 1)  # a converted lead starts at the beginning of the board
        step_id, chance = steps.open[index]
        entered = opened + (self.clock - opened) * rng.uniform(0, 0.9) if index else opened
        offered = self._offer()
        owner = lead["owner_id"] if lead else self._owner(party)
        deal: Row = {
            "_lead": lead, "party_id": party, "name": deal_name(offered[0][1], len(offered)), "step_id": step_id,
            "amount": Decimal(rng.randint(5, 800) * 1000), "currency": self.currency,
            "probability": chance if rng.random() < 0.8 else max(5, min(95, chance + rng.choice((-10, 10, 15)))),
            "expected_close": self.clock.date() + timedelta(days=rng.randint(-12, 180)), "owner_id": owner,
            "lost_reason": "", "closed_at": None, "step_entered_at": entered, "version": 1 + index + rng.randint(0, 2),
            "notes": "", "created_at": opened, "updated_at": entered,
        }  # fmt: skip
        if index >= 2:  # a proposal is on the table, still valid
            sent = max(entered, self.clock - timedelta(days=rng.uniform(1, VALID_DAYS - 2)))
            deal["amount"] = self._quote(party, deal, owner, offered, sent, QuoteStatus.SENT)
        self.deals.append(deal)

    def _lost_deal(self, party: int) -> None:
        rng, steps = self.rng, self.steps
        assert steps is not None
        opened = self.clock - timedelta(days=rng.uniform(30, 360))
        closed = min(self.clock - timedelta(hours=1), opened + timedelta(days=rng.uniform(10, 90)))
        offered = self._offer()
        owner = self._owner(party)
        deal: Row = {
            "_lead": None, "party_id": party, "name": deal_name(offered[0][1], len(offered)),
            "step_id": steps.lost, "amount": Decimal(rng.randint(5, 800) * 1000), "currency": self.currency,
            "probability": 0, "expected_close": (closed + timedelta(days=rng.randint(-5, 20))).date(),
            "owner_id": owner, "lost_reason": rng.choice(LOST_REASONS), "closed_at": closed,
            "step_entered_at": closed, "version": rng.randint(2, 5), "notes": "", "created_at": opened,
            "updated_at": closed,
        }  # fmt: skip
        if rng.random() < 0.5:
            sent = opened + (closed - opened) * rng.uniform(0.3, 0.7)
            status = QuoteStatus.REJECTED if rng.random() < 0.7 else QuoteStatus.EXPIRED
            deal["amount"] = self._quote(party, deal, owner, offered, sent, status, decided=closed)
        self.deals.append(deal)

    def _offer(self) -> list[tuple[int, str, Decimal, Decimal]]:
        chosen = self.rng.sample(self.goods, min(len(self.goods), self.rng.randint(1, 4)))
        return [
            (pid, name, price, Decimal(self.rng.randint(1, 40) * 5)) for pid, name, price, _unit in chosen
        ]

    def _quote(
        self,
        party: int,
        deal: Row,
        owner: int | None,
        offered: list[tuple[int, str, Decimal, Decimal]],
        sent: datetime,
        status: str,
        *,
        decided: datetime | None = None,
    ) -> Decimal:
        """A quote for ``deal`` (revised once for some: version 1 superseded); returns its net total."""
        rng = self.rng
        discount = Decimal(rng.choice((0, 0, 3, 5, 8)))
        versions = 2 if rng.random() < 0.25 else 1
        first: Row | None = None
        net = Decimal(0)
        for version in range(1, versions + 1):
            last = version == versions
            issued = sent - timedelta(days=rng.uniform(3, 10)) * (versions - version)
            quote: Row = {
                "_deal": deal, "version": version, "customer_id": party,
                "status": status if last else QuoteStatus.SUPERSEDED,
                "valid_until": (issued + timedelta(days=VALID_DAYS if status != QuoteStatus.EXPIRED else 7)).date(),
                "currency": self.currency, "payment_terms": PaymentTerms.NET_30, "terms": TERMS, "notes": "",
                "owner_id": owner, "sent_at": issued,
                "decided_at": decided if last and status == QuoteStatus.REJECTED else None,
                "reject_reason": rng.choice(REJECT_REASONS) if last and status == QuoteStatus.REJECTED else "",
                "order_id": None, "created_at": issued - timedelta(hours=rng.uniform(1, 30)),
                "updated_at": decided if last and decided else issued,
            }  # fmt: skip
            first = first or quote
            quote["_first"] = first
            rows = [
                {
                    "_quote": quote,
                    "line_no": n,
                    "product_id": pid,
                    "description": "",
                    "quantity": quantity,
                    "unit_price": price,
                    "discount_pct": discount + (2 if last and versions > 1 else 0),
                    "tax_rate_pct": Decimal(13),
                    "price_source": PriceSource.LIST_PRICE,
                }  # fmt: skip
                for n, (pid, _name, price, quantity) in enumerate(offered, 1)
            ]
            net, quote["total_tax"] = _totals(rows)
            quote["total_net"] = net
            self.lines += rows
            self.quotes.append(quote)
        return net


def _share(total: int, batch: int, batches: int) -> int:
    """Batch ``batch``'s part of ``total`` split over ``batches`` (the parts add up to it)."""
    return total * (batch + 1) // batches - total * batch // batches
