"""Inline forms on the party page: contacts, addresses, contact points and relationships.

With htmx a form opens inside the tab, a failed save shows it again with its errors, and a
successful save re-renders the tab. Without JavaScript the same URLs serve a plain page and
redirect back to the tab."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require
from catena.parties import selectors
from catena.parties.forms.common import apply_service_errors
from catena.parties.forms.parts import AddressForm, ContactForm, ContactPointForm, RelationshipForm
from catena.parties.models import Party, Relationship
from catena.parties.services.addresses import add_address, delete_address, update_address
from catena.parties.services.cleaning import ADDRESS_FIELDS
from catena.parties.services.contacts import (
    add_contact,
    add_contact_point,
    delete_contact,
    delete_contact_point,
    update_contact,
)
from catena.parties.services.relationships import create_relationship, delete_relationship
from catena.parties.views.detail import render_tabs


def _show_form(
    request: HttpRequest, party: Party, form: forms.Form, *, template: str, title: str, tab: str
) -> HttpResponse:
    context = {"form": form, "party": party, "action_url": request.path, "title": title, "tab": tab}
    if is_fragment(request):
        return render(request, template, context)
    return render(request, "parties/part_form_page.html", context | {"form_template": template})


def _done(request: HttpRequest, party: Party, tab: str) -> HttpResponse:
    if is_fragment(request):
        response = render_tabs(request, party.pk, tab)
        return reswap(retarget(response, "#party-tabs"), "innerHTML")
    return redirect(reverse("parties:party_detail", args=[party.pk]) + f"?tab={tab}")


def _save(form: forms.Form, call: Callable[[], object], mapping: dict[str, str] | None = None) -> bool:
    """Run a service call; put its field errors on ``form``. True when it succeeded."""
    try:
        with refused_as_403():
            call()
    except ValidationError as exc:
        apply_service_errors(form, exc, mapping)
        return False
    return True


# --- contacts -------------------------------------------------------------------------------------


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def contact_create(request: HttpRequest, party: Party) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        points, mapping = form.contact_points()
        call = partial(
            add_contact,
            party,
            actor=acting_user(request),
            contact_points=points,
            **form.contact_fields(),
        )
        if _save(form, call, mapping):
            return _done(request, party, "contacts")
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/contact_form.html",
        title=_("New contact"),
        tab="contacts",
    )


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def contact_edit(request: HttpRequest, party: Party, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(party.contacts, pk=contact_id)
    form = ContactForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        call = partial(update_contact, contact, actor=acting_user(request), **form.contact_fields())
        if _save(form, call):
            return _done(request, party, "contacts")
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/contact_form.html",
        title=_("Edit contact"),
        tab="contacts",
    )


@internal_page
@require_POST
@gate.record(selectors.party_detail, require=access.CHANGE)
def contact_delete(request: HttpRequest, party: Party, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(party.contacts, pk=contact_id)
    with refused_as_403():
        delete_contact(contact, actor=acting_user(request))
    return _done(request, party, "contacts")


# --- contact points -------------------------------------------------------------------------------


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def point_create(request: HttpRequest, party: Party) -> HttpResponse:
    initial = {"contact": request.GET.get("contact")} if request.GET.get("contact", "").isdecimal() else None
    form = ContactPointForm(request.POST or None, party=party, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = partial(
            add_contact_point,
            party,
            actor=acting_user(request),
            contact=data["contact"],
            kind=data["kind"],
            value=data["value"],
            label=data["label"],
            is_primary=data["is_primary"],
        )
        if _save(form, call):
            return _done(request, party, "contacts")
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/point_form.html",
        title=_("New contact point"),
        tab="contacts",
    )


@internal_page
@require_POST
@gate.record(selectors.party_detail, require=access.CHANGE)
def point_delete(request: HttpRequest, party: Party, point_id: int) -> HttpResponse:
    point = get_object_or_404(party.contact_points, pk=point_id)
    with refused_as_403():
        delete_contact_point(point, actor=acting_user(request))
    return _done(request, party, "contacts")


# --- addresses ------------------------------------------------------------------------------------


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def address_create(request: HttpRequest, party: Party) -> HttpResponse:
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(add_address, party, actor=acting_user(request), **form.cleaned_data)
        if _save(form, call):
            return _done(request, party, "addresses")
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/address_form.html",
        title=_("New address"),
        tab="addresses",
    )


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail, require=access.CHANGE)
def address_edit(request: HttpRequest, party: Party, address_id: int) -> HttpResponse:
    address = get_object_or_404(party.addresses, pk=address_id)
    initial = {k: getattr(address, k) for k in ADDRESS_FIELDS}
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(update_address, address, actor=acting_user(request), **form.cleaned_data)
        if _save(form, call):
            return _done(request, party, "addresses")
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/address_form.html",
        title=_("Edit address"),
        tab="addresses",
    )


@internal_page
@require_POST
@gate.record(selectors.party_detail, require=access.CHANGE)
def address_delete(request: HttpRequest, party: Party, address_id: int) -> HttpResponse:
    address = get_object_or_404(party.addresses, pk=address_id)
    with refused_as_403():
        delete_address(address, actor=acting_user(request))
    return _done(request, party, "addresses")


# --- relationships --------------------------------------------------------------------------------


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(selectors.party_detail)
def relationship_create(request: HttpRequest, party: Party) -> HttpResponse:
    """Link this party to another one, upstream or downstream, with optional contract targets."""
    require(request, access.ADD, Relationship)
    form = RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = gate.find(request.user, Party, data["other"])
        if other is None:
            form.add_error("other", _("Choose a party from the list."))
        else:
            upstream = data["direction"] == RelationshipForm.UPSTREAM
            call = partial(
                create_relationship,
                actor=acting_user(request),
                from_party=other if upstream else party,
                to_party=party if upstream else other,
                kind=data["kind"],
                since=data["since"],
                until=data["until"],
                notes=data["notes"],
                contract=form.contract(),
            )
            if _save(form, call, form.error_mapping()):
                return _done(request, party, "relationships")
    other_name = ""
    if form.is_bound and str(form.data.get("other", "")).isdecimal():
        other_name = (
            Party.objects.for_user(request.user)
            .filter(pk=int(form.data["other"]))
            .values_list("name", flat=True)
            .first()
            or ""
        )
    form.other_name = other_name  # type: ignore[attr-defined]
    return _show_form(
        request,
        party,
        form,
        template="parties/parts/relationship_form.html",
        title=_("New relationship"),
        tab="relationships",
    )


@internal_page
@require_POST
@gate.record(selectors.party_detail)
def relationship_delete(request: HttpRequest, party: Party, relationship_id: int) -> HttpResponse:
    links = Relationship.objects.for_user(request.user)
    relationship = get_object_or_404(
        links.filter(Q(from_party=party) | Q(to_party=party)), pk=relationship_id
    )
    require(request, access.DELETE, relationship)
    with refused_as_403():
        delete_relationship(relationship, actor=acting_user(request))
    return _done(request, party, "relationships")
