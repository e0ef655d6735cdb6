"""The knowledge base's use cases and search: Chinese two-character words found inside longer
text, English words, titles ranked above texts, versions kept on every edit, one feedback per
reader, publishing and archiving along the transition table."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.core.access import PermissionDenied
from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.service.knowledge import selectors
from catena.service.knowledge.search import document, ranked, terms, words
from catena.service.models import Article
from catena.service.services.knowledge import (
    archive_article,
    create_article,
    edit_article,
    publish_article,
    record_feedback,
)
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db


def article(actor: Any, *, publish: bool = True, **fields: Any) -> Article:
    created = create_article(actor=actor, **fields)
    return publish_article(created, actor=actor) if publish else created


def numbers(found: Any) -> list[str]:
    return [a.number for a in found]


def test_chinese_text_is_split_into_pairs_and_latin_words_kept() -> None:
    assert words("运输途中外箱破损 EDI-Connect") == [
        "运输", "输途", "途中", "中外", "外箱", "箱破", "破损", "edi", "connect",
    ]  # fmt: skip
    assert document(["退货", ""]) == " 退货 "
    assert [(t.word, t.is_prefix) for t in terms("破损 return 货")] == [
        ("破损", False), ("return", True), ("货", True),
    ]  # fmt: skip


def test_a_two_character_word_is_found_inside_longer_chinese_text() -> None:
    agent = f.user()
    damaged = article(agent, title_zh="运输破损如何索赔", body_zh="如果运输途中外箱破损，请拍照留证。")
    article(agent, title_zh="发票开具", body_zh="增值税专用发票在发货后三个工作日内开具。")

    assert numbers(ranked(Article.objects.all(), "破损")) == [damaged.number]
    assert numbers(ranked(Article.objects.all(), "外箱")) == [damaged.number]
    assert numbers(ranked(Article.objects.all(), "外箱破损")) == [damaged.number]
    assert numbers(ranked(Article.objects.all(), "箱损")) == []


def test_english_words_are_found_by_their_start_in_either_language() -> None:
    agent = f.user()
    returns = article(
        agent,
        title_en="Returns",
        body_en="Goods can be returned within 30 days.",
        title_zh="退货流程",
        body_zh="三十天内可退货。",
    )

    assert numbers(ranked(Article.objects.all(), "return")) == [returns.number]
    assert numbers(ranked(Article.objects.all(), "RETURNED goods")) == [returns.number]
    assert numbers(ranked(Article.objects.all(), "退货")) == [returns.number]
    assert numbers(ranked(Article.objects.all(), "refund")) == []


def test_a_match_in_the_title_ranks_above_one_in_the_text() -> None:
    agent = f.user()
    in_body = article(
        agent, title_zh="订单状态说明", body_zh="订单发货后可以查询物流。如需开具发票请联系我们。"
    )
    in_title = article(agent, title_zh="发票开具", body_zh="请在订单完成后申请。")

    assert numbers(ranked(Article.objects.all(), "发票")) == [in_title.number, in_body.number]


def test_suggestions_take_any_word_and_rank_the_closest_first() -> None:
    agent = f.user()
    damage = article(agent, title_zh="运输破损如何索赔", body_zh="外箱破损请拍照。", visibility="public")
    article(agent, title_zh="退货流程", body_zh="退货需要在三十天内申请。", visibility="public")
    article(agent, title_zh="内部：破损责任判定", body_zh="承运商破损。", visibility="internal")

    found = selectors.suggestions(agent, "我的货物在运输途中破损了", public_only=True)

    assert numbers(found)[:1] == [damage.number] and len(found) == 1


def test_each_edit_keeps_the_earlier_text_as_a_version() -> None:
    agent, editor = f.user(), f.user()
    created = article(agent, title_zh="退货流程", body_zh="七天内退货。", publish=False)

    edit_article(created, actor=editor, title_zh="退货流程", body_zh="三十天内退货。", expected_version=1)
    edit_article(created, actor=editor, title_en="Returns", body_en="Within 30 days.")
    edit_article(created, actor=editor, title_zh="退货流程", body_zh="三十天内退货。")  # no change

    created.refresh_from_db()
    rows = list(
        created.versions.order_by("number", "language").values_list("number", "language", "body", "author")
    )
    assert rows == [
        (1, "zh-hans", "七天内退货。", agent.pk),
        (2, "zh-hans", "三十天内退货。", editor.pk),
        (3, "en", "Within 30 days.", editor.pk),
    ]
    assert created.current_zh.body == "三十天内退货。" and created.current_en.title == "Returns"
    assert created.revision == 3 and created.version == 3
    assert numbers(ranked(Article.objects.all(), "七天")) == []
    assert numbers(ranked(Article.objects.all(), "三十")) == [created.number]


def test_a_stale_edit_is_refused_and_writes_nothing() -> None:
    agent = f.user()
    created = article(agent, title_zh="退货流程", body_zh="七天内退货。", publish=False)
    edit_article(created, actor=agent, title_zh="退货流程", body_zh="三十天内退货。")

    with pytest.raises(StaleVersion):
        edit_article(created, actor=agent, title_zh="退货", body_zh="十五天。", expected_version=1)
    assert created.versions.count() == 2


def test_bad_texts_are_refused_with_codes() -> None:
    agent = f.user()
    with pytest.raises(ValidationError) as empty:
        create_article(actor=agent)
    with pytest.raises(ValidationError) as halves:
        create_article(
            actor=agent, title_zh="只有标题", body_en="Only a text", title_en="", visibility="secret"
        )

    assert empty.value.error_dict["title_zh"][0].code == "article.text_required"
    codes = {k: [e.code for e in v] for k, v in halves.value.error_dict.items()}
    assert codes == {
        "body_zh": ["article.title_required"],
        "title_en": ["article.title_required"],
        "visibility": ["invalid_choice"],
    }
    assert not Article.objects.exists()


def test_publishing_and_archiving_follow_the_table_and_emit_events() -> None:
    agent = f.user()
    draft = article(agent, title_zh="EDI 接入", body_zh="支持 EDIFACT 报文。", publish=False)

    publish_article(draft, actor=agent)
    with pytest.raises(ValidationError) as again:
        publish_article(draft, actor=agent)
    archive_article(draft, actor=agent)

    assert again.value.error_dict["status"][0].code == "article.transition_not_allowed"
    assert list(
        Event.objects.filter(name__startswith="article.").values_list("name", flat=True).order_by("id")
    ) == [
        "article.published",
        "article.archived",
    ]
    draft.refresh_from_db()
    assert draft.status == "archived"


def test_only_the_service_desk_managers_and_administrators_write() -> None:
    with pytest.raises(PermissionDenied):
        create_article(actor=f.user(Role.SALES), title_zh="标题", body_zh="正文")
    for role in (Role.SERVICE, Role.MANAGER, Role.ADMINISTRATOR):
        create_article(actor=f.user(role), title_zh="标题", body_zh="正文")


def test_one_feedback_per_reader_the_second_replaces_the_first() -> None:
    agent = f.user()
    reader = f.portal_user(f.customer())
    public = article(agent, title_zh="退货流程", body_zh="三十天内退货。", visibility="public")

    record_feedback(public, actor=reader, is_helpful=True)
    record_feedback(public, actor=reader, is_helpful=False, comment="没有说运费谁付")
    record_feedback(public, actor=agent, is_helpful=True)

    public.refresh_from_db()
    assert (public.helpful_count, public.not_helpful_count) == (1, 1)
    assert public.feedback.count() == 2
    mine = public.feedback.get(user=reader)
    assert mine.is_helpful is False and mine.comment == "没有说运费谁付" and mine.party_id is not None


def test_a_portal_reader_cannot_give_feedback_on_what_it_cannot_read() -> None:
    agent = f.user()
    reader = f.portal_user(f.customer())
    internal = article(agent, title_zh="内部", body_zh="内部说明", visibility="internal")

    with pytest.raises(PermissionDenied):
        record_feedback(internal, actor=reader, is_helpful=True)
    assert not internal.feedback.exists()
