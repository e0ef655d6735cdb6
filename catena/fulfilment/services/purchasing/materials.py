"""Buying the materials of an order: what its made-to-order lines need (through their bills of
materials), grouped by preferred supplier, and one purchase order per supplier."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.catalog.models import Component, Product
from catena.core import access
from catena.fulfilment.choices import PurchaseOrderStatus
from catena.fulfilment.models import PurchaseOrder, SupplierItem
from catena.fulfilment.services.purchasing.orders import POLineInput, create_purchase_order
from catena.parties.models import Party
from catena.sales.choices import LineFulfilment
from catena.sales.models import SalesOrder, SalesOrderLine


def material_needs(order: SalesOrder) -> dict[Party, list[POLineInput]]:
    """What the made-to-order lines of ``order`` need bought, grouped by preferred supplier.

    A line's product needs its bill of materials; a product without one is bought whole. Raises a
    ``ValidationError`` naming every product that has no preferred supplier."""
    needs: dict[tuple[int, int | None], Decimal] = defaultdict(Decimal)
    line_of: dict[tuple[int, int | None], SalesOrderLine] = {}
    for line in order.lines.select_related("product").filter(fulfilment=LineFulfilment.MAKE):
        components = list(Component.objects.filter(product=line.product).select_related("component"))
        if components:
            for comp in components:
                key = (comp.component_id, line.pk)
                needs[key] += line.quantity * comp.quantity
                line_of[key] = line
        else:
            key = (line.product_id, line.pk)
            needs[key] += line.quantity
            line_of[key] = line
    if not needs:
        raise ValidationError(
            {
                "order": ValidationError(
                    _("This order has no made-to-order lines."), code="order.no_made_to_order_lines"
                )
            }
        )
    product_ids = {product_id for product_id, _line in needs}
    preferred = {
        item.product_id: item
        for item in SupplierItem.objects.filter(product_id__in=product_ids, is_preferred=True).select_related(
            "supplier"
        )
    }
    products = Product.objects.in_bulk(product_ids)
    missing = sorted(products[pid].sku for pid in product_ids if pid not in preferred)
    if missing:
        raise ValidationError(
            {
                "order": ValidationError(
                    _("No preferred supplier for: %(skus)s.") % {"skus": ", ".join(missing)},
                    code="order.no_preferred_supplier",
                )
            }
        )
    grouped: dict[Party, list[POLineInput]] = defaultdict(list)
    for (product_id, _line_id), quantity in needs.items():
        item = preferred[product_id]
        grouped[item.supplier].append(
            POLineInput(
                product=products[product_id],
                quantity=quantity,
                unit_price=item.unit_price,
                sales_order_line=line_of[(product_id, _line_id)],
            )
        )
    return grouped


@transaction.atomic
def purchase_materials(order: SalesOrder, *, actor: User | None, send: bool = True) -> list[PurchaseOrder]:
    """Create (and send) one purchase order per preferred supplier for the order's material needs."""
    if actor is not None:
        access.ensure(actor, access.ADD, PurchaseOrder)
        access.ensure(actor, access.VIEW, order)
    if PurchaseOrder.objects.filter(sales_order=order).exclude(status=PurchaseOrderStatus.CANCELLED).exists():
        raise ValidationError(
            {
                "order": ValidationError(
                    _("Materials for this order have already been ordered."), code="order.already_planned"
                )
            }
        )
    created = []
    for supplier, lines in material_needs(order).items():
        lead = max(
            (
                SupplierItem.objects.filter(supplier=supplier, product=line.product)
                .values_list("lead_time_days", flat=True)
                .first()
                or 7
                for line in lines
            ),
            default=7,
        )
        needed_by = timezone.localdate() + timedelta(days=lead)
        created.append(
            create_purchase_order(
                supplier, actor=actor, lines=lines, needed_by=needed_by, sales_order=order, send=send
            )
        )
    return created
