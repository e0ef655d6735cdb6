"""Forms of the survey pages: the answer (a score on the survey's scale and an optional
comment; the service checks the range) and the staff list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.service.choices import SURVEY_SCALE, SurveyKind


class SurveyAnswerForm(forms.Form):
    score = forms.IntegerField(label=_("Score"))
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def score_labels(kind: str) -> list[tuple[int, str]]:
    """The scale of ``kind`` with a word at each end (and each CSAT step)."""
    if kind == SurveyKind.CSAT:
        words = {
            1: _("Very dissatisfied"),
            2: _("Dissatisfied"),
            3: _("Neutral"),
            4: _("Satisfied"),
            5: _("Very satisfied"),
        }
    else:
        words = {0: _("Not at all likely"), 10: _("Extremely likely")}
    low, high = SURVEY_SCALE[SurveyKind(kind)]
    return [(score, str(words.get(score, ""))) for score in range(low, high + 1)]


class SurveyFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *SurveyKind.choices])
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("answered", _("Answered")),
            ("pending", _("Awaiting an answer")),
            ("expired", _("Expired")),
        ],
    )
    detractor = forms.ChoiceField(
        label=_("Score"),
        required=False,
        choices=[("", _("All")), ("yes", _("Low scores only")), ("no", _("Other answers"))],
    )
    party = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
