"""Money: Decimal amounts with an ISO 4217 currency (CNY by default)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENCIES = [
    ("CNY", _("Chinese yuan")),
    ("USD", _("US dollar")),
    ("EUR", _("Euro")),
    ("HKD", _("Hong Kong dollar")),
    ("JPY", _("Japanese yen")),
]
CENT = Decimal("0.01")
# What the columns hold, kept well inside: quantities 14 digits with 3 decimals, unit prices, and
# amounts and totals in money columns of 18 digits with 2 decimals. Orders, quotes, price lists,
# purchase orders and the pipeline check against the same bounds, so an accepted quote fits an order.
MAX_QUANTITY = Decimal("99999999.999")
MAX_PRICE = Decimal("9999999999.99")
MAX_TOTAL = Decimal("999999999999999.99")


def default_currency() -> str:
    return str(getattr(settings, "CATENA_DEFAULT_CURRENCY", "CNY"))


def quantize(amount: Decimal | int | str) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """A monetary amount: 18 digits, 2 decimals. Its currency lives in a sibling field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class CurrencyField(models.CharField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("choices", CURRENCIES)
        kwargs.setdefault("default", default_currency)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
