"""Use cases of customer pricing: the terms a customer was granted (its price list, standard
discount and payment terms). The price lists themselves are the catalog's
(``catena.catalog.services.price_lists``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from catena.accounts.models import User
from catena.catalog.models import PriceList
from catena.core import access, events
from catena.core.history import save_with_history
from catena.core.validation import Errors
from catena.parties.models import Party
from catena.sales import field_checks as check
from catena.sales.choices import PaymentTerms
from catena.sales.models import CustomerTerms

TERMS_FIELDS = ("price_list", "discount_pct", "payment_terms")


@transaction.atomic
def set_customer_terms(party: Party, *, actor: User | None, **changes: Any) -> CustomerTerms:
    """Give a customer a price list, a standard discount and payment terms (fields not given stay)."""
    terms = CustomerTerms.objects.filter(party=party).first() or CustomerTerms(party=party)
    if actor is not None:
        access.ensure(actor, access.CHANGE if terms.pk else access.ADD, terms)
        access.ensure(actor, access.VIEW, party)
    errors = Errors()
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in TERMS_FIELDS:
            errors.add(key, _("Unknown field."), code="unknown_field")
        elif key == "price_list":
            if value is not None and not isinstance(value, PriceList):
                errors.add(key, _("No such price list."), code="unknown_reference")
            cleaned[key] = value
        elif key == "discount_pct":
            cleaned[key] = check.percent(errors, key, value)
        elif key == "payment_terms":
            cleaned[key] = check.choice(errors, key, value, PaymentTerms)
    errors.raise_if_any()
    changed = sorted(k for k, v in cleaned.items() if getattr(terms, k) != v) if terms.pk else sorted(cleaned)
    for key, value in cleaned.items():
        setattr(terms, key, value)
    save_with_history(terms, actor=actor)
    events.emit("customer_terms.changed", party, actor=actor, payload={"fields": changed})
    return terms
