"""Forms of the returns pages: a return request (staff and portal), the steps of an RMA, a refund,
and publishing a return policy. The services decide what is valid."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.core.money import CURRENCIES
from catena.service.choices import RefundMethod, ReturnCondition, ReturnStatus
from catena.service.models.returns import APPROVER_ROLES


class ReturnRequestForm(forms.Form):
    """One delivered order line to return (the portal's "request a return")."""

    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.001"), max_digits=14, decimal_places=3
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=ReturnCondition.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ReturnShipmentForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60)


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=18, decimal_places=2)
    method = forms.ChoiceField(label=_("Refund method"), choices=RefundMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ReturnFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ReturnStatus.choices], required=False
    )


class ReturnPolicyForm(forms.Form):
    """Publishing a return policy: the next version of its name."""

    name = forms.CharField(label=_("Name"), max_length=100)
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    return_window_days = forms.IntegerField(
        label=_("Return window (days)"), min_value=0, max_value=3650, initial=30
    )
    condition = forms.CharField(
        label=_("Condition of the goods"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    restocking_fee_percent = forms.DecimalField(
        label=_("Restocking fee %"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    approval_threshold = forms.DecimalField(
        label=_("Approval above"), min_value=0, max_digits=18, decimal_places=2, initial=0
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="CNY")
    approver_role = forms.ChoiceField(label=_("Approved by"), choices=APPROVER_ROLES)
    refund_method = forms.ChoiceField(label=_("Refund method"), choices=RefundMethod.choices)
