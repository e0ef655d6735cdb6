"""``{% return_panel case %}`` (the case page's returns with their refunds) and
``{% order_returns order %}`` (the returns and refunds of an order, on the order page)."""

from __future__ import annotations

from typing import Any

from django import template

from catena.core import access
from catena.sales.models import SalesOrder
from catena.service.choices import ReturnCondition
from catena.service.models import Case, ReturnAuthorization

register = template.Library()


def _returns(user: Any, **filters: Any) -> list[ReturnAuthorization]:
    return list(
        ReturnAuthorization.objects.for_user(user, access.VIEW)
        .filter(**filters)
        .select_related("policy")
        .prefetch_related("lines__order_line__product", "refunds")
        .order_by("-created_at", "-id")
    )


@register.inclusion_tag("service/return_panel.html", takes_context=True)
def return_panel(context: template.Context, case: Case) -> dict[str, Any]:
    user = context["request"].user
    can_start = case.order_id is not None and case.is_active and access.can(user, access.CHANGE, case)
    return {
        "returns": _returns(user, case=case),
        "case": case,
        "order_lines": list(case.order.lines.select_related("product")) if can_start and case.order else [],
        "conditions": ReturnCondition.choices,
    }


@register.inclusion_tag("service/return_order_panel.html", takes_context=True)
def order_returns(context: template.Context, order: SalesOrder) -> dict[str, Any]:
    return {"returns": _returns(context["request"].user, order=order), "order": order}
