"""``{% promise_panel case %}``: the case page's panel of promises made to the customer, with the
form to make one and the buttons to keep or cancel each (for staff who may change the case)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from catena.core import access
from catena.service import ledger
from catena.service.forms import PromiseForm
from catena.service.models import Case

register = template.Library()


@register.inclusion_tag("service/promise_panel.html", takes_context=True)
def promise_panel(context: template.Context, case: Case) -> dict[str, Any]:
    user = context["request"].user
    now = timezone.now()
    promises = list(ledger.case_promises(user, case))
    for promise in promises:
        promise.badge = ledger.badge(promise, now)  # type: ignore[attr-defined]
    can_change = access.can(user, access.CHANGE, case) and case.merged_into_id is None
    return {
        "case": case,
        "promises": promises,
        "can_settle": can_change,
        "can_promise": can_change and case.is_active,
        "promise_form": context.get("promise_form") or PromiseForm(),
        "csrf_token": context.get("csrf_token"),
    }
