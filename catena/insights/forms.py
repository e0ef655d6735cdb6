"""Filters of the flow analytics pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import DepartmentCode


class StuckFilterForm(forms.Form):
    """Which cell of the "where orders are now" board to list."""

    stage = forms.SlugField(label=_("Stage"), max_length=40, required=False)
    department = forms.ChoiceField(
        label=_("Department"), choices=[("", "—"), *DepartmentCode.choices], required=False
    )
    late = forms.BooleanField(label=_("Only late ones"), required=False)
