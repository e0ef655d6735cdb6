"""``catena send_nps_surveys``: send the NPS survey to the customers not asked within
``CATENA_NPS_DAYS`` now (the same run Celery beat, or ``catena serve`` without a broker, makes
once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catena.service.services.surveys import send_nps


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Send the net promoter survey to each customer's portal users (else its primary "
            "contact) not asked within the period. Run it from cron where no Celery beat runs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_nps()
        self.stdout.write(
            ngettext("%(count)s survey was sent.", "%(count)s surveys were sent.", sent) % {"count": sent}
        )
