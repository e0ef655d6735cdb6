"""Import jobs (one uploaded file, how its columns map to fields, and what became of its rows),
outbound webhook subscriptions with their delivery log and each attempt, and carriers' inbound keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.core.access import GatedQuerySet
from catena.core.models import Event, TimeStampedModel
from catena.integrations.choices import (
    OPEN_DELIVERY_STATUSES,
    AttemptOutcome,
    DeliveryStatus,
    ImportKind,
    ImportMode,
    ImportStatus,
)
from catena.parties.models import Party

# Which status may follow which; services move jobs only along these arrows.
TRANSITIONS: dict[str, frozenset[str]] = {
    ImportStatus.PENDING: frozenset({ImportStatus.VALIDATING, ImportStatus.IMPORTING, ImportStatus.FAILED}),
    ImportStatus.VALIDATING: frozenset({ImportStatus.VALIDATED, ImportStatus.FAILED}),
    ImportStatus.VALIDATED: frozenset({ImportStatus.VALIDATING, ImportStatus.IMPORTING, ImportStatus.FAILED}),
    ImportStatus.IMPORTING: frozenset({ImportStatus.DONE, ImportStatus.FAILED}),
    ImportStatus.DONE: frozenset(),
    ImportStatus.FAILED: frozenset(),
}
RUNNING = frozenset({ImportStatus.VALIDATING, ImportStatus.IMPORTING})


class ImportJob(models.Model):
    """One file a user imports: its column mapping, the dry-run report and the final counts.

    During the dry run the counts say what *would* be created, updated and rejected; once the
    job is done they say what was.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    mode = models.CharField(
        _("mode"), max_length=20, choices=ImportMode.choices, default=ImportMode.VALID_ROWS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    error_report = models.FileField(
        _("error report"), upload_to="imports/errors/%Y/%m/", blank=True, max_length=255
    )
    message = models.TextField(_("message"), blank=True)
    is_dry_run = models.BooleanField(_("dry run only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Refreshed after every chunk; a worker takes over a job only when this is old (crashed worker).
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_job_by_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_filename}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def can_be_committed(self) -> bool:
        return self.status == ImportStatus.VALIDATED and not self.is_dry_run

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    def may_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]


# --- webhooks ---------------------------------------------------------------------------------

ALL_EVENTS = "*"
TEST_EVENT = "webhook.test"


class WebhookSubscription(TimeStampedModel):
    """An outside system that wants to hear about domain events: Catena POSTs every matching
    event to its URL, signed with the subscription's secret, and retries until it answers 2xx."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    # Exact names ("order.stage_changed"), a family ("order.*") or everything ("*").
    event_names = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failed deliveries in a row"), default=0)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def wants(self, event_name: str) -> bool:
        """Does this subscription ask for events called ``event_name``?"""
        for pattern in self.event_names:
            if pattern in (ALL_EVENTS, event_name):
                return True
            if pattern.endswith(".*") and event_name.startswith(pattern[:-1]):
                return True
        return False


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one subscription: the row the delivery log shows.

    ``idempotency_key`` stays the same over every attempt and every redelivery, so a receiver that
    saw the event once can ignore it the second time. ``attempts`` counts every attempt ever made;
    the current round gives up after attempt ``final_attempt``.
    """

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(_("idempotency key"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    final_attempt = models.PositiveIntegerField(_("last attempt of this round"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("last response code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response body (start)"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("last attempt took (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhookdelivery_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["subscription", "-id"], name="webhookdelivery_log"),
            models.Index(
                fields=["next_attempt_at"],
                name="webhookdelivery_open",
                condition=models.Q(status__in=sorted(OPEN_DELIVERY_STATUSES)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} → {self.subscription_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DELIVERY_STATUSES

    @property
    def is_test(self) -> bool:
        return self.event.name == TEST_EVENT


# Of each answer, the start kept per attempt (UTF-8 bytes; the delivery keeps a shorter summary).
ATTEMPT_EXCERPT_BYTES = 2048


class WebhookAttempt(models.Model):
    """One POST of a delivery to its receiver, and what came back: the history an administrator
    reads when a receiver misbehaves. Written when the attempt finishes; pruned after
    ``CATENA_WEBHOOK_ATTEMPT_DAYS`` days."""

    delivery = models.ForeignKey(
        WebhookDelivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    # The delivery's attempt counter at the time: it keeps counting over redeliveries.
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("took (ms)"))
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response body (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AttemptOutcome.choices)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Who asked for it: set on the first attempt of a test event or a redelivery, not on retries.
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triggered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhookattempt_once_per_number"),
        ]
        indexes = [models.Index(fields=["started_at"], name="webhookattempt_started")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"


class CarrierInboundKeyQuerySet(GatedQuerySet["CarrierInboundKey"]):
    def usable(self) -> CarrierInboundKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class CarrierInboundKey(models.Model):
    """The shared secret with which a carrier posts tracking events to Catena.

    Only the SHA-256 of the secret is stored. The secret itself is derived from the server's
    ``SECRET_KEY`` and ``salt`` so that HMAC signatures can be checked without storing it.
    """

    carrier = models.ForeignKey(
        Party, verbose_name=_("carrier"), on_delete=models.CASCADE, related_name="inbound_keys"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    salt = models.CharField(_("salt"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CarrierInboundKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("carrier inbound key")
        verbose_name_plural = _("carrier inbound keys")

    def __str__(self) -> str:
        return f"{self.prefix} ({self.carrier_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
