"""Forms of the order-flow pages. They collect and type the input; the services decide what is
valid and write. Service errors come back on the fields they name (``lines.0.quantity`` on the
first line's quantity) through :func:`catena.parties.forms.apply_service_errors` and
:func:`apply_line_errors`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catena.accounts.models import Department
from catena.core import bounds
from catena.core.figures import format_quantity
from catena.core.widgets import QuickSelect
from catena.fulfilment.choices import (
    PurchaseOrderStatus,
    ShipmentStatus,
    StepTrigger,
    SupplierAnswer,
    TrackingEventKind,
    WorkOrderStatus,
)
from catena.fulfilment.inputs import MAX_PRICE, MAX_QUANTITY
from catena.parties.forms import apply_service_errors, owner_choices
from catena.sales.choices import OrderStatus, OrderType, PaymentTerms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _all(choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


# --- the order list ------------------------------------------------------------------------------


class OrderFilterForm(forms.Form):
    """The filter bar of the order list (a GET form; the selector reads the same parameters)."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    order_type = forms.ChoiceField(label=_("Order type"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    late = forms.BooleanField(label=_("Late only"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _all(OrderStatus.choices)  # type: ignore[attr-defined]
        self.fields["stage"].choices = _all([(code, _(name)) for code, name in stages])  # type: ignore[attr-defined]
        self.fields["order_type"].choices = _all(OrderType.choices)  # type: ignore[attr-defined]
        self.fields["owner"].choices = _all([(str(u.pk), u.display_name) for u in owner_choices(user)])  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Order number, reference, customer…"), "type": "search"}
        )
        self.fields["late"].widget.attrs.update({"value": "1"})


# --- a new order ---------------------------------------------------------------------------------


