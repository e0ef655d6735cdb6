"""The workspace's own notification rules: an activity someone else gave me, and a mention in a
comment (``comment.created``, emitted by the comments of another app; subscribed by name, so
nothing breaks while that event is not declared yet)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from catena.core import events
from catena.core.models import Event
from catena.workspace import rules, targets
from catena.workspace.services.notifications import DUE_VERB, notify

rules.message(DUE_VERB, _("Due now: %(subject)s (%(record)s)"))
rules.message("comment.mentioned", _("%(actor)s mentioned you in a comment on %(record)s"))


def _record_of_activity(activity: Any) -> Any:
    return targets.load(activity.content_type_id, activity.object_id) if activity is not None else None


def _activity_values(event: Event, activity: Any) -> dict[str, Any]:
    return {"subject": activity.subject if activity is not None else ""}


@rules.audience(
    "activity.scheduled",
    verb="activity.assigned",
    message=_("%(actor)s gave you an activity on %(record)s: %(subject)s"),
    target=_record_of_activity,
    extra=_activity_values,
)
def assignee_of_new_activity(event: Event, activity: Any) -> list[int]:
    return [event.payload.get("assignee")]


@rules.audience(
    "activity.rescheduled",
    verb="activity.moved",
    message=_("%(actor)s moved your activity on %(record)s: %(subject)s"),
    target=_record_of_activity,
    extra=_activity_values,
)
def assignee_of_moved_activity(event: Event, activity: Any) -> list[int]:
    return [event.payload.get("assignee")]


@events.subscribe("comment.created")
@events.subscribe("comment.edited")
def mentioned_in_comment(event: Event) -> None:
    """Everyone @mentioned in a comment hears of it, if they may see what it is on; a colleague
    an edit newly mentions hears of it then, once."""
    mentioned = (event.payload or {}).get("mentioned") or []
    ids = [pk for pk in mentioned if isinstance(pk, int) and not isinstance(pk, bool)]
    if not ids:
        return
    comment = rules.subject_of(event)
    record = getattr(comment, "target", None) or comment
    if record is None:
        return
    notify(
        ids,
        verb="comment.mentioned",
        target=record,
        actor_id=event.actor_id,
        event_name=event.name,
        event_id=event.pk,
        params={"record": str(record), "actor": event.actor.display_name if event.actor else ""},
    )
