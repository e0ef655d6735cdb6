"""Use cases of the accounts app."""

from __future__ import annotations

import functools
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateTimeField, Expression, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catena.accounts import roles, time_zones
from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import APIToken, CompanyProfile, Department, User, hash_token
from catena.core import access, field_checks
from catena.core.field_checks import CURRENCY_CODES
from catena.core.validation import Errors

LAST_USED_PRECISION = timedelta(minutes=1)
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]


def eligible_owner(value: Any, *, kind: str) -> User | None:
    """The one rule for owner references: the user ``value`` names (a user or an id) if they are
    an active member of staff who may change records of ``kind`` (``"party"``, ``"pipeline"``,
    ``"sales_order"``…); ``None`` for an empty value (the record stays unowned). Anyone else, a
    portal user or a read-only colleague among them, is refused with a ``ValidationError``."""
    if value is None or value == "":
        return None
    user = value if isinstance(value, User) else None
    if user is None and str(value).isdecimal():
        user = User.objects.filter(pk=int(value)).first()
    if (
        user is None
        or not user.is_active
        or not roles.is_internal(user)
        or not roles.allows(user, kind, access.CHANGE)
    ):
        raise ValidationError(
            _("Choose an active member of staff who may own this kind of record."), code="owner.not_eligible"
        )
    return user


@transaction.atomic
def create_api_token(user: User, *, name: str = "") -> tuple[APIToken, str]:
    """Issue a token for ``user``; return the row and the raw token (shown once, never stored)."""
    prefix, raw = APIToken.generate_raw()
    token = APIToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(token: APIToken) -> None:
    APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def create_portal_user(*, actor: User, username: str, email: str, name: str, role: str) -> User:
    """A portal user (``role`` one of the portal roles) with no usable password: the invitation
    link sets it. The party it may see is granted by ``parties.services.portal.grant_portal_access``."""
    access.ensure(actor, access.ADD, User)
    if role not in roles.PORTAL_ROLES:
        raise ValidationError({"role": [_("Choose a portal role.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is taken.")]})
    return User.objects.create_user(
        username=username, email=email, password=None, role=role, first_name=name[:150]
    )


def _other_active_administrators(user: User) -> bool:
    """Whether someone besides ``user`` may still manage users (superusers act as administrators)."""
    administrators = User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True)
    return administrators.exclude(pk=user.pk).exists()


PHONE_MAX_LENGTH = User._meta.get_field("phone").max_length or 32


def _clean_time_zone(errors: Errors, value: Any) -> str:
    """A time zone as stored: an IANA name the system knows, or empty for the installation's."""
    name = str(value or "").strip()
    if name and not time_zones.is_known(name):
        errors.add("time_zone", _("Choose a time zone from the list."), code="user.time_zone_unknown")
    return name


def _clean_staff(errors: Errors, *, role: Any, department: Any) -> tuple[str, Department | None]:
    if role not in roles.INTERNAL_ROLES:
        errors.add(
            "role",
            _("Choose a staff role; portal users are invited from their party's page."),
            code="user.not_staff_role",
        )
    found = None
    if department not in (None, ""):
        found = department if isinstance(department, Department) else None
        if found is None and str(department).isdecimal():
            found = Department.objects.filter(pk=int(department)).first()
        if found is None:
            errors.add("department", _("Choose a department from the list."), code="unknown_reference")
    return str(role), found


@transaction.atomic
def create_staff_user(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    department: Department | int | None = None,
) -> User:
    """A member of staff with the role and department given and a first password, which Django's
    password validators must accept (they change it under "Change password")."""
    access.ensure(actor, access.ADD, User)
    errors = Errors()
    username = username.strip()
    if not username:
        errors.add("username", _("This field is required."), code="required")
    elif User.objects.filter(username__iexact=username).exists():
        errors.add("username", _("This username is taken."), code="user.username_taken")
    role, found = _clean_staff(errors, role=role, department=department)
    candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        for error in exc.error_list:
            errors.add("password", " ".join(error.messages), code=error.code or "invalid")
    errors.raise_if_any()
    return User.objects.create_user(
        username=username,
        email=email,
        password=password,
        role=role,
        first_name=first_name[:150],
        last_name=last_name[:150],
        department=found,
    )


