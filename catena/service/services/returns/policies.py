"""Return policies: publishing a version, and the one in force. A version is never edited once
published, so an RMA judged under it can always show the rules it was judged by."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access
from catena.core.money import CURRENCIES, MAX_PRICE
from catena.core.validation import Errors
from catena.service.choices import RefundMethod
from catena.service.models import ReturnPolicy
from catena.service.models.returns import APPROVER_ROLES

MAX_WINDOW_DAYS = 3650


def _decimal(errors: Errors, field: str, value: Any, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."), code="invalid")
        return Decimal("0")
    if not number.is_finite() or number < low or number > high or number.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.add(field, _("The value is outside the accepted range."), code="out_of_range")
    return number


@transaction.atomic
def publish_policy(
    *,
    actor: User,
    name: str,
    effective_from: date | None = None,
    return_window_days: int = 30,
    condition: str = "",
    restocking_fee_percent: Any = Decimal("0"),
    approval_threshold: Any = Decimal("0"),
    currency: str = "CNY",
    approver_role: str = "manager",
    refund_method: str = RefundMethod.ORIGINAL_PAYMENT,
) -> ReturnPolicy:
    """Publish a return policy: the next version of ``name`` (version 1 if new). The versions
    before it stay, inactive and pointing to their successor, so RMAs judged under them keep
    their rules."""
    access.ensure(actor, access.ADD, ReturnPolicy)
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", _("This field is required."), code="required")
    elif len(name) > 100:
        errors.add("name", _("The value is too long."), code="too_long")
    if not isinstance(return_window_days, int) or not 0 <= return_window_days <= MAX_WINDOW_DAYS:
        errors.add("return_window_days", _("The value is outside the accepted range."), code="out_of_range")
    fee = _decimal(errors, "restocking_fee_percent", restocking_fee_percent, Decimal("0"), Decimal("100"))
    threshold = _decimal(errors, "approval_threshold", approval_threshold, Decimal("0"), MAX_PRICE)
    if currency not in dict(CURRENCIES):
        errors.add("currency", _("Not one of the allowed values."), code="invalid_choice")
    if approver_role not in dict(APPROVER_ROLES):
        errors.add("approver_role", _("Not one of the allowed values."), code="invalid_choice")
    if refund_method not in RefundMethod.values:
        errors.add("refund_method", _("Not one of the allowed values."), code="invalid_choice")
    if len(condition or "") > 5000:
        errors.add("condition", _("The value is too long."), code="too_long")
    errors.raise_if_any()
    previous = list(ReturnPolicy.objects.select_for_update().filter(name=name, is_active=True))
    latest = ReturnPolicy.objects.filter(name=name).aggregate(top=Max("version"))["top"] or 0
    policy = ReturnPolicy.objects.create(
        name=name,
        version=latest + 1,
        effective_from=effective_from or timezone.localdate(),
        return_window_days=return_window_days,
        condition=(condition or "").strip(),
        restocking_fee_percent=fee,
        approval_threshold=threshold,
        currency=currency,
        approver_role=approver_role,
        refund_method=refund_method,
        created_by=actor,
    )
    ReturnPolicy.objects.filter(pk__in=[p.pk for p in previous]).update(is_active=False, superseded_by=policy)
    return policy


def policy_in_force(on: date | None = None) -> ReturnPolicy | None:
    """The active policy effective on ``on`` (today): the latest to take effect."""
    on = on or timezone.localdate()
    return (
        ReturnPolicy.objects.active()
        .filter(effective_from__lte=on)
        .order_by("-effective_from", "-version", "-id")
        .first()
    )
