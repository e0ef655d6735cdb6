"""Error codes of products and price lists (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

SKU_TAKEN = declare("product.sku_taken", 422, _("Another product already has this SKU."), "The SKU is taken.")
GTIN_TAKEN = declare(
    "product.gtin_taken", 422, _("Another product already has this GTIN."), "The GTIN is taken."
)
INVALID_GTIN = declare(
    "product.invalid_gtin",
    422,
    _("Not a valid GTIN (8, 12, 13 or 14 digits with a check digit)."),
    "The GTIN fails its check digit.",
)
COST_NOT_ALLOWED = declare(
    "product.cost_not_allowed",
    422,
    _("You may not set the standard cost."),
    "Only roles that may read the standard cost may set it.",
)
IN_USE = declare(
    "product.in_use",
    409,
    _("Other records still use this product."),
    "The product cannot be deleted while order, quote or price lines refer to it.",
)

# --- price lists ----------------------------------------------------------------------------------

PRICE_LIST_NAME_TAKEN = declare(
    "price_list.name_taken", 422, _("Another price list has this name."), "The price list's name is taken."
)
PRICE_BREAK_TAKEN = declare(
    "price_break.taken",
    422,
    _("This product already has a price from this quantity; change that price instead."),
    "The price list already has a price for this product from this quantity.",
)
ENDS_BEFORE_START = declare(
    "ends_before_start",
    422,
    _("The end comes before the start."),
    "A period's end date is before its start date.",
)
