"""System checks of Catena's own settings (``catena check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def development_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The key that ships with the code signs nothing safely: anyone can read it."""
    development_key = getattr(settings, "CATENA_INSECURE_DEV_KEY", None)
    if development_key is None or development_key != settings.SECRET_KEY:
        return []
    return [
        checks.Error(
            "SECRET_KEY is Catena's built-in development key, which is public.",
            hint="Set CATENA_SECRET_KEY to a long random value, for example the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="catena.E001",
        )
    ]


@checks.register()
def working_calendar_coverage(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """SLA clocks count China's working days from the holiday package: a year it has no schedule
    for falls back to plain weekdays, which is wrong around every holiday of that year."""
    try:
        import chinese_calendar
    except ImportError:
        return []
    from django.utils import timezone

    covered = {day.year for day in chinese_calendar.holidays}
    this_year = timezone.now().year
    version = chinese_calendar.__version__
    if this_year not in covered:
        return [
            checks.Warning(
                f"chinesecalendar {version} has no holiday schedule for {this_year}: SLA clocks count "
                "plain weekdays this year, ignoring holidays and adjusted working days.",
                hint="Upgrade chinesecalendar (pip install -U chinesecalendar) once it publishes the "
                "State Council's schedule for the year.",
                id="catena.service.W001",
            )
        ]
    if this_year + 1 not in covered:
        return [
            checks.Info(
                f"chinesecalendar {version} has no holiday schedule for {this_year + 1} yet: SLA clocks "
                f"that run into {this_year + 1} count plain weekdays there.",
                hint="Upgrade chinesecalendar once it publishes next year's schedule.",
                id="catena.service.I001",
            )
        ]
    return []
