"""Forms of the import wizard. They check input only; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.integrations.choices import ImportKind, ImportMode
from catena.integrations.columns.headers import columns_for


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8 or GBK, comma, semicolon or tab) or Excel .xlsx; the first row holds the headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("When some rows are rejected"),
        choices=ImportMode.choices,
        initial=ImportMode.VALID_ROWS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, kinds: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [(value, label) for value, label in ImportKind.choices if value in kinds]
        self.fields["kind"].choices = allowed  # type: ignore[attr-defined]


class ImportMappingForm(forms.Form):
    """One select per column of the file: which field the column holds, or none."""

    def __init__(
        self, *args: Any, kind: str, headers: Sequence[str], mapping: Sequence[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —"))] + [
            (c.key, f"{c.label} *" if c.required else c.label) for c in columns_for(kind)
        ]
        self.headers = list(headers)
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("(no header)"),
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") or "" for i in range(len(self.headers))]

    def rows(self) -> list[tuple[str, forms.BoundField]]:
        return [(h, self[f"column_{i}"]) for i, h in enumerate(self.headers)]
