"""Promises made to the customer on a case: making one, keeping it, withdrawing it, and the sweep
that breaks those whose due time passed unkept (the promise ledger counts all of it).

Making a promise schedules a to-do for its maker, due when the promise is, so it shows in "my
day"; keeping or cancelling the promise completes or cancels that to-do. A broken promise's to-do
stays open and overdue: the maker still owes the customer a word.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.core import access, events, text
from catena.core.errors import CodedHttpError
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.service.choices import PromiseStatus
from catena.service.events import PromiseBroken, PromiseCancelled, PromiseKept, PromiseMade
from catena.service.models import Case, Promise
from catena.workspace.choices import ActivityKind
from catena.workspace.models import Activity
from catena.workspace.services.activities import cancel_activity, complete_activity, schedule_activity

MAX_TEXT = 300
MAX_SUBJECT = 200  # an activity's subject
SWEEP_BATCH = 500


def _check_text(errors: Errors, value: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add("text", _("Say what was promised."), code="promise.empty")
    elif len(value) > MAX_TEXT:
        errors.add("text", _("At most 300 characters."), code="too_long")
    else:
        try:
            text.check_name(value)
        except ValidationError as exc:
            errors.capture("text", exc)
    return value


def _subject(promise: Promise) -> str:
    subject = _("Keep the promise to %(customer)s: %(promise)s") % {
        "customer": promise.party.name,
        "promise": promise.text,
    }
    return subject if len(subject) <= MAX_SUBJECT else subject[: MAX_SUBJECT - 1] + "…"


@transaction.atomic
def make_promise(case: Case, *, actor: User, text: str, due_at: datetime | None) -> Promise:
    """Record that ``actor`` promised the case's customer ``text`` by ``due_at`` (in the future),
    on a case still being worked, and give the maker a to-do due then."""
    case = Case.objects.select_for_update().select_related("party").get(pk=case.pk)
    access.ensure(actor, access.CHANGE, case)
    errors = Errors()
    value = _check_text(errors, text)
    if due_at is None:
        errors.add("due_at", _("This field is required."), code="required")
    else:
        if timezone.is_naive(due_at):
            due_at = timezone.make_aware(due_at)
        if due_at <= timezone.now():
            errors.add("due_at", _("A promise is due in the future."), code="promise.due_in_past")
    if not case.is_active or case.merged_into_id is not None:
        errors.add("case", _("Promises are made on cases still being worked."), code="promise.case_closed")
    errors.raise_if_any()
    assert due_at is not None
    promise = Promise(case=case, party=case.party, made_by=actor, text=value, due_at=due_at)
    promise.activity = schedule_activity(
        case, actor=actor, subject=_subject(promise), due_at=due_at, kind=ActivityKind.FOLLOW_UP
    )
    save_with_history(promise, actor=actor, force_insert=True)
    events.emit(
        PromiseMade(promise=promise.pk, made_by=actor.pk, due_at=due_at.isoformat()), case, actor=actor
    )
    return promise


def _locked_open(promise: Promise, actor: User) -> Promise:
    current = (
        Promise.objects.select_for_update(of=("self",)).select_related("case", "activity").get(pk=promise.pk)
    )
    access.ensure(actor, access.CHANGE, current)
    if not current.is_open:
        raise CodedHttpError(
            409, _("This promise is already kept, broken or cancelled."), code="promise.not_open"
        )
    return current


def _settle(promise: Promise, status: str, *, actor: User | None, note: str, now: datetime) -> None:
    promise.status = status
    promise.note = note
    promise.resolved_at = now
    promise.resolved_by = actor
    save_with_history(promise, actor=actor, update_fields=["status", "note", "resolved_at", "resolved_by"])


def _open_activity(promise: Promise) -> Activity | None:
    activity = promise.activity
    return activity if activity is not None and activity.is_open else None


@transaction.atomic
def keep(promise: Promise, *, actor: User, note: str = "") -> Promise:
    """Say the promise was kept (``note``: how). Only an open promise is kept: once the sweep
    found it overdue it stays broken. The maker's to-do is done with it."""
    errors = Errors()
    note = (note or "").strip()
    if note:
        try:
            text.check_long_text(note)
        except ValidationError as exc:
            errors.capture("note", exc)
    errors.raise_if_any()
    current = _locked_open(promise, actor)
    _settle(current, PromiseStatus.KEPT, actor=actor, note=note, now=timezone.now())
    if (activity := _open_activity(current)) is not None:
        current.activity = complete_activity(activity, actor=actor, outcome=note)
    events.emit(PromiseKept(promise=current.pk, made_by=current.made_by_id), current.case, actor=actor)
    return current


@transaction.atomic
def cancel(promise: Promise, *, actor: User, note: str) -> Promise:
    """Withdraw an open promise, saying why (``note``); it counts neither as kept nor as broken.
    The maker's to-do is cancelled with it."""
    errors = Errors()
    note = (note or "").strip()
    if not note:
        errors.add("note", _("Say why the promise is cancelled."), code="promise.note_required")
    else:
        try:
            text.check_long_text(note)
        except ValidationError as exc:
            errors.capture("note", exc)
    errors.raise_if_any()
    current = _locked_open(promise, actor)
    _settle(current, PromiseStatus.CANCELLED, actor=actor, note=note, now=timezone.now())
    if (activity := _open_activity(current)) is not None:
        current.activity = cancel_activity(activity, actor=actor, outcome=note)
    events.emit(PromiseCancelled(promise=current.pk, made_by=current.made_by_id), current.case, actor=actor)
    return current


def break_overdue(now: datetime | None = None) -> int:
    """Mark every open promise whose due time has passed by ``now`` as broken, emitting
    ``promise.broken`` for each; return how many. Safe to run twice and concurrently: each promise
    is re-read under a lock and skipped once it is no longer open."""
    now = now or timezone.now()
    broken = 0
    while True:
        ids = list(
            Promise.objects.overdue(now).order_by("due_at", "id").values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        if not ids:
            return broken
        for pk in ids:
            broken += _break_one(pk, now)
        if len(ids) < SWEEP_BATCH:
            return broken


@transaction.atomic
def _break_one(pk: int, now: datetime) -> int:
    promise = Promise.objects.select_for_update(of=("self",)).select_related("case").filter(pk=pk).first()
    if promise is None or not promise.is_open or promise.due_at > now:
        return 0
    _settle(promise, PromiseStatus.BROKEN, actor=None, note=promise.note, now=now)
    events.emit(PromiseBroken(promise=promise.pk, made_by=promise.made_by_id), promise.case)
    return 1
