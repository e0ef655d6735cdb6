"""Forms of the accounts pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department, User
from catena.accounts.roles import INTERNAL_ROLES
from catena.accounts.time_zones import time_zone_choices
from catena.core.money import CURRENCIES

STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in INTERNAL_ROLES]


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class StyledPasswordChangeForm(PasswordChangeForm):
    pass


class APITokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        required=True,
        help_text=_("What the token is for, e.g. “ERP sync”."),
    )


def add_service_errors(
    form: forms.Form, exc: ValidationError, mapping: Mapping[str, str] | None = None
) -> None:
    """Put a service's errors on the form's fields (by the same name, or ``mapping``), the rest on
    top, keeping each error's code so a page and its tests can tell the reasons apart."""
    mapping = mapping or {}
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for key, errors in by_field.items():
        field: str | None = mapping.get(key, key)
        if field not in form.fields:
            field = None
        for error in errors:
            for message in error.messages:
                form.add_error(field, ValidationError(message, code=error.code))


class StaffUserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Pass it on in person; the user changes it under “Change password”."),
    )

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = STAFF_ROLE_CHOICES  # type: ignore[attr-defined]
        department = cast(forms.ModelChoiceField, self.fields["department"])
        department.queryset = departments if departments is not None else Department.objects.none()


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Times on the pages show in this zone; the user may change it themselves."),
    )

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = STAFF_ROLE_CHOICES  # type: ignore[attr-defined]
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]
        department = cast(forms.ModelChoiceField, self.fields["department"])
        department.queryset = departments if departments is not None else Department.objects.none()


class PreferencesForm(forms.Form):
    """A user's own preferences ("My preferences"): time zone, language and phone."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False, help_text=_("Dates and times on every page show in it.")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("“System default”: your browser's language, else the installation's."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=User._meta.get_field("phone").max_length,
        required=False,
        help_text=_("The number to reach you at."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]

    @classmethod
    def of(cls, user: User, data: Any = None) -> PreferencesForm:
        """The form for ``user``, filled with what they have chosen (or with ``data`` posted)."""
        initial = {"time_zone": user.time_zone, "language": user.language, "phone": user.phone}
        return cls(data, initial=initial)


# Each language named in itself, as people look for their own.
LANGUAGE_NAMES = {"zh-hans": "简体中文", "en": "English"}


def language_choices() -> list[tuple[str, str]]:
    return [("", str(_("System default")))] + [
        (code, LANGUAGE_NAMES.get(code, str(name))) for code, name in settings.LANGUAGES
    ]


class DepartmentForm(forms.Form):
    code = forms.ChoiceField(label=_("Department"), choices=DepartmentCode.choices)


class CompanyProfileForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    default_currency = forms.ChoiceField(label=_("Default currency"), choices=CURRENCIES)
