"""Comments on records and the colleagues they @mention."""

from __future__ import annotations

import re
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles
from catena.accounts.models import User
from catena.core import access, events
from catena.core.validation import Errors
from catena.workspace import errors, targets
from catena.workspace.events import CommentCreated, CommentEdited
from catena.workspace.models import Comment
from catena.workspace.models.comments import MAX_COMMENT_CHARS
from catena.workspace.services.files import check_target

# ``@`` then a username (Django's: letters, digits and @ . + - _), not inside a word or an e-mail
# address (``li@example.com`` mentions nobody).
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")
MAX_MENTIONS = 50
# Control characters other than tab and line breaks, and the bidirectional embeddings, overrides
# and isolates that make a text display differently from what it is.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def mentioned_usernames(body: str) -> list[str]:
    """The usernames ``body`` @mentions, in order, each once (a trailing full stop ends a
    sentence, not the name)."""
    found: list[str] = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        if name and name not in found:
            found.append(name)
    return found[:MAX_MENTIONS]


def mentionable(user: User, record: models.Model) -> bool:
    """Only an active colleague who may see the record is mentioned: a portal user or someone
    the record is hidden from hears nothing of it."""
    return user.is_active and roles.is_internal(user) and access.can(user, access.VIEW, record)


def mentioned_users(body: str, record: models.Model) -> list[User]:
    names = mentioned_usernames(body)
    if not names:
        return []
    by_name = {user.username: user for user in User.objects.filter(username__in=names, is_active=True)}
    return [by_name[name] for name in names if name in by_name and mentionable(by_name[name], record)]


def _clean_body(body: str, errs: Errors) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        errs.add("body", str(errors.COMMENT_EMPTY.message), code=errors.COMMENT_EMPTY.code)
    elif len(body) > MAX_COMMENT_CHARS:
        errs.add(
            "body",
            _("At most %(limit)d characters (this has %(count)d).")
            % {"limit": MAX_COMMENT_CHARS, "count": len(body)},
            code="too_long",
        )
    found = _FORBIDDEN.search(body)
    if found:
        errs.add(
            "body",
            _("A comment may not contain control or text-direction characters (found U+%(code)04X).")
            % {"code": ord(found.group())},
            code="control_character",
        )
    return body


@transaction.atomic
def add_comment(record: models.Model, *, actor: Any, body: str) -> Comment:
    """Comment on ``record``; the colleagues ``body`` @mentions who may see the record are
    recorded as mentioned and announced with ``comment.created``."""
    access.ensure(actor, access.ADD, Comment)
    access.ensure(actor, access.VIEW, record)
    errs = Errors()
    check_target(record, errs)
    body = _clean_body(body, errs)
    errs.raise_if_any()
    comment = Comment(target=record, author=actor, body=body)
    comment.save()
    mentioned = mentioned_users(body, record)
    comment.mentions.set(mentioned)
    events.emit(
        CommentCreated(
            target_type=targets.label_of(record),
            target_id=record.pk,
            mentioned=[user.pk for user in mentioned],
        ),
        comment,
        actor=actor,
    )
    return comment


@transaction.atomic
def edit_comment(comment: Comment, *, actor: Any, body: str) -> Comment:
    """Change the text of one's own comment; its mentions follow the new text."""
    if comment.deleted_at is not None:
        raise access.PermissionDenied(access.CHANGE, comment, code=errors.COMMENT_DELETED.code)
    access.ensure(actor, access.CHANGE, comment)
    errs = Errors()
    body = _clean_body(body, errs)
    errs.raise_if_any()
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    record = comment.target
    before = set(comment.mentions.values_list("pk", flat=True))
    mentioned = mentioned_users(body, record) if record is not None else []
    comment.mentions.set(mentioned)
    if record is not None:
        events.emit(
            CommentEdited(
                target_type=targets.label_of(record),
                target_id=record.pk,
                mentioned=[user.pk for user in mentioned if user.pk not in before],
            ),
            comment,
            actor=actor,
        )
    return comment


@transaction.atomic
def delete_comment(comment: Comment, *, actor: Any) -> Comment:
    """Delete a comment (its author, a manager or an administrator); the row stays, marked."""
    access.ensure(actor, access.DELETE, comment)
    comment.deleted_at = timezone.now()
    comment.deleted_by = actor
    comment.save(update_fields=["deleted_at", "deleted_by"])
    return comment
