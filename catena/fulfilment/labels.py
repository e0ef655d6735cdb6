"""Names of the standard flow steps, for translation.

Flow templates are data, so their step names are stored as typed. The standard names below are
marked here so that pages show them in the reader's language (``{% translate stage.name %}``); a
name an administrator types is shown as typed.
"""

from django.utils.translation import gettext, gettext_noop, pgettext_lazy

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

# A stage is named by what completes it ("Delivered"), so while it is still under way its name
# reads as done: "已送达 · 逾期" says delivered and late, when the goods are not there yet. Where
# a page shows the stage an order is waiting in, it names what the order waits for instead.
WAITING_LABELS = {
    "Received": pgettext_lazy("waiting stage", "Awaiting receipt"),
    "Confirmed": pgettext_lazy("waiting stage", "Awaiting confirmation"),
    "Allocated": pgettext_lazy("waiting stage", "Awaiting allocation"),
    "Picked": pgettext_lazy("waiting stage", "Awaiting picking"),
    "Shipped": pgettext_lazy("waiting stage", "Awaiting shipment"),
    "Delivered": pgettext_lazy("waiting stage", "Awaiting delivery"),
    "Invoiced": pgettext_lazy("waiting stage", "Awaiting invoice"),
    "Closed": pgettext_lazy("waiting stage", "Awaiting closing"),
    "Production planned": pgettext_lazy("waiting stage", "Awaiting production planning"),
    "Materials purchased": pgettext_lazy("waiting stage", "Awaiting materials"),
    "Produced": pgettext_lazy("waiting stage", "In production"),
}


def waiting_label(stage_name: str) -> str:
    """What an order in the stage ``stage_name`` waits for, in the reader's language.

    A name an administrator typed is shown as typed (translated if it is a standard name).
    """
    label = WAITING_LABELS.get(stage_name)
    return str(label) if label is not None else gettext(stage_name)


def stage_label(stage_name: str, *, active: bool) -> str:
    """The stage an order is in: what it waits for while the order is active, the stage's own
    name once the order is closed or cancelled (a closed order is not "awaiting closing")."""
    return waiting_label(stage_name) if active else gettext(stage_name)
