"""Forms of the pipeline pages. They collect and type the input; the services decide what is
valid and write (their errors come back onto the form with ``apply_service_errors``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.catalog.models import Product
from catena.core import bounds
from catena.core.money import CURRENCIES, default_currency
from catena.parties.forms import BLANK, OwnerChoiceField, owner_choices
from catena.parties.models import Party
from catena.sales.choices import LeadSource, LeadStatus, OrderType, PaymentTerms, QuoteStatus
from catena.sales.models import PipelineStep

DATE = forms.DateInput(attrs={"type": "date"})


class OwnerMixin:
    """Adds an ``owner`` field listing the internal users the current user may see."""

    def add_owner(self, user: Any, empty_label: Any = None) -> None:
        self.fields["owner"] = OwnerChoiceField(  # type: ignore[attr-defined]
            label=_("Owner"),
            queryset=owner_choices(user),
            required=False,
            empty_label=empty_label or _("Nobody"),
        )


class PartyPickerMixin:
    """A party chosen with the search-as-you-type picker (its id travels in a hidden field)."""

    party_field = "party"

    def picked_party(self, user: Any) -> Party | None:
        from catena.core import access

        value = self.cleaned_data.get(self.party_field)  # type: ignore[attr-defined]
        if not value:
            return None
        return access.restrict(Party.objects.all(), user, access.VIEW).filter(pk=value).first()

    def picked_name(self) -> str:
        data = getattr(self, "data", {})
        return str(data.get("q", "")) if data else ""  # what the picker's search box showed


# --- leads -----------------------------------------------------------------------------------------


class LeadForm(OwnerMixin, forms.Form):
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=LeadSource.choices, initial=LeadSource.OTHER)
    estimated_amount = forms.DecimalField(
        label=_("Estimated amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial=default_currency)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class LeadQualifyForm(forms.Form):
    has_budget = forms.BooleanField(label=_("Has a budget"), required=False)
    has_authority = forms.BooleanField(label=_("We talk to who decides"), required=False)
    has_need = forms.BooleanField(label=_("Has a need we meet"), required=False)
    has_timing = forms.BooleanField(label=_("Buys within a known time"), required=False)
    notes = forms.CharField(
        label=_("Qualification notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class LeadConvertForm(PartyPickerMixin, forms.Form):
    party = forms.IntegerField(label=_("Existing party"), required=False, widget=forms.HiddenInput)
    opportunity_name = forms.CharField(label=_("Opportunity name"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    expected_close = bounds.DateField(label=_("Expected close"), required=False, widget=DATE)


class LeadFilterForm(OwnerMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=[*BLANK, *LeadStatus.choices], required=False)
    source = forms.ChoiceField(label=_("Source"), choices=[*BLANK, *LeadSource.choices], required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user, empty_label=_("Anyone"))


# --- opportunities -------------------------------------------------------------------------------


class OpportunityForm(OwnerMixin, PartyPickerMixin, forms.Form):
    party = forms.IntegerField(label=_("Party"), required=True, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    step = forms.ModelChoiceField(label=_("Stage"), queryset=PipelineStep.objects.none(), required=False)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=2, initial=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial=default_currency)
    probability = forms.IntegerField(
        label=_("Probability %"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty to use the stage's probability."),
    )
    expected_close = bounds.DateField(label=_("Expected close"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user)
        step = cast(forms.ModelChoiceField, self.fields["step"])
        step.queryset = PipelineStep.objects.filter(is_active=True, is_won=False, is_lost=False)
        step.empty_label = _("First stage")
        if editing:
            del self.fields["party"]
            del self.fields["step"]


class OpportunityMoveForm(forms.Form):
    step = forms.ModelChoiceField(queryset=PipelineStep.objects.filter(is_active=True))
    version = forms.IntegerField(min_value=1)
    lost_reason = forms.CharField(label=_("Why was it lost?"), max_length=200, required=False)


class BoardFilterForm(OwnerMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user, empty_label=_("Anyone"))


# --- quotes ----------------------------------------------------------------------------------------


class QuoteForm(OwnerMixin, PartyPickerMixin, forms.Form):
    party_field = "customer"

    customer = forms.IntegerField(label=_("Customer"), widget=forms.HiddenInput)
    valid_until = bounds.DateField(label=_("Valid until"), widget=DATE, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=[*BLANK, *CURRENCIES], required=False)
    payment_terms = forms.ChoiceField(
        label=_("Payment terms"), choices=[*BLANK, *PaymentTerms.choices], required=False
    )
    terms = forms.CharField(
        label=_("Terms and conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user)
        self.fields["currency"].help_text = _("Empty: the customer's price list currency, else CNY.")
        if editing:
            del self.fields["customer"]
            self.fields["valid_until"].required = True
            self.fields["currency"].required = True
            self.fields["payment_terms"].required = True


class QuoteLineForm(forms.Form):
    sku = forms.CharField(
        label=_("Product (SKU)"), max_length=40, widget=forms.TextInput(attrs={"list": "product-skus"})
    )
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3, initial=1)
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the customer's price."),
    )
    discount_pct = forms.DecimalField(
        label=_("Discount %"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the customer's discount."),
    )
    tax_rate_pct = forms.DecimalField(label=_("Tax rate %"), max_digits=5, decimal_places=2, initial=13)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def clean_sku(self) -> Product:
        sku = self.cleaned_data["sku"].strip()
        product = Product.objects.filter(sku__iexact=sku).first()
        if product is None:
            raise forms.ValidationError(_("No product has this SKU."))
        return product


class QuoteAcceptForm(forms.Form):
    order_type = forms.ChoiceField(
        label=_("Order type"), choices=OrderType.choices, initial=OrderType.MAKE_TO_STOCK
    )
    requested_date = bounds.DateField(label=_("Requested delivery date"), required=False, widget=DATE)


class QuoteFilterForm(OwnerMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=[*BLANK, *QuoteStatus.choices], required=False)
    # set by links from a party's page (its quotes tab); not drawn as a field of the filter bar
    customer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_owner(user, empty_label=_("Anyone"))
