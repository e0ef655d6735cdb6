"""Search finds parties by any part of their name, contacts, phones and e-mails."""

from __future__ import annotations

import pytest

from catena.parties import services
from catena.parties.search import search_document
from catena.parties.selectors import PartyFilter, party_list

pytestmark = pytest.mark.django_db


def found(user, q: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(party_list(user, PartyFilter(q=q)).values_list("name", flat=True))


def test_two_chinese_characters_find_every_party_containing_them(sales) -> None:  # type: ignore[no-untyped-def]
    services.create_party(actor=sales, name="深圳华达电子有限公司")
    services.create_party(actor=sales, name="华达物流（上海）有限公司")
    services.create_party(actor=sales, name="华南达通贸易公司", contacts=[{"name": "陈华达"}])

    assert found(sales, "华达") == {"深圳华达电子有限公司", "华达物流（上海）有限公司", "华南达通贸易公司"}
    assert found(sales, "达电") == {"深圳华达电子有限公司"}
    assert found(sales, "电子有限") == {"深圳华达电子有限公司"}


def test_two_character_search_does_not_match_characters_that_are_apart(sales) -> None:  # type: ignore[no-untyped-def]
    services.create_party(actor=sales, name="华南达通贸易公司")

    assert found(sales, "南通") == set()
    assert found(sales, "华通") == set()


def test_search_by_phone_fragment_email_and_code(sales) -> None:  # type: ignore[no-untyped-def]
    services.create_party(
        actor=sales,
        name="杭州西湖茶业有限公司",
        uscc="91110000600037341L",
        contact_points=[
            {"kind": "mobile", "value": "13957123456"},
            {"kind": "email", "value": "Tea@XiHu.cn"},
        ],
    )

    for query in ("5712345", "tea@xihu", "TEA@XIHU.CN", "91110000600037341l", "  西湖  "):
        assert found(sales, query) == {"杭州西湖茶业有限公司"}, query


def test_search_document_lists_each_character_pair_once() -> None:
    assert search_document(["华达华达", None, "", "ABC"]) == "华达华达 abc | 华达 达华 hdhd huadahuada "
    assert search_document(["Acme Ltd", "+8613800138000"]) == "acme ltd +8613800138000"
