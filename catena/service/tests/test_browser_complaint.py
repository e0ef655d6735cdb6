"""A damaged delivery from complaint to survey in headless Chromium, in zh-Hans on a desktop and
in English on a phone: the customer complains in the portal and is told its case number and when
we answer; the agent asks the carrier, whose portal user answers and accepts responsibility; the
agent promises a replacement, takes the goods back under the return policy and has the refund
approved; the customer rates the resolution; the archive, the promise ledger and the service
dashboard show it all."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from catena.accounts.choices import Role
from catena.conftest import chromium_page
from catena.core import events
from catena.parties.models import PortalAccess
from catena.service.models import Case, PartnerTask, Promise, Refund, ReturnAuthorization, Survey
from catena.service.tests import factories as f
from catena.service.tests.returns_setup import shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = os.environ.get("CATENA_SCREENSHOTS", "")
SCREENS = {
    "zh-desktop": {"locale": "zh-CN", "viewport": {"width": 1366, "height": 900}},
    "en-phone": {"locale": "en", "viewport": {"width": 390, "height": 844}},
}
WORDS = {
    "zh-hans": {"waiting": "待合作方答复", "accepted": "承认责任", "kept": "已兑现", "ledger": "承诺台账"},
    "en": {
        "waiting": "Awaiting the partner",
        "accepted": "Accepts responsibility",
        "kept": "Kept",
        "ledger": "Promise ledger",
    },
}


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def shot(page: Any, name: str, screen: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{screen}.png", full_page=True)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_damaged_delivery_from_complaint_to_survey(live_server: Any, screen: str) -> None:
    language = "zh-hans" if screen.startswith("zh") else "en"
    words = WORDS[language]
    s = shop(threshold="1000")
    for user in (s.agent, s.manager):
        user.language = language
        user.save()
    f.portal_user(s.customer, username="buyer", language=language, email="buyer@example.com")
    carrier_user = f.user(Role.PORTAL_PARTNER, username="carrier", language=language, email="ops@example.com")
    PortalAccess.objects.create(user=carrier_user, party=s.carrier)
    base = live_server.url
    width = SCREENS[screen]["viewport"]["width"]

    # 1. the customer complains in the portal about the order that came damaged
    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "buyer")
        page.goto(f"{base}/portal/cases/new/")
        page.select_option("#id_case_type", "complaint")
        page.select_option("#id_order", str(s.order.pk))
        page.fill("#id_subject", "电热水壶外箱破损")
        page.fill("#id_body", "五台水壶外壳破裂，请处理。")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        case = Case.objects.get(case_type="complaint")
        acknowledgement = page.locator("[data-testid=conversation]").inner_text()
        assert case.number in acknowledgement and case.owner_id is not None
        assert case.shipment is not None and case.sla_due_at is not None
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, "complaint-portal", screen)

    # 2. the agent asks the carrier; 3. the carrier answers in its portal
    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, case.owner.username)
        page.goto(f"{base}/service/cases/{case.pk}/")
        page.click("[data-testid=ask-partner-open]")
        page.fill("#id_request", "客户反映到货破损，请说明运输过程。")
        with page.expect_navigation():
            page.click("[data-testid=ask-partner]")
        task = PartnerTask.objects.get()
        assert task.partner == s.carrier
        assert words["waiting"] in page.locator("[data-testid=partner-tasks]").inner_text()
    events.dispatch_pending()
    assert any(task.number in message.subject for message in mail.outbox)

    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "carrier")
        page.goto(f"{base}/portal/issues/")
        page.click(f"text={task.number}")
        page.locator("input[name=stance][value=accepted]").check(force=True)
        page.fill("#id_answer", "装卸时跌落，我方承担。")
        with page.expect_navigation():
            page.click("[data-testid=send-answer]")
        assert "装卸时跌落" in page.locator("[data-testid=task-answer]").inner_text()
        assert "五台水壶外壳破裂" not in page.content()  # the customer's words stay with us
        shot(page, "carrier-answer", screen)

    # 4. the agent promises a replacement, takes the goods back, resolves; the manager approves
    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, case.owner.username)
        page.goto(f"{base}/service/cases/{case.pk}/")
        assert words["accepted"] in page.locator("[data-testid=partner-tasks]").inner_text()
        page.click("[data-testid=promise-open]")
        page.fill("#id_text", "补发五台，周五前发出")
        due = timezone.localtime() + timedelta(days=3)
        page.fill("#id_due_at", due.strftime("%Y-%m-%dT%H:%M"))
        with page.expect_navigation():
            page.click("[data-testid=promise-make]")
        promise = Promise.objects.get()
        page.click("[data-testid=promise-keep]")
        page.wait_for_load_state()
        page.click("[data-testid=return-start]")
        page.fill("[data-testid=return-quantity]", "5")
        with page.expect_navigation():
            page.click("[data-testid=return-request]")
        rma = ReturnAuthorization.objects.get()
        with page.expect_navigation():
            page.click("[data-testid=rma-authorise]")
        with page.expect_navigation():
            page.click("[data-testid=rma-receive]")
        page.fill("#id_amount", "900")
        with page.expect_navigation():
            page.click("[data-testid=refund-propose]")
        refund = Refund.objects.get()
        with page.expect_navigation():
            page.click("[data-testid=refund-approve]")
        page.goto(f"{base}/service/cases/{case.pk}/")
        page.click("[data-testid=resolve-open]")
        page.select_option("#id_root_cause", "carrier")
        page.fill("#id_resolution", "承运商承担，已补发并退款。")
        with page.expect_navigation():
            page.click("[data-testid=resolve]")
        shot(page, "case-resolved", screen)
    refund.refresh_from_db()
    promise.refresh_from_db()
    assert promise.status == "kept" and refund.status == "approved" and refund.amount == 900
    assert rma.case_id == case.pk

    # 5. the customer rates the resolution from the portal
    events.dispatch_pending()
    survey = Survey.objects.get(case=case)
    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "buyer")
        page.goto(f"{base}/portal/surveys/{survey.pk}/")
        page.locator("input[name=score][value='5']").check(force=True)
        with page.expect_navigation():
            page.click("[data-testid=survey-submit]")
    survey.refresh_from_db()
    assert survey.score == 5

    # 6. the archive, the promise ledger and the dashboard show it
    with chromium_page(**SCREENS[screen]) as page:
        sign_in(page, base, "boss")
        page.goto(f"{base}/service/cases/?q={case.number}&status=")
        assert case.number in page.locator("main").inner_text()
        page.goto(f"{base}/service/promises/")
        ledger = page.locator("main").inner_text()
        assert words["ledger"] in ledger and "补发五台" in ledger
        page.goto(f"{base}/service/analytics/")
        assert page.locator("[data-testid=kpi-opened]").inner_text().strip()
        assert s.carrier.name in page.locator("[data-testid=by-carrier]").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        shot(page, "service-dashboard", screen)