class OrderForm(forms.Form):
    """The header of a new order; its lines come in :class:`OrderLineForm`."""

    customer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    customer_name = forms.CharField(label=_("Customer"), required=False, max_length=200)
    order_type = forms.ChoiceField(
        label=_("Order type"), choices=OrderType.choices, initial=OrderType.MAKE_TO_STOCK
    )
    requested_date = bounds.DateField(label=_("Requested delivery date"), required=False, widget=DATE)
    ship_to = forms.TypedChoiceField(label=_("Ship to"), required=False, coerce=int, empty_value=None)
    payment_terms = forms.ChoiceField(
        label=_("Payment terms"), choices=PaymentTerms.choices, initial=PaymentTerms.NET_30
    )
    customer_reference = forms.CharField(label=_("Customer's reference"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, addresses: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ship_to"].choices = [("", _("No ship-to address")), *addresses]  # type: ignore[attr-defined]

    def clean_customer(self) -> int:
        value = self.cleaned_data.get("customer")
        if not value:
            raise ValidationError(_("Pick a customer from the list."))
        return int(value)


class OrderLineForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput, required=False)
    product_name = forms.CharField(label=_("Product"), required=False, max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_value=MAX_QUANTITY, decimal_places=3, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"), max_value=MAX_PRICE, decimal_places=2, required=False,
        help_text=_("Empty: the list price."),
    )  # fmt: skip
    discount_pct = forms.DecimalField(
        label=_("Discount %"), decimal_places=2, max_digits=6, required=False, initial=0
    )
    tax_rate_pct = forms.DecimalField(
        label=_("Tax %"), decimal_places=2, max_digits=6, required=False, initial=13
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("product") and data.get("quantity") in (None, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank() and not data.get("product"):
            self.add_error("product_name", _("Pick a product from the list."))
        if not self.is_blank() and data.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", _("This field is required."))
        return data


OrderLineFormSet = forms.formset_factory(OrderLineForm, extra=0, min_num=1, max_num=200, absolute_max=200)


def apply_line_errors(
    forms_in_order: Sequence[forms.Form], header: forms.Form, exc: ValidationError
) -> list[str]:
    """Put ``lines.<i>.<field>`` errors on the i-th submitted line, the others on the header.
    Returns the messages that belong to the lines as a whole (``lines``)."""
    whole: list[str] = []
    rest: dict[str, list[str]] = {}
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, messages in by_field.items():
        parts = key.split(".")
        if key == "lines":
            whole.extend(messages)
        elif (
            parts[0] == "lines"
            and len(parts) == 3
            and parts[1].isdecimal()
            and int(parts[1]) < len(forms_in_order)
        ):
            line_form = forms_in_order[int(parts[1])]
            field = "product_name" if parts[2] == "product" else parts[2]
            for message in messages:
                line_form.add_error(field if field in line_form.fields else None, message)
        else:
            rest[key] = messages
    if rest:
        apply_service_errors(header, ValidationError(rest), {"customer": "customer_name"})
    return whole


# --- actions on an order -----------------------------------------------------------------------------


class MoveForm(forms.Form):
    to = forms.CharField(max_length=40)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    # a manager's reason to move past a stage whose fact is missing
    override = forms.CharField(label=_("Override reason"), max_length=300, required=False)


class InvoiceForm(forms.Form):
    """Record an invoice issued for the order; the service decides what is valid."""

    number = forms.CharField(label=_("Invoice number"), max_length=40)
    issued_on = forms.DateField(label=_("Invoice date"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Gross amount"), max_digits=18, decimal_places=2, min_value=Decimal("0.01")
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=OrderStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    subject = forms.CharField(label=_("Note"), max_length=200)
    body = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ShipmentForm(forms.Form):
    """Book a shipment: the carrier and the quantity of each line (``line_<id>`` fields)."""

    carrier = forms.TypedChoiceField(label=_("Carrier"), coerce=int, widget=QuickSelect)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000)

    def __init__(
        self,
        *args: Any,
        carriers: Sequence[tuple[int, str]],
        lines: Sequence[tuple[Any, Decimal]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = [("", "—"), *carriers]  # type: ignore[attr-defined]
        self.line_fields: list[tuple[Any, str]] = []
        for line, left in lines:
            name = f"line_{line.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{line.line_no}. {line.product.name}",
                required=False,
                max_value=MAX_QUANTITY,
                decimal_places=3,
                initial=left,
                help_text=_("Up to %(left)s") % {"left": format_quantity(left)},
            )
            self.line_fields.append((line, name))

    def chosen_lines(self) -> list[tuple[Any, Decimal]]:
        return [
            (line, self.cleaned_data[name]) for line, name in self.line_fields if self.cleaned_data.get(name)
        ]

    def line_field(self, index: int) -> str | None:
        chosen = [name for _line, name in self.line_fields if self.cleaned_data.get(name)]
        return chosen[index] if index < len(chosen) else None


class TrackingEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=TrackingEventKind.choices)
    occurred_at = bounds.DateTimeField(label=_("Occurred at"), required=False, widget=DATETIME)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)


class ProofOfDeliveryForm(forms.Form):
    signed_by = forms.CharField(label=_("Signed for by"), max_length=100)
    signed_at = bounds.DateTimeField(label=_("Signed at"), required=False, widget=DATETIME)
    photo = forms.FileField(label=_("Photo"), required=False)


# --- purchase orders and work orders ---------------------------------------------------------------


class PurchaseOrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(PurchaseOrderStatus.choices))
    q = forms.CharField(label=_("Search"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class AnswerForm(forms.Form):
    """The supplier's answer, as a buyer records it (by phone, e-mail) or the supplier gives it."""

    answer = forms.ChoiceField(label=_("Answer"), choices=SupplierAnswer.choices)
    promised_date = bounds.DateField(label=_("Promised date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)


class WorkOrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(WorkOrderStatus.choices))
    late = forms.BooleanField(label=_("Late only"), required=False)


class ShipmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(ShipmentStatus.choices))
    q = forms.CharField(label=_("Tracking number"), required=False)


# --- flow templates -------------------------------------------------------------------------------------


class StepForm(forms.Form):
    sequence = forms.IntegerField(label=_("Position"), min_value=0, max_value=100_000)
    name = forms.CharField(label=_("Name"), max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), empty_label=None
    )
    standard_hours = forms.IntegerField(label=_("Standard hours"), min_value=0, max_value=24 * 366)
    optional = forms.BooleanField(label=_("May be skipped"), required=False)
    trigger = forms.ChoiceField(label=_("Completed by"), choices=StepTrigger.choices)
    customer_label = forms.CharField(label=_("What the customer reads"), max_length=200, required=False)


class NewStepForm(StepForm):
    code = forms.SlugField(label=_("Code"), max_length=40)
    sequence = forms.IntegerField(label=_("Position"), min_value=0, max_value=100_000, required=False)
    standard_hours = forms.IntegerField(
        label=_("Standard hours"), min_value=0, max_value=24 * 366, initial=24
    )


class TemplateForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100)
    order_type = forms.ChoiceField(label=_("Order type"), choices=OrderType.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    copy_from = forms.TypedChoiceField(
        label=_("Copy the steps of"), required=False, coerce=int, empty_value=None
    )
    is_default = forms.BooleanField(label=_("Default for its order type"), required=False)

    def __init__(self, *args: Any, templates: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].choices = [("", _("Start empty")), *templates]  # type: ignore[attr-defined]
