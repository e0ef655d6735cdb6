from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do. Each value's meaning is in ``catena.accounts.roles.CAPABILITIES``."""

    ADMINISTRATOR = "administrator", _("Administrator")  # everything, including users and settings
    MANAGER = "manager", _("Manager")  # everything in the business data, sees costs
    SALES = "sales", _("Sales")  # works customers and prospects
    SERVICE = "service", _("Service")  # works complaints and after-sales
    PURCHASING = "purchasing", _("Purchasing")  # works suppliers, sees costs
    LOGISTICS = "logistics", _("Logistics")  # works carriers and shipments
    MARKETING = "marketing", _("Marketing")  # works segments and campaigns
    READ_ONLY = "read_only", _("Read-only")  # sees internal data, changes nothing
    PORTAL_CUSTOMER = "portal_customer", _("Portal: customer")  # a customer's own records only
    PORTAL_PARTNER = "portal_partner", _("Portal: partner")  # a partner's own records only


class DepartmentCode(models.TextChoices):
    SALES = "sales", _("Sales")
    PRODUCTION = "production", _("Production")
    PURCHASING = "purchasing", _("Purchasing")
    LOGISTICS = "logistics", _("Logistics")
    SERVICE = "service", _("Service")
    MARKETING = "marketing", _("Marketing")
    MANAGEMENT = "management", _("Management")
