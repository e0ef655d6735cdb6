"""Forms of the assignment settings: a rule, an agent's profile, a duty shift, an absence. They
check the shape of the input; the services check the rest (a free priority, one target…)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts.choices import Role
from catena.accounts.models import Department, User
from catena.catalog.models import Category
from catena.core.bounds import DateField
from catena.parties.choices import PartyTier
from catena.parties.regions import PROVINCES
from catena.service.choices import AssignmentMethod, CaseType, Weekday

ANY = [("", _("Any"))]
CASE_ROLES = (Role.SERVICE, Role.MANAGER, Role.ADMINISTRATOR)


def agents() -> Any:
    """Active staff whose role may own cases, for pickers."""
    return User.objects.filter(is_active=True, role__in=CASE_ROLES).order_by("username")


class AssignmentRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=0,
        max_value=100000,
        help_text=_("Rules are tried from the lowest number."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    case_type = forms.ChoiceField(label=_("Case type"), choices=ANY + list(CaseType.choices), required=False)
    category = forms.ModelChoiceField(
        label=_("Product line"), queryset=Category.objects.all(), required=False, empty_label=_("Any")
    )
    province = forms.ChoiceField(label=_("Region"), choices=ANY + list(PROVINCES), required=False)
    tier = forms.ChoiceField(label=_("Customer tier"), choices=ANY + list(PartyTier.choices), required=False)
    skill = forms.CharField(
        label=_("Required skill"),
        max_length=40,
        required=False,
        help_text=_("The code of a skill the agent must have, such as a language or a product line."),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Department.objects.all(), required=False, empty_label=_("None")
    )
    user = forms.ModelChoiceField(
        label=_("Named colleague"), queryset=User.objects.none(), required=False, empty_label=_("None")
    )
    method = forms.ChoiceField(label=_("Method"), choices=AssignmentMethod.choices)
    to_account_manager = forms.BooleanField(
        label=_("Customer's account manager first, when on duty in the team"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = agents()  # type: ignore[attr-defined]


class AgentProfileForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills"),
        max_length=500,
        required=False,
        help_text=_(
            "Skill codes separated by commas, such as the languages the agent speaks and the product lines they know."
        ),
    )
    max_open_cases = forms.IntegerField(
        label=_("Most active cases"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    is_available = forms.BooleanField(label=_("Takes new cases"), required=False)


class DutyShiftForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(
        label=pgettext_lazy("duty shift", "From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends_at = forms.TimeField(
        label=pgettext_lazy("duty shift", "Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class AbsenceForm(forms.Form):
    starts_on = DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
