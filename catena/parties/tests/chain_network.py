"""A distributor's network of a given size, for the chain view's tests (plain rows, in bulk)."""

from __future__ import annotations

from catena.parties.choices import role_mask
from catena.parties.models import Party, PartyRole, Relationship
from catena.parties.search import search_document

# (role, kind, upstream?) and each one's share of the partners
SHARES = (
    ("supplier", "supplies", True, 20),
    ("manufacturer", "manufactures_for", True, 10),
    ("carrier", "ships_for", True, 6),
    ("service_partner", "services", True, 2),
    ("retailer", "sells_to", False, 45),
    ("customer", "sells_to", False, 14),
    ("distributor", "distributes_to", False, 3),
)


CITIES = ("杭州", "宁波", "苏州", "南京", "上海", "合肥", "温州", "无锡")
WORDS = {
    "supplier": "原料供应",
    "manufacturer": "精密制造",
    "carrier": "物流运输",
    "service_partner": "设备维保",
    "retailer": "连锁药房",
    "customer": "人民医院",
    "distributor": "医药批发",
}


def distributor_network(size: int, *, name: str = "华东医药分销有限公司", owner: object = None) -> Party:
    """A distributor with ``size`` direct partners spread over the roles as ``SHARES`` says, and
    one supplier of its first supplier two links upstream."""
    center = Party.objects.create(name=name, search_text=search_document([name]), owner=owner)
    PartyRole.objects.create(party=center, role="distributor")
    total = sum(share for *_rest, share in SHARES)
    plan: list[tuple[str, str, bool]] = []
    for role, kind, upstream, share in SHARES:
        plan += [(role, kind, upstream)] * max(1, round(size * share / total))
    plan = plan[:size]
    while len(plan) < size:
        plan.append(("retailer", "sells_to", False))
    names = [
        f"{CITIES[i % len(CITIES)]}{WORDS[role]}{i:03d}号有限公司" for i, (role, _k, _up) in enumerate(plan)
    ]
    partners = Party.objects.bulk_create(
        Party(name=n, search_text=search_document([n]), role_mask=role_mask([role]), owner=owner)
        for n, (role, _k, _up) in zip(names, plan, strict=True)
    )
    PartyRole.objects.bulk_create(
        PartyRole(party=p, role=role) for p, (role, _k, _up) in zip(partners, plan, strict=True)
    )
    Relationship.objects.bulk_create(
        Relationship(from_party=p, to_party=center, kind=kind)
        if up
        else Relationship(from_party=center, to_party=p, kind=kind)
        for p, (_role, kind, up) in zip(partners, plan, strict=True)
    )
    far = Party.objects.create(name="原料二级供应商", search_text=search_document(["原料二级供应商"]))
    PartyRole.objects.create(party=far, role="supplier")
    Relationship.objects.create(from_party=far, to_party=partners[0], kind="supplies")
    return center
