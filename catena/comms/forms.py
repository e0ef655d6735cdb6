"""Forms of the interaction pages."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catena.accounts import roles
from catena.accounts.models import User
from catena.comms.choices import Channel, Direction, InteractionKind
from catena.core import access, bounds
from catena.parties.models import Contact, Party

QUICK_CHANNELS = (Channel.PHONE, Channel.VISIT, Channel.NOTE, Channel.EMAIL, Channel.MEETING)


class InteractionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), required=False)
    author = forms.ChoiceField(label=_("Author"), required=False)
    since = bounds.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = bounds.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    party = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(InteractionKind.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = every + list(Channel.choices)  # type: ignore[attr-defined]
        self.fields["direction"].choices = every + list(Direction.choices)  # type: ignore[attr-defined]
        authors = access.restrict(User.objects.filter(role__in=roles.INTERNAL_ROLES), user, access.VIEW)
        self.fields["author"].choices = every + [  # type: ignore[attr-defined]
            (str(u.pk), u.display_name) for u in authors.order_by("last_name", "first_name", "username")
        ]

    def selector_filters(self) -> dict[str, Any]:
        """The keyword filters of ``comms.selectors.interaction_list`` (dates as local day bounds)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        filters: dict[str, Any] = {
            "kind": data["kind"],
            "channel": data["channel"],
            "direction": data["direction"],
        }
        if data["party"]:
            filters["party_id"] = data["party"]
        if data["author"]:
            filters["author_id"] = int(data["author"])
        if data["since"]:
            filters["since"] = timezone.make_aware(datetime.combine(data["since"], time.min))
        if data["until"]:
            filters["until"] = timezone.make_aware(
                datetime.combine(data["until"] + timedelta(days=1), time.min)
            )
        return filters


class LogInteractionForm(forms.Form):
    """Log a call, a visit, a note… on a party's timeline."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.OUTBOUND)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    occurred_at = bounds.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none(), required=False)

    def __init__(self, *args: Any, party: Party, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = party.contacts.all()  # type: ignore[attr-defined]
        self.fields["subject"].widget.attrs["placeholder"] = _("What was it about?")
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
