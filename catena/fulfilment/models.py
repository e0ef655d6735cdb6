"""The order-to-delivery flow: templates of stages, each order's stages, purchase orders to
suppliers with their promises, work orders, and shipments with carriers' tracking events."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catena.accounts.models import Department
from catena.catalog.models import Product
from catena.core.access import GatedQuerySet
from catena.core.models import TimeStampedModel
from catena.core.money import CurrencyField, MoneyField
from catena.fulfilment.choices import (
    OPEN_PO_STATUSES,
    EventSource,
    PurchaseOrderStatus,
    ShipmentStatus,
    StageState,
    StepTrigger,
    SupplierAnswer,
    TrackingEventKind,
    WorkOrderStatus,
)
from catena.parties.models import Address, Party
from catena.sales.choices import OrderType
from catena.sales.models import SalesOrder, SalesOrderLine


class FlowTemplate(TimeStampedModel):
    """The stages an order of one type goes through. Administrators edit templates; an order
    copies its template's steps when it is received, so later edits do not rewrite running orders."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order_type = models.CharField(_("order type"), max_length=20, choices=OrderType.choices)
    is_default = models.BooleanField(
        _("default for its order type"), default=False, help_text=_("New orders of this type follow it.")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["order_type", "name"]
        verbose_name = _("flow template")
        verbose_name_plural = _("flow templates")
        constraints = [
            models.UniqueConstraint(
                fields=["order_type"], condition=models.Q(is_default=True), name="flowtemplate_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FlowStep(models.Model):
    """One stage of a template: who owns it, how long it normally takes, what completes it.

    From a stage an order may move to the next stage, or past the following stages that are
    ``optional``; managers may also move it back one stage to correct a mistake."""

    template = models.ForeignKey(
        FlowTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="steps"
    )
    sequence = models.PositiveIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    customer_label = models.CharField(
        _("what the customer reads"),
        max_length=200,
        blank=True,
        help_text=_("The order's status in plain words on the customer portal."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("owning department"), on_delete=models.PROTECT, related_name="+"
    )
    standard_hours = models.PositiveIntegerField(_("standard time (hours)"), default=24)
    optional = models.BooleanField(_("may be skipped"), default=False)
    trigger = models.CharField(
        _("completed by"), max_length=30, choices=StepTrigger.choices, default=StepTrigger.MANUAL
    )

    history = HistoricalRecords()

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["template_id", "sequence"]
        verbose_name = _("flow step")
        verbose_name_plural = _("flow steps")
        constraints = [
            models.UniqueConstraint(fields=["template", "sequence"], name="flowstep_unique_sequence"),
            models.UniqueConstraint(fields=["template", "code"], name="flowstep_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class OrderStageQuerySet(GatedQuerySet["OrderStage"]):
    def late(self, now: object | None = None) -> OrderStageQuerySet:
        """Active stages past their due time."""
        return self.filter(state=StageState.ACTIVE, due_at__lt=now or timezone.now())


class OrderStage(models.Model):
    """One stage of one order: its owning department and owner, when it is due and when it
    actually started and finished. Copied from the flow step when the order is received."""

    # order, code and department have no index of their own: the composite indexes below lead
    # with them. Every move rewrites two or three stage rows (their state is indexed, so the
    # update is not HOT) and each index less is one write less per row (ADR 0007).
    order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="stages",
        db_index=False,
    )
    step = models.ForeignKey(FlowStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40, db_index=False)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_stages",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=StageState.choices, default=StageState.PENDING
    )
    standard_hours = models.PositiveIntegerField(_("standard time (hours)"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A manager moved the order past this stage although its fact was missing: who, when and why.
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    objects = OrderStageQuerySet.as_manager()

    class Meta:
        ordering = ["order_id", "sequence"]
        verbose_name = _("order stage")
        verbose_name_plural = _("order stages")
        constraints = [
            models.UniqueConstraint(fields=["order", "sequence"], name="orderstage_unique_sequence"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="orderstage_state_due"),
            models.Index(fields=["code", "completed_at"], name="orderstage_code_done"),
            models.Index(fields=["department", "state"], name="orderstage_department"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.name}"

    @property
    def is_late(self) -> bool:
        if self.due_at is None:
            return False
        end = self.completed_at or (timezone.now() if self.state == StageState.ACTIVE else None)
        return end is not None and end > self.due_at

    @property
    def hours_taken(self) -> float | None:
        if self.started_at is None or self.completed_at is None:
            return None
        return (self.completed_at - self.started_at).total_seconds() / 3600


class SupplierItem(TimeStampedModel):
    """A product a supplier is approved to deliver, at what price and lead time. Material needs
    go to the preferred supplier of each component."""

    supplier = models.ForeignKey(
        Party, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="supplier_items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="supplier_items"
    )
    supplier_sku = models.CharField(_("supplier's item number"), max_length=60, blank=True)
    unit_price = MoneyField(_("unit price"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=7)
    is_preferred = models.BooleanField(_("preferred supplier"), default=False)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["product_id", "-is_preferred", "supplier_id"]
        verbose_name = _("supplier item")
        verbose_name_plural = _("supplier items")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "product"], name="supplieritem_unique"),
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_preferred=True), name="supplieritem_one_preferred"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}: {self.product_id}"


class PurchaseOrderQuerySet(GatedQuerySet["PurchaseOrder"]):
    def open(self) -> PurchaseOrderQuerySet:
        return self.filter(status__in=OPEN_PO_STATUSES)


class PurchaseOrder(TimeStampedModel):
    """An order to a supplier, by hand or for the material needs of made-to-order lines."""

    number = models.CharField(_("purchase order number"), max_length=30, unique=True)
    supplier = models.ForeignKey(
        Party, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="purchase_orders"
    )
    sales_order = models.ForeignKey(
        SalesOrder,
        verbose_name=_("for sales order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_orders",
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_orders",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT
    )
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    needed_by = models.DateField(_("needed by"))
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    total_net = MoneyField(_("net total"), default=Decimal("0"))
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    objects = PurchaseOrderQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["supplier", "sales_order", "buyer"]
    )

    class Meta:
        ordering = ["-ordered_at", "-id"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        indexes = [
            models.Index(fields=["supplier", "-ordered_at"], name="po_supplier"),
            models.Index(fields=["status", "needed_by"], name="po_status_needed"),
        ]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("purchase order"), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.PositiveIntegerField(_("line"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="purchase_order_lines"
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine,
        verbose_name=_("for order line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_order_lines",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = MoneyField(_("unit price"), default=Decimal("0"))
    received_quantity = models.DecimalField(
        _("received quantity"), default=Decimal("0"), max_digits=14, decimal_places=3
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["purchase_order_id", "line_no"]
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "line_no"], name="poline_unique_no"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="poline_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="poline_price_not_negative"),
            models.CheckConstraint(
                condition=models.Q(received_quantity__gte=0), name="poline_received_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}/{self.line_no}"


class SupplierPromise(models.Model):
    """A supplier's answer to a purchase order. A confirmed or proposed date is a promise; when
    the goods arrive (or the supplier moves the date) the promise is marked kept or broken."""

    purchase_order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("purchase order"), on_delete=models.CASCADE, related_name="promises"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=SupplierAnswer.choices)
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=EventSource.choices, default=EventSource.STAFF
    )
    kept = models.BooleanField(_("kept"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["purchase_order_id", "answered_at", "id"]
        verbose_name = _("supplier promise")
        verbose_name_plural = _("supplier promises")
        indexes = [models.Index(fields=["purchase_order", "kept"], name="promise_po_kept")]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}: {self.answer} {self.promised_date or ''}"


class WorkOrder(TimeStampedModel):
    """Production of one made-to-order line: planned and actual start and finish."""

    number = models.CharField(_("work order number"), max_length=30, unique=True)
    sales_order = models.ForeignKey(
        SalesOrder, verbose_name=_("for sales order"), on_delete=models.CASCADE, related_name="work_orders"
    )
    sales_order_line = models.ForeignKey(
        SalesOrderLine,
        verbose_name=_("for order line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.PLANNED
    )
    planned_start = models.DateTimeField(_("planned start"))
    planned_finish = models.DateTimeField(_("planned finish"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateTimeField(_("actual finish"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["sales_order", "sales_order_line", "product"]
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["planned_start", "id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="workorder_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(planned_finish__gte=models.F("planned_start")),
                name="workorder_planned_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_finish"], name="workorder_status_finish")]

    def __str__(self) -> str:
        return self.number


class Shipment(TimeStampedModel):
    """Goods of one order on their way with one carrier. An order may ship in several."""

    number = models.CharField(_("shipment number"), max_length=30, unique=True)
    sales_order = models.ForeignKey(
        SalesOrder, verbose_name=_("sales order"), on_delete=models.PROTECT, related_name="shipments"
    )
    carrier = models.ForeignKey(
        Party, verbose_name=_("carrier"), on_delete=models.PROTECT, related_name="shipments"
    )
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED
    )
    ship_to = models.ForeignKey(
        Address,
        verbose_name=_("ship-to address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promised_pickup_at = models.DateTimeField(_("promised pick-up"), null=True, blank=True)
    promised_delivery_at = models.DateTimeField(_("promised delivery"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    pod_signed_by = models.CharField(_("signed for by"), max_length=100, blank=True)
    pod_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    pod_photo = models.FileField(_("proof of delivery photo"), upload_to="pod/%Y/%m/", blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["sales_order", "carrier", "ship_to"]
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [
            models.Index(fields=["carrier", "status"], name="shipment_carrier_status"),
            models.Index(fields=["sales_order"], name="shipment_order"),
            models.Index(fields=["tracking_number"], name="shipment_tracking"),
        ]

    def __str__(self) -> str:
        return self.tracking_number or self.number

    @property
    def delivered_on_time(self) -> bool | None:
        if self.delivered_at is None or self.promised_delivery_at is None:
            return None
        return self.delivered_at <= self.promised_delivery_at


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        SalesOrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="shipment_lines"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "id"]
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="shipmentline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.quantity}"


class Package(models.Model):
    """A parcel or pallet of a shipment, with its GS1 serial shipping container code if labelled."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="packages"
    )
    sscc = models.CharField(_("SSCC"), max_length=18, blank=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=10, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "id"]
        verbose_name = _("package")
        verbose_name_plural = _("packages")

    def __str__(self) -> str:
        return self.sscc or f"#{self.pk}"


class TrackingEvent(models.Model):
    """What the carrier reports about a shipment. ``external_id`` is the carrier's own event id,
    so the same event posted twice (portal, API or webhook retries) is recorded once."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=TrackingEventKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=EventSource.choices, default=EventSource.STAFF
    )
    external_id = models.CharField(_("carrier's event id"), max_length=100, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["shipment_id", "occurred_at", "id"]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "external_id"], name="trackingevent_external_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.kind}"
