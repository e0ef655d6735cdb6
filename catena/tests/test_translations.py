"""The Simplified Chinese translation is complete, compiled, and what a Chinese browser gets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from catena.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
GETTEXT_TOOLS = ("msgfmt", "xgettext", "msgmerge")


# The names makemessages hands xgettext as keywords; under any other name (``gettext_lazy as
# _lazy``) a string is neither extracted nor missed by the completeness check, and stays English.
EXTRACTED_NAMES = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
    "pgettext_lazy", "npgettext", "npgettext_lazy",
}  # fmt: skip


def test_translation_functions_are_imported_under_names_the_extraction_knows() -> None:
    import ast

    wrong = []
    for path in (ROOT / "catena").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                wrong += [
                    f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.asname and alias.asname not in EXTRACTED_NAMES
                ]

    assert not wrong, wrong


def test_every_string_has_a_compiled_chinese_translation() -> None:
    # Given the gettext tools (CI installs them; a developer without them is told, not failed)
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing)}): apt-get install gettext")

    # When the check extracts every translatable string from the code and templates
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    # Then each has a zh-Hans translation and django.mo holds exactly those translations
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_chinese_browser_gets_the_pages_in_chinese(
    logged_in: Callable[[User], Client], manager: User
) -> None:
    # Given a user whose browser asks for Simplified Chinese
    client = logged_in(manager)

    # When they open the dashboard and the product form
    home = client.get("/", headers={"accept-language": "zh-hans"}).content.decode()
    product_form = client.get("/products/new/", headers={"accept-language": "zh-hans"}).content.decode()

    # Then menus, headings and form labels are in Chinese, with the CRM's own vocabulary
    assert '<html lang="zh-hans"' in home
    assert "仪表盘" in home and "往来单位" in home and "Dashboard" not in home
    assert "标准成本" in product_form and "标价" in product_form
    assert "Standard cost" not in product_form


def test_the_language_cookie_switches_back_to_english(
    logged_in: Callable[[User], Client], manager: User
) -> None:
    # Given a Chinese browser whose user chose English
    client = logged_in(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # When they open the dashboard
    home = client.get("/", headers={"accept-language": "zh-hans"}).content.decode()

    # Then it is in English
    assert "Dashboard" in home and "仪表盘" not in home


# Words that carry two meanings on our pages. Each meaning has its own context, so one Chinese
# word can no longer serve both (the printed quote's addressee read "截止日期", a deadline).
TWO_MEANINGS = {
    ("recipient", "To"): "致",
    ("date range", "To"): "至",
    ("date range", "From"): "从",
    ("document number", "Number"): "单号",
    ("field type", "Number"): "数字",
    ("API key", "Key"): "密钥",
    ("account tier", "Key"): "重点",
    ("order status", "Open"): "进行中",
    ("activity status", "Open"): "待办",
    ("purchase order filter", "Open"): "未完成",
    ("order status", "Closed"): "已关闭",
    ("date a deal was closed", "Closed"): "结束日期",
    ("expected close date", "Close"): "预计成交",
    ("goods received", "Received"): "已收货",
    ("work order status", "Planned"): "已计划",
    ("shipment status", "Planned"): "待提货",
    ("HTTP status", "Code"): "状态码",
    ("contract number", "No."): "合同号",
}
# The meaning a word has where it is used without a context: the other meanings above have one.
BARE_MEANINGS = {
    "Received": "已接收",
    "Closed": "已关闭",
    "Planned": "计划",
    "Code": "代码",
    "owner": "负责人",
}


def test_words_with_two_meanings_are_translated_by_context() -> None:
    catalogue = polib.pofile(str(ROOT / "catena" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    bare = {entry.msgid for entry in catalogue if not entry.msgctxt}

    # no page uses these words without saying which meaning it wants, unless the bare word has
    # one meaning of its own (an order's stage "Received", not the goods received)
    assert not bare & {msgid for _context, msgid in TWO_MEANINGS} - set(BARE_MEANINGS)
    with translation.override("zh-hans"):
        assert {key: translation.pgettext(*key) for key in TWO_MEANINGS} == TWO_MEANINGS
        assert {word: translation.gettext(word) for word in BARE_MEANINGS} == BARE_MEANINGS


def test_the_committed_catalogue_has_no_empty_or_fuzzy_entry() -> None:
    # The extraction check above finds strings the code uses; this one also catches an entry
    # left empty or fuzzy in the file itself (which Django would show in English).
    catalogue = polib.pofile(str(ROOT / "catena" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    empty = [entry.msgid for entry in catalogue if not entry.translated()]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    obsolete = [entry.msgid for entry in catalogue.obsolete_entries()]

    assert (empty, fuzzy, obsolete) == ([], [], [])


def test_units_and_durations_read_naturally_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Weight (kg)") == "重量（千克）"
        assert translation.ngettext("%(num)d month", "%(num)d months", 8) % {"num": 8} == "8 个月"
