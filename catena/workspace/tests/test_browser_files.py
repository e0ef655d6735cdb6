"""In headless Chromium, as users do it: a salesperson attaches a contract PDF to a party and
downloads it again (Chinese, desktop); a colleague comments with an @mention picked from the
suggestions (English, on a 390 px phone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.conftest import chromium_page
from catena.parties.tests.factories import PartyFactory
from catena.workspace.models import Attachment, Comment
from catena.workspace.tests.conftest import PDF, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-Catena-2026"


@pytest.fixture
def desktop_zh(live_server: Any) -> Iterator[Any]:
    """A zh-CN desktop page that fails the test on a JavaScript error."""
    with chromium_page(
        accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900}
    ) as page:
        yield page


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_a_contract_pdf_is_attached_to_a_party_and_downloaded(
    desktop_zh: Any, live_server: Any, tmp_path: Path
) -> None:
    page = desktop_zh
    person(Role.SALES, "lihua")
    party = PartyFactory(name="杭州西湖供应链管理有限公司")
    sign_in(page, live_server.url, "lihua")

    page.goto(f"{live_server.url}/parties/{party.pk}/")
    page.locator("nav.tabs a", has_text="文件").click()  # the party's files are a tab of its page
    panel = page.locator("[data-testid=files-panel]")
    panel.wait_for()
    assert panel.locator("h2").inner_text().startswith("文件")
    # a program named .pdf is refused on the form, with its reason
    panel.locator("input[type=file]").set_input_files(
        {"name": "合同.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 200}
    )
    panel.locator("button[type=submit]").click()
    page.locator("[data-testid=files-panel] [data-code='attachment.type_mismatch']").wait_for()
    assert Attachment.objects.count() == 0

    panel = page.locator("[data-testid=files-panel]")
    panel.locator("input[type=file]").set_input_files(
        {"name": "供货合同.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    panel.locator("button[type=submit]").click()
    link = page.locator("[data-testid=attachment-download]", has_text="供货合同.pdf")
    link.wait_for()

    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "供货合同.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
    assert Attachment.objects.get().uploaded_by.username == "lihua"


def test_a_comment_with_an_at_mention_is_posted_on_a_phone(phone: Any, live_server: Any) -> None:
    page = phone
    person(Role.SALES, "wangfang")
    person(Role.SALES, "lihua", email="li.hua@example.com", first_name="Hua", last_name="Li")
    party = PartyFactory(name="Shenzhen Bright Electronics")
    sign_in(page, live_server.url, "wangfang")

    page.goto(f"{live_server.url}/parties/{party.pk}/")
    box = page.locator("[data-testid=comments-panel] textarea[name=body]")
    box.scroll_into_view_if_needed()
    box.click()
    box.press_sequentially("Please confirm the delivery date @li")
    option = page.locator("[data-mention-list] [role=option]", has_text="@lihua")
    option.wait_for()
    box.press("Enter")
    assert box.input_value() == "Please confirm the delivery date @lihua "
    box.press_sequentially("today.")
    page.locator("[data-testid=comments-panel] button[type=submit]", has_text="Post comment").click()

    mention = page.locator("[data-testid=comments-panel] .comment-body a.mention")
    mention.wait_for()
    assert mention.inner_text() == "@lihua"
    assert mention.get_attribute("href") == "mailto:li.hua@example.com"
    comment = Comment.objects.get()
    assert comment.body == "Please confirm the delivery date @lihua today."
    assert [u.username for u in comment.mentions.all()] == ["lihua"]
    # the panel fits the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
