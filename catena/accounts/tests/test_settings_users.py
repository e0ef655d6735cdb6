"""Users, departments and the company profile in the settings: the services and their pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from catena.accounts import services
from catena.accounts.choices import Role
from catena.accounts.models import CompanyProfile, Department, User
from catena.core.access import PermissionDenied

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Chain-links-2026!"


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_an_administrator_cannot_deactivate_themselves(admin_user: User) -> None:
    services.create_staff_user(
        actor=admin_user, username="second", password=GOOD_PASSWORD, role=Role.ADMINISTRATOR
    )
    with pytest.raises(ValidationError) as caught:
        services.deactivate_user(admin_user, actor=admin_user)
    assert caught.value.code == "user.deactivate_self"
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_last_active_administrator_keeps_the_role(
    admin_user: User, make_user: Callable[..., User]
) -> None:
    make_user(Role.ADMINISTRATOR, is_active=False)  # a closed account does not count
    with pytest.raises(ValidationError) as caught:
        services.change_staff_user(admin_user, actor=admin_user, role=Role.SALES)
    assert codes(caught.value) == {"role": ["user.last_administrator"]}
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMINISTRATOR


def test_an_operator_superuser_counts_as_an_administrator(
    admin_user: User, make_user: Callable[..., User]
) -> None:
    make_user(Role.READ_ONLY, is_superuser=True)
    services.change_staff_user(admin_user, actor=admin_user, role=Role.MANAGER)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.MANAGER


def test_an_administrator_may_step_down_once_another_remains(admin_user: User) -> None:
    other = services.create_staff_user(
        actor=admin_user, username="other", password=GOOD_PASSWORD, role=Role.ADMINISTRATOR
    )
    services.change_staff_user(admin_user, actor=other, role=Role.MANAGER)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.MANAGER


def test_create_staff_user_checks_every_field_at_once(admin_user: User) -> None:
    User.objects.create_user(username="taken", password=GOOD_PASSWORD)
    with pytest.raises(ValidationError) as caught:
        services.create_staff_user(
            actor=admin_user, username="TAKEN", password="1", role=Role.PORTAL_CUSTOMER, department=999
        )
    found = codes(caught.value)
    assert found["username"] == ["user.username_taken"]
    assert found["role"] == ["user.not_staff_role"]
    assert found["department"] == ["unknown_reference"]
    assert "password" in found


def test_only_administrators_create_users(sales: User) -> None:
    with pytest.raises(PermissionDenied):
        services.create_staff_user(actor=sales, username="x", password=GOOD_PASSWORD, role=Role.SALES)


def test_the_user_form_creates_a_member_of_staff_with_role_and_department(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    department = Department.objects.get(code="sales")
    response = logged_in(admin_user).post(
        reverse("settings:user_create"),
        {"username": "liwei", "last_name": "李", "first_name": "伟", "role": Role.SALES,
         "department": department.pk, "password": GOOD_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    created = User.objects.get(username="liwei")
    assert (created.role, created.department, created.check_password(GOOD_PASSWORD)) == (
        Role.SALES, department, True,
    )  # fmt: skip


def test_bad_input_on_the_user_form_answers_422_with_codes(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(admin_user)
    portal_role = client.post(
        reverse("settings:user_create"), {"username": "new", "role": "portal_customer", "password": "x"}
    )
    taken = client.post(
        reverse("settings:user_create"), {"username": "admin1", "role": "sales", "password": "x"}
    )
    assert (portal_role.status_code, taken.status_code) == (422, 422)
    assert [e.code for e in portal_role.context["form"].errors.as_data()["role"]] == ["invalid_choice"]
    errors = taken.context["form"].errors.as_data()
    assert [e.code for e in errors["username"]] == ["user.username_taken"]
    assert "password_too_short" in [e.code for e in errors["password"]]


def test_demoting_the_last_administrator_on_the_page_is_a_form_error(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(admin_user).post(
        reverse("settings:user_edit", args=[admin_user.pk]), {"role": Role.SALES}
    )
    assert response.status_code == 422
    assert [e.code for e in response.context["form"].errors.as_data()["role"]] == ["user.last_administrator"]


def test_deactivating_a_colleague_from_the_list(
    admin_user: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(admin_user).post(reverse("settings:user_deactivate", args=[sales.pk]))
    assert response.status_code == 302
    sales.refresh_from_db()
    assert not sales.is_active


def test_deactivating_oneself_on_the_page_changes_nothing(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(admin_user)
    response = client.post(reverse("settings:user_deactivate", args=[admin_user.pk]), follow=True)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert "You cannot deactivate your own account." in response.content.decode()


def test_user_pages_do_not_reach_portal_users(
    admin_user: User, make_user: Callable[..., User], logged_in: Callable[[User], Client]
) -> None:
    portal = make_user(Role.PORTAL_CUSTOMER)
    assert logged_in(admin_user).get(reverse("settings:user_edit", args=[portal.pk])).status_code == 404


def test_departments_are_added_once(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    Department.objects.filter(code="marketing").delete()  # installed by a migration
    client = logged_in(admin_user)
    assert client.post(reverse("settings:department_list"), {"code": "marketing"}).status_code == 302
    again = client.post(reverse("settings:department_list"), {"code": "marketing"})
    assert again.status_code == 422
    assert [e.code for e in again.context["form"].errors.as_data()["code"]] == ["department.exists"]
    unknown = client.post(reverse("settings:department_list"), {"code": "finance"})
    assert unknown.status_code == 422


def test_company_profile_is_saved_and_checked(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    client = logged_in(admin_user)
    bad = client.post(reverse("settings:company"), {"name": "", "uscc": "123", "default_currency": "XXX"})
    assert bad.status_code == 422
    errors = bad.context["form"].errors.as_data()
    assert set(errors) == {"name", "default_currency"}
    bad_uscc = client.post(
        reverse("settings:company"), {"name": "本公司", "uscc": "123", "default_currency": "CNY"}
    )
    assert [e.code for e in bad_uscc.context["form"].errors.as_data()["uscc"]] == ["company.invalid_uscc"]
    good = client.post(
        reverse("settings:company"),
        {
            "name": "链迅科技有限公司",
            "uscc": "91310115MA1K4XXX19",
            "address": "上海",
            "default_currency": "CNY",
        },
    )
    assert good.status_code == 302
    profile = CompanyProfile.objects.get()
    assert (profile.name, profile.uscc, profile.default_currency) == (
        "链迅科技有限公司",
        "91310115MA1K4XXX19",
        "CNY",
    )
