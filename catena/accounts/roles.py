"""What each role may do, by kind of record. The single table the access policies read."""

from __future__ import annotations

from typing import Any

from catena.accounts.choices import Role
from catena.core.access import ADD, CHANGE, DELETE, EXPORT, IMPORT, VIEW

ALL = frozenset({VIEW, ADD, CHANGE, DELETE, EXPORT, IMPORT})
WORK = frozenset({VIEW, ADD, CHANGE, EXPORT, IMPORT})
READ = frozenset({VIEW})
NONE: frozenset[str] = frozenset()

INTERNAL_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.MANAGER,
        Role.SALES,
        Role.SERVICE,
        Role.PURCHASING,
        Role.LOGISTICS,
        Role.MARKETING,
        Role.READ_ONLY,
    }
)
PORTAL_ROLES = frozenset({Role.PORTAL_CUSTOMER, Role.PORTAL_PARTNER})

# kind of record -> role -> actions. Portal roles get their own-party rules in each policy.
CAPABILITIES: dict[str, dict[str, frozenset[str]]] = {
    "party": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: WORK,
        Role.SERVICE: WORK - {IMPORT},
        Role.PURCHASING: WORK,
        Role.LOGISTICS: WORK - {IMPORT},
        Role.MARKETING: WORK,
        Role.READ_ONLY: READ,
        Role.PORTAL_CUSTOMER: READ,
        Role.PORTAL_PARTNER: READ,
    },
    "product": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: READ | {EXPORT},
        Role.SERVICE: READ,
        Role.PURCHASING: WORK,
        Role.LOGISTICS: READ,
        Role.MARKETING: READ | {EXPORT},
        Role.READ_ONLY: READ,
    },
    "interaction": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: WORK,
        Role.SERVICE: WORK,
        Role.PURCHASING: WORK,
        Role.LOGISTICS: WORK,
        Role.MARKETING: WORK,
        Role.READ_ONLY: READ,
    },
    # the sales pipeline: leads, opportunities, quotes
    "pipeline": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: WORK,
        Role.MARKETING: WORK,
        Role.SERVICE: READ,
        Role.READ_ONLY: READ,
    },
    "sales_order": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: WORK,
        Role.SERVICE: READ | {EXPORT},
        Role.PURCHASING: READ | {EXPORT},
        Role.LOGISTICS: READ | {CHANGE, EXPORT},
        Role.MARKETING: READ,
        Role.READ_ONLY: READ,
        Role.PORTAL_CUSTOMER: READ,
    },
    # moving an order through the stages of its flow (each department moves its own stages)
    "order_flow": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SALES: READ | {CHANGE},
        Role.SERVICE: READ,
        Role.PURCHASING: READ | {CHANGE},
        Role.LOGISTICS: READ | {CHANGE},
        Role.MARKETING: READ,
        Role.READ_ONLY: READ,
    },
    "flow_template": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: READ,
        Role.SALES: READ,
        Role.SERVICE: READ,
        Role.PURCHASING: READ,
        Role.LOGISTICS: READ,
        Role.MARKETING: READ,
        Role.READ_ONLY: READ,
    },
    "purchase_order": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.PURCHASING: WORK,
        Role.SALES: READ,
        Role.LOGISTICS: READ,
        Role.SERVICE: READ,
        Role.READ_ONLY: READ,
        Role.PORTAL_PARTNER: READ | {CHANGE},  # answers (confirms, rejects, proposes) its own POs
    },
    "work_order": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.PURCHASING: WORK,
        Role.SALES: READ,
        Role.LOGISTICS: READ,
        Role.SERVICE: READ,
        Role.READ_ONLY: READ,
    },
    "shipment": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.LOGISTICS: WORK,
        Role.SALES: READ,
        Role.PURCHASING: READ,
        Role.SERVICE: READ,
        Role.READ_ONLY: READ,
        Role.PORTAL_CUSTOMER: READ,  # tracks the shipments of its own orders
        Role.PORTAL_PARTNER: READ | {CHANGE},  # a carrier posts events on its own shipments
    },
    "webhook": {Role.ADMINISTRATOR: ALL},
    "user": {Role.ADMINISTRATOR: ALL},
}

# Fields hidden from roles not listed: cost and margin are for those who buy and decide.
FIELD_READERS: dict[str, frozenset[str]] = {
    "product.standard_cost": frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.PURCHASING}),
}


def role_of(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR
    return str(getattr(user, "role", "") or "")


def allows(user: Any, kind: str, action: str) -> bool:
    return action in CAPABILITIES.get(kind, {}).get(role_of(user), NONE)


def is_internal(user: Any) -> bool:
    return role_of(user) in INTERNAL_ROLES


def is_portal(user: Any) -> bool:
    return role_of(user) in PORTAL_ROLES


def can_read_field(user: Any, field: str) -> bool:
    readers = FIELD_READERS.get(field)
    return readers is None or role_of(user) in readers
