"""The order board: active orders by the stage of their flow they are in now. A card moves by
drag and drop (the page's script calls the API's move, with the version it was drawn with) or by
its stage menu, a plain form answered here; both go through ``move_stage``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catena.accounts import roles
from catena.accounts.views import acting_user, internal_page
from catena.core import access
from catena.core.gate import is_fragment, refused_as_403, safe_next, visible_or_404
from catena.fulfilment import selectors
from catena.fulfilment import services as flow
from catena.fulfilment.forms import MoveForm, OrderFilterForm
from catena.fulfilment.views.common import ActionOutcome, outcome_of
from catena.sales.models import SalesOrder


def _board_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    filters = selectors.OrderFilter.from_params(request.GET)
    columns = selectors.order_board(user, q=filters.q, owner=filters.owner)
    may_move = roles.allows(user, "order_flow", access.CHANGE)
    return {
        "columns": columns,
        "filters": filters,
        "filter_form": OrderFilterForm(request.GET or None, user=user, stages=[]),
        "may_move": may_move,
        "total": sum(c.count for c in columns),
    }


@internal_page
@require_GET
def order_board(request: HttpRequest) -> HttpResponse:
    context = _board_context(request)
    if is_fragment(request):
        return render(request, "fulfilment/order_board.html#board", context)
    return render(request, "fulfilment/order_board.html", context)


@internal_page
@require_POST
def order_board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The stage menu of a card (the keyboard's way, and the way without script): move, then
    back to the board with what happened."""
    order = visible_or_404(request.user, SalesOrder, pk)
    form = MoveForm(request.POST)
    outcome = ActionOutcome()
    if form.is_valid():
        with refused_as_403(), outcome_of(outcome):
            flow.move_stage(
                order,
                to=form.cleaned_data["to"],
                actor=acting_user(request),
                expected_version=form.cleaned_data["version"],
            )
            outcome.success = _("Order %(number)s moved.") % {"number": order.number}
    else:
        outcome.errors.append(_("Choose a stage."))
    outcome.flash(request)
    return redirect(safe_next(request, request.POST.get("next", ""), reverse("fulfilment:order_board")))
