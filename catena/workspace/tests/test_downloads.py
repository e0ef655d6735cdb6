"""Downloads go through the gate: staff who see the record, the record's portal user only for
files shared with the portal; anyone else gets 404, whether the file exists or not."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.fulfilment.tests.scenario import Chain, portal_user, stock_order, user
from catena.workspace.models import Attachment
from catena.workspace.services import attach_file, remove_attachment
from catena.workspace.tests.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def signed_in(account: Any) -> Client:
    client = Client()
    client.force_login(account)
    return client


def download(client: Client, attachment: Attachment) -> Any:
    return client.get(reverse("workspace:attachment_download", args=[attachment.pk]))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_staff_download_a_file_as_an_attachment_under_its_chinese_name(chain: Chain) -> None:
    attachment = attach_file(chain.customer, actor=chain.sales, file=upload("供货合同.pdf", PDF))

    response = download(signed_in(user(Role.SERVICE)), attachment)

    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('供货合同.pdf')}" in disposition
    assert "供货合同" not in disposition  # only the RFC 5987 encoding carries the name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_name_with_quotes_cannot_break_out_of_the_header(chain: Chain) -> None:
    attachment = attach_file(
        chain.customer, actor=chain.sales, file=upload('a"; filename="evil.html.pdf', PDF)
    )

    disposition = download(signed_in(chain.sales), attachment)["Content-Disposition"]

    assert 'filename="evil.html.pdf"' not in disposition


def test_a_removed_file_or_one_of_a_hidden_record_is_not_found(chain: Chain) -> None:
    removed = attach_file(chain.customer, actor=chain.sales, file=upload("a.pdf", PDF))
    remove_attachment(removed, actor=chain.sales)
    order = stock_order(chain, quantity=1)
    on_order = attach_file(order, actor=chain.sales, file=upload("po.pdf", PDF))
    nobody = user(Role.SALES)

    assert download(signed_in(chain.sales), removed).status_code == 404
    assert download(signed_in(nobody), on_order).status_code == 200  # sales read every order
    assert download(Client(), on_order).status_code == 302  # sign in first


def test_a_portal_customer_downloads_only_shared_files_of_its_own_party(chain: Chain) -> None:
    shared = attach_file(
        chain.customer, actor=chain.sales, file=upload("合同.pdf", PDF), shared_with_portal=True
    )
    internal = attach_file(chain.customer, actor=chain.sales, file=upload("内部.pdf", PDF))
    other_shared = attach_file(
        chain.other_customer, actor=chain.sales, file=upload("other.pdf", PDF), shared_with_portal=True
    )
    other_order = stock_order(chain, quantity=1, customer=chain.other_customer)
    on_other_order = attach_file(
        other_order, actor=chain.sales, file=upload("o.pdf", PDF), shared_with_portal=True
    )
    own_order = stock_order(chain, quantity=1)
    on_own_order = attach_file(
        own_order, actor=chain.sales, file=upload("mine.pdf", PDF), shared_with_portal=True
    )
    customer = signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    assert download(customer, shared).status_code == 200
    assert download(customer, on_own_order).status_code == 200
    assert download(customer, internal).status_code == 404
    assert download(customer, other_shared).status_code == 404
    assert download(customer, on_other_order).status_code == 404


def test_a_supplier_sees_shared_files_of_its_own_purchase_orders_only(chain: Chain) -> None:
    from catena.workspace.tests.test_files import _purchase_order

    po = _purchase_order(chain)
    drawing = attach_file(po, actor=chain.purchasing, file=upload("图纸.pdf", PDF), shared_with_portal=True)
    supplier = signed_in(portal_user(chain.supplier))
    other_supplier = signed_in(portal_user(chain.other_supplier))

    assert download(supplier, drawing).status_code == 200
    assert download(other_supplier, drawing).status_code == 404


def test_portal_users_get_no_panels_and_no_mention_lookup(chain: Chain) -> None:
    customer = signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    panel = customer.get(reverse("workspace:files_panel", args=["parties.party", chain.customer.pk]))
    comments = customer.get(reverse("workspace:comments_panel", args=["parties.party", chain.customer.pk]))
    mentions = customer.get(
        reverse("workspace:mention_candidates"), {"target": f"parties.party:{chain.customer.pk}"}
    )

    assert (panel.status_code, comments.status_code, mentions.status_code) == (403, 403, 403)


def test_the_portal_order_page_lists_the_files_shared_on_that_order_only(chain: Chain) -> None:
    order = stock_order(chain, quantity=1)
    attach_file(order, actor=chain.sales, file=upload("装箱单.pdf", PDF), shared_with_portal=True)
    attach_file(order, actor=chain.sales, file=upload("内部成本.pdf", PDF))
    customer = signed_in(portal_user(chain.customer, Role.PORTAL_CUSTOMER))

    html = customer.get(reverse("portal:order_detail", args=[order.pk])).content.decode()

    assert "装箱单.pdf" in html and "内部成本.pdf" not in html
    assert "data-upload-form" not in html and 'data-testid="comments-panel"' not in html


def test_a_file_that_cannot_be_recorded_leaves_nothing_in_storage(
    chain: Chain, media_root: Any, monkeypatch: Any
) -> None:
    from catena.workspace.services import files

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(files.events, "emit", fail)

    with pytest.raises(RuntimeError):
        attach_file(chain.customer, actor=chain.sales, file=upload("a.pdf", PDF))

    assert not [p for p in media_root.rglob("*") if p.is_file()]
