"""Forms of the webhook pages. They check the shape of the input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.integrations import selectors
from catena.integrations.models import WebhookSubscription


class WebhookSubscriptionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
        help_text=_("Catena POSTs each event here as JSON, signed with the subscription's secret."),
    )
    events = forms.CharField(
        label=_("Events"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "One per line or separated by commas: an exact name (order.stage_changed), "
            "a family (order.*) or * for every event."
        ),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, subscription: WebhookSubscription | None = None, **kwargs: Any) -> None:
        if subscription is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "name": subscription.name,
                "url": subscription.url,
                "events": "\n".join(subscription.event_names),
                "is_active": subscription.is_active,
            }
        super().__init__(*args, **kwargs)


class CarrierKeyForm(forms.Form):
    carrier = forms.ModelChoiceField(label=_("Carrier"), queryset=selectors.carriers(), empty_label=None)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Where the key is used, for example the carrier's tracking system."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = selectors.carriers()  # type: ignore[attr-defined]
