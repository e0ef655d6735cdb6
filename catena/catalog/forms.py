"""Forms of the product pages; the catalog services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.accounts.roles import can_read_field
from catena.catalog.choices import Unit
from catena.catalog.models import Category, Product
from catena.core.money import CURRENCIES, default_currency

COST_FIELD = "product.standard_cost"


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("All")
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Inactive"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("SKU or name…")})


class ProductForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.PIECE)
    gtin = forms.CharField(
        label=_("GTIN"), max_length=14, required=False, help_text=_("8, 12, 13 or 14 digits.")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    list_price = forms.DecimalField(label=_("List price"), required=False, max_digits=18, decimal_places=2)
    standard_cost = forms.DecimalField(
        label=_("Standard cost"), required=False, max_digits=18, decimal_places=2
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, product: Product | None = None, **kwargs: Any) -> None:
        if product is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(product, name) for name in self.base_fields if name != "category"
            }
            kwargs["initial"]["category"] = product.category_id
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = default_currency()
        # Cost is neither shown nor accepted from those who may not read it.
        if not can_read_field(user, COST_FIELD):
            del self.fields["standard_cost"]

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
