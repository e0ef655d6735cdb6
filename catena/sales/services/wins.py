"""Winning a deal by an accepted quote.

The estimate typed on an opportunity is a guess made early in the sale; once the customer
accepts a quote, the deal is worth what the quote says. The pipeline's won figures, the forecast
and the "deal won" note then agree with the order that follows.
"""

from __future__ import annotations

from django.db import transaction

from catena.accounts.models import User
from catena.sales.models import Opportunity, Quote
from catena.sales.services.opportunities import move_opportunity, update_opportunity, won_step


@transaction.atomic
def win_opportunity_by_quote(opportunity: Opportunity, quote: Quote, *, actor: User | None) -> Opportunity:
    """Move ``opportunity`` to the won step at the accepted quote's total (with tax) and currency."""
    if opportunity.amount != quote.total_gross or opportunity.currency != quote.currency:
        opportunity = update_opportunity(
            opportunity, actor=actor, amount=quote.total_gross, currency=quote.currency
        )
    return move_opportunity(opportunity, to=won_step(), actor=actor)
