"""Setting a password: Django's password validators decide, users set their own and
administrators anyone's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from catena.accounts import services
from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import access

pytestmark = pytest.mark.django_db


def test_a_user_sets_their_own_password(make_user: Callable[..., User]) -> None:
    # Given a portal user
    user = make_user(Role.PORTAL_CUSTOMER)
    # When they set a new password
    services.set_password(user, "Lanzhou-Harbour-77", actor=user)
    # Then it is stored, and the old one no longer works
    user.refresh_from_db()
    assert user.check_password("Lanzhou-Harbour-77")
    assert not user.check_password("pass-Catena-2026")


@pytest.mark.parametrize("raw", ["short1", "12345678901", "password123"])
def test_a_password_the_validators_refuse_is_not_stored(make_user: Callable[..., User], raw: str) -> None:
    # Given a user
    user = make_user(Role.PORTAL_CUSTOMER)
    # When the new password is too short, all digits or too common, then it is refused on its field
    with pytest.raises(ValidationError) as refused:
        services.set_password(user, raw, actor=user)
    assert list(refused.value.message_dict) == ["password"]
    # and the old one still works
    user.refresh_from_db()
    assert user.check_password("pass-Catena-2026")


def test_only_administrators_set_someone_elses_password(
    make_user: Callable[..., User], admin_user: User, manager: User
) -> None:
    # Given a portal user
    user = make_user(Role.PORTAL_CUSTOMER)
    # When a manager tries to set their password, then it is refused and nothing changes
    with pytest.raises(access.PermissionDenied):
        services.set_password(user, "Lanzhou-Harbour-77", actor=manager)
    user.refresh_from_db()
    assert user.check_password("pass-Catena-2026")
    # When an administrator does, then it is set
    services.set_password(user, "Lanzhou-Harbour-77", actor=admin_user)
    user.refresh_from_db()
    assert user.check_password("Lanzhou-Harbour-77")
