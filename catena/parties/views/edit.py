"""Create, edit and delete a party; check one field while the user types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.gate import refused_as_403, require
from catena.parties import selectors
from catena.parties.choices import ContactPointKind
from catena.parties.forms.common import apply_service_errors
from catena.parties.forms.edit import PartyForm
from catena.parties.models import Party, Tag
from catena.parties.selectors.duplicates import PossibleDuplicate, possible_duplicates
from catena.parties.services.parties import create_party, delete_party, update_party

REASONS = {
    "name": gettext_lazy("same name"),
    "uscc": gettext_lazy("same credit code"),
    "phone": gettext_lazy("same phone"),
    "email": gettext_lazy("same e-mail"),
}


def _form_page(
    request: HttpRequest,
    form: PartyForm,
    party: Party | None,
    duplicates: Sequence[PossibleDuplicate] = (),
) -> HttpResponse:
    return render(
        request,
        "parties/party_form.html",
        {
            "form": form,
            "party": party,
            "tag_names": Tag.objects.for_user(request.user).values_list("name", flat=True)[:500],
            "duplicates": [
                {"party": found.party, "labels": [str(REASONS[r]) for r in found.reasons]}
                for found in duplicates
            ],
        },
    )


def _identifying(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the form typed that could name an existing party (checked even when the form is not
    valid yet: a credit code already taken is best answered with a link to its party)."""
    points = [
        {"kind": ContactPointKind.MOBILE, "value": data.get("contact_mobile", "")},
        {"kind": ContactPointKind.EMAIL, "value": data.get("contact_email", "")},
    ]
    return {
        "name": data.get("name", ""),
        "uscc": data.get("uscc", ""),
        "contact_points": [p for p in points if p["value"]],
    }


@internal_page
@require_http_methods(["GET", "POST"])
def party_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, Party)
    form = PartyForm(request.POST or None, user=request.user)
    duplicates = (
        possible_duplicates(request.user, _identifying(request.POST)) if request.method == "POST" else []
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (not duplicates or request.POST.get("allow_duplicate"))
    ):
        try:
            with refused_as_403():
                party = create_party(actor=acting_user(request), **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc, form.error_mapping())
        else:
            messages.success(request, _("Party “%(name)s” created.") % {"name": party.name})
            return redirect("parties:party_detail", pk=party.pk)
    return _form_page(request, form, None, duplicates)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def party_edit(request: HttpRequest, party: Party) -> HttpResponse:
    form = PartyForm(request.POST or None, user=request.user, party=party)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                update_party(party, actor=acting_user(request), **form.service_arguments())
        except ValidationError as exc:
            apply_service_errors(form, exc, form.error_mapping())
        else:
            messages.success(request, _("Party “%(name)s” saved.") % {"name": party.name})
            return redirect("parties:party_detail", pk=party.pk)
    return _form_page(request, form, party)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.DELETE)
def party_delete(request: HttpRequest, party: Party) -> HttpResponse:
    """Ask for confirmation, then delete (administrators and managers only)."""
    if request.method == "POST":
        with refused_as_403():
            delete_party(party, actor=acting_user(request))
        messages.success(request, _("Party “%(name)s” deleted.") % {"name": party.name})
        return redirect("parties:party_list")
    return render(request, "parties/party_confirm_delete.html", {"party": party})


@internal_page
@require_POST
def party_validate(request: HttpRequest) -> HttpResponse:
    """Check one field of the party form (htmx, on change) and return it with its error, if any."""
    name = (request.htmx.trigger_name if request.htmx else None) or request.POST.get("_field", "")  # type: ignore[attr-defined]
    party_id = request.GET.get("party", "")
    party = (
        gate.visible_or_404(request.user, selectors.party_detail, int(party_id))
        if party_id.isdecimal()
        else None
    )
    form = PartyForm(request.POST, user=request.user, party=party)
    if name not in PartyForm.VALIDATED or name not in form.fields:
        return HttpResponseBadRequest(_("This field is not checked on its own."))
    form.is_valid()
    return render(request, "components/field.html", {"field": form[name]})
