"""API v1 of the knowledge base: write, edit (a new version), publish, search and rate
articles; bad input answers a 4xx naming the field with a stable code."""

from __future__ import annotations

from typing import Any

import pytest

from catena.accounts.choices import Role
from catena.service.models import ArticleCategory
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/articles/"


def field_codes(response: Any) -> dict[str, str]:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def test_an_agent_writes_edits_publishes_and_finds_an_article(api_client: Any) -> None:
    category = ArticleCategory.objects.create(name="退货与换货", name_en="Returns", slug="returns")
    client = api_client(f.user())

    created = client.post(
        API,
        {"category": category.pk, "visibility": "public", "title_zh": "退货流程", "body_zh": "七天内退货。"},
    )
    assert created.status_code == 201, created.json()
    article = created.json()
    assert (
        article["number"].startswith("KB-") and article["status"] == "draft" and len(article["versions"]) == 1
    )
    url = f"{API}{article['id']}"
    edited = client.patch(
        url,
        {
            "body_zh": "三十天内退货。",
            "title_zh": "退货流程",
            "title_en": "Returns",
            "body_en": "Within 30 days.",
            "version": 1,
        },
    )
    assert edited.status_code == 200, edited.json()
    assert [(v["version"], v["language"]) for v in edited.json()["versions"]] == [
        (2, "en"),
        (2, "zh-hans"),
        (1, "zh-hans"),
    ]
    body_only = client.patch(url, {"body_en": "Within thirty days.", "version": 2})
    assert body_only.status_code == 200 and body_only.json()["texts"][1]["title"] == "Returns"
    published = client.post(f"{url}/status", {"status": "published", "version": 3})
    assert published.status_code == 200 and published.json()["status"] == "published"

    found = client.get(API, q="退货").json()
    assert found["count"] == 1 and found["items"][0]["rank"] > 0 and "退货" in found["items"][0]["snippet"]
    assert client.get(API, q="return").json()["count"] == 1
    assert client.get(API, category=category.pk).json()["count"] == 1
    rated = client.post(f"{url}/feedback", {"helpful": True, "comment": "清楚"})
    assert rated.status_code == 200 and rated.json()["helpful"] is True
    assert client.get(url).json()["helpful_count"] == 1


def test_bad_input_answers_4xx_with_codes(api_client: Any) -> None:
    client = api_client(f.user())

    empty = client.post(API, {})
    half = client.post(API, {"title_zh": "只有标题", "category": 999_999})
    unknown = client.post(API, {"title_zh": "标题", "body_zh": "正文", "colour": "red"})
    too_long = client.post(API, {"title_zh": "长" * 201, "body_zh": "正文"})
    draft = client.post(API, {"title_zh": "标题", "body_zh": "正文"}).json()

    assert empty.status_code == 422 and field_codes(empty) == {"title_zh": "article.text_required"}
    assert half.status_code == 422 and field_codes(half) == {"category": "article.unknown_category"}
    assert unknown.status_code == 422 and too_long.status_code == 422
    url = f"{API}{draft['id']}"
    again = client.post(f"{url}/status", {"status": "draft"})
    assert again.status_code == 422 and field_codes(again) == {"status": "article.transition_not_allowed"}
    stale = client.patch(url, {"body_zh": "新正文", "version": 7})
    assert stale.status_code == 409 and stale.json()["code"] == "article.stale_version"
    not_published = client.post(f"{url}/feedback", {"helpful": True})
    assert not_published.status_code == 422 and field_codes(not_published) == {
        "__all__": "article.not_published"
    }
    assert client.get(API, q="x" * 201).status_code == 422
    assert client.get(f"{API}999999").status_code == 404


def test_a_colleague_who_does_not_write_reads_but_cannot_write(api_client: Any) -> None:
    writer = api_client(f.user())
    draft = writer.post(API, {"title_zh": "草稿", "body_zh": "正文"}).json()
    client = api_client(f.user(Role.SALES))

    assert client.post(API, {"title_zh": "标题", "body_zh": "正文"}).status_code == 403
    assert client.get(f"{API}{draft['id']}").status_code == 404
    assert client.get(API).json()["count"] == 0


def test_a_search_page_reads_a_fixed_number_of_statements(api_client: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent = f.user()
    client = api_client(agent)
    for n in range(2):
        client.post(
            API, {"title_zh": f"退货流程{n}", "body_zh": "退货说明", "title_en": "Returns", "body_en": "How"}
        )
    with CaptureQueriesContext(connection) as few:
        assert client.get(API, q="退货").json()["count"] == 2
    for n in range(6):
        client.post(
            API, {"title_zh": f"退货说明{n}", "body_zh": "退货说明", "title_en": "Returns", "body_en": "How"}
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(API, q="退货").json()["count"] == 8

    assert len(many) == len(few)
