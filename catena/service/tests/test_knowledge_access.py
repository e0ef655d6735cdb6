"""Who reads what in the knowledge base, however it is asked: a portal customer meets only
published public articles (list, page, API, suggestions, search everywhere), staff read the
published ones, the service desk writes and reads every one; the pages work end to end."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from catena.accounts.choices import Role
from catena.service.models import Article
from catena.service.services.knowledge import archive_article, create_article, publish_article
from catena.service.tests import factories as f
from catena.workspace import search

pytestmark = pytest.mark.django_db
API = "/api/v1/articles/"


@pytest.fixture
def kb() -> dict[str, Any]:
    agent = f.user()

    def make(title: str, visibility: str, *, publish: bool = True) -> Article:
        article = create_article(
            actor=agent, title_zh=title, body_zh=f"{title}：运输途中外箱破损的处理。", visibility=visibility
        )
        return publish_article(article, actor=agent) if publish else article

    public = make("运输破损如何索赔", "public")
    internal = make("内部破损责任判定", "internal")
    draft = make("破损草稿", "public", publish=False)
    archived = archive_article(make("旧版破损说明", "public"), actor=agent)
    customer = f.portal_user(f.customer())
    return {
        "agent": agent,
        "public": public,
        "internal": internal,
        "draft": draft,
        "archived": archived,
        "customer": customer,
    }


def test_the_portal_list_and_search_show_only_published_public_articles(
    client: Any, kb: dict[str, Any]
) -> None:
    client.force_login(kb["customer"])

    listing = client.get(reverse("portal:help_list"))
    searched = client.get(reverse("portal:help_list"), {"q": "破损"})

    for page in (listing, searched):
        assert page.status_code == 200
        assert [hit.article for hit in page.context["hits"]] == [kb["public"]]
        body = page.content.decode()
        assert "内部破损" not in body and "破损草稿" not in body and "旧版破损" not in body
    assert "<mark>破损</mark>" in searched.content.decode()


def test_the_portal_answers_404_for_an_internal_draft_or_archived_article(
    client: Any, kb: dict[str, Any]
) -> None:
    client.force_login(kb["customer"])

    assert client.get(reverse("portal:help_article", args=[kb["public"].pk])).status_code == 200
    for hidden in ("internal", "draft", "archived"):
        pk = kb[hidden].pk
        assert client.get(reverse("portal:help_article", args=[pk])).status_code == 404
        assert client.post(reverse("portal:help_feedback", args=[pk]), {"helpful": "yes"}).status_code == 404
    assert not kb["internal"].feedback.exists()


def test_the_api_gives_a_portal_user_only_published_public_articles(
    api_client: Any, kb: dict[str, Any]
) -> None:
    client = api_client(kb["customer"])

    listing = client.get(API, q="破损")

    assert listing.status_code == 200
    assert [item["number"] for item in listing.json()["items"]] == [kb["public"].number]
    item = listing.json()["items"][0]
    assert item["helpful_count"] is None and "破损" in item["snippet"] and "texts" not in item
    detail = client.get(f"{API}{kb['public'].pk}").json()
    assert [v["author_name"] for v in detail["versions"]] == [""] and detail["versions"][0]["title"]
    for hidden in ("internal", "draft", "archived"):
        assert client.get(f"{API}{kb[hidden].pk}").status_code == 404
        assert client.post(f"{API}{kb[hidden].pk}/feedback", {"helpful": True}).status_code == 404
    assert client.post(API, {"title_zh": "标题", "body_zh": "正文"}).status_code == 403


def test_suggestions_for_a_customer_leave_out_internal_articles(client: Any, kb: dict[str, Any]) -> None:
    client.force_login(kb["customer"])

    found = client.get(reverse("portal:help_suggestions"), {"subject": "货物破损", "body": "外箱破损了"})

    body = found.content.decode()
    assert found.status_code == 200 and "运输破损如何索赔" in body
    assert "内部破损" not in body and "破损草稿" not in body
    assert client.get(reverse("service:article_suggestions"), {"q": "破损"}).status_code != 200


def test_search_everywhere_finds_for_a_customer_only_public_articles(
    api_client: Any, kb: dict[str, Any]
) -> None:
    groups = search.search(kb["customer"], "破损", only=["article"])
    answer = api_client(kb["customer"]).get("/api/v1/search", q="破损", kinds="article")

    assert [r.title for g in groups for r in g.results] == [f"{kb['public'].number} 运输破损如何索赔"]
    assert groups[0].results[0].url == reverse("portal:help_article", args=[kb["public"].pk])
    assert answer.status_code == 200
    assert [r["title"] for g in answer.json()["groups"] for r in g["results"]] == [
        f"{kb['public'].number} 运输破损如何索赔"
    ]


def test_staff_read_published_articles_and_writers_every_one(kb: dict[str, Any]) -> None:
    sales = f.user(Role.SALES)

    staff_found = {
        r.title.split()[0] for g in search.search(sales, "破损", only=["article"]) for r in g.results
    }
    writer_found = {
        r.title.split()[0]
        for g in search.search(kb["agent"], "破损", only=["article"], limit=10)
        for r in g.results
    }

    assert staff_found == {kb["public"].number, kb["internal"].number}
    assert writer_found == {kb[k].number for k in ("public", "internal", "draft", "archived")}
    by_number = search.search(sales, kb["internal"].number, only=["article"])
    assert by_number[0].results[0].url == reverse("service:article_detail", args=[kb["internal"].pk])


def test_an_agent_writes_edits_and_publishes_an_article_on_the_pages(client: Any) -> None:
    agent = f.user()
    client.force_login(agent)

    created = client.post(
        reverse("service:article_create"),
        {
            "visibility": "public",
            "title_zh": "发票开具",
            "body_zh": "发货后三个工作日内开具。",
            "title_en": "",
            "body_en": "",
        },
    )
    article = Article.objects.get()
    assert created.status_code == 302 and article.status == "draft"
    edited = client.post(
        reverse("service:article_edit", args=[article.pk]),
        {"visibility": "public", "version": 1, "title_zh": "发票开具", "body_zh": "发货后两个工作日内开具。",
         "title_en": "Invoices", "body_en": "Issued within two working days."},
    )  # fmt: skip
    assert edited.status_code == 302
    published = client.post(
        reverse("service:article_status", args=[article.pk]), {"status": "published", "version": 2}
    )
    assert published.status_code == 302

    page = client.get(reverse("service:article_detail", args=[article.pk]), {"lang": "en"})
    body = page.content.decode()
    assert page.status_code == 200 and "Issued within two working days." in body
    assert page.context["versions"].count() == 3 and 'data-testid="article-status">Published' in body
    chinese = client.get(reverse("service:article_detail", args=[article.pk]), {"lang": "zh-hans"})
    assert "发货后两个工作日内开具。" in chinese.content.decode()
    listing = client.get(reverse("service:article_list"), {"q": "invoice"})
    assert [hit.article for hit in listing.context["hits"]] == [article]


def test_the_article_form_shows_errors_for_bad_input(client: Any) -> None:
    client.force_login(f.user())

    answer = client.post(reverse("service:article_create"), {"visibility": "public", "title_zh": "只有标题"})

    assert answer.status_code == 422
    assert answer.context["form"].errors["body_zh"] and not Article.objects.exists()


def test_colleagues_who_do_not_write_cannot_open_the_forms(client: Any, kb: dict[str, Any]) -> None:
    client.force_login(f.user(Role.SALES))

    assert client.get(reverse("service:article_create")).status_code == 403
    assert client.get(reverse("service:article_edit", args=[kb["public"].pk])).status_code == 403
    assert client.get(reverse("service:article_detail", args=[kb["draft"].pk])).status_code == 404
    assert client.get(reverse("service:article_detail", args=[kb["internal"].pk])).status_code == 200


def test_the_case_page_suggests_articles_for_the_reply(client: Any, kb: dict[str, Any]) -> None:
    agent = kb["agent"]
    case = f.case(actor=agent, subject="货物破损")
    client.force_login(agent)

    page = client.get(reverse("service:case_detail", args=[case.pk]))
    found = client.get(reverse("service:article_suggestions"), {"subject": case.subject, "body": "外箱破损"})

    assert 'hx-trigger="load, keyup changed delay:400ms from:#id_body"' in page.content.decode()
    numbers = [hit.article.number for hit in found.context["hits"]]
    assert kb["public"].number in numbers and kb["internal"].number in numbers
    assert kb["draft"].number not in numbers and len(numbers) <= 5


def test_a_customer_answers_did_this_help_once(client: Any, kb: dict[str, Any]) -> None:
    client.force_login(kb["customer"])
    url = reverse("portal:help_feedback", args=[kb["public"].pk])

    assert client.post(url, {"helpful": "yes"}).status_code == 302
    assert client.post(url, {"helpful": "no", "comment": "没写运费"}).status_code == 302
    assert client.post(url, {"helpful": "maybe"}).status_code == 422

    article = Article.objects.get(pk=kb["public"].pk)
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)
    page = client.get(reverse("portal:help_article", args=[article.pk]))
    assert 'data-testid="own-feedback"' in page.content.decode()


def test_the_portal_case_form_asks_for_suggestions_while_typing(client: Any, kb: dict[str, Any]) -> None:
    client.force_login(kb["customer"])

    page = client.get(reverse("portal:case_create"))

    assert reverse("portal:help_suggestions") in page.content.decode()
    assert "keyup changed delay:400ms" in page.content.decode()
