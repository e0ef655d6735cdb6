"""The agent's desk: canned responses (the list, adding and changing them, one filled in for a
case), and who else has a case open (polled by the case's page)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.gate import refused_as_403, require
from catena.parties.forms import apply_service_errors
from catena.service.models import CannedResponse
from catena.service.services import desk
from catena.service.views.cases import _case


class CannedForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=gettext_lazy(
            "Variables: {customer}, {contact}, {case_number}, {subject}, {agent}, {due} (the SLA's next due time)."
        ),
    )


def _listing(
    request: HttpRequest, form: CannedForm, editing: CannedResponse | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "responses": CannedResponse.objects.for_user(request.user).filter(is_active=True),
        "form": form,
        "editing": editing,
        "can_write": access.can(request.user, access.ADD, CannedResponse),
    }
    return render(request, "service/canned_list.html", context, status=status)


@internal_page
@require_http_methods(["GET", "POST"])
def canned_list(request: HttpRequest) -> HttpResponse:
    require(request, access.VIEW, CannedResponse)
    if request.method == "GET":
        return _listing(request, CannedForm(initial={"language": request.LANGUAGE_CODE}))
    form = CannedForm(request.POST)
    if form.is_valid():
        try:
            with refused_as_403():
                desk.save_canned(acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The response is saved."))
            return redirect("service:canned_list")
    return _listing(request, form, status=422)


@internal_page
@require_http_methods(["GET", "POST"])
def canned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    response = CannedResponse.objects.for_user(request.user).filter(pk=pk, is_active=True).first()
    if response is None:
        raise Http404
    if request.method == "GET":
        initial = {"title": response.title, "language": response.language, "body": response.body}
        return _listing(request, CannedForm(initial=initial), editing=response)
    if request.POST.get("action") == "remove":
        require(request, access.CHANGE, response)
        response.is_active = False
        response.save(update_fields=["is_active", "updated_at"])
        messages.success(request, _("The response is removed."))
        return redirect("service:canned_list")
    form = CannedForm(request.POST)
    if form.is_valid():
        try:
            with refused_as_403():
                desk.save_canned(acting_user(request), response=response, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The response is saved."))
            return redirect("service:canned_list")
    return _listing(request, form, editing=response, status=422)


@internal_page
@require_GET
def canned_fill(request: HttpRequest, pk: int, response_id: int) -> JsonResponse:
    """One canned response filled in for the case, to put into the reply box."""
    case = _case(request, pk)
    response = CannedResponse.objects.for_user(request.user).filter(pk=response_id, is_active=True).first()
    if response is None:
        raise Http404
    return JsonResponse({"text": desk.fill(response, case, request.user)})


@internal_page
@require_POST
def case_presence(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's page checks in while open; it answers who else has the case open."""
    case = _case(request, pk)
    others = desk.seen(case, acting_user(request))
    names = get_text_list([user.display_name for user in others], _("and"))
    return render(request, "service/parts/presence.html", {"others": others, "names": names})
