"""Opportunity pages: the kanban board (cards move between steps with htmx), the form, the
detail page, and the weighted pipeline with its chart."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.core.gate import is_fragment, refused_as_403, require, safe_next
from catena.core.versions import StaleVersion
from catena.parties.forms import apply_service_errors
from catena.sales.forms.pipeline import BoardFilterForm, OpportunityForm, OpportunityMoveForm
from catena.sales.models import Opportunity, PipelineStep, Quote
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import opportunities as opportunity_services


def _board_context(request: HttpRequest, params: QueryDict, **extra: Any) -> dict[str, Any]:
    user = request.user
    form = BoardFilterForm(params or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    columns = selectors.opportunity_board(
        user, owner=owner.pk if owner else None, q=(data.get("q") or "").strip()
    )
    shown = [card.pk for column in columns for card in column.cards]
    movable = set(
        Opportunity.objects.filter(pk__in=shown).for_user(user, access.CHANGE).values_list("pk", flat=True)
    )
    card_errors = extra.pop("card_errors", {})
    for column in columns:
        for card in column.cards:
            card.can_move = card.pk in movable  # type: ignore[attr-defined]
            card.move_errors = card_errors.get(card.pk, [])  # type: ignore[attr-defined]
    return {
        "filter_form": form,
        "columns": columns,
        "steps": [c.step for c in columns],
        "can_add": access.can(user, access.ADD, Opportunity),
        "reason_for": None,
        "today": timezone.localdate(),
        **extra,
    }


@internal_page
@require_GET
def opportunity_board(request: HttpRequest) -> HttpResponse:
    context = _board_context(request, request.GET)
    if is_fragment(request):
        return render(request, "sales/opportunity_board.html#board", context)
    return render(request, "sales/opportunity_board.html", context)


@internal_page
@require_POST
@gate.record(Opportunity.objects.select_related("step", "party"), require=access.CHANGE)
def opportunity_move(request: HttpRequest, deal: Opportunity) -> HttpResponse:
    """Move a card to another step. htmx gets the whole board back (columns and totals change);
    a refusal comes back on the card, a lost deal asks for its reason there."""
    form = OpportunityMoveForm(request.POST)
    errors: list[str] = []
    reason_for = None
    chosen: PipelineStep | None = None
    if form.is_valid():
        chosen = form.cleaned_data["step"]
        try:
            with refused_as_403():
                opportunity_services.move_opportunity(
                    deal,
                    to=chosen,
                    actor=acting_user(request),
                    expected_version=form.cleaned_data["version"],
                    lost_reason=form.cleaned_data.get("lost_reason") or "",
                )
        except StaleVersion:
            errors.append(_("Somebody else moved this deal meanwhile; here is where it stands now."))
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            if "lost_reason" in by_field:
                reason_for = deal.pk
            errors += [m for messages_ in by_field.values() for m in messages_]
    else:
        errors.append(_("Choose a stage."))
    if not is_fragment(request):
        for message in errors:
            messages.error(request, message)
        if not errors:
            messages.success(request, _("“%(name)s” moved.") % {"name": deal.name})
        return redirect(safe_next(request, request.POST.get("next", ""), reverse("sales:opportunity_board")))
    context = _board_context(
        request,
        request.POST,
        card_errors={deal.pk: errors} if errors else {},
        reason_for=reason_for,
        chosen_step=chosen,
    )
    return render(request, "sales/opportunity_board.html#board", context)


def _form_page(request: HttpRequest, form: OpportunityForm, deal: Opportunity | None) -> HttpResponse:
    return render(request, "sales/opportunity_form.html", {"form": form, "deal": deal})


@internal_page
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest) -> HttpResponse:
    require(request, access.ADD, Opportunity)
    initial: dict[str, Any] = {"owner": request.user.pk}
    party_id = request.GET.get("party", "")
    if party_id.isdecimal():
        initial["party"] = int(party_id)
    form = OpportunityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        party = form.picked_party(request.user)
        if party is None:
            form.add_error("party", _("Choose a party."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "party"}
            try:
                with refused_as_403():
                    deal = opportunity_services.create_opportunity(party, actor=acting_user(request), **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Opportunity “%(name)s” created.") % {"name": deal.name})
                return redirect("sales:opportunity_detail", pk=deal.pk)
    return _form_page(request, form, None)


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(Opportunity.objects.select_related("step", "party"), require=access.CHANGE)
def opportunity_edit(request: HttpRequest, deal: Opportunity) -> HttpResponse:
    initial = {
        f: getattr(deal, f) for f in ("name", "amount", "currency", "probability", "expected_close", "notes")
    }
    form = OpportunityForm(
        request.POST or None, user=request.user, editing=True, initial=initial | {"owner": deal.owner_id}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("probability") is None:
            data.pop("probability", None)
        try:
            with refused_as_403():
                opportunity_services.update_opportunity(
                    deal,
                    actor=acting_user(request),
                    expected_version=_int(request.POST.get("version")),
                    **data,
                )
        except StaleVersion:
            form.add_error(None, _("Somebody else changed this opportunity meanwhile; reload and try again."))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Opportunity “%(name)s” saved.") % {"name": deal.name})
            return redirect("sales:opportunity_detail", pk=deal.pk)
    return _form_page(request, form, deal)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


@internal_page
@require_GET
@gate.record(Opportunity.objects.select_related("step", "party", "owner", "source_lead"))
def opportunity_detail(request: HttpRequest, deal: Opportunity) -> HttpResponse:
    user = request.user
    return render(
        request,
        "sales/opportunity_detail.html",
        {
            "deal": deal,
            "steps": PipelineStep.objects.filter(is_active=True).for_user(user),
            "can_change": access.can(user, access.CHANGE, deal),
            "can_quote": access.can(user, access.ADD, Quote),
            "quotes": selectors.quote_list(user, opportunity=deal.pk, current_only=False),
        },
    )


@internal_page
@require_GET
def pipeline_summary(request: HttpRequest) -> HttpResponse:
    """Weighted pipeline (amount × probability of open deals) per month of expected close and per
    owner, as a bar chart and tables."""
    form = BoardFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    owner = data.get("owner")
    summary = selectors.weighted_pipeline(request.user, owner=owner.pk if owner else None)
    currencies = sorted({row["currency"] for row in summary["by_month"]})
    months = sorted({row["month"] for row in summary["by_month"]})
    series = [
        {
            "name": currency,
            "data": [
                float(
                    next(
                        (
                            r["weighted"]
                            for r in summary["by_month"]
                            if r["month"] == m and r["currency"] == currency
                        ),
                        0,
                    )
                )
                for m in months
            ],
        }
        for currency in currencies
    ]
    chart = {"months": months, "series": series, "label": _("Weighted amount")}
    return render(
        request,
        "sales/pipeline.html",
        {"filter_form": form, "summary": summary, "chart_data": chart},
    )
