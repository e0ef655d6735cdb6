"""What the workspace's pages share: the record a panel is about, and answering a panel."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from catena.core import gate
from catena.workspace import targets


def target_or_404(request: HttpRequest, target_type: str, target_id: int) -> models.Model:
    """The record a panel is about, if files and comments attach to its kind and the user may
    see it; otherwise 404, whether it exists or not."""
    model = targets.model_of(target_type)
    if model is None:
        raise Http404
    return gate.visible_or_404(request.user, model, target_id)


def next_url(request: HttpRequest) -> str:
    """The page the panel sits on (sent with the form), for browsers without htmx."""
    return gate.safe_next(request, request.POST.get("next") or request.GET.get("next", ""), "")


def put_errors(form: Form, exc: ValidationError, default_field: str) -> None:
    """A service's field errors on the form, each keeping its stable code."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {default_field: exc.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, ValidationError(errors))


def answer_panel(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The redrawn panel for htmx (the 422 of a refused form is swapped in too, by
    ``workspace.js``); a plain form post goes back to its page when it worked."""
    if not gate.is_fragment(request) and request.method == "POST" and status == 200 and context["next"]:
        return HttpResponseRedirect(context["next"])
    return render(request, template, context, status=status)
