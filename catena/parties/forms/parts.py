"""Forms of the parts of a party page: contacts, addresses, contact points and relationships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.core import bounds
from catena.parties.choices import AddressKind, ContactPointKind, RelationshipKind
from catena.parties.forms.common import BLANK
from catena.parties.models import Contact, Party
from catena.parties.regions import PROVINCES


class ContactForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    mobile = forms.CharField(label=_("Mobile"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=200, required=False)

    FIELDS = ("name", "title", "department", "is_primary", "notes")

    def __init__(self, *args: Any, contact: Contact | None = None, **kwargs: Any) -> None:
        if contact is not None and "initial" not in kwargs:
            kwargs["initial"] = {k: getattr(contact, k) for k in self.FIELDS}
        super().__init__(*args, **kwargs)
        if contact is not None:
            del self.fields["mobile"], self.fields["email"]

    def contact_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.FIELDS}

    def contact_points(self) -> tuple[list[dict[str, Any]], dict[str, str]]:
        points: list[dict[str, Any]] = []
        mapping: dict[str, str] = {}
        for field, kind in (("mobile", ContactPointKind.MOBILE), ("email", ContactPointKind.EMAIL)):
            if self.cleaned_data.get(field):
                mapping[f"contact_points.{len(points)}.value"] = field
                points.append({"kind": kind, "value": self.cleaned_data[field], "is_primary": True})
        return points, mapping


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AddressKind.choices, initial=AddressKind.OFFICE)
    province = forms.ChoiceField(label=_("Province"), choices=BLANK + PROVINCES)
    city = forms.CharField(label=_("City"), max_length=40)
    district = forms.CharField(label=_("District"), max_length=40, required=False)
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)
    is_primary = forms.BooleanField(label=_("Primary address"), required=False)


class ContactPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactPointKind.choices)
    value = forms.CharField(label=_("Value"), max_length=200)
    label = forms.CharField(label=_("Label"), max_length=50, required=False)
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none(), required=False)
    is_primary = forms.BooleanField(label=_("Primary"), required=False)

    def __init__(self, *args: Any, party: Party, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = party.contacts.all()  # type: ignore[attr-defined]
        self.fields["contact"].empty_label = _("The organisation itself")  # type: ignore[attr-defined]


class RelationshipForm(forms.Form):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"

    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[
            (DOWNSTREAM, _("Downstream: this party serves it")),
            (UPSTREAM, _("Upstream: it serves this party")),
        ],
        initial=DOWNSTREAM,
    )
    other = forms.IntegerField(label=_("Other party"), widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=RelationshipKind.choices)
    since = bounds.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = bounds.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=500)
    contract_number = forms.CharField(label=_("Contract number"), max_length=50, required=False)
    on_time_target_pct = forms.DecimalField(
        label=_("On-time target (%)"), required=False, max_digits=5, decimal_places=2
    )
    lead_time_days = forms.IntegerField(label=_("Lead time (days)"), required=False, min_value=0)
    response_hours = forms.IntegerField(label=_("Response time (hours)"), required=False, min_value=0)
    pickup_hours = forms.IntegerField(label=_("Pick-up within (hours)"), required=False, min_value=0)
    transit_days = forms.IntegerField(label=_("Transit time (days)"), required=False, min_value=0)
    max_damage_rate_pct = forms.DecimalField(
        label=_("Maximum damage rate (%)"), required=False, max_digits=5, decimal_places=2
    )
    proof_of_delivery_required = forms.BooleanField(label=_("Proof of delivery required"), required=False)

    CONTRACT_FIELDS = (
        "on_time_target_pct", "lead_time_days", "response_hours", "pickup_hours", "transit_days",
        "max_damage_rate_pct", "proof_of_delivery_required",
    )  # fmt: skip

    def contract(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        row = {k: data[k] for k in self.CONTRACT_FIELDS if data.get(k) not in (None, "", False)}
        if data.get("contract_number"):
            row["number"] = data["contract_number"]
        return row or None

    def error_mapping(self) -> dict[str, str]:
        mapping = {"to_party": "other", "from_party": "other", "contract.number": "contract_number"}
        mapping |= {f"contract.{k}": k for k in self.CONTRACT_FIELDS}
        return mapping
