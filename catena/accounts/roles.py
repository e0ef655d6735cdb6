"""What each role may do, by kind of record. The single table the access policies read."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from catena.accounts.choices import Role
from catena.core.access import ADD, CHANGE, DELETE, EXPORT, IMPORT, VIEW, Fields

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
    # the service desk's cases and their messages
    "case": {
        Role.ADMINISTRATOR: ALL,
        Role.MANAGER: ALL,
        Role.SERVICE: WORK - {IMPORT},
        Role.SALES: READ,
        Role.READ_ONLY: READ,
        Role.PORTAL_CUSTOMER: READ | {ADD},  # opens and follows its own party's cases
    },
    "webhook": {Role.ADMINISTRATOR: ALL},
    "user": {Role.ADMINISTRATOR: ALL},
    # what the company is set up with: departments, custom party fields
    "reference": {str(role): ALL if role == Role.ADMINISTRATOR else READ for role in INTERNAL_ROLES},
    # the domain-event outbox: every change of every record, so administrators only
    "event": {Role.ADMINISTRATOR: READ | {EXPORT}},
}

# --- field rules ------------------------------------------------------------------------------------
# ``access.visible_fields`` reads these through each kind's policy. Field names are the record's
# fields as the API answers them (``PartyOut``…), and the pages and exports use the same names.

COST_READERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.PURCHASING})

# Fields kept from every role not listed: costs, and what we pay suppliers (a purchase price is
# usually the standard cost copied, and either gives the margin away). A supplier reads the prices
# of its own purchase orders: they are its prices.
FIELD_READERS: dict[str, frozenset[str]] = {
    "product.standard_cost": COST_READERS,
    "supplier_item.unit_price": COST_READERS,
    "purchase_order.total_net": COST_READERS | {Role.PORTAL_PARTNER},
    "purchase_order_line.unit_price": COST_READERS | {Role.PORTAL_PARTNER},
}

_PARTY_FOR_PORTAL = frozenset(
    {
        "id", "name", "short_name", "kind", "uscc", "industry", "province", "city", "roles",
        "contacts", "addresses", "contact_points", "created_at", "updated_at",
    }
)  # fmt: skip
_SHIPMENT_FOR_PORTAL = frozenset(
    {
        "id", "number", "sales_order", "carrier", "tracking_number", "status", "promised_pickup_at",
        "promised_delivery_at", "picked_up_at", "delivered_at", "delivered_on_time", "version",
        "ship_to", "pod_signed_by", "pod_signed_at", "has_pod_photo", "lines", "packages", "events",
    }
)  # fmt: skip

# What a portal user reads of each kind of record it may see: the portal's view, an allow-list.
# Whatever is not listed (notes, account owners, tiers, tags, staff names, our order numbers on a
# supplier's purchase order) is ours. A kind not listed here shows a portal user no field at all.
PORTAL_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "party": {Role.PORTAL_CUSTOMER: _PARTY_FOR_PORTAL, Role.PORTAL_PARTNER: _PARTY_FOR_PORTAL},
    "contact": dict.fromkeys(
        PORTAL_ROLES,
        frozenset(
            {"id", "name", "title", "department", "is_primary", "contact_points", "created_at", "updated_at"}
        ),
    ),
    "address": dict.fromkeys(
        PORTAL_ROLES,
        frozenset({"id", "kind", "province", "city", "district", "street", "postcode", "is_primary"}),
    ),
    "contact_point": dict.fromkeys(
        PORTAL_ROLES, frozenset({"id", "kind", "value", "label", "is_primary", "contact_id"})
    ),
    "relationship": dict.fromkeys(
        PORTAL_ROLES,
        frozenset(
            {"id", "from_party", "to_party", "kind", "since", "until", "contract", "created_at", "updated_at"}
        ),
    ),
    "sales_order": {
        Role.PORTAL_CUSTOMER: frozenset(
            {
                "id",
                "number",
                "customer",
                "order_type",
                "status",
                "stage",
                "stage_name",
                "stage_entered_at",
                "is_late",
                "version",
                "ordered_at",
                "requested_date",
                "promised_date",
                "currency",
                "total_net",
                "total_tax",
                "customer_reference",
                "payment_terms",
                "ship_to",
                "lines",
                "customer_status",
                "stages",
                "allowed_moves",
                "created_at",
                "updated_at",
            }
        ),
    },  # fmt: skip
    "sales_order_line": {
        Role.PORTAL_CUSTOMER: frozenset(
            {
                "id",
                "line_no",
                "product",
                "description",
                "quantity",
                "unit_price",
                "discount_pct",
                "tax_rate_pct",
                "fulfilment",
                "shipped_quantity",
                "open_quantity",
                "net_amount",
                "tax_amount",
            }
        ),
    },  # fmt: skip
    "order_stage": {
        Role.PORTAL_CUSTOMER: frozenset(
            {
                "code",
                "name",
                "sequence",
                "state",
                "department",
                "standard_hours",
                "due_at",
                "planned_start",
                "started_at",
                "completed_at",
                "hours_taken",
                "over_hours",
                "late_hours",
                "is_active",
                "is_late",
                "customer_label",
            }
        ),
    },  # fmt: skip
    "purchase_order": {
        Role.PORTAL_PARTNER: frozenset(
            {
                "id",
                "number",
                "supplier",
                "status",
                "ordered_at",
                "sent_at",
                "needed_by",
                "promised_date",
                "answered_at",
                "received_at",
                "currency",
                "total_net",
                "version",
                "lines",
                "promises",
            }
        ),
    },  # fmt: skip
    "purchase_order_line": {
        Role.PORTAL_PARTNER: frozenset(
            {"id", "line_no", "product", "quantity", "unit_price", "received_quantity"}
        ),
    },
    "supplier_promise": {
        Role.PORTAL_PARTNER: frozenset(
            {"id", "answer", "promised_date", "note", "answered_at", "source", "kept", "resolved_at"}
        ),
    },
    "case": {
        Role.PORTAL_CUSTOMER: frozenset(
            {
                "id",
                "number",
                "case_type",
                "subject",
                "description",
                "party",
                "contact",
                "order",
                "shipment",
                "product",
                "priority",
                "channel",
                "status",
                "resolution",
                "resolved_at",
                "closed_at",
                "merged_into",
                "version",
                "created_at",
                "updated_at",
                "messages",
            }
        ),
    },  # fmt: skip
    "case_message": {
        Role.PORTAL_CUSTOMER: frozenset({"id", "visibility", "sender", "author_name", "body", "created_at"}),
    },
    "promise": {  # what was promised, by when, where it stands: not who made it, nor our notes
        Role.PORTAL_CUSTOMER: frozenset(
            {"id", "case", "text", "due_at", "status", "resolved_at", "created_at"}
        ),
    },
    "shipment": {Role.PORTAL_CUSTOMER: _SHIPMENT_FOR_PORTAL, Role.PORTAL_PARTNER: _SHIPMENT_FOR_PORTAL},
    "shipment_line": dict.fromkeys(PORTAL_ROLES, frozenset({"id", "order_line_id", "product", "quantity"})),
    "package": dict.fromkeys(PORTAL_ROLES, frozenset({"id", "sscc", "weight_kg", "description"})),
    "tracking_event": dict.fromkeys(
        PORTAL_ROLES,
        frozenset(
            {"id", "kind", "occurred_at", "location", "reason", "source", "external_id", "recorded_at"}
        ),
    ),
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


@functools.cache
def fields_of(role: str, kind: str) -> Fields:
    """The fields of ``kind`` a ``role`` reads (computed once per role and kind)."""
    prefix = f"{kind}."
    hidden = frozenset(
        name.removeprefix(prefix)
        for name, readers in FIELD_READERS.items()
        if name.startswith(prefix) and role not in readers
    )
    only = PORTAL_FIELDS.get(kind, {}).get(role, frozenset()) if role in PORTAL_ROLES else None
    return Fields(only=only, hidden=hidden)


def fields_for(user: Any, kind: str) -> Fields:
    return fields_of(role_of(user), kind)


def field_rule(kind: str) -> Callable[[Any], Fields]:
    """A policy's ``fields(user)`` for records of ``kind``."""
    return functools.partial(fields_for, kind=kind)


def can_read_field(user: Any, field: str) -> bool:
    """May ``user`` read ``field`` (``"kind.name"``)? The same answer as ``access.visible_fields``."""
    kind, _, name = field.partition(".")
    return name in fields_for(user, kind)
