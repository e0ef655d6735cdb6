"""Forms of the workspace's pages."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core.bounds import DateField
from catena.core.widgets import PersonChoiceField, QuickSelect
from catena.workspace import targets
from catena.workspace.choices import ActivityKind, AssigneeRule, DigestFrequency
from catena.workspace.models.comments import MAX_COMMENT_CHARS
from catena.workspace.models.plans import MAX_OFFSET_DAYS


def assignee_choices(user: Any) -> QuerySet[User]:
    """Active colleagues the user may see: the people an activity can be given to."""
    return (
        User.objects.for_user(user)
        .filter(is_active=True, role__in=roles.INTERNAL_ROLES)
        .order_by("last_name", "first_name", "username")
    )


class AssigneeField(PersonChoiceField):
    """The person an activity is for."""


def due_moment(day: Any, at: time | None) -> tuple[datetime, bool]:
    """The due time a date and an optional time give, and whether it is all day."""
    moment = datetime.combine(day, at or time.min)
    return timezone.make_aware(moment), at is None


def apply_service_errors(form: forms.Form, exc: ValidationError, mapping: dict[str, str]) -> None:
    """Put a service's field errors on the form's fields (renamed by ``mapping``), else on top."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, found in by_field.items():
        field = mapping.get(key, key)
        for message in found:
            form.add_error(field if field in form.fields else None, message)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ActivityKind.choices, initial=ActivityKind.CALL, widget=QuickSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    due_date = DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    assignee = AssigneeField(label=_("Assigned to"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, AssigneeField)
        field.queryset = assignee_choices(user)
        field.initial = getattr(user, "pk", None)
        field.empty_label = None
        # read the colleagues once: the select's required check and its options would each run
        # the query again (the form validates against the queryset, not this list)
        field.choices = list(iter(field.iterator(field)))  # iter: list() would count them first
        self.fields["due_date"].initial = timezone.localdate()


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=20_000)
    version = forms.IntegerField(required=False, min_value=1)


class RescheduleForm(forms.Form):
    days = forms.IntegerField(required=False, min_value=1, max_value=365)
    due_date = DateField(label=_("New date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("days") and not data.get("due_date"):
            raise forms.ValidationError(_("Choose a new date."), code="required")
        return data


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Notifications by e-mail"), choices=DigestFrequency.choices, widget=forms.RadioSelect
    )


class AttachmentForm(forms.Form):
    """One file to attach to a record; the content checks are the service's."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)
    shared_with_portal = forms.BooleanField(label=_("Share with the portal"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_COMMENT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}),
    )


# --- activity plans -------------------------------------------------------------------------------


def target_kind_choices() -> list[tuple[str, str]]:
    """The kinds of record activities attach to, named in the reader's language."""
    return [(kind.label, str(kind.model._meta.verbose_name).capitalize()) for kind in targets.kinds()]


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    applies_to = forms.MultipleChoiceField(
        label=_("Applies to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to offer the plan on every kind of record."),
    )
    is_active = forms.BooleanField(label=_("Active (offered on record pages)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["applies_to"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = target_kind_choices()


class PlanStepForm(forms.Form):
    """One step of a plan (one form of :data:`PlanStepFormSet`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial=ActivityKind.CALL)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    offset_days = forms.IntegerField(
        label=_("Days after the start"), min_value=0, max_value=MAX_OFFSET_DAYS, initial=0
    )
    time_of_day = forms.TimeField(
        label=_("Time"),
        required=False,
        help_text=_("Empty: all day."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    assignee_rule = forms.ChoiceField(
        label=_("Assigned to"), choices=AssigneeRule.choices, initial=AssigneeRule.RECORD_OWNER
    )
    assignee = forms.TypedChoiceField(
        label=_("Colleague"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("When the step goes to a named colleague."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args: Any, colleagues: list[tuple[Any, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *(colleagues or [])]


class BasePlanStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove this step")

    def steps(self) -> list[dict[str, Any]]:
        """The steps kept, in the order asked for (the service numbers them again)."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k not in ("ORDER", "DELETE")}
            for form in self.ordered_forms
        ]


PlanStepFormSet = forms.formset_factory(
    PlanStepForm, formset=BasePlanStepFormSet, extra=1, can_order=True, can_delete=True, max_num=50
)
NewPlanStepFormSet = forms.formset_factory(
    PlanStepForm, formset=BasePlanStepFormSet, extra=3, can_order=True, can_delete=True, max_num=50
)


def colleague_choices(user: Any) -> list[tuple[Any, str]]:
    """The colleagues a step may name, read once for every form of the formset."""
    return [(u.pk, str(u.display_name)) for u in assignee_choices(user)]
