"""The interactions API: the timeline of calls, visits, e-mails and notes with a party."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms import services
from catena.comms.models import Interaction
from catena.conftest import ApiClient
from catena.core import text
from catena.parties.models import Party, PortalAccess
from catena.parties.tests.factories import ContactFactory, PartyFactory

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/interactions/"


def fields_of(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def log(party: Party, author: User, **fields: Any) -> Interaction:
    fields.setdefault("channel", "phone")
    fields.setdefault("subject", "电话回访")
    return services.log_interaction(party, actor=author, **fields)


@pytest.fixture
def party() -> Party:
    return PartyFactory.create(name="杭州云帆科技有限公司")


def test_create_with_contact_and_related_record(api_client: Clients, sales: User, party: Party) -> None:
    contact = ContactFactory.create(party=party, name="赵敏")
    related = PartyFactory.create(name="关联经销商")
    payload = {
        "party": party.pk,
        "channel": "visit",
        "direction": "outbound",
        "subject": "季度拜访",
        "body": "讨论了下季度的备货计划。",
        "occurred_at": "2026-03-02T10:30:00",
        "contact": contact.pk,
        "related_type": "parties.party",
        "related_id": str(related.pk),
    }

    response = api_client(sales).post(URL, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["party"] == {"id": party.pk, "name": party.name}
    assert body["contact"] == {"id": contact.pk, "name": "赵敏"}
    assert body["author"]["id"] == sales.pk
    assert (body["related_type"], body["related_id"]) == ("parties.party", str(related.pk))
    interaction = Interaction.objects.get(pk=body["id"])
    assert interaction.occurred_at == datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert interaction.related == related


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"direction": "sideways"}, "direction"),
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 201}, "subject"),
        ({"party": "abc"}, "party"),
        ({"party": 999999}, "party"),
        ({"occurred_at": "last tuesday"}, "occurred_at"),
        ({"contact": 999999}, "contact"),
        ({"related_type": "nowhere.nothing", "related_id": "1"}, "related_type"),
        ({"related_type": "parties.party", "related_id": "999999"}, "related_id"),
        ({"related_type": "parties.party", "related_id": "not-a-number"}, "related_id"),
        ({"related_type": "parties.party"}, "related_id"),
        ({"mood": "happy"}, "mood"),
        ({"occurred_at": "0001-01-01T00:00:00"}, "occurred_at"),
        ({"occurred_at": "9999-12-31T23:59:59-12:00"}, "occurred_at"),
        ({"related_type": "parties.party", "related_id": "99999999999999999999999"}, "related_id"),
        ({"related_type": "parties.party", "related_id": "-1"}, "related_id"),
        ({"contact": 2**64}, "contact"),
        ({"body": "\x00"}, "body"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(
    api_client: Clients, sales: User, party: Party, payload: dict[str, Any], field: str
) -> None:
    data = {"party": party.pk, "channel": "phone", "subject": "电话", **payload}

    response = api_client(sales).post(URL, data)

    assert response.status_code == 422, response.content
    assert field in fields_of(response), response.json()
    assert not Interaction.objects.exists()


def test_a_contact_of_another_party_is_refused(api_client: Clients, sales: User, party: Party) -> None:
    stranger = ContactFactory.create(party=PartyFactory.create(name="别家"))

    response = api_client(sales).post(
        URL, {"party": party.pk, "channel": "phone", "subject": "电话", "contact": stranger.pk}
    )

    assert response.status_code == 422 and fields_of(response) == {"contact"}
    assert not Interaction.objects.exists()


def test_list_filters_by_party_channel_direction_author_and_time(
    api_client: Clients, sales: User, manager: User, party: Party
) -> None:
    other = PartyFactory.create(name="别家")
    now = timezone.now()
    call = log(party, sales, channel="phone", direction="inbound", occurred_at=now - timedelta(days=1))
    mail = log(party, manager, channel="email", direction="outbound", occurred_at=now - timedelta(days=10))
    visit = log(other, sales, channel="visit", occurred_at=now - timedelta(days=3))
    client = api_client(sales)

    def ids(**params: Any) -> list[int]:
        response = client.get(URL, **params)
        assert response.status_code == 200, response.json()
        return [i["id"] for i in response.json()["items"]]

    assert ids() == [call.pk, visit.pk, mail.pk]
    assert ids(party=party.pk) == [call.pk, mail.pk]
    assert ids(channel="email") == [mail.pk]
    assert ids(direction="inbound") == [call.pk]
    assert ids(author=manager.pk) == [mail.pk]
    assert ids(since=(now - timedelta(days=5)).isoformat()) == [call.pk, visit.pk]
    assert ids(until=(now - timedelta(days=2)).isoformat()) == [visit.pk, mail.pk]
    assert "channel" in fields_of(client.get(URL, channel="pigeon"))
    assert "since" in fields_of(client.get(URL, since="soon"))


def test_list_does_not_query_per_row(
    api_client: Clients, sales: User, party: Party, django_assert_max_num_queries: Any
) -> None:
    contact = ContactFactory.create(party=party)
    for n in range(30):
        log(party, sales, subject=f"第{n}次", contact=contact, related=party)
    client = api_client(sales)

    with django_assert_max_num_queries(5):
        response = client.get(URL, limit=200)

    assert response.json()["count"] == 30
    assert response.json()["items"][0]["related_type"] == "parties.party"


def test_author_changes_only_the_fields_sent(api_client: Clients, sales: User, party: Party) -> None:
    interaction = log(party, sales, subject="原主题", body="原内容", direction="inbound")

    response = api_client(sales).patch(f"{URL}{interaction.pk}", {"subject": "新主题"})

    assert response.status_code == 200, response.json()
    interaction.refresh_from_db()
    assert (interaction.subject, interaction.body, interaction.direction) == ("新主题", "原内容", "inbound")


def test_patch_refuses_bad_input_and_keeps_the_row(api_client: Clients, sales: User, party: Party) -> None:
    interaction = log(party, sales, subject="原主题")
    stranger = ContactFactory.create(party=PartyFactory.create(name="别家"))
    client = api_client(sales)

    assert "channel" in fields_of(client.patch(f"{URL}{interaction.pk}", {"channel": "pigeon"}))
    assert "subject" in fields_of(client.patch(f"{URL}{interaction.pk}", {"subject": None}))
    assert "contact" in fields_of(client.patch(f"{URL}{interaction.pk}", {"contact": stranger.pk}))
    assert "party" in fields_of(client.patch(f"{URL}{interaction.pk}", {"party": 1}))
    interaction.refresh_from_db()
    assert (interaction.subject, interaction.channel, interaction.contact_id) == ("原主题", "phone", None)


def test_only_the_author_or_a_manager_changes_or_deletes(
    api_client: Clients, sales: User, manager: User, make_user: Callable[..., User], party: Party
) -> None:
    interaction = log(party, sales, subject="我的记录")
    colleague = api_client(make_user(Role.SALES))

    assert colleague.get(f"{URL}{interaction.pk}").status_code == 200
    assert colleague.patch(f"{URL}{interaction.pk}", {"subject": "被改了"}).status_code == 403
    assert colleague.delete(f"{URL}{interaction.pk}").status_code == 403
    interaction.refresh_from_db()
    assert interaction.subject == "我的记录"
    assert api_client(manager).delete(f"{URL}{interaction.pk}").status_code == 204
    assert not Interaction.objects.exists()


def test_read_only_user_reads_but_cannot_write(
    api_client: Clients, reader: User, sales: User, party: Party
) -> None:
    interaction = log(party, sales, subject="原样")
    client = api_client(reader)

    assert client.get(f"{URL}{interaction.pk}").status_code == 200
    assert client.post(URL, {"party": party.pk, "channel": "note", "subject": "偷偷记"}).status_code == 403
    assert client.patch(f"{URL}{interaction.pk}", {"subject": "改"}).status_code == 403
    assert client.delete(f"{URL}{interaction.pk}").status_code == 403
    interaction.refresh_from_db()
    assert interaction.subject == "原样" and Interaction.objects.count() == 1


def test_portal_users_see_no_interactions(
    api_client: Clients, make_user: Callable[..., User], sales: User, party: Party
) -> None:
    interaction = log(party, sales)
    user = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=user, party=party)
    client = api_client(user)

    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{interaction.pk}").status_code == 404
    assert client.delete(f"{URL}{interaction.pk}").status_code == 404
    assert client.post(URL, {"party": party.pk, "channel": "portal", "subject": "留言"}).status_code == 403
    assert Interaction.objects.count() == 1


def test_detail_404_and_non_numeric_id(api_client: Clients, reader: User) -> None:
    client = api_client(reader)

    assert client.get(f"{URL}999999").status_code == 404
    response = client.get(f"{URL}abc")
    assert response.status_code == 422 and "interaction_id" in fields_of(response)


def errors_of(response: Any) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"subject": "回访\u202e访回"}, ("subject", "control_character")),
        ({"subject": "回访\n第二行"}, ("subject", "control_character")),
        ({"body": "记" * (text.MAX_NOTES_CHARS + 1)}, ("body", "too_long")),
    ],
    ids=["bidi-override-in-subject", "line-break-in-subject", "body-over-the-limit"],
)
def test_text_out_of_bounds_is_refused_on_its_field(
    api_client: Clients, sales: User, party: Party, fields: dict[str, Any], expected: tuple[str, str]
) -> None:
    # Given an interaction on the party's timeline
    logged = log(party, sales)
    client = api_client(sales)
    # When a new one breaks the bounds on text, then the API answers 422 with the field and code
    response = client.post(URL, {"party": party.pk, "channel": "phone", "subject": "电话回访", **fields})
    assert response.status_code == 422, response.content
    assert errors_of(response) == {expected}
    assert Interaction.objects.count() == 1
    # When the logged one is changed the same way, then the same answer and it stays as it was
    response = client.patch(f"{URL}{logged.pk}", fields)
    assert response.status_code == 422, response.content
    assert errors_of(response) == {expected}
    logged.refresh_from_db()
    assert (logged.subject, logged.body) == ("电话回访", "")
