"""Forms of the party list: its filters, saved views and bulk actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.accounts.models import User
from catena.core.widgets import QuickSelect
from catena.parties.choices import PartyKind, PartyRoleType, PartyStatus, PartyTier
from catena.parties.forms.common import OwnerChoiceField, owner_choices
from catena.parties.models import Tag
from catena.parties.regions import PROVINCES


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
