"""``{% order_return_actions order %}``: on a customer's order page, the delivered lines it may
still return (each with its "Request a return" action) and the returns already asked for;
``{% case_returns case %}``: on its case page, the case's returns and refunds."""

from __future__ import annotations

from typing import Any

from django import template

from catena.core import access
from catena.sales.models import SalesOrder
from catena.service.models import Case, Refund, ReturnAuthorization
from catena.service.services.returns import delivered_quantity
from catena.service.services.returns.authorisations import held_quantity

register = template.Library()


@register.inclusion_tag("portal/parts/order_returns.html", takes_context=True)
def order_return_actions(context: template.Context, order: SalesOrder) -> dict[str, Any]:
    user = context["request"].user
    rows = []
    for line in order.lines.select_related("product"):
        delivered, _at = delivered_quantity(line)
        if delivered > 0:
            rows.append(
                {"line": line, "delivered": delivered, "returnable": max(delivered - held_quantity(line), 0)}
            )
    returns = (
        ReturnAuthorization.objects.for_user(user, access.VIEW).filter(order=order).order_by("-created_at")
    )
    return {"rows": rows, "returns": list(returns), "order": order}


@register.inclusion_tag("portal/parts/case_returns.html", takes_context=True)
def case_returns(context: template.Context, case: Case) -> dict[str, Any]:
    """The returns of a case and their refunds, as the customer follows them (read-only)."""
    user = context["request"].user
    returns = list(
        ReturnAuthorization.objects.for_user(user, access.VIEW)
        .filter(case=case)
        .prefetch_related("lines__order_line__product")
        .order_by("-created_at")
    )
    refunds = Refund.objects.for_user(user, access.VIEW).filter(rma__in=returns).order_by("created_at", "id")
    by_rma: dict[int, list[Refund]] = {}
    for refund in refunds:
        by_rma.setdefault(refund.rma_id, []).append(refund)
    return {"rows": [(rma, by_rma.get(rma.pk, [])) for rma in returns]}
