"""Forms of the party pages. They collect and type the input; the services decide what is valid
and write. :func:`apply_service_errors` puts a service's field errors back on the form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts import roles as account_roles
from catena.accounts.models import User
from catena.core import access, bounds
from catena.core.widgets import QuickSelect
from catena.parties.choices import (
    AddressKind,
    ContactPointKind,
    CustomFieldType,
    PartyKind,
    PartyRoleType,
    PartyStatus,
    PartyTier,
    RelationshipKind,
)
from catena.parties.models import Contact, CustomField, Party, Tag
from catena.parties.regions import PROVINCES
from catena.parties.validation import clean_phone, clean_uscc

BLANK = [("", "—")]


def owner_choices(user: Any) -> QuerySet[User]:
    """Internal, active users the current user may see: the people a party can belong to."""
    return access.restrict(
        User.objects.filter(is_active=True, role__in=account_roles.INTERNAL_ROLES), user, access.VIEW
    ).order_by("last_name", "first_name", "username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def apply_service_errors(
    form: forms.Form, exc: ValidationError, mapping: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on ``form``: each key (``"name"``, ``"contacts.0.name"``)
    goes to the form field ``mapping`` names (or the field of the same name), else to the top."""
    mapping = mapping or {}
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, messages in by_field.items():
        field = mapping.get(key, key)
        if field not in form.fields:
            field = None  # type: ignore[assignment]
            messages = [f"{key}: {m}" if key != "__all__" else m for m in messages]
        for message in messages:
            form.add_error(field, message)


def _validating(attrs: dict[str, Any], url: str) -> dict[str, Any]:
    """Widget attributes that ask the server to check the field as soon as it changes."""
    return attrs | {
        "hx-post": url,
        "hx-trigger": "change",
        "hx-target": "closest .field",
        "hx-swap": "outerHTML",
    }


# --- the party form -----------------------------------------------------------------------------


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


# --- list filters, saved views, bulk actions ------------------------------------------------------


class PartyFilterForm(forms.Form):
    """The filter bar of the party list (a GET form; the selector reads the same parameters)."""

    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    tier = forms.ChoiceField(label=_("Tier"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    # long lists (up to 500 tags): one-pass rendering
    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    owner = forms.ChoiceField(label=_("Account manager"), required=False, widget=QuickSelect)
    tag = forms.ChoiceField(label=_("Tag"), required=False, widget=QuickSelect)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = _("All")
        choices: dict[str, list[tuple[str, Any]]] = {
            "role": list(PartyRoleType.choices),
            "status": list(PartyStatus.choices),
            "tier": list(PartyTier.choices),
            "kind": list(PartyKind.choices),
            "province": list(PROVINCES),
            "owner": [(str(u.pk), u.display_name) for u in owner_choices(user)],
            "tag": [(t, t) for t in Tag.objects.values_list("name", flat=True)[:500]],
        }
        for name, values in choices.items():
            self.fields[name].choices = [("", every), *values]  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("Name, code, contact, phone…"), "type": "search"}
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("View name"), max_length=80)
    is_shared = forms.BooleanField(label=_("Share with everyone"), required=False)
    query = forms.CharField(required=False, widget=forms.HiddenInput)


class BulkActionForm(forms.Form):
    ADD_TAG = "tag"
    ASSIGN = "assign"

    action = forms.ChoiceField(choices=[(ADD_TAG, _("Add tag")), (ASSIGN, _("Assign account manager"))])
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    tag = forms.CharField(label=_("Tag"), max_length=50, required=False)
    owner = OwnerChoiceField(label=_("Account manager"), queryset=User.objects.none(), required=False)
    next = forms.CharField(required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(user)  # type: ignore[attr-defined]
        # Any id may be posted; the view looks each one up through the access policy.
        self.fields["ids"].valid_value = lambda value: str(value).isdecimal()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.ADD_TAG and not data.get("tag", "").strip():
            self.add_error("tag", _("Enter the tag to add."))
        return data


# --- contacts, addresses, contact points, relationships -------------------------------------------


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
