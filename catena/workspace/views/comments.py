"""The comments panel of a record, and the colleagues a comment may @mention."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.workspace import panels, services
from catena.workspace.forms import CommentForm
from catena.workspace.models import Comment
from catena.workspace.selectors.comments import mention_candidates
from catena.workspace.views.common import answer_panel, next_url, put_errors, target_or_404

TEMPLATE = "workspace/comments_panel.html"


@internal_page
@require_http_methods(["GET", "POST"])
def comments_panel(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """The comments on a record, oldest first; a POST adds one."""
    record = target_or_404(request, target_type, target_id)
    user = acting_user(request)
    form: CommentForm | None = None
    if request.method == "POST":
        gate.require(request, access.ADD, Comment)
        posted = CommentForm(request.POST)
        if posted.is_valid():
            try:
                with gate.refused_as_403():
                    services.add_comment(record, actor=user, body=posted.cleaned_data["body"])
            except ValidationError as exc:
                put_errors(posted, exc, "body")
        if posted.errors:
            form = posted
    status = 422 if form is not None else 200
    context = panels.comments_context(user, record, next_url=next_url(request), form=form)
    return answer_panel(request, TEMPLATE, context, status=status)


@internal_page
@require_POST
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the text of one's own comment."""
    comment = gate.visible_or_404(request.user, Comment, pk, access.CHANGE)
    record = comment.target
    if record is None:
        raise Http404
    form = CommentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            with gate.refused_as_403():
                services.edit_comment(comment, actor=acting_user(request), body=form.cleaned_data["body"])
        except ValidationError as exc:
            put_errors(form, exc, "body")
            status = 422
    else:
        status = 422
    context = panels.comments_context(acting_user(request), record, next_url=next_url(request))
    if status == 422:
        context["edit_error_for"] = comment.pk
        context["edit_errors"] = form.errors.get("body", [])
    return answer_panel(request, TEMPLATE, context, status=status)


@internal_page
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = gate.visible_or_404(request.user, Comment, pk, access.DELETE)
    record = comment.target
    if record is None:
        raise Http404
    with gate.refused_as_403():
        services.delete_comment(comment, actor=acting_user(request))
    context = panels.comments_context(acting_user(request), record, next_url=next_url(request))
    return answer_panel(request, TEMPLATE, context)


@internal_page
@require_GET
def mention_list(request: HttpRequest) -> JsonResponse:
    """``?target=app_label.model:id&q=…``: up to eight colleagues who may see that record and
    whose username or name starts with ``q``, for the comment box's @mention suggestions."""
    label, _sep, raw_id = request.GET.get("target", "").partition(":")
    if not raw_id.isdigit() or not 0 < int(raw_id) < 2**63:
        raise Http404
    record = target_or_404(request, label, int(raw_id))
    users = mention_candidates(record, request.GET.get("q", ""))
    return JsonResponse({"users": [{"username": u.username, "name": u.display_name} for u in users]})
