"""Forms of the parties' settings: custom-field definitions and tags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.parties.choices import CustomFieldType
from catena.parties.models import Tag


class CustomFieldForm(forms.Form):
    label = forms.CharField(label=pgettext_lazy("custom field", "Label"), max_length=80)
    key = forms.CharField(
        label=pgettext_lazy("custom field", "Key"),
        max_length=40,
        required=False,
        help_text=_(
            "Names the value in exports and the API; made from the label when empty. It never changes."
        ),
    )
    type = forms.ChoiceField(label=_("Type"), choices=CustomFieldType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice field: one choice per line."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["key"]

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class TagRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=50)


class TagMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Tag.objects.none())

    def __init__(self, *args: Any, tags: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = tags if tags is not None else Tag.objects.none()  # type: ignore[attr-defined]
