"""Writing on a case: replies the customer reads and internal notes it never sees."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events
from catena.service.choices import CaseStatus, MessageSender, MessageVisibility
from catena.service.events import CaseNoted, CaseReplied
from catena.service.models import Case, CaseMessage
from catena.service.policies import may_write
from catena.service.services import clocks
from catena.service.services.cases import _move

MAX_BODY = 20_000


def _write(case: Case, body: str, visibility: str, actor: User) -> CaseMessage:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_write(actor, case, visibility):
        raise access.PermissionDenied(access.CHANGE, case)
    if case.merged_into_id is not None:
        raise ValidationError(_("This case was merged into another; work on that one."), code="case.merged")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [ValidationError(_("Write a message."), code="case.empty_message")]})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": [ValidationError(_("The value is too long."), code="too_long")]})
    sender = MessageSender.CUSTOMER if roles.is_portal(actor) else MessageSender.STAFF
    message = CaseMessage.objects.create(
        case=case, visibility=visibility, sender=sender, author=actor, body=body
    )
    if visibility == MessageVisibility.REPLY:
        events.emit(CaseReplied(message=message.pk, sender=sender), case, actor=actor)
        # The ball changes sides: a customer's answer reopens the work and starts the next-response
        # clock; our answer stops the response clocks, and our first answer starts the work.
        if sender == MessageSender.CUSTOMER:
            if case.status == CaseStatus.WAITING_ON_CUSTOMER:
                _move(case, CaseStatus.OPEN, actor=actor)
            clocks.on_customer_message(case, message.created_at)
        else:
            clocks.on_staff_reply(case, message.created_at)
            if case.status == CaseStatus.NEW:
                _move(case, CaseStatus.OPEN, actor=actor)
        Case.objects.filter(pk=case.pk).update(sla_due_at=case.sla_due_at)
    else:
        events.emit(CaseNoted(message=message.pk), case, actor=actor)
    return message


@transaction.atomic
def add_reply(case: Case, body: str, *, actor: User) -> CaseMessage:
    """A reply on the case: from staff to the customer, or from the customer (in the portal)."""
    return _write(case, body, MessageVisibility.REPLY, actor)


@transaction.atomic
def add_note(case: Case, body: str, *, actor: User) -> CaseMessage:
    """An internal note: staff read it, the customer never does."""
    return _write(case, body, MessageVisibility.NOTE, actor)
