"""Who may be responsible for a case: the partners its links point to."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from catena.catalog.models import Product
from catena.fulfilment.models import PurchaseOrder, Shipment, SupplierItem
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party
from catena.service.choices import CaseType, PartnerRole
from catena.service.models import Case


@dataclass(frozen=True)
class Suggestion:
    """A partner the case's links point to, and why."""

    partner: Party
    role: str
    reason: str
    shipment: Shipment | None = None
    purchase_order: PurchaseOrder | None = None
    product: Product | None = None


def suggest_partners(case: Case) -> list[Suggestion]:
    """Who may be responsible, from what the case links: the carrier of its shipment (or of its
    order's shipments), the supplier of its purchase order (or of the order's purchase orders)
    and the product's suppliers. For a damage or loss claim the carriers come first; for a
    technical question or a return, the suppliers. The agent confirms; nothing is opened here."""
    carriers: list[Suggestion] = []
    suppliers: list[Suggestion] = []
    shipments = [case.shipment] if case.shipment else []
    if not shipments and case.order_id:
        shipments = list(Shipment.objects.filter(sales_order_id=case.order_id).select_related("carrier")[:5])
    for shipment in shipments:
        carriers.append(
            Suggestion(
                shipment.carrier,
                PartnerRole.CARRIER,
                _("Carried shipment %(number)s") % {"number": shipment.number},
                shipment=shipment,
            )
        )
    orders = [case.purchase_order] if case.purchase_order else []
    if not orders and case.order_id:
        orders = list(
            PurchaseOrder.objects.filter(sales_order_id=case.order_id)
            .select_related("supplier")
            .prefetch_related("supplier__roles")[:5]
        )
    product = case.product or (case.order_line.product if case.order_line is not None else None)
    for po in orders:
        suppliers.append(
            Suggestion(
                po.supplier,
                _supplier_role(po.supplier),
                _("Supplied purchase order %(number)s") % {"number": po.number},
                purchase_order=po,
                product=product,
            )
        )
    if product is not None:
        items = (
            SupplierItem.objects.filter(product=product)
            .select_related("supplier")
            .prefetch_related("supplier__roles")
        )
        for item in items.order_by("-is_preferred", "supplier_id")[:3]:
            suppliers.append(
                Suggestion(
                    item.supplier,
                    _supplier_role(item.supplier),
                    _("Supplies %(product)s") % {"product": product.name},
                    product=product,
                )
            )
    carriers_first = case.case_type in (CaseType.CLAIM, CaseType.COMPLAINT)
    found = [*carriers, *suppliers] if carriers_first else [*suppliers, *carriers]
    seen: set[int] = set()
    unique = []
    for suggestion in found:
        if suggestion.partner.pk not in seen:
            seen.add(suggestion.partner.pk)
            unique.append(suggestion)
    return unique


def _supplier_role(party: Party) -> str:
    """A supplier that also makes goods is asked as their manufacturer (its roles are prefetched)."""
    made = any(role.role == PartyRoleType.MANUFACTURER for role in party.roles.all())
    return PartnerRole.MANUFACTURER if made else PartnerRole.SUPPLIER
