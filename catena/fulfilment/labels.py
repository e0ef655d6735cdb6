"""Names of the standard flow steps, for translation.

Flow templates are data, so their step names are stored as typed. The standard names below are
marked here so that pages show them in the reader's language (``{% translate stage.name %}``); a
name an administrator types is shown as typed.
"""

from django.utils.translation import gettext_noop

STANDARD_STEP_NAMES = [
    gettext_noop("Received"),
    gettext_noop("Confirmed"),
    gettext_noop("Allocated"),
    gettext_noop("Picked"),
    gettext_noop("Shipped"),
    gettext_noop("Delivered"),
    gettext_noop("Invoiced"),
    gettext_noop("Closed"),
    gettext_noop("Production planned"),
    gettext_noop("Materials purchased"),
    gettext_noop("Produced"),
    gettext_noop("Make to stock"),
    gettext_noop("Make to order"),
]
CUSTOMER_LABELS = [
    gettext_noop("We have received your order."),
    gettext_noop("Your order is confirmed."),
    gettext_noop("Goods are reserved for your order."),
    gettext_noop("Your goods are being packed."),
    gettext_noop("Your order is on its way."),
    gettext_noop("Your order has been delivered."),
    gettext_noop("Your invoice has been issued."),
    gettext_noop("Your order is complete."),
    gettext_noop("Production of your order is scheduled."),
    gettext_noop("Materials for your order are being sourced."),
    gettext_noop("Your order is being made."),
]
