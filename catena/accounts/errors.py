"""Error codes of users, their preferences, owners and the company profile (see ``catena.core.errors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catena.core.errors import declare

OWNER_NOT_ELIGIBLE = declare(
    "owner.not_eligible",
    422,
    _("Choose an active member of staff who may own this kind of record."),
    "The owner named is not an active member of staff who may change records of this kind.",
)
USERNAME_TAKEN = declare(
    "user.username_taken", 422, _("This username is taken."), "Another account has this username."
)
NOT_STAFF_ROLE = declare(
    "user.not_staff_role",
    422,
    _("Choose a staff role; portal users are invited from their party's page."),
    "Settings create and change staff accounts only; portal accounts belong to a party.",
)
DEACTIVATE_SELF = declare(
    "user.deactivate_self",
    422,
    _("You cannot deactivate your own account."),
    "An administrator closing their own account would lock themselves out.",
)
LAST_ADMINISTRATOR = declare(
    "user.last_administrator",
    422,
    _("At least one active administrator must remain."),
    "The change would leave the installation without an active administrator.",
)
TIME_ZONE_UNKNOWN = declare(
    "user.time_zone_unknown",
    422,
    _("Choose a time zone from the list."),
    "The time zone is not an IANA name this installation knows (such as `Asia/Shanghai`).",
)
LANGUAGE_UNKNOWN = declare(
    "user.language_unknown",
    422,
    _("Choose a language of this site."),
    "The language is not one of the site's (`zh-hans`, `en`), nor empty for the default.",
)
INVALID_USCC = declare(
    "company.invalid_uscc",
    422,
    _("Enter the 18-character unified social credit code."),
    "The company's credit code is not 18 digits and capital letters.",
)
DEPARTMENT_EXISTS = declare(
    "department.exists", 422, _("This department exists already."), "The department was added before."
)
