"""Which domain events notify whom.

A rule names an event and answers who should hear of it::

    @rules.audience("purchase_order.confirmed", message=_("%(actor)s confirmed %(record)s"))
    def buyer_hears(event: Event, subject: Model | None) -> Iterable[int]:
        return [subject.buyer_id, *rules.followers(subject)]

The domain apps declare their rules in their own ``notifications`` module (imported by their
``AppConfig.ready``), so the workspace needs to know none of them. After the event's commit the
dispatcher (``core.events``; a Celery worker when there is a broker) runs the rules and writes
the notifications; the request that caused the event waits for none of it. Nobody hears of their
own doing, and nobody hears of a record they may not see (``services.notifications.notify``).

A notification keeps its message key and values; the text is worded in the reader's language
when it is shown (:func:`render`). The values are the record's name (``record``), the actor's
(``actor``) and the event payload's plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catena.core import events
from catena.core.models import Event
from catena.workspace import targets
from catena.workspace.services.follows import followers_of

Audience = Callable[[Event, Any], Iterable[int | None]]


@dataclass(frozen=True)
class Rule:
    event: str
    audience: Audience
    verb: str
    target: Callable[[Any], models.Model | None] | None
    extra: Callable[[Event, Any], dict[str, Any]] | None = None


_rules: dict[str, list[Rule]] = {}
_messages: dict[str, Promise | str] = {}
FALLBACK = gettext_lazy("%(record)s changed")


def message(verb: str, text: Promise | str) -> None:
    """The text of the message key ``verb`` (a lazy translation with ``%(name)s`` values)."""
    _messages[verb] = text


def audience(
    event: str,
    *,
    message: Promise | str | None = None,
    verb: str | None = None,
    target: Callable[[Any], models.Model | None] | None = None,
    extra: Callable[[Event, Any], dict[str, Any]] | None = None,
) -> Callable[[Audience], Audience]:
    """Register the decorated function as who hears of ``event``. ``verb`` is the message key
    (the event's name by default) and ``message`` its text; ``target`` gives the record the
    notification links to (the event's subject by default); ``extra`` adds message values."""
    key = verb or event

    def register(function: Audience) -> Audience:
        if message is not None:
            _messages[key] = message
        rule = Rule(event, function, key, target, extra)
        known = _rules.setdefault(event, [])
        if all(r.audience is not function for r in known):
            known.append(rule)
        events.subscribe(event)(deliver)
        return function

    return register


def rules_for(event: str) -> list[Rule]:
    return list(_rules.get(event, []))


def owners(record: Any) -> list[int]:
    """The users a record belongs to, as its kind registered them."""
    return targets.owners_of(record)


def followers(record: Any) -> list[int]:
    return followers_of(record) if record is not None else []


def owners_and_followers(event: Event, subject: Any) -> list[int]:
    """The common audience: who owns the subject and who follows it."""
    return [*owners(subject), *followers(subject)]


def subject_of(event: Event) -> models.Model | None:
    """The record an event is about, if it still exists."""
    kind = targets.kind_of(event.subject_type)
    model = kind.model if kind else None
    if model is None:
        try:
            model = apps.get_model(event.subject_type)
        except (LookupError, ValueError):
            return None
    try:
        return model._default_manager.filter(pk=event.subject_id).first()
    except (ValueError, TypeError):
        return None


def _params(event: Event, target: models.Model | None) -> dict[str, Any]:
    values = {k: v for k, v in (event.payload or {}).items() if isinstance(v, str | int | float | bool)}
    values["record"] = str(target) if target is not None else ""
    values["actor"] = event.actor.display_name if event.actor_id and event.actor else ""
    return values


def deliver(event: Event) -> None:
    """The dispatcher's handler: run the event's rules and write their notifications."""
    from catena.workspace.services.notifications import notify

    found = _rules.get(event.name)
    if not found:
        return
    subject = subject_of(event)
    for rule in found:
        target = rule.target(subject) if rule.target is not None else subject
        recipients = [pk for pk in rule.audience(event, subject) if pk]
        if not recipients:
            continue
        notify(
            recipients,
            verb=rule.verb,
            target=target,
            actor_id=event.actor_id,
            event_name=event.name,
            event_id=event.pk,
            params={**_params(event, target), **(rule.extra(event, subject) if rule.extra else {})},
        )


class _Values(dict[str, Any]):
    """Message values where a missing one reads as empty instead of failing the page."""

    def __missing__(self, key: str) -> str:
        return ""


def render(verb: str, params: dict[str, Any]) -> str:
    """The text of a notification in the current language."""
    text = str(_messages.get(verb, FALLBACK))
    values = _Values(params or {})
    if not values.get("actor"):
        values["actor"] = _("Someone")
    try:
        return text % values
    except (TypeError, ValueError):
        return str(FALLBACK) % values
