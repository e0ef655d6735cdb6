"""Each user's own preferences (time zone, language, phone): the service, the "My preferences"
form on "My account", the administrators' time zone in the settings, and times on the pages
shown in the chosen zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from catena.accounts import services
from catena.accounts.choices import Role
from catena.accounts.models import APIToken, User
from catena.accounts.time_zones import COMMON_TIME_ZONES, known_time_zones
from catena.core.access import PermissionDenied

pytestmark = pytest.mark.django_db
PREFERENCES = reverse("accounts:preferences_edit")
PROFILE = reverse("accounts:profile")


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- the service ------------------------------------------------------------------------------


def test_a_user_saves_their_own_time_zone_language_and_phone(sales: User) -> None:
    services.update_preferences(
        sales, actor=sales, time_zone="America/New_York", language="zh-hans", phone=" 021-5555 0101 "
    )

    sales.refresh_from_db()
    assert (sales.time_zone, sales.language, sales.phone) == ("America/New_York", "zh-hans", "021-5555 0101")


def test_preferences_left_out_stay_and_empty_ones_go_back_to_the_default(sales: User) -> None:
    services.update_preferences(sales, actor=sales, time_zone="Asia/Tokyo", language="en", phone="1")

    services.update_preferences(sales, actor=sales, language="")

    sales.refresh_from_db()
    assert (sales.time_zone, sales.language, sales.phone) == ("Asia/Tokyo", "", "1")
    services.update_preferences(sales, actor=sales, time_zone="")
    sales.refresh_from_db()
    assert sales.time_zone == ""


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus_Mons", "asia/shanghai", "../etc/passwd", "localtime", "x" * 64]
)
def test_an_unknown_time_zone_is_refused_on_its_field(sales: User, zone: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.update_preferences(sales, actor=sales, time_zone=zone, language="xx", phone="9" * 40)

    assert codes(caught.value) == {
        "time_zone": ["user.time_zone_unknown"],
        "language": ["user.language_unknown"],
        "phone": ["too_long"],
    }
    sales.refresh_from_db()
    assert (sales.time_zone, sales.language, sales.phone) == ("", "", "")


def test_every_common_time_zone_is_known() -> None:
    assert set(COMMON_TIME_ZONES) <= known_time_zones()
    assert "localtime" not in known_time_zones()


def test_only_an_administrator_changes_another_users_preferences(
    sales: User, reader: User, admin_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.update_preferences(reader, actor=sales, time_zone="UTC")

    services.update_preferences(reader, actor=admin_user, time_zone="Europe/Berlin")

    reader.refresh_from_db()
    assert reader.time_zone == "Europe/Berlin"


def test_a_portal_user_saves_their_own_preferences(make_user: Callable[..., User]) -> None:
    portal = make_user(Role.PORTAL_CUSTOMER)

    services.update_preferences(portal, actor=portal, time_zone="Asia/Singapore", language="en")

    portal.refresh_from_db()
    assert (portal.time_zone, portal.language) == ("Asia/Singapore", "en")
    with pytest.raises(PermissionDenied):
        services.update_preferences(make_user(Role.PORTAL_CUSTOMER), actor=portal, time_zone="UTC")


# --- "My preferences" on "My account" ---------------------------------------------------------------


def option_values(body: str, name: str) -> list[str]:
    select = body.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('<option value="')[1:]]


def test_the_profile_offers_the_common_time_zones_first_and_the_default_empty(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    body = logged_in(sales).get(PROFILE).content.decode()

    zones = option_values(body, "time_zone")
    assert zones[0] == ""
    assert zones[1 : 1 + len(COMMON_TIME_ZONES)] == list(COMMON_TIME_ZONES)
    assert len(zones) == 1 + len(known_time_zones())
    assert "System default (Asia/Shanghai)" in body
    assert option_values(body, "language") == ["", "zh-hans", "en"]
    assert 'id="preferences"' in body


def test_the_form_saves_the_preferences_and_the_page_follows_the_language(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    client = logged_in(sales)

    saved = client.post(PREFERENCES, {"time_zone": "Asia/Taipei", "language": "zh-hans", "phone": "139"})

    sales.refresh_from_db()
    assert saved.status_code == 302 and saved["Location"] == PROFILE + "#preferences"
    assert (sales.time_zone, sales.language, sales.phone) == ("Asia/Taipei", "zh-hans", "139")
    assert saved.cookies["django_language"].value == "zh-hans"
    page = client.get(PROFILE).content.decode()
    assert '<html lang="zh-hans">' in page and "我的偏好" in page and "已保存" in page


def test_choosing_the_default_language_forgets_the_one_switched_to(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    client = logged_in(sales)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    saved = client.post(PREFERENCES, {"time_zone": "", "language": "", "phone": ""})

    sales.refresh_from_db()
    assert sales.language == "" and saved.cookies["django_language"].value == ""
    page = client.get(PROFILE, headers={"accept-language": "en-US"}).content.decode()
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons", "language": "", "phone": ""}, "time_zone"),
        ({"time_zone": "UTC", "language": "fr", "phone": ""}, "language"),
        ({"time_zone": "UTC", "language": "", "phone": "1" * 33}, "phone"),
    ],
)
def test_a_bad_preference_is_a_field_error_not_a_crash(
    logged_in: Callable[[User], Client], sales: User, posted: dict[str, str], field: str
) -> None:
    answer = logged_in(sales).post(PREFERENCES, posted)

    sales.refresh_from_db()
    assert answer.status_code == 422
    assert list(answer.context["preferences_form"].errors) == [field]
    assert f'id="field-{field}"' in answer.content.decode()
    assert (sales.time_zone, sales.language, sales.phone) == ("", "", "")


def test_the_form_changes_only_the_signed_in_users_own_preferences(
    logged_in: Callable[[User], Client], sales: User, reader: User
) -> None:
    answer = logged_in(sales).post(
        PREFERENCES, {"user": reader.pk, "pk": reader.pk, "time_zone": "UTC", "language": "en", "phone": ""}
    )

    reader.refresh_from_db()
    sales.refresh_from_db()
    assert answer.status_code == 302
    assert reader.time_zone == "" and sales.time_zone == "UTC"


def test_preferences_need_a_signed_in_user_and_a_post(
    client: Client, logged_in: Callable[[User], Client], sales: User
) -> None:
    assert client.post(PREFERENCES, {"time_zone": "UTC"}).status_code == 302  # to sign-in
    assert logged_in(sales).get(PREFERENCES).status_code == 405


def test_profile_and_notification_preferences_link_each_other_and_sit_in_the_user_menu(
    logged_in: Callable[[User], Client], sales: User
) -> None:
    client = logged_in(sales)

    profile = client.get(PROFILE).content.decode()
    notifications = client.get(reverse("workspace:notification_list")).content.decode()

    to_notifications = reverse("workspace:notification_list") + "#notification-preferences"
    menu = profile.split('<details class="dropdown">', 1)[1].split("</details>", 1)[0]
    assert f'href="{PROFILE}"' in menu and f'href="{to_notifications}"' in menu
    assert 'data-testid="notification-preferences-link"' in profile and to_notifications in profile
    assert 'id="notification-preferences"' in notifications
    assert f'href="{PROFILE}#preferences"' in notifications


# --- an administrator sets a colleague's time zone ----------------------------------------------------


def test_an_administrator_sets_a_colleagues_time_zone(
    logged_in: Callable[[User], Client], admin_user: User, sales: User
) -> None:
    url = reverse("settings:user_edit", args=[sales.pk])
    client = logged_in(admin_user)

    form = client.get(url)
    bad = client.post(url, {"role": Role.SALES, "time_zone": "Nowhere/City"})
    saved = client.post(url, {"role": Role.SALES, "time_zone": "America/Los_Angeles"})

    sales.refresh_from_db()
    assert form.status_code == 200 and 'name="time_zone"' in form.content.decode()
    assert bad.status_code == 422 and "time_zone" in bad.context["form"].errors
    assert saved.status_code == 302 and sales.time_zone == "America/Los_Angeles"


def test_changing_a_role_keeps_the_time_zone_unless_given(admin_user: User, sales: User) -> None:
    services.update_preferences(sales, actor=sales, time_zone="Asia/Tokyo")

    services.change_staff_user(sales, actor=admin_user, role=Role.MANAGER)

    sales.refresh_from_db()
    assert (sales.role, sales.time_zone) == (Role.MANAGER, "Asia/Tokyo")
    with pytest.raises(ValidationError) as caught:
        services.change_staff_user(sales, actor=admin_user, role=Role.MANAGER, time_zone="Asia/Atlantis")
    assert codes(caught.value) == {"time_zone": ["user.time_zone_unknown"]}


def test_a_colleague_who_is_not_an_administrator_cannot_set_time_zones(
    logged_in: Callable[[User], Client], manager: User, sales: User
) -> None:
    url = reverse("settings:user_edit", args=[sales.pk])

    answer = logged_in(manager).post(url, {"role": Role.SALES, "time_zone": "UTC"})

    sales.refresh_from_db()
    assert answer.status_code == 403 and sales.time_zone == ""


# --- times on the pages, in the user's zone ------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America/New_York", "03/01/2026 11:30 p.m."),  # EST, UTC−5: the evening before
        ("Asia/Shanghai", "03/02/2026 12:30 p.m."),  # UTC+8
        ("", "03/02/2026 12:30 p.m."),  # the installation's default, Asia/Shanghai
        ("Europe/London", "03/02/2026 4:30 a.m."),
    ],
)
def test_times_on_a_page_show_in_the_users_own_zone(
    logged_in: Callable[[User], Client], sales: User, zone: str, shown: str
) -> None:
    token, _raw = services.create_api_token(sales, name="ERP")
    APIToken.objects.filter(pk=token.pk).update(created_at=datetime(2026, 3, 2, 4, 30, tzinfo=UTC))
    services.update_preferences(sales, actor=sales, time_zone=zone)

    body = logged_in(sales).get(PROFILE).content.decode()

    row = body.split("ctn_" + token.prefix, 1)[1].split("</tr>", 1)[0]
    assert shown in row