@transaction.atomic
def change_staff_user(
    user: User,
    *,
    actor: User,
    role: str,
    department: Department | int | None = None,
    time_zone: str | None = None,
) -> User:
    """Give a member of staff another role, department or time zone (``None``: unchanged; empty:
    the installation's). The last active administrator keeps the role: someone must be able to
    manage users."""
    access.ensure(actor, access.CHANGE, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    errors = Errors()
    if not roles.is_internal(user):
        errors.add(
            "role",
            _("Choose a staff role; portal users are invited from their party's page."),
            code="user.not_staff_role",
        )
    role, found = _clean_staff(errors, role=role, department=department)
    zone = _clean_time_zone(errors, time_zone) if time_zone is not None else user.time_zone
    if (
        user.role == Role.ADMINISTRATOR
        and role != Role.ADMINISTRATOR
        and user.is_active
        and not _other_active_administrators(user)
    ):
        errors.add(
            "role", _("At least one active administrator must remain."), code="user.last_administrator"
        )
    errors.raise_if_any()
    user.role, user.department, user.time_zone = role, found, zone
    user.save(update_fields=["role", "department", "time_zone"])
    return user


@transaction.atomic
def deactivate_user(user: User, *, actor: User) -> User:
    """Close an account: it can no longer sign in, and its API tokens are revoked. Returns the
    user as stored (an account closed before stays as it is). Nobody closes their own account,
    and the last active administrator stays."""
    access.ensure(actor, access.CHANGE, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="user.deactivate_self")
    if user.role == Role.ADMINISTRATOR and not _other_active_administrators(user):
        raise ValidationError(
            _("At least one active administrator must remain."), code="user.last_administrator"
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    for token in APIToken.objects.usable().filter(user=user):
        revoke_api_token(token)
    return user


def set_language(user: User, language: str, *, actor: User) -> User:
    """Remember the language ``user`` switched to, for every later sign-in on any browser. Users
    choose their own; an unknown code is refused (``ValidationError`` on ``language``)."""
    if actor.pk != user.pk:
        access.ensure(actor, access.CHANGE, user)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Not a language of this site.")}, code="invalid_choice")
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
    return user


@transaction.atomic
def update_preferences(
    user: User,
    *,
    actor: User,
    time_zone: str | None = None,
    language: str | None = None,
    phone: str | None = None,
) -> User:
    """Save how ``user`` wants the site: time zone (an IANA name; empty: the installation's),
    language (one of the site's; empty: the browser's) and phone; ``None`` leaves one as it is.
    Users change their own, portal users too; administrators anyone's. All problems at once."""
    if actor.pk != user.pk:
        access.ensure(actor, access.CHANGE, user)
    errors = Errors()
    changes: dict[str, str] = {}
    if time_zone is not None:
        changes["time_zone"] = _clean_time_zone(errors, time_zone)
    if language is not None:
        if language not in {"", *(code for code, _name in settings.LANGUAGES)}:
            errors.add("language", _("Choose a language of this site."), code="user.language_unknown")
        changes["language"] = language
    if phone is not None:
        changes["phone"] = field_checks.text(errors, "phone", phone, max_length=PHONE_MAX_LENGTH)
    errors.raise_if_any()
    changed = {name: value for name, value in changes.items() if getattr(user, name) != value}
    for name, value in changed.items():
        setattr(user, name, value)
    if changed:
        user.save(update_fields=list(changed))
    return user


@transaction.atomic
def set_password(user: User, raw: str, *, actor: User | None) -> User:
    """Give ``user`` the password ``raw`` once Django's password validators accept it (a
    ``ValidationError`` on ``password`` otherwise). Users set their own (``actor`` is the user, or
    ``None`` on the invitation's one-time link, whose token is the proof); administrators may set
    anyone's. A page that signed the user in keeps the session (``update_session_auth_hash``)."""
    if actor is not None and actor.pk != user.pk:
        access.ensure(actor, access.CHANGE, user)
    try:
        password_validation.validate_password(raw, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    user.set_password(raw)
    user.save(update_fields=["password"])
    return user


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw Bearer token, recording when it was last used.

    Every request looks the token up (a revoked or expired token, or a deactivated user, is
    refused at once): one query on the unique ``key_hash`` index that also reads the user. It is
    written as SQL, compiled once and run on a plain cursor, because the ORM spent twice as long
    building the query (and a raw queryset mapping its columns again each time) as the database
    answering it; ``last_used_at`` is written at most once a minute."""
    if not raw or len(raw) > 200:
        return None
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    sql, usable_params = _token_query()
    params = [adapt(now - LAST_USED_PRECISION), hash_token(raw)]
    params += [adapt(now) if isinstance(p, _Now) else p for p in usable_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    *values, token_id, stale = row
    for index, expression, converters in _user_converters():
        for convert in converters:
            values[index] = convert(values[index], expression, connection)
    user = User.from_db(connection.alias, _USER_FIELDS, values)
    if stale:
        APIToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


@functools.cache
def _user_converters() -> list[tuple[int, Any, list[Any]]]:
    """What the ORM does to each user column read from the database (on SQLite, text to
    datetimes), found once: ``(column index, its expression, converters)``."""
    found = []
    for index, field in enumerate(User._meta.concrete_fields):
        expression = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if converters:
            found.append((index, expression, converters))
    return found


class _Now(Expression):
    """The time of the request, left as a parameter so the query text is built once."""

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        return "%s", (self,)


@functools.cache
def _token_query() -> tuple[str, list[Any]]:
    """The lookup's SQL and the parameters of its usability condition (a ``_Now`` marks the time)."""
    quote = connection.ops.quote_name
    users, tokens = quote(User._meta.db_table), quote(APIToken._meta.db_table)
    # What makes a token usable is APIToken.objects.usable(), compiled here rather than restated.
    usable = APIToken.objects.usable(at=_Now(output_field=DateTimeField())).query
    condition, params = usable.get_compiler(connection=connection).compile(usable.where)
    columns = ", ".join(f"{users}.{quote(str(f.column))}" for f in User._meta.concrete_fields)
    # Only quoted table and column names of the models go into the text; values are parameters.
    select = f"SELECT {columns}, {tokens}.id AS token_id, "
    stale = f"({tokens}.last_used_at IS NULL OR {tokens}.last_used_at < %s) AS token_stale "
    tables = f"FROM {tokens} INNER JOIN {users} ON {users}.id = {tokens}.user_id "
    where = f"WHERE {tokens}.key_hash = %s AND {condition} AND {users}.is_active"
    return select + stale + tables + where, list(params)


# --- the company profile and the first-run checklist -----------------------------------------------

USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def company_profile() -> CompanyProfile:
    """The one profile row; an installation that never saved one reads an empty, unsaved row."""
    return CompanyProfile.objects.filter(pk=1).first() or CompanyProfile(pk=1)


@transaction.atomic
def update_company_profile(
    *, actor: User, name: str, uscc: str = "", address: str = "", default_currency: str = "CNY"
) -> CompanyProfile:
    """Save our own company's name, credit code, address and default currency."""
    access.ensure(actor, access.CHANGE, CompanyProfile)
    errors = Errors()
    name, uscc, address = name.strip(), uscc.strip().upper(), address.strip()
    if not name:
        errors.add("name", _("This field is required."), code="required")
    elif len(name) > 200:
        errors.add("name", _("Use at most 200 characters."), code="too_long")
    if uscc and not USCC_PATTERN.match(uscc):
        errors.add(
            "uscc", _("Enter the 18-character unified social credit code."), code="company.invalid_uscc"
        )
    if len(address) > 300:
        errors.add("address", _("Use at most 300 characters."), code="too_long")
    if default_currency not in CURRENCY_CODES:
        errors.add("default_currency", _("Choose a currency from the list."), code="invalid_choice")
    errors.raise_if_any()
    profile = CompanyProfile.objects.select_for_update().filter(pk=1).first() or CompanyProfile(pk=1)
    profile.name, profile.uscc, profile.address = name, uscc, address
    profile.default_currency = default_currency
    profile.save()
    return profile


@transaction.atomic
def dismiss_checklist(*, actor: User) -> CompanyProfile:
    """Put the first-run checklist away for everyone."""
    access.ensure(actor, access.CHANGE, CompanyProfile)
    profile = CompanyProfile.objects.select_for_update().filter(pk=1).first() or CompanyProfile(pk=1)
    profile.checklist_dismissed_at = timezone.now()
    profile.save()
    return profile


@transaction.atomic
def create_department(*, actor: User, code: str) -> Department:
    """Add one of the departments Catena knows (``DepartmentCode``) to this company."""
    access.ensure(actor, access.ADD, Department)
    errors = Errors()
    if code not in DepartmentCode.values:
        errors.add("code", _("Choose a department from the list."), code="invalid_choice")
    elif Department.objects.filter(code=code).exists():
        errors.add("code", _("This department exists already."), code="department.exists")
    errors.raise_if_any()
    return Department.objects.create(code=code)
