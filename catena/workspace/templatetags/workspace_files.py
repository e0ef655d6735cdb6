"""The files and comments panels any record page may show::

    {% load workspace_files %}
    {% files_panel party %}
    {% comments_panel order %}

Each reads through the gate for the signed-in user (``workspace.panels``) and renders nothing
for a record that files and comments do not attach to, or a page without a signed-in user.
A portal user sees the files shared with the portal and no comments panel."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from catena.accounts import roles
from catena.workspace import panels, targets
from catena.workspace.models import Comment
from catena.workspace.services.comments import MENTION

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@register.simple_tag(takes_context=True)
def files_panel(context: template.Context, record: models.Model | None) -> str:
    """Staff get the record's files with the upload form; a portal user the files shared with
    the portal, to download."""
    user = _user(context)
    if user is None or record is None or not targets.is_target(record):
        return ""
    if not (roles.is_internal(user) or roles.is_portal(user)):
        return ""
    request = context["request"]
    values = panels.files_context(user, record, next_url=request.get_full_path())
    return render_to_string("workspace/files_panel.html", values, request=request)


@register.simple_tag(takes_context=True)
def comments_panel(context: template.Context, record: models.Model | None) -> str:
    user = _user(context)
    if user is None or record is None or not targets.is_target(record) or not roles.is_internal(user):
        return ""
    request = context["request"]
    values = panels.comments_context(user, record, next_url=request.get_full_path())
    return render_to_string("workspace/comments_panel.html", values, request=request)


@register.simple_tag
def comment_body(comment: Comment) -> SafeString:
    """The comment's text, escaped, with its line breaks, and each @mention of a colleague it
    really mentions linked (an e-mail link when the colleague has an address)."""
    mentioned = {user.username: user for user in comment.mentions.all()}
    body = comment.body
    parts: list[str] = []
    last = 0
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        user = mentioned.get(name)
        if user is None:
            continue
        parts.append(conditional_escape(body[last : match.start()]))
        if user.email:
            link = format_html(
                '<a class="mention" href="mailto:{}" title="{}">@{}</a>', user.email, user.display_name, name
            )
        else:
            link = format_html('<span class="mention" title="{}">@{}</span>', user.display_name, name)
        parts.append(link)
        last = match.start(1) + len(name)
    parts.append(conditional_escape(body[last:]))
    return mark_safe("".join(str(part) for part in parts).replace("\n", "<br>"))  # noqa: S308 (escaped above)
