"""Unsaved demo parties with their roles, tags, contacts, contact points and addresses.

A draft is complete in memory, including the derived columns the services would compute
(``search_text``, ``province``/``city`` of the primary address), so that the seed can write
thousands of parties with a handful of bulk inserts.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from django.utils import timezone

from catena.demo import identifiers, names, places
from catena.parties.choices import AddressKind, ContactPointKind, PartyKind, PartyStatus, PartyTier
from catena.parties.choices import PartyRoleType as R
from catena.parties.models import Contact, Party
from catena.parties.search import search_document

Row = dict[str, Any]  # a row for ``bulk.insert_rows``

# Roles a party plays besides its main one: (extra role, probability).
EXTRA_ROLES: dict[str, tuple[tuple[str, float], ...]] = {
    R.DISTRIBUTOR: ((R.CUSTOMER, 0.4),),
    R.RETAILER: ((R.CUSTOMER, 0.5),),
    R.MANUFACTURER: ((R.SUPPLIER, 0.2),),
}
PERSON_SHARE = 0.15  # of end customers who are private persons
CONTACTS: dict[str, tuple[int, int]] = {
    R.MANUFACTURER: (3, 6), R.SUPPLIER: (2, 4), R.DISTRIBUTOR: (2, 4), R.RETAILER: (1, 3), R.CARRIER: (2, 3),
    R.SERVICE_PARTNER: (1, 3), R.CUSTOMER: (1, 3), R.PROSPECT: (1, 2),
}  # fmt: skip
WAREHOUSES: dict[str, tuple[int, int]] = {R.MANUFACTURER: (1, 3), R.DISTRIBUTOR: (1, 2), R.CARRIER: (2, 4)}
_S, _K, _ST, _SM = PartyTier.STRATEGIC, PartyTier.KEY, PartyTier.STANDARD, PartyTier.SMALL
TIERS: dict[str, tuple[tuple[str, int], ...]] = {
    R.MANUFACTURER: ((_S, 40), (_K, 40), (_ST, 20)),
    R.SUPPLIER: ((_S, 10), (_K, 30), (_ST, 50), (_SM, 10)),
    R.DISTRIBUTOR: ((_S, 15), (_K, 35), (_ST, 40), (_SM, 10)),
    R.RETAILER: ((_K, 10), (_ST, 50), (_SM, 40)),
    R.CARRIER: ((_K, 50), (_ST, 50)),
    R.SERVICE_PARTNER: ((_K, 30), (_ST, 70)),
    R.PROSPECT: ((_ST, 50), (_SM, 50)),
    R.CUSTOMER: ((_S, 3), (_K, 12), (_ST, 55), (_SM, 30)),
}
PERSON_TIERS = ((_ST, 20), (_SM, 80))
STATUSES = (
    (PartyStatus.ACTIVE, 85), (PartyStatus.DORMANT, 9), (PartyStatus.BLOCKED, 2), (PartyStatus.ARCHIVED, 4),
)  # fmt: skip
TAG_COLOURS = {
    "华东重点": "#2563eb", "华南重点": "#0891b2", "华北重点": "#7c3aed", "华中重点": "#9333ea",
    "西南重点": "#059669", "西北重点": "#ca8a04", "东北重点": "#64748b", "VIP": "#dc2626",
    "新客户": "#16a34a", "战略合作": "#b91c1c", "展会线索": "#ea580c", "价格敏感": "#d97706",
    "需回访": "#0d9488", "信用关注": "#991b1b", "电商渠道": "#4f46e5", "出口业务": "#0369a1",
}  # fmt: skip
_NOTES = (
    "年采购额约 {n} 万元，关注交期。", "要求开具增值税专用发票。", "付款及时，信用良好。",
    "有意向扩大合作范围。", "对价格较敏感，需提前沟通调价。", "每季度一次业务回顾。",
)  # fmt: skip
PARTNER_ROLES = frozenset({R.MANUFACTURER, R.SUPPLIER, R.DISTRIBUTOR, R.CARRIER, R.SERVICE_PARTNER})


@dataclass
class Draft:
    party: Party
    role: str
    roles: list[str]
    since: date
    tags: list[str]
    addresses: list[Row]
    points: list[Row]  # the party's own contact points
    city: places.City  # of the registered (or home) address
    contacts: list[tuple[Contact, list[Row]]] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return self.party.kind == PartyKind.PERSON

    def all_points(self) -> list[Row]:
        return [*self.points, *(p for _c, points in self.contacts for p in points)]

    def finish(self) -> None:
        """Fill the derived columns exactly as ``parties.services`` would."""
        party = self.party
        contacts = sorted((c for c, _points in self.contacts), key=lambda c: (not c.is_primary, c.name))
        points = sorted(self.all_points(), key=lambda p: (p["kind"], not p["is_primary"]))
        parts = [party.name, party.short_name, party.uscc or "", party.external_id or ""]
        parts += [c.name for c in contacts] + [p["value"] for p in points]
        party.search_text = search_document(parts)
        primary = next(
            (a for a in self.addresses if a["is_primary"]), self.addresses[0] if self.addresses else None
        )
        party.province, party.city = (primary["province"], primary["city"]) if primary else ("", "")


def _point(kind: str, value: str, *, label: str = "", is_primary: bool = False) -> Row:
    return {"kind": str(kind), "value": value, "label": label, "is_primary": is_primary}


class Weighted:
    """A weighted choice whose cumulative weights are summed once, not on every draw."""

    def __init__(self, table: Sequence[tuple[str, int]]) -> None:
        self.values = [value for value, _weight in table]
        self.cumulative = list(accumulate(weight for _value, weight in table))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


_TIER_CHOICE = {role: Weighted(table) for role, table in TIERS.items()}
_PERSON_TIER_CHOICE = Weighted(PERSON_TIERS)
_STATUS_CHOICE = Weighted(STATUSES)


class PartyDrafter:
    def __init__(self, rng: random.Random, *, today: date, owners: Mapping[str, Sequence[int]]) -> None:
        self.rng = rng
        self.today = today
        self.owners = owners
        self.names: set[str] = set()
        self.usccs: set[str] = set()

    def draft(self, role: str) -> Draft:
        rng = self.rng
        is_person = role == R.CUSTOMER and rng.random() < PERSON_SHARE
        city = places.pick_city(rng)
        status = PartyStatus.ACTIVE if role == R.PROSPECT and rng.random() < 0.9 else _STATUS_CHOICE.pick(rng)
        is_new = rng.random() < (0.5 if role == R.PROSPECT else 0.08)
        since = self.today - timedelta(days=rng.randint(1, 180) if is_new else rng.randint(181, 10 * 365))
        owner_ids = self.owners.get(role) or ()
        created = timezone.make_aware(datetime.combine(since, time(rng.randint(8, 18), rng.randrange(60))))
        party = Party(
            status=status,
            owner_id=rng.choice(owner_ids) if owner_ids else None,
            created_at=created,
            updated_at=created + timedelta(days=rng.randint(0, (self.today - since).days)),
        )
        roles = [role] + [extra for extra, p in EXTRA_ROLES.get(role, ()) if rng.random() < p]
        if is_person:
            draft = self._person(party, city, role, since)
        else:
            draft = self._organisation(party, city, role, since)
        draft.roles = roles
        draft.tags = self._tags(draft, draft.city, is_new)
        if rng.random() < 0.2:
            party.notes = rng.choice(_NOTES).format(n=rng.randint(20, 2000))
        return draft

    def _person(self, party: Party, city: places.City, role: str, since: date) -> Draft:
        rng = self.rng
        person = names.person_name(rng)
        party.kind = PartyKind.PERSON
        party.name = person.full
        party.tier = _PERSON_TIER_CHOICE.pick(rng)
        party.industry = ""
        points = [_point(ContactPointKind.MOBILE, identifiers.mobile(rng), is_primary=True)]
        if rng.random() < 0.6:
            points.append(_point(ContactPointKind.EMAIL, names.person_email(rng, person)))
        if rng.random() < 0.4:
            points.append(_point(ContactPointKind.WECHAT, f"wxid_{rng.randrange(36**10):x}"))
        address = self._address(city, AddressKind.SHIPPING, primary=True)
        return Draft(party, role, [role], since, [], [address], points, city)

    def _organisation(self, party: Party, city: places.City, role: str, since: date) -> Draft:
        rng = self.rng
        sole_trader = role == R.RETAILER and rng.random() < 0.2
        company = names.company_name(rng, role, city, sole_trader=sole_trader)
        for _attempt in range(20):
            if company.name not in self.names:
                break
            city = places.pick_city(rng)  # the name carries the city: keep address and code with it
            company = names.company_name(rng, role, city, sole_trader=sole_trader)
        else:
            company = names.CompanyName(
                f"{company.name}（{rng.choice(city.districts)}分公司）", company.short_name,
                company.brand_pinyin, company.industry, company.domain,
            )  # fmt: skip
        self.names.add(company.name)
        party.name, party.short_name, party.industry = company.name, company.short_name, company.industry
        party.tier = _TIER_CHOICE[role].pick(rng)
        has_code = role != R.PROSPECT or rng.random() < 0.7
        if has_code:
            party.uscc = self.new_uscc(city, sole_trader=sole_trader)
        addresses = [self._address(city, AddressKind.REGISTERED, primary=True, brand=company.short_name[:2])]
        low, high = WAREHOUSES.get(role, (0, 0))
        for _n in range(rng.randint(low, high)):
            addresses.append(self._address(places.pick_city(rng), AddressKind.WAREHOUSE))
        if rng.random() < 0.2:
            addresses.append(self._address(city, AddressKind.BILLING))
        points: list[Row] = []
        if rng.random() < 0.85:
            points.append(
                _point(ContactPointKind.PHONE, identifiers.landline(rng, city), label="总机", is_primary=True)
            )
        if rng.random() < 0.2:
            points.append(_point(ContactPointKind.FAX, identifiers.landline(rng, city)))
        if rng.random() < 0.5:
            points.append(_point(ContactPointKind.WEBSITE, f"https://www.{company.domain}"))
        if rng.random() < 0.4:
            mailbox = rng.choice(("info", "sales", "service", "contact"))
            points.append(_point(ContactPointKind.EMAIL, f"{mailbox}@{company.domain}"))
        draft = Draft(party, role, [role], since, [], addresses, points, city)
        low, high = CONTACTS[role]
        for n in range(rng.randint(low, high)):
            draft.contacts.append(self._contact(role, city, company.domain, party, primary=n == 0))
        return draft

    def new_uscc(self, city: places.City, *, sole_trader: bool = False) -> str:
        entity = identifiers.SOLE_TRADER if sole_trader else identifiers.COMPANY
        code = identifiers.uscc(self.rng, city, entity=entity)
        while code in self.usccs:
            code = identifiers.uscc(self.rng, city, entity=entity)
        self.usccs.add(code)
        return code

    def _address(self, city: places.City, kind: str, *, primary: bool = False, brand: str = "") -> Row:
        rng = self.rng
        industrial = kind == AddressKind.WAREHOUSE
        return {
            "kind": str(kind),
            "province": city.province,
            "city": city.name,
            "district": rng.choice(city.districts),
            "street": places.street_address(rng, brand=brand, industrial=industrial),
            "postcode": places.postcode(rng, city),
            "is_primary": primary,
        }

    def _contact(
        self, role: str, city: places.City, domain: str, party: Party, *, primary: bool
    ) -> tuple[Contact, list[Row]]:
        rng = self.rng
        person = names.person_name(rng)
        titles = names.TITLES.get(role, names.TITLES[R.CUSTOMER])
        title, department = rng.choice((*titles, *names.COMMON_TITLES) if not primary else titles)
        contact = Contact(
            name=person.full, title=title, department=department, is_primary=primary,
            created_at=party.created_at, updated_at=party.created_at,
        )  # fmt: skip
        points = [_point(ContactPointKind.MOBILE, identifiers.mobile(rng), is_primary=True)]
        if rng.random() < 0.85:
            points.append(_point(ContactPointKind.EMAIL, f"{person.mailbox(rng)}@{domain}", is_primary=True))
        if rng.random() < 0.35:
            points.append(_point(ContactPointKind.PHONE, identifiers.landline(rng, city), label="办公"))
        if rng.random() < 0.3:
            points.append(
                _point(
                    ContactPointKind.WECOM, f"{person.given_pinyin.title()}{person.surname_pinyin.title()}"
                )
            )
        return contact, points

    def _tags(self, draft: Draft, city: places.City, is_new: bool) -> list[str]:
        rng, role, party = self.rng, draft.role, draft.party
        tags = []
        region = places.REGION_OF_PROVINCE.get(city.province)
        if region and party.tier in (_S, _K) and rng.random() < 0.7:
            tags.append(f"{region}重点")
        if role == R.CUSTOMER and (party.tier in (_S, _K) and rng.random() < 0.5 or rng.random() < 0.03):
            tags.append("VIP")
        if is_new and role in (R.CUSTOMER, R.RETAILER, R.DISTRIBUTOR):
            tags.append("新客户")
        if role in PARTNER_ROLES and party.tier == _S:
            tags.append("战略合作")
        if role == R.PROSPECT and rng.random() < 0.4:
            tags.append("展会线索")
        if role == R.CUSTOMER and rng.random() < 0.1:
            tags.append("价格敏感")
        if role == R.CUSTOMER and party.status == PartyStatus.ACTIVE and rng.random() < 0.08:
            tags.append("需回访")
        if party.status == PartyStatus.BLOCKED:
            tags.append("信用关注")
        if role == R.RETAILER and rng.random() < 0.25:
            tags.append("电商渠道")
        if role in (R.MANUFACTURER, R.SUPPLIER) and rng.random() < 0.2:
            tags.append("出口业务")
        return tags
