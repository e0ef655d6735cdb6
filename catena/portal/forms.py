"""Forms of the portal: a supplier's answer, a carrier's event and proof of delivery, and the
administrators' invitation of a portal user. Forms check the input's shape; the services
check the rules and their errors are shown on the same fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import bounds
from catena.fulfilment.choices import SupplierAnswer, TrackingEventKind
from catena.service.choices import CaseType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def apply_service_errors(
    form: forms.Form, exc: ValidationError, mapping: Mapping[str, str] | None = None
) -> None:
    """Put a service's errors on the form's fields (by the same name, or ``mapping``), the rest on top."""
    mapping = mapping or {}
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, messages in by_field.items():
        field: str | None = mapping.get(key, key)
        if field not in form.fields:
            field = None
        for message in messages:
            form.add_error(field, message)


class VersionedForm(forms.Form):
    """Carries the version of the record as the user saw it: a stale one is refused, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class PurchaseOrderAnswerForm(VersionedForm):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=SupplierAnswer.choices, widget=forms.RadioSelect
    )
    promised_date = bounds.DateField(
        label=_("Delivery date"),
        required=False,
        widget=DATE,
        help_text=_("The date you deliver. When you confirm without a date, the needed-by date is promised."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject."),
    )


class TrackingEventForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Event"), choices=TrackingEventKind.choices)
    occurred_at = bounds.DateTimeField(
        label=_("When"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty for now."),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required for an exception: damaged, refused, address not found…"),
    )

    def __init__(self, *args: Any, allowed_kinds: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed_kinds is not None:
            field = cast(forms.ChoiceField, self.fields["kind"])
            field.choices = [(v, label) for v, label in TrackingEventKind.choices if v in allowed_kinds]


class ProofOfDeliveryForm(forms.Form):
    signed_by = forms.CharField(label=_("Signed for by"), max_length=100)
    signed_at = bounds.DateTimeField(
        label=_("Signed at"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty for now."),
    )
    photo = forms.FileField(
        label=_("Photo or scan"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )


PORTAL_ROLE_CHOICES = [
    (Role.PORTAL_CUSTOMER, _("Customer: follows the party's orders and deliveries")),
    (Role.PORTAL_PARTNER, _("Partner: answers purchase orders or updates shipments")),
]


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only. The user signs in with it."),
    )
    role = forms.ChoiceField(label=_("Portal role"), choices=PORTAL_ROLE_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args: Any, initial_role: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initial_role:
            self.fields["role"].initial = initial_role


class CaseRequestForm(forms.Form):
    """A customer's new service request (a case) in the portal."""

    case_type = forms.ChoiceField(label=_("What is it about?"), choices=CaseType.choices)
    order = forms.TypedChoiceField(
        label=_("Which order?"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("If it is about one."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Tell us more"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, orders: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [("", "—"), *(orders or [])]  # type: ignore[attr-defined]


class CaseReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}))
