"""Generate a deterministic, realistic supply chain in bulk: ``seed_demo_data(scale=1)``.

Scale 1 is about 1,000 parties (5 manufacturers, 30 suppliers, 30 distributors, 100 retailers,
6 carriers, 10 service partners, 20 prospects, the rest end customers), ~200 products and ~10
interactions per party over the last year, three price lists and the sales terms of a share of
the customers (:mod:`catena.demo.pricing`), then a year of ~2,500 sales orders with their stages,
purchase orders, work orders and shipments (:mod:`catena.demo.orders`), nine demo portal users
(:mod:`catena.demo.portal`), the activity plan for new distributors (:mod:`catena.demo.workspace`) and
a few knowledge-base articles in Chinese and English (:mod:`catena.demo.knowledge`); everything but
the catalog, its price lists, the plan and the articles grows linearly with the scale.

The same seed on an empty database gives the same parties, codes and texts. Rows are written in
chunks of 1,000 parties through ``catena.demo.bulk`` (``COPY`` on PostgreSQL), inside one
transaction, and emit no domain events: this is demo data, not a business change. Parties, price
lists and customer terms get no field-history records; orders, purchase orders, work orders and
shipments get the one "created" record their history pages start from. Derived columns
(``Party.search_text``, ``province``/``city``) are filled exactly as the parties services would
fill them, and timestamps lie in the past (a customer created three years ago has three years of
``created_at``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.catalog.models import Product
from catena.comms.models import Interaction
from catena.demo import bulk, identifiers
from catena.demo import products as demo_products
from catena.demo.drafts import TAG_COLOURS, Draft, PartyDrafter
from catena.demo.knowledge import create_articles
from catena.demo.network import Network
from catena.demo.orders import OrderSeeder
from catena.demo.pipeline import PipelineSeeder
from catena.demo.portal import create_portal_users
from catena.demo.pricing import PricingSeeder
from catena.demo.service import ServiceSeeder
from catena.demo.timeline import TimelineWriter
from catena.demo.workspace import create_activity_plans
from catena.parties.choices import PartyRoleType as R
from catena.parties.models import (
    Address,
    Contact,
    ContactPoint,
    Contract,
    Party,
    PartyRole,
    Relationship,
    Tag,
)

PARTIES_PER_SCALE = 1000
INTERACTIONS_PER_PARTY = 10
MIN_SCALE = 0.01
# Creation order is upstream first, so that every new party can link to existing ones.
ROLE_MIX: tuple[tuple[str, int], ...] = (
    (R.MANUFACTURER, 5), (R.SUPPLIER, 30), (R.DISTRIBUTOR, 30), (R.RETAILER, 100), (R.CARRIER, 6),
    (R.SERVICE_PARTNER, 10), (R.PROSPECT, 20),
)  # fmt: skip
# Which users look after which parties (the first role that has users wins).
OWNER_ROLES: dict[str, tuple[str, ...]] = {
    R.MANUFACTURER: (Role.PURCHASING, Role.SALES),
    R.SUPPLIER: (Role.PURCHASING, Role.SALES),
    R.CARRIER: (Role.LOGISTICS, Role.SALES),
    R.SERVICE_PARTNER: (Role.SERVICE, Role.SALES),
    R.DISTRIBUTOR: (Role.SALES,),
    R.RETAILER: (Role.SALES,),
    R.PROSPECT: (Role.SALES,),
    R.CUSTOMER: (Role.SALES,),
}
CHUNK = 1000


class SeedRefused(Exception):
    """The database already holds parties and the caller did not ask to append."""


@dataclass
class SeedResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    @property
    def parties_per_second(self) -> float:
        return self.counts.get("parties", 0) / self.seconds if self.seconds else 0.0


def role_counts(scale: float) -> dict[str, int]:
    """How many parties of each main role a scale gives, in creation order."""
    if scale < MIN_SCALE:
        raise ValueError(_("The scale must be at least %(min)s.") % {"min": MIN_SCALE})
    total = round(PARTIES_PER_SCALE * scale)
    counts = {role: max(1, round(base * scale)) for role, base in ROLE_MIX}
    counts[R.CUSTOMER] = max(1, total - sum(counts.values()))
    return counts


def seed_demo_data(
    *,
    scale: float,
    seed: int = 1,
    append: bool = False,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Fill the database with demo data; refuse a database with parties unless ``append``."""
    counts = role_counts(scale)
    existing = Party.objects.count()
    if existing and not append:
        raise SeedRefused(
            _("The database already has %(count)d parties. Seed an empty database, or pass --append.")
            % {"count": existing}
        )
    started = time.perf_counter()
    first_party_id = (Party.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    # An appended run gets its own random streams, so it does not repeat the first run's data.
    salt = f"{seed}:{existing}" if existing else str(seed)
    result = SeedResult()
    with transaction.atomic(), bulk.bulk_session():
        seeder = _Seeder(salt, counts, result, progress, scale, is_append=bool(existing))
        seeder.run()
        seeder.orders(first_party_id)
    result.seconds = time.perf_counter() - started
    return result


class _Seeder:
    def __init__(
        self,
        salt: str,
        counts: dict[str, int],
        result: SeedResult,
        progress: Callable[[str], None] | None,
        scale: float,
        *,
        is_append: bool,
    ) -> None:
        self.salt = salt
        self.counts = counts
        self.result = result
        self.progress = progress or (lambda message: None)
        self.scale = scale
        now = timezone.localtime()
        # Yesterday's midnight: every generated moment lies in the past, and a rerun on the same
        # day gives the same timestamps.
        self.anchor = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
        self.today = now.date()
        self.owners, self.authors = self._owners()
        self.drafter = PartyDrafter(self._rng(salt, "parties"), today=self.today, owners=self.owners)
        self.network = Network(
            self._rng(salt, "network"),
            today=self.today,
            planned=counts,
            first_contract=Contract.objects.count() + 1,
        )
        self.catalog_rng = self._rng(salt, "catalog")
        self.timeline_rng = self._rng(salt, "timeline")
        self.pricing = PricingSeeder(
            self._rng(salt, "pricing"),
            today=self.today,
            clock=self.anchor + timedelta(days=1),
            add=result.add,
        )
        self.tags: dict[str, int] = {}
        self.is_append = is_append

    @staticmethod
    def _rng(salt: str, stream: str) -> random.Random:
        return random.Random(f"catena-seed:{salt}:{stream}")

    def _owners(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        by_role: dict[str, list[int]] = {}
        for user_id, role in (
            User.objects.filter(is_active=True).order_by("username").values_list("id", "role")
        ):
            by_role.setdefault(role, []).append(user_id)
        owners = {}
        for party_role, user_roles in OWNER_ROLES.items():
            owners[party_role] = next((by_role[r] for r in user_roles if by_role.get(r)), [])
        staff = [uid for role in (Role.SALES, Role.SERVICE, Role.MANAGER) for uid in by_role.get(role, [])]
        authors = {party_role: sorted(set(ids) | set(staff)) for party_role, ids in owners.items()}
        return owners, authors

    def run(self) -> None:
        self.tags = self._ensure_tags()
        product_names = self._catalog()
        self.pricing.create_price_lists()
        self.timeline = TimelineWriter(
            self.timeline_rng, anchor=self.anchor, products=product_names, per_party=INTERACTIONS_PER_PARTY
        )
        total = sum(self.counts.values())
        done = 0
        for role, count in self.counts.items():
            for start in range(0, count, CHUNK):
                drafts = [self.drafter.draft(role) for _n in range(min(CHUNK, count - start))]
                self._write(drafts)
                done += len(drafts)
                self.progress(_("%(done)d of %(total)d parties") % {"done": done, "total": total})

    def orders(self, first_party_id: int) -> None:
        """A year of orders of the parties just written, the sales pipeline, the portal users."""
        self.progress(_("Simulating a year of orders…"))
        seeder = OrderSeeder(
            lambda stream: self._rng(self.salt, stream),
            scale=self.scale,
            clock=self.anchor + timedelta(days=1),
            first_party_id=first_party_id,
            add=self.result.add,
            progress=self.progress,
        )
        seeder.run()
        self.progress(_("Filling the sales pipeline…"))
        PipelineSeeder(
            self._rng(self.salt, "pipeline"),
            scale=self.scale,
            clock=seeder.clock,
            first_party_id=first_party_id,
            sellers=seeder.sellers,
            goods=seeder.catalog.goods,
            currency=seeder.currency,
            add=self.result.add,
        ).run()
        self.progress(_("Simulating a year of the service desk…"))
        ServiceSeeder(
            self._rng(self.salt, "service"),
            clock=seeder.clock,
            first_party_id=first_party_id,
            add=self.result.add,
        ).run()
        self.result.add("portal_users", create_portal_users(awaiting_answer=seeder.awaiting_answer))
        self.result.add("activity_plans", create_activity_plans())
        self.result.add("articles", create_articles())

    def _ensure_tags(self) -> dict[str, int]:
        tags = {}
        for name, colour in TAG_COLOURS.items():
            tag, _created = Tag.objects.get_or_create(name=name, defaults={"color": colour})
            tags[name] = tag.pk
        return tags

    def _catalog(self) -> dict[str, list[str]]:
        """Create the demo catalog in an empty database; an existing catalog is kept as it is."""
        if not Product.objects.exists():
            count = demo_products.create_catalog(self.catalog_rng, demo_products.product_count(self.scale))
            self.result.add("products", count)
        return demo_products.names_by_family()

    def _resolve_uscc_clashes(self, drafts: list[Draft]) -> None:
        """On append, a generated code may belong to a party already in the database."""
        codes = [d.party.uscc for d in drafts if d.party.uscc]
        taken = set(Party.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
        while taken:
            for draft in drafts:
                code = draft.party.uscc
                if code and code in taken:
                    sole_trader = code.startswith(identifiers.SOLE_TRADER)
                    draft.party.uscc = self.drafter.new_uscc(draft.city, sole_trader=sole_trader)
            codes = [d.party.uscc for d in drafts if d.party.uscc]
            taken = set(Party.objects.filter(uscc__in=codes).values_list("uscc", flat=True))

    def _write(self, drafts: list[Draft]) -> None:
        for draft in drafts:
            draft.finish()
        if self.is_append:
            self._resolve_uscc_clashes(drafts)
            for draft in drafts:
                draft.finish()
        bulk.insert_objects(Party, [d.party for d in drafts])
        contacts = []
        for draft in drafts:
            for contact, _points in draft.contacts:
                contact.party_id = draft.party.pk
                contacts.append(contact)
        bulk.insert_objects(Contact, contacts)
        roles, tag_links, addresses, points = [], [], [], []
        for draft in drafts:
            pid = draft.party.pk
            roles += [{"party_id": pid, "role": str(role), "since": draft.since} for role in draft.roles]
            tag_links += [{"party_id": pid, "tag_id": self.tags[name]} for name in draft.tags]
            addresses += [{**address, "party_id": pid} for address in draft.addresses]
            points += [{**point, "party_id": pid, "contact_id": None} for point in draft.points]
            for contact, contact_points in draft.contacts:
                points += [{**point, "party_id": pid, "contact_id": contact.pk} for point in contact_points]
        self.result.add("roles", bulk.insert_rows(PartyRole, roles))
        self.result.add("tags", bulk.insert_rows(Party.tags.through, tag_links))
        self.result.add("addresses", bulk.insert_rows(Address, addresses))
        self.result.add("contact_points", bulk.insert_rows(ContactPoint, points))

        links: list[Relationship] = []
        for draft in drafts:
            self.network.register(draft.role, draft.party.pk, draft.party.province)
            links += self.network.links_for(
                draft.party.pk, draft.role, draft.party.province, is_person=draft.is_person
            )
        bulk.insert_objects(Relationship, links)
        contracts = self.network.contracts_for(links, {d.party.pk: d.role for d in drafts})
        self.result.add("contracts", bulk.insert_rows(Contract, contracts))
        self.pricing.write_terms(drafts)

        interactions: list[dict[str, object]] = []
        for draft in drafts:
            interactions += self.timeline.interactions(
                party_id=draft.party.pk,
                role=draft.role,
                status=draft.party.status,
                is_person=draft.is_person,
                contact_ids=[c.pk for c, _p in draft.contacts],
                author_ids=self._authors_for(draft),
                count=self.timeline.count_for(draft.role, is_person=draft.is_person),
            )
        self.result.add("interactions", bulk.insert_rows(Interaction, interactions))
        self.result.add("parties", len(drafts))
        self.result.add("contacts", len(contacts))
        self.result.add("relationships", len(links))

    def _authors_for(self, draft: Draft) -> list[int]:
        owner = draft.party.owner_id
        others = self.authors.get(draft.role, [])
        # The account manager writes most of the timeline; colleagues chip in.
        return [owner] * 4 + others if owner else others
