"""The party form: a party's own fields, its first contact, address and contact points, and the
custom fields an administrator defined."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.accounts.models import User
from catena.parties.choices import (
    AddressKind,
    ContactPointKind,
    CustomFieldType,
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
)
from catena.parties.forms.common import BLANK, OwnerChoiceField, owner_choices
from catena.parties.models import CustomField, Party
from catena.parties.regions import PROVINCES
from catena.parties.validation import clean_phone, clean_uscc


def _validating(attrs: dict[str, Any], url: str) -> dict[str, Any]:
    """Widget attributes that ask the server to check the field as soon as it changes."""
    return attrs | {
        "hx-post": url,
        "hx-trigger": "change",
        "hx-target": "closest .field",
        "hx-swap": "outerHTML",
    }


class PartyForm(forms.Form):
    """Create or edit a party. On create it also takes a first contact and a first address."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices, initial=PartyKind.ORGANISATION)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters, the last one a check character."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=PartyRoleType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=PartyStatus.choices, initial=PartyStatus.ACTIVE)
    tier = forms.ChoiceField(label=_("Tier"), choices=PartyTier.choices, initial=PartyTier.STANDARD)
    industry = forms.CharField(label=_("Industry"), max_length=80, required=False)
    owner = OwnerChoiceField(label=_("Account manager"), queryset=User.objects.none(), required=False)
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas."), max_length=500
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    contact_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    contact_title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    contact_mobile = forms.CharField(label=_("Mobile"), max_length=40, required=False)
    contact_email = forms.CharField(label=_("E-mail"), max_length=200, required=False)
    address_province = forms.ChoiceField(label=_("Province"), choices=BLANK + PROVINCES, required=False)
    address_city = forms.CharField(label=_("City"), max_length=40, required=False)
    address_district = forms.CharField(label=_("District"), max_length=40, required=False)
    address_street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    address_postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)

    CREATE_ONLY = (
        "contact_name", "contact_title", "contact_mobile", "contact_email",
        "address_province", "address_city", "address_district", "address_street", "address_postcode",
    )  # fmt: skip
    VALIDATED = ("uscc", "contact_mobile")

    def __init__(self, *args: Any, user: Any, party: Party | None = None, **kwargs: Any) -> None:
        self.party = party
        if party is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(party)
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(user)  # type: ignore[attr-defined]
        if party is None:
            self.fields["owner"].initial = getattr(user, "pk", None)
        else:
            for name in self.CREATE_ONLY:
                del self.fields[name]
        url = reverse("parties:party_validate") + (f"?party={party.pk}" if party is not None else "")
        for name in self.VALIDATED:
            if name in self.fields:
                self.fields[name].widget.attrs = _validating(self.fields[name].widget.attrs, url)
        self.custom_definitions = list(CustomField.objects.all())
        for definition in self.custom_definitions:
            self.fields[f"cf_{definition.key}"] = custom_form_field(definition)
        self.fields["tags"].widget.attrs["list"] = "tag-names"

    @staticmethod
    def initial_from(party: Party) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": party.kind, "name": party.name, "short_name": party.short_name, "uscc": party.uscc or "",
            "status": party.status, "tier": party.tier, "industry": party.industry, "owner": party.owner_id,
            "notes": party.notes, "roles": party.role_codes,
            "tags": ", ".join(t.name for t in party.tags.all()),
        }  # fmt: skip
        for key, value in (party.custom_fields or {}).items():
            initial[f"cf_{key}"] = value
        return initial

    # Single-field checks that run while the user types (htmx) and again on submit.
    def clean_uscc(self) -> str:
        value = self.cleaned_data["uscc"].strip().upper()
        if not value:
            return ""
        value = clean_uscc(value)
        clash = Party.objects.filter(uscc=value)
        if self.party is not None:
            clash = clash.exclude(pk=self.party.pk)
        if clash.exists():
            raise ValidationError(_("Another party already has this credit code."))
        return value

    def clean_contact_mobile(self) -> str:
        value = self.cleaned_data["contact_mobile"].strip()
        return clean_phone(value) if value else ""

    def custom_fields_fields(self) -> list[forms.BoundField]:
        return [self[f"cf_{d.key}"] for d in self.custom_definitions]

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``create_party`` / ``update_party``."""
        data = self.cleaned_data
        args: dict[str, Any] = {
            key: data[key]
            for key in ("kind", "name", "short_name", "uscc", "status", "tier", "industry", "notes")
        }
        # On create, no choice means the service's default: the creator owns the new party.
        if data["owner"] is not None or self.party is not None:
            args["owner"] = data["owner"]
        args["roles"] = list(data["roles"])
        args["tags"] = [t.strip() for t in data["tags"].split(",") if t.strip()]
        if self.custom_definitions:
            args["custom_fields"] = {
                d.key: data.get(f"cf_{d.key}")
                for d in self.custom_definitions
                if data.get(f"cf_{d.key}") not in (None, "")
            }
        if self.party is None:
            args.update(self._initial_children())
        return args

    def _initial_children(self) -> dict[str, Any]:
        data = self.cleaned_data
        children: dict[str, Any] = {}
        if any(data.get(f"contact_{k}") for k in ("name", "title", "mobile", "email")):
            points = []
            self.point_fields = []
            if data.get("contact_mobile"):
                points.append(
                    {"kind": ContactPointKind.MOBILE, "value": data["contact_mobile"], "is_primary": True}
                )
                self.point_fields.append("contact_mobile")
            if data.get("contact_email"):
                points.append(
                    {"kind": ContactPointKind.EMAIL, "value": data["contact_email"], "is_primary": True}
                )
                self.point_fields.append("contact_email")
            children["contacts"] = [
                {
                    "name": data["contact_name"],
                    "title": data["contact_title"],
                    "is_primary": True,
                    "contact_points": points,
                }
            ]
        if any(data.get(f"address_{k}") for k in ("province", "city", "district", "street", "postcode")):
            children["addresses"] = [
                {
                    "kind": AddressKind.REGISTERED,
                    "province": data["address_province"],
                    "city": data["address_city"],
                    "district": data["address_district"],
                    "street": data["address_street"],
                    "postcode": data["address_postcode"],
                    "is_primary": True,
                }
            ]
        return children

    def error_mapping(self) -> dict[str, str]:
        """Service error keys → form fields."""
        mapping = {"contacts.0.name": "contact_name", "contacts.0.title": "contact_title"}
        for key in ("province", "city", "district", "street", "postcode"):
            mapping[f"addresses.0.{key}"] = f"address_{key}"
        for index, field in enumerate(getattr(self, "point_fields", [])):
            mapping[f"contacts.0.contact_points.{index}.value"] = field
        for definition in self.custom_definitions:
            mapping[f"custom_fields.{definition.key}"] = f"cf_{definition.key}"
        return mapping


def custom_form_field(definition: CustomField) -> forms.Field:
    options: dict[str, Any] = {"label": definition.label, "required": False}
    if definition.type == CustomFieldType.NUMBER:
        return forms.FloatField(**options)
    if definition.type == CustomFieldType.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if definition.type == CustomFieldType.BOOLEAN:
        return forms.NullBooleanField(**options)
    if definition.type == CustomFieldType.CHOICE:
        return forms.ChoiceField(choices=BLANK + [(c, c) for c in definition.choices], **options)
    return forms.CharField(max_length=500, **options)
