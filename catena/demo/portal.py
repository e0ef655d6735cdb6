"""Demo portal users: three suppliers, three carriers and three customers, each tied to a seeded
party that has something to do on the portal (purchase orders to answer, shipments to update,
orders in progress). The password is the demo password; existing users are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.demo.users import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from catena.fulfilment.choices import OPEN_PO_STATUSES, PurchaseOrderStatus, ShipmentStatus
from catena.fulfilment.models import PurchaseOrder, Shipment, SupplierItem
from catena.parties.choices import PartyKind
from catena.parties.models import Contact, Party, PortalAccess
from catena.sales.choices import ACTIVE_STATUSES
from catena.sales.models import SalesOrder

PER_KIND = 3
# username prefix, role, in the order ``catena demo`` prints them
KINDS: tuple[tuple[str, str], ...] = (
    ("supplier", Role.PORTAL_PARTNER),
    ("carrier", Role.PORTAL_PARTNER),
    ("customer", Role.PORTAL_CUSTOMER),
)
PORTAL_USERNAMES = tuple(f"{prefix}{n}" for prefix, _role in KINDS for n in range(1, PER_KIND + 1))
AWAITING = (PurchaseOrderStatus.SENT, PurchaseOrderStatus.PROPOSED)
MOVING = (
    ShipmentStatus.PLANNED, ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT,
    ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.EXCEPTION,
)  # fmt: skip


@dataclass(frozen=True)
class PortalLogin:
    username: str
    role: str
    party: str


def _suppliers() -> list[tuple[int, int]]:
    """(supplier, purchase orders awaiting its answer), the busiest approved suppliers first."""
    approved = set(SupplierItem.objects.filter(is_preferred=True).values_list("supplier_id", flat=True))
    ranked = (
        PurchaseOrder.objects.filter(supplier_id__in=approved)
        .values("supplier_id")
        .annotate(
            awaiting=Count("id", filter=Q(status__in=AWAITING)),
            open=Count("id", filter=Q(status__in=OPEN_PO_STATUSES)),
            total=Count("id"),
        )
        .order_by("-awaiting", "-open", "-total", "supplier_id")
    )
    chosen = [(row["supplier_id"], row["awaiting"]) for row in ranked[:PER_KIND]]
    for supplier_id in sorted(approved - {s for s, _n in chosen})[: PER_KIND - len(chosen)]:
        chosen.append((supplier_id, 0))
    return chosen


def _carriers() -> list[int]:
    ranked = (
        Shipment.objects.values("carrier_id")
        .annotate(moving=Count("id", filter=Q(status__in=MOVING)), total=Count("id"))
        .order_by("-moving", "-total", "carrier_id")
    )
    return [row["carrier_id"] for row in ranked[:PER_KIND]]


def _customers() -> list[int]:
    ranked = (
        SalesOrder.objects.filter(status__in=ACTIVE_STATUSES, customer__kind=PartyKind.ORGANISATION)
        .values("customer_id")
        .annotate(active=Count("id"))
        .order_by("-active", "customer_id")
    )
    return [row["customer_id"] for row in ranked[:PER_KIND]]


def create_portal_users(*, awaiting_answer: Callable[[int], None]) -> int:
    """Create the demo portal users that do not exist yet; ``awaiting_answer(supplier_id)`` gives
    a chosen supplier a purchase order to answer when it has none. Returns how many were made."""
    existing = set(User.objects.filter(username__in=PORTAL_USERNAMES).values_list("username", flat=True))
    if len(existing) == len(PORTAL_USERNAMES):
        return 0
    suppliers = _suppliers()
    parties = {
        "supplier": [s for s, _n in suppliers],
        "carrier": _carriers(),
        "customer": _customers(),
    }
    contacts: dict[int, str] = {}
    for party_id, name in (
        Contact.objects.filter(party_id__in=[p for ids in parties.values() for p in ids])
        .order_by("-is_primary", "id")
        .values_list("party_id", "name")
    ):
        contacts.setdefault(party_id, name)  # the primary contact uses the portal
    password = make_password(DEMO_PASSWORD)
    created = 0
    for prefix, role in KINDS:
        for number, party_id in enumerate(parties[prefix], 1):
            username = f"{prefix}{number}"
            if username in existing:
                continue
            if prefix == "supplier" and dict(suppliers)[party_id] == 0:
                awaiting_answer(party_id)
            name = contacts.get(party_id, "")
            user = User.objects.create(
                username=username,
                password=password,
                email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                role=role,
                last_name=name[:1],
                first_name=name[1:],
            )
            PortalAccess.objects.create(user=user, party_id=party_id)
            created += 1
    return created


def portal_logins() -> list[PortalLogin]:
    """The demo portal users that exist, with the party each one acts for."""
    labels = dict(Role.choices)
    accesses = {
        access.user.username: access
        for access in PortalAccess.objects.filter(user__username__in=PORTAL_USERNAMES).select_related(
            "user", "party"
        )
    }
    return [
        PortalLogin(username, str(labels[accesses[username].user.role]), accesses[username].party.name)
        for username in PORTAL_USERNAMES
        if username in accesses
    ]


def portal_party(username: str) -> Party | None:
    access = PortalAccess.objects.filter(user__username=username).select_related("party").first()
    return access.party if access else None
