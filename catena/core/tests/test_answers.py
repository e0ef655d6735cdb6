"""The hot reads' answers written from a plan: the same body as the schema's validated answer,
only for callers who read every field, and a schema the plan would get wrong is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from ninja import Schema
from pydantic import field_validator

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.core import answers
from catena.core.renderers import dumps
from catena.parties import selectors, services
from catena.parties.models import Party, PortalAccess
from catena.parties.schemas import PartyOut, PartyPageOut

pytestmark = pytest.mark.django_db


def request_of(user: User) -> Any:
    request = RequestFactory().get("/api/v1/parties/")
    request.user = user
    return request


def a_party(actor: User) -> Party:
    return services.create_party(
        actor=actor,
        name="答案贸易有限公司",
        roles=["customer", "supplier"],
        tags=["华东", "重点"],
        notes="只给内部看",
        custom_fields={},
        contacts=[
            {
                "name": "张三",
                "notes": "内部备注",
                "contact_points": [{"kind": "mobile", "value": "13800138000"}],
            },
            {"name": "李四"},
        ],
        contact_points=[{"kind": "email", "value": "info@example.cn"}],
        addresses=[{"province": "浙江", "city": "杭州市"}],
    )


def validated(schema: type[Schema], obj: Any, user: User) -> bytes:
    return dumps(schema.model_validate(obj, context={"request": request_of(user)}).model_dump())


def test_a_party_row_and_a_party_record_give_the_validated_answer(manager: User) -> None:
    party = a_party(manager)
    record = selectors.party_detail(manager, party.pk)
    row = selectors.party_row(party.pk)
    expected = validated(PartyOut, record, manager)

    assert dumps(answers.shape_of(PartyOut)(record)) == expected
    assert dumps(answers.shape_of(PartyOut)(row)) == expected
    body = answers.answer(request_of(manager), PartyOut, row, check=lambda: record)
    assert isinstance(body, HttpResponse) and body.content == expected
    assert body["Content-Type"] == "application/json; charset=utf-8"


def test_a_caller_who_may_not_read_every_field_gets_the_validated_answer(
    manager: User, make_user: Any
) -> None:
    party = a_party(manager)
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=party)
    record = selectors.party_detail(portal, party.pk)

    assert not answers.fast(portal, PartyOut)
    assert answers.answer(request_of(portal), PartyOut, record) is record
    ruled = validated(PartyOut, record, portal)
    assert "只给内部看".encode() not in ruled and "内部备注".encode() not in ruled


def test_a_row_that_differs_from_its_record_fails_the_check(manager: User, settings: Any) -> None:
    settings.CATENA_CHECK_ANSWERS = True
    party = a_party(manager)
    row = selectors.party_row(party.pk)
    assert row is not None
    row["tag_names"] = ["重点"]  # a plan that lost a tag

    with pytest.raises(answers.AnswerMismatch, match="PartyOut"):
        answers.answer(
            request_of(manager), PartyOut, row, check=lambda: selectors.party_detail(manager, party.pk)
        )


def test_a_schema_that_changes_values_as_it_validates_has_no_plan() -> None:
    class Shouting(Schema):
        name: str

        @field_validator("name")
        @classmethod
        def _upper(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(TypeError, match="Shouting"):
        answers.shape_of(Shouting)


def test_a_page_of_rows_gives_the_validated_answer(manager: User) -> None:
    a_party(manager)
    filters = selectors.PartyFilter(role="customer", province="浙江省")
    page = selectors.api_party_page(manager, filters, start=0, stop=50, exact_up_to=10_000)
    result = {"count": page.count, "count_is_estimate": page.is_estimate, "items": page.items}

    assert page.count == 1
    assert dumps(answers.shape_of(PartyPageOut)(result)) == validated(PartyPageOut, result, manager)
