"""The service desk's part in the workspace: activities, follows, files and comments attach to
cases; a case's owner and followers hear when someone else moves it on or gives it to them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catena.core.models import Event
from catena.service.models import Case
from catena.workspace import rules, targets


def _owner(case: Any) -> list[int]:
    return [case.owner_id]


targets.register(Case, url=lambda case: reverse("service:case_detail", args=[case.pk]), owners=_owner)


@rules.audience("case.assigned", message=_("%(actor)s gave you %(record)s"))
def case_assigned(event: Event, case: Any) -> list[int]:
    return [event.payload["to"]]


@rules.audience("case.status_changed", message=_("%(actor)s changed the status of %(record)s"))
def case_status_changed(event: Event, case: Any) -> list[int]:
    return rules.owners_and_followers(event, case)


@rules.audience("case.replied", message=_("%(actor)s replied on %(record)s"))
def case_replied(event: Event, case: Any) -> list[int]:
    return rules.owners_and_followers(event, case)


@rules.audience("promise.broken", message=_("A promise to the customer on %(record)s was broken"))
def promise_broken(event: Event, case: Any) -> list[int]:
    """The case's owner answers for the case, the maker for the promise: both hear of it."""
    return [case.owner_id, event.payload["made_by"]] if case is not None else [event.payload["made_by"]]
