"""Import jobs: one uploaded file, how its columns map to fields, and what became of its rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catena.integrations.choices import ImportKind, ImportMode, ImportStatus

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
