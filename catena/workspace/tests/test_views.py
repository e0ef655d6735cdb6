"""The panels on the record pages: shown on the party, order, purchase-order and opportunity
pages; uploads and removals redraw them, a refused file answers 422 with its reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.fulfilment.tests.scenario import Chain, stock_order, user
from catena.sales.tests.factories import opportunity
from catena.workspace.models import Attachment
from catena.workspace.services import attach_file
from catena.workspace.tests.conftest import EXE, PDF, upload
from catena.workspace.tests.test_files import _purchase_order

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def test_the_record_pages_show_the_files_and_comments_panels(chain: Chain) -> None:
    client = signed_in(chain.manager)
    pages = [
        reverse("parties:party_detail", args=[chain.customer.pk]) + "?tab=files",  # a tab of the party
        reverse("fulfilment:order_detail", args=[stock_order(chain).pk]),
        reverse("fulfilment:po_detail", args=[_purchase_order(chain).pk]),
        reverse("sales:opportunity_detail", args=[opportunity(chain.customer).pk]),
    ]

    for page in pages:
        html = client.get(page).content.decode()
        assert 'data-testid="files-panel"' in html and 'data-testid="comments-panel"' in html, page
        assert "data-upload-form" in html and "data-mention-url" in html, page


def test_a_read_only_user_sees_the_files_but_no_forms(chain: Chain) -> None:
    attach_file(chain.customer, actor=chain.sales, file=upload("合同.pdf", PDF))

    html = (
        signed_in(user(Role.READ_ONLY))
        .get(reverse("parties:party_detail", args=[chain.customer.pk]) + "?tab=files")
        .content.decode()
    )

    assert "合同.pdf" in html
    assert "data-upload-form" not in html and "data-mention-url" not in html


def test_an_upload_from_the_panel_is_listed_and_a_refused_one_says_why(chain: Chain) -> None:
    client = signed_in(chain.sales)
    url = reverse("workspace:files_panel", args=["parties.party", chain.customer.pk])

    refused = client.post(url, {"file": upload("合同.pdf", EXE)}, headers=HTMX)
    accepted = client.post(url, {"file": upload("合同.pdf", PDF), "shared_with_portal": "on"}, headers=HTMX)

    assert refused.status_code == 422
    assert 'data-code="attachment.type_mismatch"' in refused.content.decode()
    assert accepted.status_code == 200 and "合同.pdf" in accepted.content.decode()
    assert Attachment.objects.get().shared_with_portal is True


def test_without_htmx_the_form_returns_to_its_page(chain: Chain) -> None:
    page = reverse("parties:party_detail", args=[chain.customer.pk])
    url = reverse("workspace:files_panel", args=["parties.party", chain.customer.pk])

    response = signed_in(chain.sales).post(url, {"file": upload("a.pdf", PDF), "next": page})

    assert response.status_code == 302 and response["Location"] == page


def test_the_uploader_removes_a_file_from_the_panel_and_a_colleague_cannot(chain: Chain) -> None:
    attachment = attach_file(chain.customer, actor=chain.sales, file=upload("a.pdf", PDF))
    url = reverse("workspace:attachment_remove", args=[attachment.pk])

    by_colleague = signed_in(user(Role.SALES)).post(url, headers=HTMX)
    by_uploader = signed_in(chain.sales).post(url, headers=HTMX)

    assert by_colleague.status_code == 404
    assert by_uploader.status_code == 200 and "a.pdf" not in by_uploader.content.decode()


def test_a_panel_of_an_unknown_kind_or_a_hidden_record_is_not_found(chain: Chain) -> None:
    client = signed_in(user(Role.MARKETING))
    po = _purchase_order(chain)

    assert client.get(reverse("workspace:files_panel", args=["catalog.product", 1])).status_code == 404
    assert (
        client.get(reverse("workspace:files_panel", args=["fulfilment.purchaseorder", po.pk])).status_code
        == 404
    )
    assert client.get(reverse("workspace:comments_panel", args=["parties.party", 10**9])).status_code == 404
