"""Create, edit, delete a party through its forms; inline field checks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.core.models import Event
from catena.parties.models import Contact, ContactPoint, CustomField, Party
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
VALID_USCC = "91110000600037341L"
CREATE = reverse("parties:party_create")


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "organisation",
        "name": "杭州云栖电子科技有限公司",
        "status": "active",
        "tier": "standard",
        "roles": ["customer"],
    }
    data.update(overrides)
    return data


def test_create_party_with_first_contact_and_address(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(sales).post(
        CREATE,
        form_data(
            uscc=VALID_USCC,
            tags="华东重点, VIP",
            roles=["customer", "distributor"],
            contact_name="王伟",
            contact_mobile="138 0013 8000",
            contact_email="wang@example.cn",
            address_province="浙江省",
            address_city="杭州市",
            address_postcode="310000",
        ),
    )

    party = Party.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "parties:party_detail", args=[party.pk]
    )
    assert party.owner == sales and party.uscc == VALID_USCC
    assert sorted(party.role_codes) == ["customer", "distributor"]
    assert sorted(party.tags.values_list("name", flat=True)) == ["VIP", "华东重点"]
    assert Contact.objects.get(party=party).name == "王伟"
    assert ContactPoint.objects.get(party=party, kind="mobile").value == "+8613800138000"
    assert party.province == "浙江省" and party.city == "杭州市"


def test_create_with_bad_credit_code_shows_the_field_error_and_writes_nothing(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(sales).post(CREATE, form_data(uscc="91110000600037341X"))

    assert response.status_code == 200
    assert "uscc" in response.context["form"].errors
    assert "Not a valid Unified Social Credit Code" in response.content.decode()
    assert not Party.objects.exists() and not Event.objects.exists()


def test_create_with_a_credit_code_already_taken_is_refused(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    PartyFactory.create(uscc=VALID_USCC)

    response = logged_in(sales).post(CREATE, form_data(uscc=VALID_USCC))

    assert "Another party already has this credit code." in response.context["form"].errors["uscc"]
    assert Party.objects.count() == 1


def test_create_with_bad_phone_shows_the_field_error_and_writes_nothing(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(sales).post(CREATE, form_data(contact_name="王伟", contact_mobile="12345"))

    assert response.status_code == 200
    assert "contact_mobile" in response.context["form"].errors
    assert not Party.objects.exists() and not Contact.objects.exists()


def test_service_errors_on_nested_fields_land_on_the_matching_form_fields(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(sales).post(
        CREATE, form_data(contact_email="not-an-email", address_city="杭州市", address_postcode="12")
    )

    errors = response.context["form"].errors
    assert {"contact_name", "contact_email", "address_province", "address_postcode"} <= set(errors)
    assert not Party.objects.exists()


def test_custom_fields_are_typed_and_checked(sales: User, logged_in: Callable[[User], Client]) -> None:
    CustomField.objects.create(key="credit_limit", label="信用额度", type="number")
    client = logged_in(sales)

    bad = client.post(CREATE, form_data(cf_credit_limit="很多"))
    good = client.post(CREATE, form_data(cf_credit_limit="50000"))

    assert "cf_credit_limit" in bad.context["form"].errors
    assert good.status_code == 302
    assert Party.objects.get().custom_fields == {"credit_limit": 50000.0}


def test_read_only_user_cannot_open_or_post_the_create_form(
    reader: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(reader)

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Party.objects.exists()


def test_edit_changes_fields_and_keeps_the_rest(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(name="旧名称", owner=sales, industry="贸易", roles=["customer"])

    response = logged_in(sales).post(
        reverse("parties:party_edit", args=[party.pk]),
        form_data(name="新名称", industry="贸易", roles=["customer", "retailer"], owner=sales.pk),
    )

    party.refresh_from_db()
    assert response.status_code == 302
    assert party.name == "新名称" and party.industry == "贸易"
    assert sorted(party.role_codes) == ["customer", "retailer"]


def test_edit_form_is_prefilled(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(name="申达贸易", owner=sales, uscc=VALID_USCC)

    body = logged_in(sales).get(reverse("parties:party_edit", args=[party.pk])).content.decode()

    assert 'value="申达贸易"' in body and f'value="{VALID_USCC}"' in body
    assert "contact_name" not in body


def test_sales_user_cannot_edit_a_colleagues_party(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(name="别人的客户", owner=manager)
    url = reverse("parties:party_edit", args=[party.pk])
    client = logged_in(sales)

    assert client.get(url).status_code == 403
    assert client.post(url, form_data(name="改掉")).status_code == 403
    party.refresh_from_db()
    assert party.name == "别人的客户"


def test_only_managers_and_administrators_delete_after_confirming(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)
    url = reverse("parties:party_delete", args=[party.pk])

    refused = logged_in(sales).post(url)
    assert refused.status_code == 403 and Party.objects.filter(pk=party.pk).exists()

    client = logged_in(manager)
    confirm = client.get(url)
    deleted = client.post(url)
    assert confirm.status_code == 200 and "Delete party" in confirm.content.decode()
    assert deleted.status_code == 302 and not Party.objects.filter(pk=party.pk).exists()


def test_inline_check_reports_a_bad_credit_code(sales: User, logged_in: Callable[[User], Client]) -> None:
    response = logged_in(sales).post(
        reverse("parties:party_validate"),
        {"uscc": "91110000600037341X", "name": ""},
        headers={"HX-Request": "true", "HX-Trigger-Name": "uscc"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-uscc"' in body and "field-error" in body
    assert 'id="field-name"' not in body


def test_inline_check_accepts_the_partys_own_credit_code_when_editing(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales, uscc=VALID_USCC)
    url = reverse("parties:party_validate") + f"?party={party.pk}"

    body = (
        logged_in(sales)
        .post(url, {"uscc": VALID_USCC}, headers={"HX-Request": "true", "HX-Trigger-Name": "uscc"})
        .content.decode()
    )

    assert "field-error" not in body


def test_inline_check_reports_a_bad_phone(sales: User, logged_in: Callable[[User], Client]) -> None:
    body = (
        logged_in(sales)
        .post(
            reverse("parties:party_validate"),
            {"contact_mobile": "12345"},
            headers={"HX-Request": "true", "HX-Trigger-Name": "contact_mobile"},
        )
        .content.decode()
    )

    assert "Not a valid phone number." in body or "Not a phone number." in body


def test_inline_check_refuses_fields_it_does_not_check(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    response = logged_in(sales).post(
        reverse("parties:party_validate"),
        {"notes": "x"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "notes"},
    )

    assert response.status_code == 400
