"""Users, departments and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import DepartmentCode, Role
from catena.core.access import GatedQuerySet
from catena.core.money import CURRENCIES


class Department(models.Model):
    """A department of our company; order stages and records are owned by departments."""

    code = models.CharField(_("code"), max_length=20, choices=DepartmentCode.choices, unique=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return str(self.get_code_display())


class UserQuerySet(GatedQuerySet["User"]):
    pass


_GatedUserManager = DjangoUserManager.from_queryset(UserQuerySet)


class UserManager(_GatedUserManager["User"]):  # type: ignore[valid-type,misc,unused-ignore]
    """Django's manager of users (``create_user``…) with the gate's ``for_user``.

    Migrations keep Django's own manager, which has all they use (the gate is for entry points):
    this one says it is that one, so giving users the gate changes no migration."""

    def deconstruct(self) -> tuple[bool, str | None, str | None, Any, Any]:
        return DjangoUserManager().deconstruct()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DjangoUserManager):
            return self.deconstruct() == other.deconstruct()
        return NotImplemented

    __hash__ = DjangoUserManager.__hash__


class User(AbstractUser):
    """A person who signs in: staff of our company, or a portal user of a customer or partner."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READ_ONLY)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The language the user last chose (empty: the browser's, else the installation's default).
    language = models.CharField(_("language"), max_length=10, blank=True, choices=settings.LANGUAGES)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return display_name_of(self.username, self.first_name, self.last_name)


def display_name_of(username: str, first_name: str, last_name: str) -> str:
    """How a user is named on pages and in answers: the full name, family name first (as in
    Chinese), or the username when there is none."""
    full = f"{last_name}{first_name}".strip()
    return full or username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class APITokenQuerySet(GatedQuerySet["APIToken"]):
    def usable(self, *, at: datetime | models.Expression | None = None) -> APITokenQuerySet:
        """Tokens that authenticate at ``at`` (now): neither revoked nor expired. The Bearer lookup
        passes an expression, to compile this one definition into its SQL once."""
        at = timezone.now() if at is None else at
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=at)
        )


class APIToken(models.Model):
    """A Bearer token for the REST API. Only its SHA-256 hash is stored; it acts as its user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @staticmethod
    def generate_raw() -> tuple[str, str]:
        prefix = secrets.token_hex(4)
        return prefix, f"ctn_{prefix}_{secrets.token_urlsafe(32)}"


class CompanyProfile(models.Model):
    """Our own company as this installation knows it: the name, credit code and address printed on
    quotes, and the currency new records start in. One row (``pk=1``); ``checklist_dismissed_at``
    records that an administrator put the first-run checklist away."""

    name = models.CharField(_("company name"), max_length=200, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    default_currency = models.CharField(
        _("default currency"), max_length=3, choices=CURRENCIES, default="CNY"
    )
    checklist_dismissed_at = models.DateTimeField(_("checklist dismissed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GatedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("company profile")
        verbose_name_plural = _("company profile")

    def __str__(self) -> str:
        return self.name or str(_("company profile"))

    @property
    def is_complete(self) -> bool:
        return bool(self.name and self.default_currency)
