"""Creating a party that looks like one already there: the page warns and links to it, the API
answers 409 with its id, and only parties the user may see are named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.parties.models import Party, PortalAccess
from catena.parties.selectors.duplicates import possible_duplicates
from catena.parties.services import create_party

pytestmark = pytest.mark.django_db
NEW = reverse("parties:party_create")
URL = "/api/v1/parties/"
VALID_USCC = "91110000600037341L"


@pytest.fixture
def existing() -> Party:
    return create_party(
        actor=None,
        name="杭州西湖贸易有限公司",
        contact_points=[
            {"kind": "mobile", "value": "13800138000"},
            {"kind": "email", "value": "sales@xihu.example"},
        ],
    )


def form_data(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "organisation",
        "name": "杭州新贸易有限公司",
        "status": "active",
        "tier": "standard",
    } | changes


def test_the_page_warns_and_links_to_a_party_with_the_same_name(
    logged_in: Callable[[User], Client], sales: User, existing: Party
) -> None:
    client = logged_in(sales)

    warned = client.post(NEW, form_data(name="杭州西湖贸易有限公司"))

    body = warned.content.decode()
    assert warned.status_code == 200 and 'data-testid="possible-duplicates"' in body
    assert reverse("parties:party_detail", args=[existing.pk]) in body and "same name" in body
    assert Party.objects.count() == 1

    created = client.post(NEW, form_data(name="杭州西湖贸易有限公司", allow_duplicate="1"))

    assert created.status_code == 302 and Party.objects.count() == 2


def test_the_page_matches_phone_and_e_mail_as_typed_differently(
    logged_in: Callable[[User], Client], sales: User, existing: Party
) -> None:
    client = logged_in(sales)

    by_phone = client.post(NEW, form_data(contact_name="李四", contact_mobile="138 0013 8000"))
    by_mail = client.post(NEW, form_data(contact_name="李四", contact_email="sales@XIHU.example"))
    unrelated = client.post(NEW, form_data(contact_name="李四", contact_mobile="13900139000"))

    assert "same phone" in by_phone.content.decode()
    assert "same e-mail" in by_mail.content.decode()
    assert unrelated.status_code == 302


def test_a_taken_credit_code_links_to_its_party(logged_in: Callable[[User], Client], sales: User) -> None:
    holder = create_party(actor=None, name="宁波港口物流有限公司", uscc=VALID_USCC)

    page = logged_in(sales).post(NEW, form_data(uscc=VALID_USCC))

    body = page.content.decode()
    assert reverse("parties:party_detail", args=[holder.pk]) in body and "same credit code" in body


def test_the_api_answers_409_with_the_existing_ids_unless_told_to_go_ahead(
    api_client: Callable[[User], Any], sales: User, existing: Party
) -> None:
    api = api_client(sales)

    refused = api.post(URL, {"name": "杭州西湖贸易有限公司"})
    by_mail = api.post(
        URL, {"name": "另一家公司", "contact_points": [{"kind": "email", "value": "sales@xihu.example"}]}
    )
    allowed = api.post(URL, {"name": "杭州西湖贸易有限公司", "allow_duplicate": True})

    assert refused.status_code == 409
    assert refused.json()["code"] == "party.possible_duplicate"
    assert refused.json()["existing"] == [existing.pk]
    assert refused.json()["errors"][0]["field"] == "name"
    assert by_mail.status_code == 409 and by_mail.json()["existing"] == [existing.pk]
    assert allowed.status_code == 201
    assert Party.objects.filter(name="杭州西湖贸易有限公司").count() == 2


def test_a_party_the_user_may_not_see_is_never_named(make_user: Callable[..., User], existing: Party) -> None:
    own = create_party(actor=None, name="温州鞋业有限公司")
    portal = make_user(role=Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=own)
    staff = make_user(role=Role.SALES)

    assert possible_duplicates(portal, {"name": existing.name}) == []
    assert [d.party for d in possible_duplicates(portal, {"name": own.name})] == [own]
    assert [d.party for d in possible_duplicates(staff, {"name": existing.name})] == [existing]
