"""The form of a pipeline stage in the settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StepForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    default_probability = forms.IntegerField(
        label=_("Default probability %"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("The probability an opportunity gets when it enters this stage."),
    )
    is_won = forms.BooleanField(label=_("Won"), required=False)
    is_lost = forms.BooleanField(label=_("Lost"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
