"""Forms of the pricing pages: price lists, their prices, customers' terms and the price check.
They collect and type the input; ``services.pricing`` decides what is valid (its field errors
come back onto the form with ``apply_service_errors``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.catalog.models import PriceList, Product
from catena.core import access, bounds
from catena.core.money import CURRENCIES, MAX_PRICE, MAX_QUANTITY, default_currency
from catena.sales.choices import PaymentTerms
from catena.sales.forms.pipeline import DATE

SKU_LIST = "product-skus"  # the id of the page's <datalist> of SKUs: the product picker


class SkuField(forms.CharField):
    """A product picked by its SKU (the browser suggests SKUs and names from a datalist)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Product (SKU)"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": SKU_LIST, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Product:
        sku = super().clean(value).strip()
        product = Product.objects.filter(sku__iexact=sku).first()
        if product is None:
            raise forms.ValidationError(_("No product has this SKU."))
        return product


class PriceListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class PriceListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial=default_currency)
    valid_from = bounds.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = bounds.DateField(
        label=_("Valid until"), required=False, widget=DATE, help_text=_("Empty: no end.")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def changes(self, price_list: PriceList | None) -> dict[str, Any]:
        """The fields to hand to the service: all of them for a new list, else those changed."""
        data = dict(self.cleaned_data)
        if price_list is None:
            return data
        return {key: value for key, value in data.items() if getattr(price_list, key) != value}


class PriceForm(forms.Form):
    """A price of a product from a quantity on. Editing a price keeps its product."""

    product = SkuField()
    min_quantity = forms.DecimalField(
        label=_("From quantity"),
        initial=Decimal(1),
        help_text=_("The price applies when this many or more are ordered."),
        max_value=MAX_QUANTITY,
        decimal_places=3,
    )
    unit_price = forms.DecimalField(label=_("Unit price"), max_value=MAX_PRICE, decimal_places=2)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["product"]


class CustomerTermsForm(forms.Form):
    price_list = forms.ModelChoiceField(
        label=_("Price list"),
        queryset=PriceList.objects.none(),
        required=False,
        empty_label=_("None: the products' list prices"),
    )
    discount_pct = forms.DecimalField(label=_("Standard discount %"), initial=Decimal(0))
    payment_terms = forms.ChoiceField(label=_("Payment terms"), choices=PaymentTerms.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["price_list"])
        field.queryset = access.restrict(PriceList.objects.all(), user, access.VIEW)


class PriceCheckForm(forms.Form):
    product = SkuField()
    quantity = forms.DecimalField(
        label=_("Quantity"), initial=Decimal(1), max_value=MAX_QUANTITY, decimal_places=3
    )

    def clean_quantity(self) -> Decimal:
        quantity = cast(Decimal, self.cleaned_data["quantity"])
        if quantity <= 0:
            raise forms.ValidationError(_("Enter a quantity greater than 0."))
        return quantity
