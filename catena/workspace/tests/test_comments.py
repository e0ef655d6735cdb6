"""Comments and @mentions: only active colleagues who may see the record are mentioned, the
text is bounded and rendered escaped, and the author edits, the author or a manager deletes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.core import access
from catena.core.models import Event
from catena.fulfilment.tests.scenario import Chain, portal_user, user
from catena.workspace.models import Comment
from catena.workspace.services import add_comment, delete_comment, edit_comment
from catena.workspace.services.comments import mentioned_usernames
from catena.workspace.tests.conftest import person
from catena.workspace.tests.test_files import _purchase_order

pytestmark = pytest.mark.django_db


def test_mentions_are_parsed_from_at_usernames_not_from_email_addresses() -> None:
    body = "@lihua 请确认交期，@wang.fang. 谢谢 li@example.com (@chen_jing) @lihua 再看看 @张伟"

    assert mentioned_usernames(body) == ["lihua", "wang.fang", "chen_jing", "张伟"]


def test_only_active_colleagues_who_may_see_the_record_are_mentioned(chain: Chain) -> None:
    po = _purchase_order(chain)
    buyer = person(Role.PURCHASING, "buyer.wang")
    person(Role.PURCHASING, "gone", is_active=False)
    person(Role.MARKETING, "marketer")  # sees no purchase orders
    supplier = person(Role.PORTAL_PARTNER, "supplier.li", party=chain.supplier)

    comment = add_comment(
        po,
        actor=chain.purchasing,
        body=f"@buyer.wang 请跟进 @gone @marketer @{supplier.username} @nobody",
    )

    assert list(comment.mentions.all()) == [buyer]
    event = Event.objects.get(name="comment.created")
    assert event.payload == {
        "target_type": "fulfilment.purchaseorder",
        "target_id": po.pk,
        "mentioned": [buyer.pk],
    }
    assert event.subject_id == str(comment.pk)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("   \n ", "comment.empty"),
        ("x" * 5001, "too_long"),
        ("看这里\u202e反向", "control_character"),
        ("bell\x07", "control_character"),
    ],
)
def test_a_bad_comment_is_refused_with_its_code(chain: Chain, body: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        add_comment(chain.customer, actor=chain.sales, body=body)

    assert [e.code for e in refused.value.error_dict["body"]] == [code]
    assert not Comment.objects.exists()


def test_the_author_edits_and_the_mentions_follow_the_text(chain: Chain) -> None:
    first = person(Role.SALES, "first")
    second = person(Role.SALES, "second")
    comment = add_comment(chain.customer, actor=chain.sales, body="@first 看一下")

    with pytest.raises(access.PermissionDenied):
        edit_comment(comment, actor=first, body="not mine")
    edit_comment(comment, actor=chain.sales, body="@second 看一下")

    comment.refresh_from_db()
    assert comment.body == "@second 看一下" and comment.edited_at is not None
    assert list(comment.mentions.all()) == [second]


def test_the_author_or_a_manager_deletes_and_the_comment_disappears(chain: Chain) -> None:
    colleague = user(Role.SALES)
    mine = add_comment(chain.customer, actor=chain.sales, body="one")
    other = add_comment(chain.customer, actor=chain.sales, body="two")

    with pytest.raises(access.PermissionDenied):
        delete_comment(mine, actor=colleague)
    delete_comment(mine, actor=chain.sales)
    delete_comment(other, actor=chain.manager)

    assert not Comment.objects.for_user(chain.sales).exists()
    with pytest.raises(access.PermissionDenied):
        edit_comment(mine, actor=chain.sales, body="again")


def test_portal_users_see_no_comments(chain: Chain) -> None:
    add_comment(chain.customer, actor=chain.sales, body="内部备注")
    customer = portal_user(chain.customer, Role.PORTAL_CUSTOMER)

    assert not Comment.objects.for_user(customer).exists()
    with pytest.raises(access.PermissionDenied):
        add_comment(chain.customer, actor=customer, body="hello")


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def test_the_panel_renders_the_text_escaped_with_the_mentions_linked(chain: Chain) -> None:
    person(Role.SALES, "lihua", email="li@example.com", last_name="李", first_name="华")
    add_comment(
        chain.customer, actor=chain.sales, body='<script>alert("x")</script> @lihua 请看\n第二行 @nobody'
    )

    page = signed_in(chain.sales).get(reverse("parties:party_detail", args=[chain.customer.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert (
        '<a class="mention" href="mailto:li@example.com" title="李华">@lihua</a> 请看<br>第二行 @nobody'
        in html
    )


def test_a_comment_posted_from_the_panel_appears_in_it(chain: Chain) -> None:
    client = signed_in(chain.sales)
    url = reverse("workspace:comments_panel", args=["parties.party", chain.customer.pk])

    posted = client.post(url, {"body": "已确认"}, headers={"HX-Request": "true"})
    refused = client.post(url, {"body": "  "}, headers={"HX-Request": "true"})

    assert posted.status_code == 200 and "已确认" in posted.content.decode()
    assert refused.status_code == 422 and 'data-code="comment.empty"' in refused.content.decode()


def test_the_mention_lookup_offers_colleagues_who_see_the_record(chain: Chain) -> None:
    po = _purchase_order(chain)
    person(Role.PURCHASING, "li.buyer")
    person(Role.MARKETING, "li.marketing")
    person(Role.PORTAL_PARTNER, "li.supplier", party=chain.supplier)

    answer = signed_in(chain.purchasing).get(
        reverse("workspace:mention_candidates"), {"target": f"fulfilment.purchaseorder:{po.pk}", "q": "li"}
    )
    unknown = signed_in(chain.purchasing).get(
        reverse("workspace:mention_candidates"), {"target": "catalog.product:1", "q": "li"}
    )

    assert answer.status_code == 200
    assert [u["username"] for u in answer.json()["users"]] == ["li.buyer"]
    assert unknown.status_code == 404
