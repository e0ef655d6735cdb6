"""Bounds on what one request may store on a party, and names free of invisible characters."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catena.core import text
from catena.parties import services
from catena.parties.models import Party

pytestmark = pytest.mark.django_db

URL = "/api/v1/parties/"


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "甲公司", "notes": "备" * (text.MAX_NOTES_CHARS + 1)}, "notes"),
        ({"name": "甲公司", "tags": [f"t{n}" for n in range(text.MAX_TAGS_PER_REQUEST + 1)]}, "tags"),
        ({"name": "甲公司", "contacts": [{"name": f"联系人{n}"} for n in range(501)]}, "contacts"),
        (
            {"name": "甲公司", "addresses": [{"province": "广东省", "city": "深圳市"} for _ in range(501)]},
            "addresses",
        ),
        ({"name": "甲\u202e司公"}, "name"),
        ({"name": "甲公司\x00"}, "name"),
        ({"name": "甲\u0085公司"}, "name"),
        ({"name": "甲公司", "short_name": "甲\u2066乙"}, "short_name"),
        ({"name": "甲公司", "contacts": [{"name": "张\u202d三"}]}, "contacts.0.name"),
    ],
)
def test_the_api_refuses_oversized_or_disguised_input_naming_the_field(api_client, sales, payload, field):
    response = api_client(sales).post(URL, payload)

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert Party.objects.count() == 0


def test_input_at_the_limits_is_accepted(api_client, sales):
    payload = {
        "name": "乙公司（深圳）",
        "notes": "备" * text.MAX_NOTES_CHARS,
        "tags": [f"t{n}" for n in range(text.MAX_TAGS_PER_REQUEST)],
    }

    response = api_client(sales).post(URL, payload)

    assert response.status_code == 201, response.content
    assert len(Party.objects.get().notes) == text.MAX_NOTES_CHARS


def test_renaming_a_contact_to_a_disguised_name_is_refused():
    party = services.create_party(actor=None, name="丙公司", contacts=[{"name": "王五"}])
    contact = party.contacts.get()

    with pytest.raises(ValidationError) as refused:
        services.update_contact(contact, actor=None, name="王\u202e五")

    assert "name" in refused.value.message_dict
    contact.refresh_from_db()
    assert contact.name == "王五"


@pytest.mark.parametrize(
    "value", ["华为技术有限公司", "O'Brien & Sons, Ltd.", "株式会社テスト", "Ünïcödé GmbH"]
)
def test_ordinary_names_in_any_script_pass(value):
    text.check_name(value)
