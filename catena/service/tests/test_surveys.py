"""Customer surveys: the CSAT survey a resolved case sends (once), the public one-click answer
page (once, until it expires; GETs record nothing), the follow-up case of a low score, the NPS
sweep (once per period), the staff pages, the portal and the API, cross-party refusals."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.core import events
from catena.service.choices import CaseStatus, CaseType, SurveyKind
from catena.service.models import Case, Survey
from catena.service.services import change_status, merge
from catena.service.services.surveys import send_nps
from catena.service.tests import factories as f
from catena.workspace.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent() -> Any:
    return f.user(first_name="芳", last_name="王")


@pytest.fixture
def customer() -> Any:
    return f.customer(name="华东机电")


@pytest.fixture
def buyer(customer: Any) -> Any:
    return f.portal_user(customer, email="buyer@huadong.example", language="zh-hans")


def resolve(case: Case, agent: Any) -> Case:
    resolved = change_status(
        case, CaseStatus.RESOLVED, actor=agent, root_cause="carrier", resolution="补发了新货"
    )
    events.dispatch_pending()
    return resolved


def link_of(message: Any, score: int | None = None) -> str:
    urls = re.findall(r"https?://\S+", message.body)
    url = next(u for u in urls if score is None or u.endswith(f"?score={score}"))
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def resolved(agent: Any, customer: Any, buyer: Any) -> tuple[Case, str]:
    case = f.case(customer, actor=agent, language="zh-hans")
    mail.outbox.clear()
    resolve(case, agent)
    (message,) = mail.outbox
    return case, link_of(message, 4)


def test_resolving_a_case_emails_exactly_one_csat_survey_in_the_case_language(
    agent: Any, resolved: tuple[Case, str], buyer: Any
) -> None:
    case, link = resolved
    (message,) = mail.outbox
    assert message.to == ["buyer@huadong.example"]
    assert case.number in message.subject and "?score=1" in message.body and "?score=5" in message.body
    assert "满意" in message.body
    survey = Survey.objects.get(case=case)
    assert survey.kind == SurveyKind.CSAT and survey.language == "zh-hans"
    assert link.split("/")[2] not in survey.token_hash  # only the hash is stored

    # reopened and resolved again: no second survey
    change_status(case, CaseStatus.OPEN, actor=agent)
    resolve(Case.objects.get(pk=case.pk), agent)
    assert len(mail.outbox) == 1 and Survey.objects.filter(case=case).count() == 1
    assert event_names() >= {"survey.sent"}


def event_names() -> set[str]:
    from catena.core.models import Event

    return set(Event.objects.values_list("name", flat=True))


def test_a_merged_duplicate_gets_no_survey(agent: Any, customer: Any, buyer: Any) -> None:
    survivor = f.case(customer, actor=agent)
    duplicate = f.case(customer, actor=agent)
    merge(duplicate, survivor, actor=agent)
    events.dispatch_pending()
    assert not Survey.objects.filter(case=duplicate).exists()


def test_get_on_the_link_records_nothing_and_preselects_the_score(resolved: tuple[Case, str]) -> None:
    case, link = resolved
    response = Client().get(link)
    assert response.status_code == 200
    assert (
        case.number in response.content.decode() and 'value="4" required checked' in response.content.decode()
    )
    assert response["Referrer-Policy"] == "no-referrer"
    assert Survey.objects.get(case=case).answered_at is None


def test_the_link_answers_once_then_thanks(resolved: tuple[Case, str]) -> None:
    case, link = resolved
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(link, {"score": 4, "comment": "很快", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "survey-thanks" in response.content.decode()
    survey = Survey.objects.get(case=case)
    assert (survey.score, survey.comment, survey.channel) == (4, "很快", "email")
    assert survey.follow_up_case is None

    again = client.post(link, {"score": 1, "csrfmiddlewaretoken": token})
    assert again.status_code == 200 and "survey-already" in again.content.decode()
    assert Survey.objects.get(case=case).score == 4


def test_an_expired_link_is_refused(resolved: tuple[Case, str]) -> None:
    case, link = resolved
    Survey.objects.filter(case=case).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(link, {"score": 5})
    assert response.status_code == 410 and "survey-expired" in response.content.decode()
    assert Client().get(link).status_code == 410
    assert Survey.objects.get(case=case).answered_at is None


def test_a_tampered_token_is_a_404(resolved: tuple[Case, str]) -> None:
    _case, link = resolved
    tampered = link.replace(link.split("/")[2], link.split("/")[2][:-2] + "xx")
    assert Client().get(tampered).status_code == 404
    assert Client().post(tampered, {"score": 5}).status_code == 404


def test_a_score_out_of_range_is_refused(resolved: tuple[Case, str]) -> None:
    case, link = resolved
    response = Client().post(link, {"score": 9})
    assert response.status_code == 422 and "1" in response.content.decode()
    assert Client().post(link, {"score": "x"}).status_code == 422
    assert Survey.objects.get(case=case).answered_at is None


def test_a_low_score_opens_a_follow_up_case_and_tells_the_owner(
    agent: Any, resolved: tuple[Case, str]
) -> None:
    case, link = resolved
    response = Client().post(link, {"score": 1, "comment": "太慢了"})
    assert response.status_code == 200
    events.dispatch_pending()
    survey = Survey.objects.select_related("follow_up_case").get(case=case)
    follow_up = survey.follow_up_case
    assert follow_up is not None and follow_up.case_type == CaseType.COMPLAINT
    assert follow_up.party_id == case.party_id and case.number in follow_up.description
    assert follow_up.owner == agent
    assert Notification.objects.filter(event_name="survey.answered", recipient=agent).exists()


def test_nps_sweep_sends_at_most_once_per_period(customer: Any, buyer: Any, settings: Any) -> None:
    settings.CATENA_NPS_DAYS = 90
    other = f.customer(name="华南贸易")
    f.portal_user(other, email="ops@huanan.example", language="en")
    mail.outbox.clear()
    assert send_nps() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["buyer@huadong.example", "ops@huanan.example"]
    english = next(m for m in mail.outbox if m.to == ["ops@huanan.example"])
    assert "recommend" in english.subject and "?score=0" in english.body and "?score=10" in english.body
    assert send_nps() == 0
    assert send_nps(timezone.now() + timedelta(days=91)) == 2


def test_nps_detractor_opens_a_follow_up_case(customer: Any, buyer: Any, agent: Any) -> None:
    send_nps()
    (message,) = mail.outbox
    response = Client().post(link_of(message, 3), {"score": 3})
    assert response.status_code == 200
    assert Survey.objects.get(kind="nps").follow_up_case is not None


def test_staff_see_the_panel_the_list_and_the_party_card(
    agent: Any, resolved: tuple[Case, str], customer: Any
) -> None:
    case, link = resolved
    Client().post(link, {"score": 5, "comment": "满意"})
    client = Client()
    client.force_login(agent)
    page = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="survey-score"' in page and "满意" in page
    listing = client.get(reverse("service:survey_list"), {"kind": "csat"})
    assert listing.status_code == 200 and case.number in listing.content.decode()
    assert client.get(reverse("service:survey_list"), {"party": "x"}).status_code == 422
    one = client.get(reverse("service:survey_list"), {"party": customer.pk}).content.decode()
    assert 'data-testid="survey-party-filter"' in one and case.number in one
    party_page = client.get(reverse("parties:party_detail", args=[customer.pk])).content.decode()
    assert "5.0" in party_page


def test_the_portal_customer_answers_its_own_survey_and_not_another_partys(
    agent: Any, resolved: tuple[Case, str], buyer: Any
) -> None:
    case, _link = resolved
    survey = Survey.objects.get(case=case)
    client = Client()
    client.force_login(buyer)
    assert "survey-pending" in client.get(reverse("portal:home")).content.decode()
    assert "survey-pending" in client.get(reverse("portal:case_detail", args=[case.pk])).content.decode()

    stranger = f.portal_user(f.customer(name="别家"), email="x@other.example")
    other = Client()
    other.force_login(stranger)
    assert other.get(reverse("portal:survey_answer", args=[survey.pk])).status_code == 404
    assert other.post(reverse("portal:survey_answer", args=[survey.pk]), {"score": 1}).status_code == 404
    assert other.get(f"/api/v1/surveys/{survey.pk}").status_code == 404
    assert (
        other.post(
            f"/api/v1/surveys/{survey.pk}/answer", {"score": 1}, content_type="application/json"
        ).status_code
        == 404
    )
    assert other.get("/api/v1/surveys/").status_code == 403

    response = client.post(reverse("portal:survey_answer", args=[survey.pk]), {"score": 5})
    assert response.status_code == 200
    survey.refresh_from_db()
    assert survey.score == 5 and survey.channel == "portal"


def test_api_lists_and_filters_and_refuses_bad_answers(
    agent: Any, resolved: tuple[Case, str], buyer: Any
) -> None:
    case, link = resolved
    survey = Survey.objects.get(case=case)
    client = Client()
    client.force_login(buyer)
    bad = client.post(f"/api/v1/surveys/{survey.pk}/answer", {"score": 7}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "survey.score_out_of_range"
    ok = client.post(f"/api/v1/surveys/{survey.pk}/answer", {"score": 2}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["score"] == 2 and ok.json()["is_detractor"]
    again = client.post(f"/api/v1/surveys/{survey.pk}/answer", {"score": 5}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "survey.already_answered"

    staff = Client()
    staff.force_login(agent)
    found = staff.get("/api/v1/surveys/", {"detractor": "true", "kind": "csat"}).json()
    assert [item["id"] for item in found["items"]] == [survey.pk]
    assert staff.get("/api/v1/surveys/", {"detractor": "false"}).json()["count"] == 0
    assert staff.get("/api/v1/surveys/", {"kind": "bad"}).status_code == 422
    assert staff.get(f"/api/v1/surveys/{survey.pk}").json()["follow_up_case"]["number"].startswith("CS-")


def test_the_answer_page_speaks_the_surveys_language(agent: Any, customer: Any) -> None:
    f.portal_user(customer, email="en@huadong.example", language="en")
    case = f.case(customer, actor=agent, language="en")
    mail.outbox.clear()
    resolve(case, agent)
    (message,) = mail.outbox
    assert "How did we do" in message.subject
    english = Client().get(link_of(message)).content.decode()
    assert "Very satisfied" in english

    chinese_case = f.case(customer, actor=agent, language="zh-hans")
    mail.outbox.clear()
    resolve(chinese_case, agent)
    (chinese,) = mail.outbox
    page = Client().get(link_of(chinese)).content.decode()
    assert "非常满意" in page and "满意度调查" in page


def test_the_contact_of_the_case_is_asked_first(agent: Any, customer: Any, buyer: Any) -> None:
    from catena.parties.models import Contact, ContactPoint

    contact = Contact.objects.create(party=customer, name="李强")
    ContactPoint.objects.create(party=customer, contact=contact, kind="email", value="li@huadong.example")
    case = f.case(customer, actor=agent, contact=contact)
    mail.outbox.clear()
    resolve(case, agent)
    (message,) = mail.outbox
    assert message.to == ["li@huadong.example"]
    assert Survey.objects.get(case=case).contact == contact


def test_nps_skips_archived_customers_and_sends_in_limited_runs(customer: Any, buyer: Any) -> None:
    from django.core.management import call_command

    from catena.service.tasks import send_nps_surveys

    archived = f.customer(name="旧客户", status="archived")
    f.portal_user(archived, email="old@archived.example")
    for n in range(3):
        f.portal_user(f.customer(name=f"客户{n}"), email=f"p{n}@example.com")
    assert send_nps(limit=2) == 2
    assert send_nps_surveys() == 2  # the next run carries on
    out = io.StringIO()
    call_command("send_nps_surveys", stdout=out)
    assert "0" in out.getvalue()
    assert not Survey.objects.filter(party=archived).exists()
    assert Survey.objects.filter(kind="nps").count() == 4


def test_the_api_refuses_an_expired_survey_and_staff_answers(
    agent: Any, resolved: tuple[Case, str], buyer: Any
) -> None:
    case, _link = resolved
    survey = Survey.objects.get(case=case)
    staff = Client()
    staff.force_login(agent)
    refused = staff.post(f"/api/v1/surveys/{survey.pk}/answer", {"score": 5}, content_type="application/json")
    assert refused.status_code == 403

    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = Client()
    client.force_login(buyer)
    expired = client.post(
        f"/api/v1/surveys/{survey.pk}/answer", {"score": 5}, content_type="application/json"
    )
    assert expired.status_code == 410 and expired.json()["code"] == "survey.expired"
    portal_view = client.get(f"/api/v1/surveys/{survey.pk}").json()
    assert portal_view["email"] == "" and portal_view["follow_up_case"] is None  # staff-only fields


def test_many_unknown_tokens_from_one_address_are_refused_for_a_while(resolved: tuple[Case, str]) -> None:
    from django.core.cache import cache

    _case, link = resolved
    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(30):
        assert client.get(f"/s/guess-{n}/").status_code == 404
    assert client.get(link).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get(link).status_code == 200
    cache.clear()


def test_the_survey_list_and_api_read_in_a_fixed_number_of_queries(
    agent: Any, customer: Any, buyer: Any, django_assert_max_num_queries: Any
) -> None:
    for _n in range(3):
        f.portal_user(f.customer(), email=f"c{_n}@example.com")
    send_nps()
    client = Client()
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("service:survey_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/surveys/").json()["count"] == 4
