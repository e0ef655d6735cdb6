"""The customer's service requests in the portal: its own party's cases only, replies without our
internal notes, opening a case and replying; another party's case is a 404 however it is asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from catena.service.choices import CaseChannel, MessageSender
from catena.service.models import Case
from catena.service.services import add_note, add_reply
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, Any]:
    agent = f.user()
    mine, theirs = f.customer(), f.customer()
    own = f.case(mine, actor=agent, subject="我的工单")
    add_reply(own, "我们正在处理。", actor=agent)
    add_note(own, "内部备注：承运商责任", actor=agent)
    other = f.case(theirs, actor=agent, subject="别人的工单")
    return {"agent": agent, "mine": mine, "own": own, "other": other, "customer": f.portal_user(mine)}


def test_the_list_shows_only_the_partys_cases(client: Any, setting: dict[str, Any]) -> None:
    client.force_login(setting["customer"])

    page = client.get(reverse("portal:case_list"))

    assert page.status_code == 200
    assert list(page.context["page_obj"]) == [setting["own"]]
    assert "别人的工单" not in page.content.decode()


def test_a_case_shows_the_replies_but_never_the_notes(client: Any, setting: dict[str, Any]) -> None:
    client.force_login(setting["customer"])

    page = client.get(reverse("portal:case_detail", args=[setting["own"].pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "我们正在处理。" in body and "内部备注" not in body and "承运商责任" not in body
    assert setting["agent"].username not in body


def test_another_partys_case_is_not_found(client: Any, setting: dict[str, Any]) -> None:
    client.force_login(setting["customer"])
    other = setting["other"].pk

    assert client.get(reverse("portal:case_detail", args=[other])).status_code == 404
    assert client.post(reverse("portal:case_reply", args=[other]), {"body": "hi"}).status_code == 404
    assert not setting["other"].messages.filter(body="hi").exists()


def test_the_customer_opens_a_case_and_replies(client: Any, setting: dict[str, Any]) -> None:
    client.force_login(setting["customer"])

    assert client.get(reverse("portal:case_create")).status_code == 200
    bad = client.post(reverse("portal:case_create"), {"case_type": "complaint", "subject": "", "body": ""})
    assert bad.status_code == 422
    response = client.post(
        reverse("portal:case_create"),
        {"case_type": "return_request", "subject": "退货", "body": "型号发错了"},
    )

    case = Case.objects.get(subject="退货")
    assert (
        response.status_code == 302 and case.party == setting["mine"] and case.channel == CaseChannel.PORTAL
    )
    assert case.owner == setting["agent"]
    client.post(reverse("portal:case_reply", args=[case.pk]), {"body": "照片见附件"})
    assert case.messages.filter(sender=MessageSender.CUSTOMER, body="照片见附件").exists()


def test_staff_are_sent_to_their_own_pages(client: Any, setting: dict[str, Any]) -> None:
    client.force_login(setting["agent"])

    assert client.get(reverse("portal:case_list")).status_code == 302


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_customer_adds_photos_to_its_case_and_nobody_else_can(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catena.accounts.choices import Role
    from catena.workspace.models import Attachment

    agent = f.user(Role.SERVICE)
    party = f.customer()
    customer = f.portal_user(party)
    case = f.case(party, actor=customer, channel="portal")
    client.force_login(customer)
    url = reverse("portal:case_file", args=[case.pk])

    sent = client.post(url, {"file": SimpleUploadedFile("破损.png", PNG, content_type="image/png")})
    fake = client.post(
        url, {"file": SimpleUploadedFile("报告.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")}
    )

    assert sent.status_code == 302 and fake.status_code == 422
    (photo,) = Attachment.objects.on(case)
    assert photo.name == "破损.png" and photo.shared_with_portal and photo.uploaded_by == customer
    assert "破损.png" in client.get(reverse("portal:case_detail", args=[case.pk])).content.decode()
    client.force_login(agent)
    assert client.get(reverse("workspace:attachment_download", args=[photo.pk])).status_code == 200

    stranger = f.portal_user(f.customer())
    client.force_login(stranger)
    other = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    assert client.post(url, {"file": other}).status_code == 404
    assert client.get(reverse("workspace:attachment_download", args=[photo.pk])).status_code == 404
    assert Attachment.objects.on(case).count() == 1
