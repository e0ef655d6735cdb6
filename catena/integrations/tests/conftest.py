"""Fixtures of the integrations tests: a private media folder, a synchronous import runner, a
local HTTP receiver for webhooks and webhook subscriptions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from catena.accounts.models import User
from catena.integrations import services
from catena.integrations.choices import DeliveryStatus, ImportMode
from catena.integrations.models import ImportJob, WebhookDelivery, WebhookSubscription
from catena.integrations.services import webhooks
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes
from catena.integrations.tests.receiver import Receiver


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


ImportRunner = Callable[..., ImportJob]


@pytest.fixture
def run_import(db: None) -> ImportRunner:
    """Upload, map, then dry-run (``commit=False``) or commit a file, all in this process."""

    def run(
        data: bytes,
        kind: str = "parties",
        *,
        filename: str = "upload.csv",
        actor: User | None = None,
        mode: str = ImportMode.VALID_ROWS,
        commit: bool = True,
        overrides: Mapping[str, str] | None = None,
    ) -> ImportJob:
        job = services.create_import_job(
            actor=actor, kind=kind, file=ContentFile(data, name=filename), filename=filename, mode=mode,
            overrides=overrides,
        )  # fmt: skip
        services.set_import_mapping(job, actor=actor, mapping=job.mapping)
        if commit:
            services.commit_import_job(job, actor=actor, enqueue=False)
            result = services.run_import_job(job.pk)
        else:
            services.start_import_validation(job, actor=actor, enqueue=False)
            result = services.validate_import_job(job.pk)
        assert result is not None
        return result

    return run


@pytest.fixture
def party_file() -> Callable[[Sequence[Sequence[Any]]], bytes]:
    """CSV bytes with the Chinese party headers and the given rows."""

    def build(rows: Sequence[Sequence[Any]], **kwargs: Any) -> bytes:
        return csv_bytes([PARTY_HEADERS_ZH, *rows], **kwargs)

    return build


# --- webhooks -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _webhooks_may_reach_this_machine(settings: Any) -> None:
    """The test receivers listen on 127.0.0.1, which production settings refuse."""
    settings.CATENA_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def subscribe(db: None) -> Callable[..., WebhookSubscription]:
    """A subscription row (without the service's own event, which would reach "*" subscribers)."""

    def make(url: str, events: Sequence[str] = ("*",), **fields: Any) -> WebhookSubscription:
        fields.setdefault("name", f"receiver {WebhookSubscription.objects.count() + 1}")
        return WebhookSubscription.objects.create(
            url=url, event_names=list(events), secret=webhooks.new_secret(), **fields
        )

    return make


@pytest.fixture
def run_due_retries(db: None) -> Callable[[], int]:
    """Bring the waiting webhook retries forward to now and make them, as ``catena serve``'s
    schedule does without a broker when their time comes, until none is left waiting; return
    the number of attempts made."""

    def run() -> int:
        made = 0
        while True:
            waiting = WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING)
            if not waiting.update(next_attempt_at=timezone.now()):
                return made
            done = webhooks.deliver_due()
            if not done:
                return made
            made += done

    return run
