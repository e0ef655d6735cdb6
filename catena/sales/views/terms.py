"""The "Sales terms" card of a customer's party page: its price list, standard discount and
payment terms, the form that changes them (administrators and managers), and a price check
(what the customer pays for a quantity of a product, for answering the phone).

The parties app sits below sales and cannot import it: the party page holds a slot that htmx
fills from ``sales:party_terms`` (as the timeline tab is filled from ``comms``). Without
JavaScript the same URLs serve plain pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catena.accounts.views import acting_user, internal_page
from catena.catalog.models import PriceList, Product
from catena.catalog.selectors import product_choices
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require
from catena.parties.forms import apply_service_errors
from catena.parties.models import Party
from catena.sales.forms.pricing import CustomerTermsForm, PriceCheckForm
from catena.sales.models import CustomerTerms
from catena.sales.selectors import pricing as selectors
from catena.sales.services import pricing
from catena.sales.views.pricing import INVALID


def _card_party(request: HttpRequest, party_id: int) -> Party | None:
    """The customer whose terms the user may read; None when the party is no customer, or the
    user may not see it or its terms."""
    party = gate.find(request.user, Party, party_id)
    if party is None or not party.buys_from_us or not access.can(request.user, access.VIEW, CustomerTerms):
        return None
    return party


def _customer(request: HttpRequest, party_id: int) -> Party:
    party = _card_party(request, party_id)
    if party is None:
        raise Http404
    return party


def _card_context(
    request: HttpRequest, party: Party, *, check_form: PriceCheckForm | None = None, check: Any = None
) -> dict[str, Any]:
    terms = selectors.terms_of(party)
    user = request.user
    return {
        "party": party,
        "terms": terms,
        "is_set": terms.pk is not None,
        "price_list_valid": terms.price_list is not None
        and terms.price_list.is_valid_on(timezone.localdate()),
        "can_edit": access.can(user, access.CHANGE if terms.pk else access.ADD, terms),
        "can_check": access.can(user, access.VIEW, PriceList) and access.can(user, access.VIEW, Product),
        "check_form": check_form or PriceCheckForm(),
        "check": check,
        "skus": product_choices(user),
    }


def _card(request: HttpRequest, party: Party, status: int = 200, **extra: Any) -> HttpResponse:
    context = _card_context(request, party, **extra)
    if is_fragment(request):
        return render(request, "sales/party_terms.html#card", context)
    return render(request, "sales/party_terms.html", context, status=status)


@internal_page
@require_GET
def party_terms(request: HttpRequest, party_id: int) -> HttpResponse:
    """The card. To the party page's slot a party without a card answers with nothing."""
    party = _card_party(request, party_id)
    if party is None:
        if is_fragment(request):
            return HttpResponse("")
        raise Http404
    return _card(request, party)


@internal_page
@require_http_methods(["GET", "POST"])
def party_terms_edit(request: HttpRequest, party_id: int) -> HttpResponse:
    party = _customer(request, party_id)
    terms = selectors.terms_of(party)
    require(request, access.CHANGE if terms.pk else access.ADD, terms)
    initial = {
        "price_list": terms.price_list_id,
        "discount_pct": terms.discount_pct.normalize(),
        "payment_terms": terms.payment_terms,
    }
    form = CustomerTermsForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with refused_as_403():
                pricing.set_customer_terms(party, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if is_fragment(request):
                return _card(request, party)
            messages.success(request, _("Sales terms of %(party)s saved.") % {"party": party.name})
            return redirect("parties:party_detail", pk=party.pk)
    context = {"party": party, "form": form, "action_url": request.path}
    if is_fragment(request):
        return render(request, "sales/party_terms_form.html#form", context)
    return render(request, "sales/party_terms_form.html", context, status=INVALID if form.errors else 200)


@internal_page
@require_GET
def party_price_check(request: HttpRequest, party_id: int) -> HttpResponse:
    """What the customer would pay per unit for a quantity of a product today."""
    party = _customer(request, party_id)
    require(request, access.VIEW, PriceList)
    require(request, access.VIEW, Product)
    form = PriceCheckForm(request.GET or None)
    check = None
    if form.is_bound and form.is_valid():
        check = selectors.price_check(party, form.cleaned_data["product"], form.cleaned_data["quantity"])
    status = INVALID if form.errors else 200
    if is_fragment(request):
        context = _card_context(request, party, check_form=form, check=check)
        return render(request, "sales/party_terms.html#check", context)
    return _card(request, party, status=status, check_form=form, check=check)
