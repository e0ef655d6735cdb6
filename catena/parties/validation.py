"""Validation of identifiers and contact data through maintained libraries."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from email_validator import EmailNotValidError, validate_email
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from catena.parties.choices import PHONE_KINDS, ContactPointKind

# The usual form of a code, already compact: 8 digits, then 10 characters of the code alphabet.
_USCC_COMPACT = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUW-Y]{10}")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def clean_uscc(value: str) -> str:
    """Validate an 18-character Unified Social Credit Code (GB 32100-2015) and return it compact.

    python-stdnum is the reference. A code already in compact form whose check character is right
    is accepted after the same weighted sum stdnum computes, without its per-character clean-up
    (three quarters of an imported row's checks); everything else (separators, lower case, a wrong
    check character) goes through stdnum, and a test holds the two to the same answers.
    """
    if _USCC_COMPACT.fullmatch(value):
        total = sum(_USCC_VALUES[c] * w for c, w in zip(value, _USCC_WEIGHTS, strict=False))
        if _USCC_ALPHABET[(31 - total) % 31] == value[17]:
            return value
    try:
        return str(stdnum_uscc.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            _("Not a valid Unified Social Credit Code (18 characters with a check character)."),
            code="party.invalid_uscc",
        ) from exc


def clean_phone(value: str, region: str | None = None) -> str:
    """Parse a phone number (default region CN) and return it in E.164 form."""
    region = region or settings.CATENA_DEFAULT_PHONE_REGION
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Not a phone number."), code="contact_point.invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Not a valid phone number."), code="contact_point.invalid_phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def clean_email(value: str) -> str:
    try:
        return str(validate_email(value, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise ValidationError(_("Not a valid e-mail address."), code="contact_point.invalid_email") from exc


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
            raise ValidationError(_("Not a valid web address."), code="contact_point.invalid_url") from exc
        return url
    if len(value) > 120:
        raise ValidationError(_("At most 120 characters."), code="too_long")
    return value


def clean_postcode(value: str) -> str:
    value = (value or "").strip()
    if value and not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A Chinese postcode has six digits."), code="address.invalid_postcode")
    return value
