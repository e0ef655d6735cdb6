"""The one-pass select renders what Django's Select renders, escaped, whatever the names hold."""

from __future__ import annotations

import re

from django import forms

from catena.core.widgets import QuickSelect

CHOICES = [("", "—"), (1, "顺丰速运"), (2, '<script>alert("x")</script> & Co'), (3, "德邦物流")]


class PickerForm(forms.Form):
    quick = forms.TypedChoiceField(coerce=int, widget=QuickSelect, choices=CHOICES)
    plain = forms.TypedChoiceField(coerce=int, choices=CHOICES)


def options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def test_a_party_name_with_markup_is_shown_as_text_not_run() -> None:
    html = str(PickerForm()["quick"])

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


def test_it_offers_and_selects_the_same_options_as_djangos_select() -> None:
    form = PickerForm(initial={"quick": 2, "plain": 2})

    quick, plain = str(form["quick"]), str(form["plain"])

    assert options(quick) == options(plain)
    assert [value for value, selected, _label in options(quick) if selected] == ["2"]
    assert 'name="quick"' in quick and " required" in quick and 'id="id_quick"' in quick


def test_a_posted_choice_validates_and_a_foreign_one_is_refused() -> None:
    assert PickerForm({"quick": "3", "plain": "3"}).is_valid()
    refused = PickerForm({"quick": "99", "plain": "3"})

    assert not refused.is_valid() and "quick" in refused.errors
