"""The demo supply-chain graph: who supplies, makes for, distributes to, ships for whom.

Parties are created upstream first (manufacturers, suppliers, distributors, retailers, carriers,
service partners, then customers), so each new party links to parties that already exist and
every relationship points downstream: ``from_party`` serves ``to_party``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from catena.parties.choices import PartyRoleType as R
from catena.parties.choices import RelationshipKind as K
from catena.parties.models import Relationship

CONTRACT_SHARE = 0.6  # of partner relationships that have a written contract
RETAIL_CUSTOMER_SHARE = 0.6  # of end customers who buy through a retailer
B2B_CUSTOMER_SHARE = 0.1  # of organisation customers who buy from a distributor
SAME_PROVINCE = 0.75  # chance that a downstream partner is picked in the same province


class Network:
    def __init__(
        self, rng: random.Random, *, today: date, planned: Mapping[str, int], first_contract: int = 1
    ) -> None:
        self.rng = rng
        self.today = today
        self.planned = planned
        self.ids: dict[str, list[int]] = defaultdict(list)
        self.by_province: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.next_contract = first_contract  # appended runs continue the numbering

    def register(self, role: str, party_id: int, province: str) -> None:
        if role in (R.CUSTOMER, R.PROSPECT):
            return  # nobody links to them later; keeping their ids would cost memory at scale
        self.ids[role].append(party_id)
        self.by_province[role][province].append(party_id)

    def _pick(self, role: str, count: int, province: str | None = None) -> list[int]:
        pool = self.ids.get(role, [])
        if not pool or count <= 0:
            return []
        count = min(count, len(pool))
        local = self.by_province[role].get(province or "", [])
        chosen: list[int] = []
        if local and self.rng.random() < SAME_PROVINCE:
            chosen = self.rng.sample(local, min(count, len(local)))
        while len(chosen) < count:
            candidate = self.rng.choice(pool)
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def _since(self) -> date:
        return self.today - timedelta(days=self.rng.randint(30, 8 * 365))

    def _link(self, from_id: int, to_id: int, kind: str) -> Relationship:
        since = self._since()
        until = None
        if self.rng.random() < 0.04:
            until = min(self.today, since + timedelta(days=self.rng.randint(60, 3 * 365)))
        created = timezone.make_aware(datetime.combine(since, time(9, 0)))
        return Relationship(
            from_party_id=from_id, to_party_id=to_id, kind=kind, since=since, until=until,
            created_at=created, updated_at=created,
        )  # fmt: skip

    def links_for(self, party_id: int, role: str, province: str, *, is_person: bool) -> list[Relationship]:
        """The relationships between a new party and the upstream parties created before it."""
        rng = self.rng
        links: list[Relationship] = []
        if role == R.SUPPLIER:
            links += [
                self._link(party_id, m, K.SUPPLIES) for m in self._pick(R.MANUFACTURER, rng.randint(1, 3))
            ]
        elif role == R.DISTRIBUTOR:
            for m in self._pick(R.MANUFACTURER, rng.randint(1, 2)):
                kind = K.MANUFACTURES_FOR if rng.random() < 0.2 else K.SELLS_TO
                links.append(self._link(m, party_id, kind))
        elif role == R.RETAILER:
            links += [
                self._link(d, party_id, K.DISTRIBUTES_TO)
                for d in self._pick(R.DISTRIBUTOR, rng.randint(1, 2), province)
            ]
            if rng.random() < 0.1:
                links += [self._link(m, party_id, K.SELLS_TO) for m in self._pick(R.MANUFACTURER, 1)]
        elif role == R.CARRIER:
            links += [
                self._link(party_id, m, K.SHIPS_FOR) for m in self._pick(R.MANUFACTURER, rng.randint(1, 3))
            ]
            share = len(self.ids.get(R.DISTRIBUTOR, [])) / max(1, self.planned.get(R.CARRIER, 1))
            count = max(1, round(share * rng.uniform(0.5, 1.5)))
            links += [self._link(party_id, d, K.SHIPS_FOR) for d in self._pick(R.DISTRIBUTOR, count)]
        elif role == R.SERVICE_PARTNER:
            links += [
                self._link(party_id, m, K.SERVICES) for m in self._pick(R.MANUFACTURER, rng.randint(1, 2))
            ]
        elif role == R.CUSTOMER:
            if rng.random() < RETAIL_CUSTOMER_SHARE:
                links += [self._link(r, party_id, K.SELLS_TO) for r in self._pick(R.RETAILER, 1, province)]
            elif not is_person and rng.random() < B2B_CUSTOMER_SHARE / (1 - RETAIL_CUSTOMER_SHARE):
                links += [self._link(d, party_id, K.SELLS_TO) for d in self._pick(R.DISTRIBUTOR, 1, province)]
        return links

    def contracts_for(
        self, links: list[Relationship], roles_by_id: Mapping[int, str]
    ) -> list[dict[str, Any]]:
        """Contracts with service-level targets for some partner relationships."""
        contracts = []
        for link in links:
            if roles_by_id.get(link.to_party_id) == R.CUSTOMER or self.rng.random() >= CONTRACT_SHARE:
                continue
            contracts.append(self._contract(link))
        return contracts

    def _contract(self, link: Relationship) -> dict[str, Any]:
        rng = self.rng
        start = max(link.since or self.today, self.today - timedelta(days=rng.randint(30, 3 * 365)))
        end = start + timedelta(days=365 * rng.randint(1, 3) - 1)
        contract: dict[str, Any] = {
            "relationship_id": link.pk,
            "number": f"HT-{start.year}-{self.next_contract:06d}",
            "starts_on": start,
            "ends_on": end,
            "payment_terms_days": rng.choice((30, 45, 60, 90)),
            "on_time_target_pct": _pct(rng, 95, 99),
            "created_at": link.created_at,
            "updated_at": link.created_at,
        }
        self.next_contract += 1
        kind = link.kind
        if kind == K.SUPPLIES:
            contract["lead_time_days"] = rng.randint(7, 45)
            contract["terms"] = "框架采购协议：按月滚动预测，来料合格率不低于 99%。"
        elif kind in (K.SELLS_TO, K.MANUFACTURES_FOR):
            contract["lead_time_days"] = rng.randint(3, 20)
            contract["terms"] = "经销协议：区域保护，季度返利，最低采购量约定。"
        elif kind == K.DISTRIBUTES_TO:
            contract["lead_time_days"] = rng.randint(1, 7)
            contract["terms"] = "分销协议：门店补货 72 小时内送达，滞销品可按约定退换。"
        elif kind == K.SHIPS_FOR:
            contract["pickup_hours"] = rng.choice((2, 4, 8, 24))
            contract["transit_days"] = rng.randint(1, 5)
            contract["max_damage_rate_pct"] = _pct(rng, 0.1, 0.5)
            contract["proof_of_delivery_required"] = rng.random() < 0.85
            contract["on_time_target_pct"] = _pct(rng, 96, 99.5)
            contract["terms"] = "物流服务协议：提货、在途时效、货损率与签收回单按 SLA 考核。"
        elif kind == K.SERVICES:
            contract["response_hours"] = rng.choice((2, 4, 8, 24, 48))
            contract["on_time_target_pct"] = _pct(rng, 90, 98)
            contract["terms"] = "售后服务协议：首次响应与上门时效按 SLA 考核。"
        return contract


def _pct(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(f"{rng.uniform(low, high):.2f}")
