"""``catena break_overdue_promises``: mark open promises past their due time as broken now (the
same sweep Celery beat, or ``catena serve`` without a broker, runs every five minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catena.service.services.promises import break_overdue


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Mark the open promises to customers whose due time has passed as broken. Run it from "
            "cron where no Celery beat runs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = break_overdue()
        self.stdout.write(
            ngettext("%(count)s promise was broken.", "%(count)s promises were broken.", broken)
            % {"count": broken}
        )
