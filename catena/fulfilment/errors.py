"""Error codes of an order's flow, purchasing, production and shipping (see ``catena.core.errors``).

Codes that sales declares (``order.transition_not_allowed``, ``party.blocked``…) are raised here too."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare, declare_stale_version

# --- the order's flow -----------------------------------------------------------------------------

FACT_MISSING = declare(
    "order.fact_missing",
    422,
    _("The stage is done when its fact is true, and it is not yet; a manager may move on with a reason."),
    "The stage being finished has a fact (paid, shipped…) that is not true yet; send `override` "
    "with a reason (managers only) to move on anyway.",
)
OVERRIDE_NOT_ALLOWED = declare(
    "order.override_not_allowed",
    403,
    _("Only a manager may move an order past a stage whose fact is missing."),
    "An override of a missing fact was sent by somebody who is not a manager or administrator.",
)
NOT_SHIPPABLE = declare(
    "order.not_shippable",
    422,
    _("The order is not open, so it cannot ship."),
    "The order is on hold, cancelled, shipped or closed.",
)
NOTHING_TO_SHIP = declare(
    "order.nothing_to_ship",
    422,
    _("Everything on this order is already on a shipment."),
    "No quantity of the order is left to ship.",
)
ALREADY_PLANNED = declare(
    "order.already_planned",
    422,
    _("This order's made-to-order lines are already planned or ordered."),
    "Every made-to-order line already has a work order, or its materials were already ordered.",
)
NO_MADE_TO_ORDER_LINES = declare(
    "order.no_made_to_order_lines",
    422,
    _("This order has no made-to-order lines."),
    "Only made-to-order lines need materials or work orders.",
)
NO_PREFERRED_SUPPLIER = declare(
    "order.no_preferred_supplier",
    422,
    _("Some products have no preferred supplier."),
    "Materials cannot be ordered for products without a preferred supplier (the message lists the SKUs).",
)
STAGE_FINISHED = declare(
    "order_stage.finished", 422, _("This stage is finished."), "A done or skipped stage is not assigned."
)
STAGE_OTHER_DEPARTMENT = declare(
    "order_stage.other_department",
    422,
    _("This person is not in the department that owns the stage."),
    "Staff take stages of their own department only.",
)
FLOW_NOT_SET_UP = declare(
    "flow_template.not_set_up",
    422,
    _("No flow template with steps is set up for this order type."),
    "The order type has no default flow template, or the template has no steps.",
)

# --- flow templates -------------------------------------------------------------------------------

TEMPLATE_CODE_TAKEN = declare(
    "flow_template.code_taken", 422, _("Another template has this code."), "The template code is taken."
)
TEMPLATE_DEFAULT = declare(
    "flow_template.default_required",
    422,
    _("Each order type needs a default template with steps."),
    "A template without steps cannot be the default, and the default is changed by making another "
    "template the default.",
)
STEP_TAKEN = declare(
    "flow_step.taken",
    422,
    _("Another step of this template has this code or position."),
    "The step's code or sequence is taken within its template.",
)
STEP_IN_USE = declare(
    "flow_step.in_use",
    422,
    _("Orders have gone through this step, so it stays."),
    "A step orders went through, or a template's last step, is not removed.",
)

# --- purchasing -----------------------------------------------------------------------------------

PO_STALE = declare_stale_version("purchase_order", "fulfilment.PurchaseOrder")
PO_TRANSITION = declare(
    "purchase_order.transition_not_allowed",
    422,
    _("The purchase order cannot move to this status."),
    "The purchase order's status does not allow the move (send, confirm, receive, cancel).",
)
PO_ALREADY_CONFIRMED = declare(
    "purchase_order.already_confirmed",
    422,
    _("This purchase order is already confirmed."),
    "The supplier answered the purchase order already.",
)
PO_NO_PROPOSED_DATE = declare(
    "purchase_order.no_proposed_date",
    422,
    _("The supplier has not proposed another date."),
    "Only a date the supplier proposed can be accepted.",
)
PO_NOT_CONFIRMED = declare(
    "purchase_order.not_confirmed",
    422,
    _("Only a confirmed purchase order can be received."),
    "Goods are received against a confirmed purchase order only.",
)
PO_NOTHING_TO_RECEIVE = declare(
    "purchase_order.nothing_to_receive",
    422,
    _("Nothing to receive: give a quantity above 0."),
    "Every quantity received is 0.",
)
PO_NO_LINES = declare(
    "purchase_order.no_lines",
    422,
    _("A purchase order needs at least one line."),
    "A purchase order without lines is not written.",
)
PO_DATE_BEFORE_ORDER = declare(
    "purchase_order.date_before_order",
    422,
    _("The date cannot be before the order date."),
    "The promised date is before the purchase order's date.",
)
NOT_A_SUPPLIER = declare(
    "party.not_a_supplier",
    422,
    _("This party is not a supplier or manufacturer."),
    "Purchase orders go to suppliers and manufacturers only.",
)

# --- production and shipping ----------------------------------------------------------------------

WO_STALE = declare_stale_version("work_order", "fulfilment.WorkOrder")
WO_TRANSITION = declare(
    "work_order.transition_not_allowed",
    422,
    _("The work order cannot move to this status."),
    "The work order's status does not allow the move.",
)
SHIPMENT_STALE = declare_stale_version("shipment", "fulfilment.Shipment")
SHIPMENT_TRANSITION = declare(
    "shipment.transition_not_allowed",
    422,
    _("The shipment cannot take this event now."),
    "The shipment's status does not allow this tracking event, or it was not picked up yet.",
)
NOT_A_CARRIER = declare(
    "party.not_a_carrier", 422, _("This party is not a carrier."), "Shipments go with carriers only."
)
LINE_GIVEN_TWICE = declare(
    "line.given_twice", 422, _("This line is given twice."), "The input names the same line twice."
)
INVALID_SSCC = declare(
    "package.invalid_sscc",
    422,
    _("An SSCC has 18 digits with a valid check digit."),
    "The package's SSCC fails its check digit.",
)
FILE_TYPE = declare(
    "file.invalid_type",
    422,
    _("Upload a JPEG, PNG, WebP or PDF file."),
    "The uploaded file is not an image or a PDF.",
)
FILE_TOO_LARGE = declare(
    "file.too_large", 422, _("The file is larger than 10 MB."), "The upload is too large."
)
