"""The time zones a user may choose: every zone the system's database knows, the ones our users
live in most listed first."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

# Where most of our users and their partners work, in the order the choice lists them.
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)
# "localtime" names whatever /etc/localtime is on the server, not a place: never a user's choice.
_NOT_A_PLACE = frozenset({"localtime"})


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The names a user's time zone may take (``zoneinfo.available_timezones()``)."""
    return frozenset(zoneinfo.available_timezones() - _NOT_A_PLACE)


def is_known(name: str) -> bool:
    return name in known_time_zones()


def time_zone_choices() -> list[tuple[str, Any]]:
    """Choices for a select (built per request, in its language): an empty one (the
    installation's default), the common zones, then
    every other zone alphabetically."""
    common = [name for name in COMMON_TIME_ZONES if is_known(name)]
    others = sorted(known_time_zones() - set(common))
    default = _("System default (%(zone)s)") % {"zone": settings.TIME_ZONE}
    return [
        ("", default),
        (_("Common time zones"), [(name, name) for name in common]),
        (_("All time zones"), [(name, name) for name in others]),
    ]
