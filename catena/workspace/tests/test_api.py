"""The attachments and comments API: uploads, downloads and comments through the gate, and every
bad input refused with its field and code."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.accounts.services import create_api_token
from catena.fulfilment.tests.scenario import Chain, portal_user, user
from catena.workspace.services import add_comment, attach_file
from catena.workspace.tests.conftest import EXE, PDF, person, upload

pytestmark = pytest.mark.django_db

FILES = "/api/v1/attachments/"
COMMENTS = "/api/v1/comments/"


def bearer(account: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(account, name='tests')[1]}"}


def errors(response: Any) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def post_file(account: User, party_id: Any, name: str, content: bytes, **extra: Any) -> Any:
    data = {"target_type": "parties.party", "target_id": party_id, "file": upload(name, content), **extra}
    return Client().post(FILES, data, headers=bearer(account))


def test_a_file_is_uploaded_listed_described_downloaded_and_removed(chain: Chain) -> None:
    created = post_file(chain.sales, chain.customer.pk, "合同.pdf", PDF, shared_with_portal="true")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "合同.pdf" and body["kind"] == "pdf" and body["content_type"] == "application/pdf"
    assert body["target_type"] == "parties.party" and body["target_id"] == chain.customer.pk
    assert body["shared_with_portal"] is True and body["uploaded_by"]["id"] == chain.sales.pk
    client = Client()
    headers = bearer(chain.sales)

    listed = client.get(
        FILES, {"target_type": "parties.party", "target_id": chain.customer.pk}, headers=headers
    )
    one = client.get(f"{FILES}{body['id']}", headers=headers)
    got = client.get(body["download_url"], headers=headers)
    removed = client.delete(f"{FILES}{body['id']}", headers=headers)
    again = client.delete(f"{FILES}{body['id']}", headers=headers)

    assert listed.json()["count"] == 1 and listed.json()["items"][0]["id"] == body["id"]
    assert one.json() == body
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Disposition"].startswith("attachment;") and got["X-Content-Type-Options"] == "nosniff"
    assert (removed.status_code, again.status_code) == (204, 404)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "contract.pdf", "content": EXE}, {("file", "attachment.type_mismatch")}),
        ({"name": "run.exe", "content": EXE}, {("file", "attachment.type_not_allowed")}),
        ({"target_type": "catalog.product"}, {("target_type", "workspace.target_not_supported")}),
        ({"target_type": "x" * 300}, {("target_type", "workspace.target_not_supported")}),
        ({"target_id": 987654321}, {("target_id", "unknown_reference")}),
        ({"target_id": 0}, {("target_id", "invalid")}),
    ],
)
def test_bad_uploads_are_refused_with_the_field_and_code(
    chain: Chain, data: dict[str, Any], expected: set[Any]
) -> None:
    form = {
        "target_type": data.get("target_type", "parties.party"),
        "target_id": data.get("target_id", chain.customer.pk),
        "file": upload(data.get("name", "a.pdf"), data.get("content", PDF)),
    }

    response = Client().post(FILES, form, headers=bearer(chain.sales))

    assert response.status_code == 422, response.content
    assert errors(response) == expected


def test_an_upload_without_a_file_names_the_field(chain: Chain) -> None:
    response = Client().post(
        FILES, {"target_type": "parties.party", "target_id": chain.customer.pk}, headers=bearer(chain.sales)
    )

    assert response.status_code == 422
    assert ("file", "required") in errors(response)


def test_a_portal_customer_lists_only_shared_files_of_its_own_party(chain: Chain) -> None:
    attach_file(chain.customer, actor=chain.sales, file=upload("shared.pdf", PDF), shared_with_portal=True)
    attach_file(chain.customer, actor=chain.sales, file=upload("internal.pdf", PDF))
    theirs = attach_file(
        chain.other_customer, actor=chain.sales, file=upload("b.pdf", PDF), shared_with_portal=True
    )
    headers = bearer(portal_user(chain.customer, Role.PORTAL_CUSTOMER))
    client = Client()

    own = client.get(FILES, {"target_type": "parties.party", "target_id": chain.customer.pk}, headers=headers)
    other = client.get(
        FILES, {"target_type": "parties.party", "target_id": chain.other_customer.pk}, headers=headers
    )
    detail = client.get(f"{FILES}{theirs.pk}", headers=headers)
    got = client.get(f"{FILES}{theirs.pk}/download", headers=headers)
    upload_refused = client.post(
        FILES,
        {"target_type": "parties.party", "target_id": chain.customer.pk, "file": upload("a.pdf", PDF)},
        headers=headers,
    )
    comments = client.get(
        COMMENTS, {"target_type": "parties.party", "target_id": chain.customer.pk}, headers=headers
    )

    assert [item["name"] for item in own.json()["items"]] == ["shared.pdf"]
    assert other.status_code == 422 and errors(other) == {("target_id", "unknown_reference")}
    assert (detail.status_code, got.status_code, upload_refused.status_code) == (404, 404, 403)
    assert comments.status_code == 200 and comments.json()["count"] == 0


def test_comments_are_created_edited_listed_and_deleted(chain: Chain) -> None:
    mentioned = person(Role.SALES, "zhang.wei")
    client = Client()
    headers = bearer(chain.sales)

    created = client.post(
        COMMENTS,
        {"target_type": "parties.party", "target_id": chain.customer.pk, "body": "@zhang.wei 请回电"},
        content_type="application/json",
        headers=headers,
    )
    comment_id = created.json()["id"]
    edited = client.patch(
        f"{COMMENTS}{comment_id}", {"body": "请回电"}, content_type="application/json", headers=headers
    )
    listed = client.get(
        COMMENTS, {"target_type": "parties.party", "target_id": chain.customer.pk}, headers=headers
    )
    deleted = client.delete(f"{COMMENTS}{comment_id}", headers=headers)

    assert created.status_code == 201
    assert [m["username"] for m in created.json()["mentions"]] == [mentioned.username]
    assert edited.status_code == 200 and edited.json()["mentions"] == [] and edited.json()["edited_at"]
    assert listed.json()["count"] == 1
    assert deleted.status_code == 204
    assert client.get(f"{COMMENTS}{comment_id}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"body": "  "}, {("body", "comment.empty")}),
        ({"body": "x" * 5001}, {("body", "too_long")}),
        ({"body": "a\u202eb"}, {("body", "control_character")}),
        ({"body": "ok", "extra": 1}, {("extra", "unknown_field")}),
        (
            {"body": "ok", "target_type": "sales.pipelinestep"},
            {("target_type", "workspace.target_not_supported")},
        ),
        ({"body": "ok", "target_id": 2**62}, {("target_id", "unknown_reference")}),
        ({"target_id": None}, {("target_id", "required"), ("body", "required")}),
    ],
)
def test_bad_comments_are_refused_with_the_field_and_code(
    chain: Chain, payload: dict[str, Any], expected: set[Any]
) -> None:
    body = {"target_type": "parties.party", "target_id": chain.customer.pk, **payload}
    body = {k: v for k, v in body.items() if v is not None}

    response = Client().post(COMMENTS, body, content_type="application/json", headers=bearer(chain.sales))

    assert response.status_code == 422, response.content
    assert errors(response) >= expected


def test_only_the_author_edits_a_comment(chain: Chain) -> None:
    comment = add_comment(chain.customer, actor=chain.sales, body="mine")

    response = Client().patch(
        f"{COMMENTS}{comment.pk}",
        {"body": "theirs"},
        content_type="application/json",
        headers=bearer(user(Role.SALES)),
    )

    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
