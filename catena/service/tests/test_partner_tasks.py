"""The responsible partner on the clock: suggested from the case's links, asked with the response
time of its contract, answering in its portal with evidence, its outcome recorded; the customer
never sees the hand-off, and no partner sees another's task."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.core import access, events
from catena.fulfilment import services as fulfilment
from catena.fulfilment.tests.scenario import Chain, build_chain, portal_user, stock_order
from catena.parties.choices import RelationshipKind
from catena.parties.models import Contract, Relationship
from catena.service.models import Case, PartnerTask, SlaClock
from catena.service.services import clocks, open_case, partners
from catena.service.tests import factories as f
from catena.workspace.models import Notification

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def chain() -> Chain:
    return build_chain()


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return f.user(Role.SERVICE, email="agent@example.com")


def damaged_delivery(chain: Chain, agent) -> Case:  # type: ignore[no-untyped-def]
    order = stock_order(chain)
    shipment = fulfilment.create_shipment(
        order, actor=chain.logistics, carrier=chain.carrier, tracking_number="SF42"
    )
    return open_case(
        chain.customer,
        actor=agent,
        case_type="claim",
        subject="外箱破损",
        body="三件外壳破裂。",
        order=order,
        shipment=shipment,
    )


def contract(partner, customer, kind, hours):  # type: ignore[no-untyped-def]
    link, _new = Relationship.objects.get_or_create(from_party=partner, to_party=customer, kind=kind)
    return Contract.objects.update_or_create(relationship=link, defaults={"response_hours": hours})[0]


def test_the_carrier_of_the_shipment_is_suggested_first_for_a_damage_claim(chain: Chain, agent) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)

    suggestions = partners.suggest_partners(case)

    assert suggestions[0].partner == chain.carrier and suggestions[0].role == "carrier"
    assert suggestions[0].shipment == case.shipment
    assert case.shipment.number in suggestions[0].reason
    assert chain.other_carrier not in [s.partner for s in suggestions]


def test_the_task_runs_on_the_contracts_response_time_and_the_case_waits_on_the_partner(
    chain: Chain, agent
) -> None:  # type: ignore[no-untyped-def]
    contract(chain.carrier, chain.customer, RelationshipKind.SHIPS_FOR, 4)
    case = damaged_delivery(chain, agent)
    case.refresh_from_db()
    with time_machine.travel(at(9, 30, 16), tick=False):  # the eve of National Day
        task = partners.open_partner_task(
            case,
            chain.carrier,
            actor=agent,
            partner_role="carrier",
            request="请说明破损原因",
            shipment=case.shipment,
        )

    assert task.number.startswith("PT-") and task.response_minutes == 240
    # 16–18 on 30 September, then 9–11 on 9 October after the holiday
    assert task.due_at == at(10, 9, 11)
    case.refresh_from_db()
    assert case.status == "waiting_on_partner"


def test_without_a_contract_the_partner_has_two_working_days(chain: Chain, agent) -> None:  # type: ignore[no-untyped-def]
    Contract.objects.filter(relationship__from_party=chain.carrier).update(response_hours=None)
    case = damaged_delivery(chain, agent)
    task = partners.open_partner_task(
        case, chain.carrier, actor=agent, partner_role="carrier", request="请说明"
    )
    assert task.response_minutes == partners.DEFAULT_RESPONSE_HOURS * 60 == 960


def test_bad_requests_are_refused_with_codes_and_nothing_is_written(chain: Chain, agent) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)

    def code(**kwargs) -> str:  # type: ignore[no-untyped-def]
        fields = {"partner_role": "carrier", "request": "请说明", **kwargs}
        partner = fields.pop("partner", chain.carrier)
        with pytest.raises(ValidationError) as caught:
            partners.open_partner_task(case, partner, actor=agent, **fields)
        return next(e.code for errors in caught.value.error_dict.values() for e in errors)

    assert code(partner=chain.customer) == "partner_task.not_a_partner"
    assert code(partner=chain.other_carrier, shipment=case.shipment) == "partner_task.link_other_partner"
    assert code(request="  ") == "required"
    assert code(partner_role="bank") == "invalid_choice"
    assert not PartnerTask.objects.exists()

    partners.open_partner_task(case, chain.carrier, actor=agent, partner_role="carrier", request="请说明")
    assert code() == "partner_task.already_open"
    assert PartnerTask.objects.count() == 1


def test_the_partner_answers_in_its_portal_with_evidence_and_the_case_comes_back(
    chain: Chain, agent, client: Client
) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)
    task = partners.open_partner_task(
        case, chain.carrier, actor=agent, partner_role="carrier", request="请说明破损原因"
    )
    carrier_user = portal_user(chain.carrier)
    client.force_login(carrier_user)

    listing = client.get(reverse("portal:partner_task_list"))
    assert task.number in listing.content.decode()
    page = client.get(reverse("portal:partner_task_detail", args=[task.pk]))
    assert "请说明破损原因" in page.content.decode()
    assert "三件外壳破裂" not in page.content.decode()  # the customer's own words stay with us

    refused = client.post(
        reverse("portal:partner_task_answer", args=[task.pk]), {"answer": "", "version": task.version}
    )
    assert refused.status_code == 422
    answered = client.post(
        reverse("portal:partner_task_answer", args=[task.pk]),
        {"stance": "accepted", "answer": "装卸时跌落，我方承担。", "version": task.version},
    )
    assert answered.status_code == 302
    upload = SimpleUploadedFile("破损照片.png", PNG, content_type="image/png")
    assert (
        client.post(reverse("portal:partner_task_evidence", args=[task.pk]), {"file": upload}).status_code
        == 302
    )
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert (
        client.post(reverse("portal:partner_task_evidence", args=[task.pk]), {"file": fake}).status_code
        == 422
    )

    task.refresh_from_db()
    assert (task.status, task.stance, task.answered_by) == ("answered", "accepted", carrier_user)
    assert not SlaClock.objects.for_record(task).open().exists()
    case.refresh_from_db()
    assert case.status == "open"
    (file,) = partners.evidence(task, agent)
    assert file.name == "破损照片.png"
    staff_page = Client()
    staff_page.force_login(agent)
    html = staff_page.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert "装卸时跌落" in html and "破损照片.png" in html


def test_no_other_party_sees_the_task(chain: Chain, agent, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)
    task = partners.open_partner_task(
        case, chain.carrier, actor=agent, partner_role="carrier", request="请说明"
    )
    for outsider in (portal_user(chain.other_carrier), f.portal_user(chain.customer)):
        client.force_login(outsider)
        assert client.get(reverse("portal:partner_task_detail", args=[task.pk])).status_code == 404
        answer = {"stance": "disputed", "answer": "不是我们", "version": task.version}
        assert client.post(reverse("portal:partner_task_answer", args=[task.pk]), answer).status_code == 404
        assert client.get(f"/api/v1/partner-tasks/{task.pk}").status_code == 404
        assert client.get("/api/v1/partner-tasks/").json()["count"] == 0
        assert not access.can(outsider, access.VIEW, task)
    # the customer's portal shows its case, never the task
    client.force_login(f.portal_user(chain.customer))
    assert task.number not in client.get(reverse("portal:case_detail", args=[case.pk])).content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_the_agent_records_the_outcome_and_a_closed_task_takes_nothing_more(chain: Chain, agent) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)
    task = partners.open_partner_task(
        case, chain.carrier, actor=agent, partner_role="carrier", request="请说明"
    )
    carrier_user = portal_user(chain.carrier)
    with pytest.raises(access.PermissionDenied):
        partners.close_partner_task(task, actor=carrier_user, outcome="not_responsible")
    with pytest.raises(ValidationError) as missing:
        partners.close_partner_task(task, actor=agent, outcome="")
    assert missing.value.error_dict["outcome"][0].code == "partner_task.outcome_required"

    task = partners.close_partner_task(task, actor=agent, outcome="responsible", note="承运商全额赔付")

    assert task.status == "closed" and task.outcome == "responsible"
    with pytest.raises(ValidationError) as closed:
        partners.answer_partner_task(task, actor=carrier_user, stance="disputed", answer="补充说明")
    assert closed.value.code == "partner_task.closed"


def test_the_partner_is_mailed_and_its_overdue_answer_reaches_the_owner(chain: Chain, agent) -> None:  # type: ignore[no-untyped-def]
    Contract.objects.filter(relationship__from_party=chain.carrier).update(response_hours=None)
    carrier_user = portal_user(chain.carrier)
    carrier_user.email, carrier_user.language = "ops@carrier.example", "zh-hans"
    carrier_user.save()
    case = damaged_delivery(chain, agent)
    events.dispatch_pending()
    with time_machine.travel(at(9, 29, 9), tick=False):
        task = partners.open_partner_task(
            case, chain.carrier, actor=agent, partner_role="carrier", request="请说明"
        )
    events.dispatch_pending()
    (first,) = mail.outbox
    assert first.to == ["ops@carrier.example"] and task.number in first.subject
    assert reverse("portal:partner_task_detail", args=[task.pk]) in first.body
    assert "2025-09-30 18:00" in first.body  # 16 business hours: two working days

    assert clocks.sweep(at(9, 30, 18, 1)).breached == 1
    events.dispatch_pending()
    assert len(mail.outbox) == 2 and task.number in mail.outbox[1].subject
    assert Notification.objects.filter(event_name="partner_task.sla_breached", recipient=agent).exists()


def test_the_api_opens_answers_and_closes_a_task(chain: Chain, agent, client: Client) -> None:  # type: ignore[no-untyped-def]
    case = damaged_delivery(chain, agent)
    client.force_login(agent)
    suggested = client.get(f"/api/v1/cases/{case.pk}/partner-suggestions").json()
    assert suggested[0]["partner"]["id"] == chain.carrier.pk

    bad = client.post(
        f"/api/v1/cases/{case.pk}/partner-tasks",
        {"partner": chain.customer.pk, "partner_role": "carrier", "request": "请说明"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "partner_task.not_a_partner" in bad.content.decode()
    made = client.post(
        f"/api/v1/cases/{case.pk}/partner-tasks",
        {
            "partner": chain.carrier.pk,
            "partner_role": "carrier",
            "request": "请说明",
            "shipment": case.shipment_id,
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    task = made.json()

    carrier = Client()
    carrier.force_login(portal_user(chain.carrier))
    answered = carrier.post(
        f"/api/v1/partner-tasks/{task['id']}/answer",
        {"stance": "disputed", "answer": "签收时无异常备注", "version": task["version"]},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["stance"] == "disputed"
    stale = carrier.post(
        f"/api/v1/partner-tasks/{task['id']}/answer",
        {"stance": "disputed", "answer": "again", "version": task["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert carrier.post(
        f"/api/v1/partner-tasks/{task['id']}/close", {"outcome": "shared"}, content_type="application/json"
    ).status_code in (403, 404)

    closed = client.post(
        f"/api/v1/partner-tasks/{task['id']}/close", {"outcome": "shared"}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_case_page_reads_its_partner_tasks_in_a_fixed_number_of_queries(
    chain: Chain,
    agent,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    from catena.service import selectors

    case = damaged_delivery(chain, agent)
    for carrier in (chain.carrier, chain.other_carrier):
        partners.open_partner_task(case, carrier, actor=agent, partner_role="carrier", request="请说明")
    ContentType.objects.get_for_model(PartnerTask)  # cached for the process, as on a running site

    with django_assert_max_num_queries(3):
        rows = selectors.case_partner_tasks(agent, case)

    assert [row.task.partner for row in rows] == [chain.other_carrier, chain.carrier]
    assert all(row.clock is not None and row.evidence == [] for row in rows)
