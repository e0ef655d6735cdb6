from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")  # a company, a branch, a public body
    PERSON = "person", _("Person")  # an individual end customer


class PartyRoleType(models.TextChoices):
    """The parts a party plays in the chain; one party may play several."""

    CUSTOMER = "customer", _("Customer")  # buys from us
    PROSPECT = "prospect", _("Prospect")  # may buy from us
    SUPPLIER = "supplier", _("Supplier")  # sells materials or goods to us
    MANUFACTURER = "manufacturer", _("Manufacturer")  # makes goods
    DISTRIBUTOR = "distributor", _("Distributor")  # resells to retailers
    RETAILER = "retailer", _("Retailer")  # sells to end customers
    CARRIER = "carrier", _("Carrier / 3PL")  # moves and stores goods
    SERVICE_PARTNER = "service_partner", _("Service partner")  # installs, repairs, maintains


# The roles of a party that buys from us: it may place orders, get quotes, have sales terms and a
# customer's portal.
BUYING_ROLES = frozenset({PartyRoleType.CUSTOMER, PartyRoleType.RETAILER, PartyRoleType.DISTRIBUTOR})


# The bit of each role in ``Party.role_mask``, the roles a party plays denormalised for list
# filters. Stored data and the database triggers of migration parties/0008 use these numbers:
# never renumber one; a new role takes the next free bit in a migration that replaces the
# triggers' mapping (docs/adr/0006-party-list-speed.md).
ROLE_BITS: dict[str, int] = {
    PartyRoleType.CUSTOMER: 1,
    PartyRoleType.PROSPECT: 2,
    PartyRoleType.SUPPLIER: 4,
    PartyRoleType.MANUFACTURER: 8,
    PartyRoleType.DISTRIBUTOR: 16,
    PartyRoleType.RETAILER: 32,
    PartyRoleType.CARRIER: 64,
    PartyRoleType.SERVICE_PARTNER: 128,
}


def role_mask(roles: Iterable[str]) -> int:
    """The ``Party.role_mask`` of a party playing ``roles`` (unknown codes add nothing)."""
    mask = 0
    for role in roles:
        mask |= ROLE_BITS.get(role, 0)
    return mask


def roles_in_mask(mask: int) -> list[str]:
    """The role codes a ``role_mask`` holds, sorted by code as ``PartyRole`` rows are."""
    return [role for role, bit in _BITS_BY_CODE if mask & bit]


_BITS_BY_CODE = sorted((str(role), bit) for role, bit in ROLE_BITS.items())


class PartyStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("party status", "Active")  # doing business
    DORMANT = "dormant", _("Dormant")  # no business lately
    BLOCKED = "blocked", _("Blocked")  # no new business allowed (credit, quality, compliance)
    ARCHIVED = "archived", _("Archived")  # kept for the record only


class PartyTier(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    KEY = "key", pgettext_lazy("account tier", "Key")
    STANDARD = "standard", _("Standard")
    SMALL = "small", _("Small")


class ContactPointKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    MOBILE = "mobile", _("Mobile")
    FAX = "fax", _("Fax")
    WECOM = "wecom", _("WeCom")
    WECHAT = "wechat", _("WeChat")
    DINGTALK = "dingtalk", _("DingTalk")
    WEBSITE = "website", _("Website")


PHONE_KINDS = frozenset({ContactPointKind.PHONE, ContactPointKind.MOBILE, ContactPointKind.FAX})


class AddressKind(models.TextChoices):
    REGISTERED = "registered", _("Registered office")
    BILLING = "billing", _("Billing")
    SHIPPING = "shipping", _("Shipping")
    WAREHOUSE = "warehouse", _("Warehouse")
    OFFICE = "office", _("Office")


class RelationshipKind(models.TextChoices):
    """How the upstream party serves the downstream one (``from`` → ``to``)."""

    SUPPLIES = "supplies", _("supplies")
    MANUFACTURES_FOR = "manufactures_for", _("manufactures for")
    DISTRIBUTES_TO = "distributes_to", _("distributes to")
    SELLS_TO = "sells_to", _("sells to")
    SHIPS_FOR = "ships_for", _("ships for")
    SERVICES = "services", _("services")


class CustomFieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", pgettext_lazy("field type", "Number")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("Choice")
