"""The portal's access rules: a portal user is tied to one party, and what the party plays in
the chain, together with the user's portal role, decides which sections the user sees: a
partner of a supplier answers purchase orders, a partner of a carrier updates shipments, a
customer's user follows its orders. Every read inside a section still goes through the access
policies of the apps that own the records, so a section can never show more than they allow.

The pages apply these rules through ``portal.views.common.portal_page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from catena.accounts import roles
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.choices import BUYING_ROLES, PartyRoleType
from catena.parties.models import Party, PortalAccess

PURCHASE_ORDERS = "purchase_orders"
SHIPMENTS = "shipments"
ORDERS = "orders"
CASES = "cases"
PARTNER_TASKS = "partner_tasks"
HELP = "help"

# section -> (the portal role that may use it, the party roles that open it)
SECTION_RULES: dict[str, tuple[str, frozenset[str]]] = {
    PURCHASE_ORDERS: (
        Role.PORTAL_PARTNER,
        frozenset({PartyRoleType.SUPPLIER, PartyRoleType.MANUFACTURER}),
    ),
    SHIPMENTS: (Role.PORTAL_PARTNER, frozenset({PartyRoleType.CARRIER})),
    ORDERS: (
        Role.PORTAL_CUSTOMER,
        BUYING_ROLES,
    ),
    CASES: (Role.PORTAL_CUSTOMER, BUYING_ROLES),
    HELP: (Role.PORTAL_CUSTOMER, BUYING_ROLES),
    PARTNER_TASKS: (
        Role.PORTAL_PARTNER,
        frozenset({PartyRoleType.CARRIER, PartyRoleType.SUPPLIER, PartyRoleType.MANUFACTURER}),
    ),
}
SECTION_ORDER = (ORDERS, CASES, HELP, PURCHASE_ORDERS, SHIPMENTS, PARTNER_TASKS)
SECTION_LABELS = {
    ORDERS: _("Orders"),
    CASES: _("Service requests"),
    HELP: _("Help centre"),
    PURCHASE_ORDERS: _("Purchase orders"),
    SHIPMENTS: _("Shipments"),
    PARTNER_TASKS: _("Issues to answer"),
}
SECTION_URLS = {
    ORDERS: "portal:order_list",
    CASES: "portal:case_list",
    HELP: "portal:help_list",
    PURCHASE_ORDERS: "portal:purchase_order_list",
    SHIPMENTS: "portal:shipment_list",
    PARTNER_TASKS: "portal:partner_task_list",
}


@dataclass(frozen=True)
class PortalContext:
    """Who is signed in to the portal and for which party, and what that party may use here."""

    user: User
    party: Party
    sections: tuple[str, ...]

    def has(self, section: str) -> bool:
        return section in self.sections

    @property
    def nav(self) -> list[tuple[str, str, Any]]:
        return [(name, SECTION_URLS[name], SECTION_LABELS[name]) for name in self.sections]


def sections_for(user: User, party_roles: set[str]) -> tuple[str, ...]:
    """The portal sections open to ``user`` whose party plays ``party_roles``."""
    role = roles.role_of(user)
    return tuple(
        name
        for name in SECTION_ORDER
        if SECTION_RULES[name][0] == role and SECTION_RULES[name][1] & party_roles
    )


def portal_context(user: Any) -> PortalContext | None:
    """The portal context of ``user``, or None if they are no portal user with access."""
    if not roles.is_portal(user):
        return None
    access_row = PortalAccess.objects.select_related("party").filter(user_id=user.pk).first()
    if access_row is None:
        return None
    party = access_row.party
    party_roles = set(party.roles.values_list("role", flat=True))
    user._portal_party_id = party.pk  # the policies' cache: one query fewer per page
    return PortalContext(user=cast(User, user), party=party, sections=sections_for(user, party_roles))
