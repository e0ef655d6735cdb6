"""Forms of the case pages. They collect and type the input; the services decide what is valid and
write (their errors come back onto the form with ``apply_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts.choices import Role
from catena.accounts.models import Department, User
from catena.parties.forms import BLANK, OwnerChoiceField
from catena.service.choices import (
    CaseChannel,
    CasePriority,
    CaseSeverity,
    CaseStatus,
    CaseType,
    PartnerOutcome,
    PartnerStance,
    PartnerTaskStatus,
    PromiseStatus,
    RootCause,
)

CASE_WORKERS = (Role.ADMINISTRATOR, Role.MANAGER, Role.SERVICE)
ACTIVE = "active"


def case_owners() -> QuerySet[User]:
    """Who may own a case: active staff of the service desk, managers and administrators."""
    return User.objects.filter(Q(role__in=CASE_WORKERS) | Q(is_superuser=True), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


class CaseForm(forms.Form):
    """A new case, entered by an agent (a customer's call, a letter)."""

    party = forms.IntegerField(label=_("Customer"), widget=forms.HiddenInput)
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices, initial=CaseType.INQUIRY)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("What the customer says"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    channel = forms.ChoiceField(label=_("Came in by"), choices=CaseChannel.choices, initial=CaseChannel.PHONE)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=CasePriority.choices, initial=CasePriority.NORMAL
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=CaseSeverity.choices, initial=CaseSeverity.MODERATE
    )
    order_number = forms.CharField(
        label=_("Order number"),
        max_length=30,
        required=False,
        help_text=_("Optional: the order it is about."),
    )
    assign_by_rules = forms.BooleanField(
        label=_("Assign by rules"),
        required=False,
        help_text=_("Without an owner chosen, let the assignment rules pick one instead of you."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(
            label=_("Owner"), queryset=case_owners(), required=False, empty_label=_("Me")
        )

    def picked_name(self) -> str:
        data = getattr(self, "data", {})
        return str(data.get("q", "")) if data else ""


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", pgettext_lazy("case filter", "All")), (ACTIVE, _("Being worked")), *CaseStatus.choices],
        required=False,
    )
    case_type = forms.ChoiceField(label=_("Type"), choices=[*BLANK, *CaseType.choices], required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Department.objects.all(), required=False, empty_label=_("Any team")
    )
    sla = forms.ChoiceField(
        label=_("SLA"),
        choices=[("", pgettext_lazy("case filter", "All")), ("breached", _("Past due"))],
        required=False,
    )
    party = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Drill-down from the service analytics: the cases behind a figure.
    root_cause = forms.ChoiceField(
        choices=[*BLANK, ("open", "open"), *RootCause.choices], required=False, widget=forms.HiddenInput
    )
    carrier = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    product = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    since = forms.DateField(required=False, widget=forms.HiddenInput)
    until = forms.DateField(required=False, widget=forms.HiddenInput)
    complaints = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(
            label=_("Owner"), queryset=case_owners(), required=False, empty_label=_("Anyone")
        )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    root_cause = forms.ChoiceField(
        label=_("Root cause"), choices=[*BLANK, *RootCause.choices], required=False
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(label=_("Owner"), queryset=case_owners())


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    into = forms.IntegerField(label=_("Merge into case"), min_value=1)


class PartnerTaskForm(forms.Form):
    """Ask one of the suggested partners to answer for the case."""

    suggestion = forms.IntegerField(label=_("Partner"), min_value=0)
    request = forms.CharField(
        label=_("What we ask the partner"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=_("The partner reads this in its portal and by e-mail; the customer never does."),
    )


class PartnerOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[*BLANK, *PartnerOutcome.choices], required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerAnswerForm(forms.Form):
    """The partner's answer in its portal."""

    stance = forms.ChoiceField(
        label=_("Responsibility"), choices=PartnerStance.choices, widget=forms.RadioSelect, required=False
    )
    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        help_text=_("What happened, and what you will do about it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence"), help_text=_("A photo, a scan or a document."))


class PartnerTaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", pgettext_lazy("partner task filter", "Active")),
            ("all", pgettext_lazy("partner task filter", "All")),
            *PartnerTaskStatus.choices,
        ],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PromiseForm(forms.Form):
    """A promise made to the customer on a case: what, and by when."""

    text = forms.CharField(
        label=_("What was promised"),
        max_length=300,
        help_text=_("As the customer heard it, e.g. “We will call you back by Friday”."),
    )
    due_at = forms.DateTimeField(label=_("Due by"), widget=DATETIME)


class PromiseSettleForm(forms.Form):
    """Keeping (how it was kept) or cancelling (why, required by the service) a promise."""

    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class PromiseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", pgettext_lazy("promise filter", "All")), *PromiseStatus.choices],
        required=False,
    )
    party = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("Due to"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"] = OwnerChoiceField(
            label=_("Agent"), queryset=case_owners(), required=False, empty_label=_("Anyone")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", _("The end comes before the start."))
        return data
