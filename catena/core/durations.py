"""How long something has waited or has left, in words: "6 months 4 weeks" / "6 个月 4 周".

Django's own ``timesince`` reads badly in Simplified Chinese: its catalogue renders "8 months"
as "8 月", which a reader takes for August ("逾期 6 月，4 周"). Durations on our pages come from
here, with units a Chinese reader expects (个月, 周, 天, 小时, 分钟). The same strings, under
Django's message ids, also correct ``naturaltime`` and ``timesince`` wherever they remain: the
project's catalogue comes before Django's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext, ngettext, npgettext_lazy, pgettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY
MONTH = 30 * DAY
YEAR = 365 * DAY

# Largest first; a duration names its largest unit and, when not zero, the one right below it.
UNITS = (
    ("year", YEAR),
    ("month", MONTH),
    ("week", WEEK),
    ("day", DAY),
    ("hour", HOUR),
    ("minute", MINUTE),
)


def _unit(name: str, count: int) -> str:
    if name == "year":
        return ngettext("%(num)d year", "%(num)d years", count) % {"num": count}
    if name == "month":
        return ngettext("%(num)d month", "%(num)d months", count) % {"num": count}
    if name == "week":
        return ngettext("%(num)d week", "%(num)d weeks", count) % {"num": count}
    if name == "day":
        return ngettext("%(num)d day", "%(num)d days", count) % {"num": count}
    if name == "hour":
        return ngettext("%(num)d hour", "%(num)d hours", count) % {"num": count}
    return ngettext("%(num)d minute", "%(num)d minutes", count) % {"num": count}


def format_duration(span: timedelta | float | int | None) -> str:
    """``timedelta(days=200)`` → "6 months 2 weeks" (zh-Hans "6 个月 2 周"); "—" for none."""
    if span is None:
        return "—"
    seconds = int(span.total_seconds() if isinstance(span, timedelta) else span)
    seconds = abs(seconds)
    for index, (name, size) in enumerate(UNITS):
        count = seconds // size
        if not count:
            continue
        first = _unit(name, count)
        if index + 1 < len(UNITS):
            next_name, next_size = UNITS[index + 1]
            rest = (seconds - count * size) // next_size
            if rest:
                return pgettext("duration of two units", "%(first)s %(second)s") % {
                    "first": first,
                    "second": _unit(next_name, rest),
                }
        return first
    return gettext("under a minute")


def since(moment: datetime | None, now: datetime | None = None) -> str:
    """The time from ``moment`` until now (or ``now``), never negative."""
    if moment is None:
        return "—"
    return format_duration((now or timezone.now()) - moment)


def until(moment: datetime | None, now: datetime | None = None) -> str:
    """The time from now (or ``now``) until ``moment``, never negative."""
    if moment is None:
        return "—"
    return format_duration(moment - (now or timezone.now()))


# Django's humanize catalogue has the same "8 月" for naturaltime ("8 个月前" is meant); these ids
# bring its strings into our catalogue, which Django consults first.
NATURALTIME_STRINGS = (
    npgettext_lazy("naturaltime-past", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d week", "%(num)d weeks", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d week", "%(num)d weeks", "num"),
)
