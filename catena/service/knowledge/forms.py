"""Forms of the knowledge base's pages. They collect and type the input; the services decide
what is valid (their errors come back onto the same fields)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.service.choices import ArticleStatus, ArticleVisibility
from catena.service.services.knowledge import BODY_MAX, COMMENT_MAX, TITLE_MAX

BLANK = [("", "—")]
TEXT_AREA = forms.Textarea(attrs={"rows": 10})


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=pgettext_lazy("article", "Status"), choices=BLANK + list(ArticleStatus.choices), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=BLANK + list(ArticleVisibility.choices), required=False
    )

    def __init__(self, *args: Any, categories: Any = (), show_status: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = BLANK + [
            (c.pk, c.label()) for c in categories
        ]
        if not show_status:
            del self.fields["status"]


class ArticleForm(forms.Form):
    """An article's texts in both languages (either may stay empty), its category and visibility."""

    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=ArticleVisibility.choices,
        initial=ArticleVisibility.INTERNAL,
        widget=forms.RadioSelect,
        help_text=_("Public articles are read by customers in the portal's help centre once published."),
    )
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=TITLE_MAX, required=False)
    body_zh = forms.CharField(
        label=_("Text (Chinese)"), max_length=BODY_MAX, required=False, widget=TEXT_AREA
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX, required=False)
    body_en = forms.CharField(
        label=_("Text (English)"),
        max_length=BODY_MAX,
        required=False,
        widget=TEXT_AREA,
        help_text=_("Plain text: separate paragraphs with an empty line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, categories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = BLANK + [
            (c.pk, c.label()) for c in categories
        ]


class ArticleStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(ArticleStatus.PUBLISHED, ""), (ArticleStatus.ARCHIVED, "")])
    version = forms.IntegerField(min_value=1, required=False)


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )
    comment = forms.CharField(
        label=_("What was missing?"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
