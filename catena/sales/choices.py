from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderType(models.TextChoices):
    """How an order is fulfilled; each type follows its own flow template."""

    MAKE_TO_STOCK = "make_to_stock", _("Make to stock")  # shipped from finished-goods stock
    MAKE_TO_ORDER = "make_to_order", _("Make to order")  # produced (and its materials bought) per order


class OrderStatus(models.TextChoices):
    """Where an order stands apart from its flow stage. The exceptions are first-class states."""

    OPEN = "open", pgettext_lazy("order status", "Open")  # moving through its flow
    ON_HOLD = "on_hold", _("On hold")  # stopped on purpose (credit, customer request, quality)
    BACK_ORDERED = "back_ordered", _("Back-ordered")  # waiting for stock or materials
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")  # some lines or quantities left
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")  # will not be fulfilled
    CLOSED = "closed", pgettext_lazy("order status", "Closed")  # delivered, invoiced and done


# status -> the statuses it may move to (the one transition table for order statuses)
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.OPEN: frozenset(
        {
            OrderStatus.ON_HOLD,
            OrderStatus.BACK_ORDERED,
            OrderStatus.PARTIALLY_SHIPPED,
            OrderStatus.CANCELLED,
            OrderStatus.CLOSED,
        }
    ),
    OrderStatus.ON_HOLD: frozenset({OrderStatus.OPEN, OrderStatus.CANCELLED}),
    OrderStatus.BACK_ORDERED: frozenset(
        {OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.CANCELLED}
    ),
    OrderStatus.PARTIALLY_SHIPPED: frozenset({OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.CLOSED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.CLOSED: frozenset(),
}
ACTIVE_STATUSES = frozenset(
    {OrderStatus.OPEN, OrderStatus.ON_HOLD, OrderStatus.BACK_ORDERED, OrderStatus.PARTIALLY_SHIPPED}
)


class PaymentTerms(models.TextChoices):
    PREPAID = "prepaid", _("Payment in advance")
    ON_DELIVERY = "on_delivery", _("Cash on delivery")
    NET_30 = "net_30", _("30 days net")
    NET_60 = "net_60", _("60 days net")
    NET_90 = "net_90", _("90 days net")
    MONTH_END_30 = "month_end_30", _("30 days after month end")


class LineFulfilment(models.TextChoices):
    """Where a line's goods come from."""

    STOCK = "stock", _("From stock")
    MAKE = "make", _("Made to order")
