"""Validation of identifiers and contact data through maintained libraries."""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from email_validator import EmailNotValidError, validate_email
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from catena.parties.choices import PHONE_KINDS, ContactPointKind


def clean_uscc(value: str) -> str:
    """Validate an 18-character Unified Social Credit Code (GB 32100-2015) and return it compact."""
    try:
        return str(stdnum_uscc.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            _("Not a valid Unified Social Credit Code (18 characters with a check character)."),
            code="invalid_uscc",
        ) from exc


def clean_phone(value: str, region: str | None = None) -> str:
    """Parse a phone number (default region CN) and return it in E.164 form."""
    region = region or settings.CATENA_DEFAULT_PHONE_REGION
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Not a phone number."), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Not a valid phone number."), code="invalid_phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def clean_email(value: str) -> str:
    try:
        return str(validate_email(value, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise ValidationError(_("Not a valid e-mail address."), code="invalid_email") from exc


def clean_contact_point(kind: str, value: str) -> str:
    """Normalise the value of a contact point according to its kind."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("This field is required."), code="required")
    if kind == ContactPointKind.EMAIL:
        return clean_email(value)
    if kind in PHONE_KINDS:
        return clean_phone(value)
    if kind == ContactPointKind.WEBSITE:
        url = value if "://" in value else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError(_("Not a valid web address."), code="invalid_url") from exc
        return url
    if len(value) > 120:
        raise ValidationError(_("At most 120 characters."), code="too_long")
    return value


def clean_postcode(value: str) -> str:
    value = (value or "").strip()
    if value and not (len(value) == 6 and value.isdigit()):
        raise ValidationError(_("A Chinese postcode has six digits."), code="invalid_postcode")
    return value
