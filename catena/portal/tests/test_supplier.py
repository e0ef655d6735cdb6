"""A supplier on the portal: its own purchase orders only, and its answers to them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catena.accounts.models import User
from catena.fulfilment import services as flow
from catena.fulfilment.choices import EventSource, PurchaseOrderStatus
from catena.fulfilment.models import PurchaseOrder
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db
LIST = reverse("portal:purchase_order_list")
Login = Callable[[User], Client]


def detail(po: PurchaseOrder) -> str:
    return reverse("portal:purchase_order_detail", args=[po.pk])


def answer_url(po: PurchaseOrder) -> str:
    return reverse("portal:purchase_order_answer", args=[po.pk])


def numbers(response: Any) -> list[str]:
    return [po.number for po in response.context["page_obj"]]


def snapshot(po: PurchaseOrder) -> tuple[str, int, Any, int]:
    po.refresh_from_db()
    return po.status, po.version, po.promised_date, po.promises.count()


def test_supplier_sees_only_its_own_purchase_orders(world: World, logged_in: Login) -> None:
    response = logged_in(world.supplier_user).get(LIST)

    assert response.status_code == 200
    assert numbers(response) == [world.po.number]
    assert response.context["page_obj"].paginator.count == 1
    assert world.other_po.number not in response.content.decode()


def test_search_and_query_string_with_another_suppliers_number_or_id_find_nothing(
    world: World, logged_in: Login
) -> None:
    client = logged_in(world.supplier_user)

    by_number = client.get(LIST, {"q": world.other_po.number})
    by_id = client.get(
        LIST, {"supplier": world.chain.other_supplier.pk, "supplier_id": world.chain.other_supplier.pk}
    )
    own = client.get(LIST, {"q": world.po.number[-4:]})

    assert numbers(by_number) == [] and "1 purchase order" not in by_number.content.decode()
    assert numbers(by_id) == [world.po.number]
    assert numbers(own) == [world.po.number]


def test_status_filter_counts_only_own_rows(world: World, logged_in: Login) -> None:
    client = logged_in(world.supplier_user)

    awaiting = client.get(LIST, {"status": "awaiting"})
    confirmed = client.get(LIST, {"status": "confirmed"})
    junk = client.get(LIST, {"status": "<script>"})

    assert numbers(awaiting) == [world.po.number]
    assert numbers(confirmed) == []
    assert numbers(junk) == [world.po.number]


def test_drafts_stay_internal(world: World, logged_in: Login) -> None:
    draft = flow.create_purchase_order(
        world.chain.supplier,
        actor=world.chain.purchasing,
        lines=[flow.POLineInput(product=world.chain.part_b, quantity=1)],
        needed_by=timezone.localdate() + timedelta(days=5),
    )
    client = logged_in(world.supplier_user)

    assert draft.number not in numbers(client.get(LIST))
    assert client.get(detail(draft)).status_code == 404


def test_list_is_an_htmx_fragment_on_filter(world: World, logged_in: Login) -> None:
    response = logged_in(world.supplier_user).get(LIST, {"q": "PO"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert world.po.number in body and "<html" not in body


def test_list_query_budget(world: World, logged_in: Login, django_assert_max_num_queries: Any) -> None:
    client = logged_in(world.supplier_user)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(10):
        client.get(LIST)


def test_detail_shows_lines_needed_by_and_answer_form(world: World, logged_in: Login) -> None:
    response = logged_in(world.supplier_user).get(detail(world.po))

    body = response.content.decode()
    assert response.status_code == 200
    assert "P-A" in body and "P-B" in body
    assert world.po.needed_by.isoformat() in body
    assert 'name="version"' in body and f'value="{world.po.version}"' in body


def test_another_suppliers_purchase_order_is_404(world: World, logged_in: Login) -> None:
    response = logged_in(world.supplier_user).get(detail(world.other_po))

    assert response.status_code == 404


def test_confirm_with_a_date_records_a_portal_promise(world: World, logged_in: Login) -> None:
    promised = timezone.localdate() + timedelta(days=6)

    response = logged_in(world.supplier_user).post(
        answer_url(world.po),
        {"answer": "confirm", "promised_date": promised.isoformat(), "version": world.po.version},
    )

    world.po.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == detail(world.po)
    assert world.po.status == PurchaseOrderStatus.CONFIRMED and world.po.promised_date == promised
    promise = world.po.promises.get()
    assert promise.source == EventSource.PORTAL and promise.answered_by == world.supplier_user


def test_propose_another_date_then_the_history_shows_both(world: World, logged_in: Login) -> None:
    client = logged_in(world.supplier_user)
    first = timezone.localdate() + timedelta(days=4)
    client.post(
        answer_url(world.po),
        {"answer": "confirm", "promised_date": first.isoformat(), "version": world.po.version},
    )
    world.po.refresh_from_db()

    response = client.post(
        answer_url(world.po),
        {
            "answer": "propose",
            "promised_date": (first + timedelta(days=5)).isoformat(),
            "note": "原料短缺",
            "version": world.po.version,
        },
    )
    page = client.get(detail(world.po)).content.decode()

    world.po.refresh_from_db()
    assert response.status_code == 302 and world.po.status == PurchaseOrderStatus.PROPOSED
    assert "原料短缺" in page and "Not kept" in page


def test_reject_needs_a_reason_shown_on_the_field(world: World, logged_in: Login) -> None:
    before = snapshot(world.po)

    response = logged_in(world.supplier_user).post(
        answer_url(world.po), {"answer": "reject", "version": world.po.version}
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert "note" in form.errors and "field-error" in response.content.decode()
    assert snapshot(world.po) == before


def test_propose_without_a_date_and_a_bad_answer_are_refused_inline(world: World, logged_in: Login) -> None:
    client = logged_in(world.supplier_user)
    before = snapshot(world.po)

    no_date = client.post(answer_url(world.po), {"answer": "propose", "version": world.po.version})
    bad = client.post(answer_url(world.po), {"answer": "maybe", "version": world.po.version})
    bad_date = client.post(answer_url(world.po), {"answer": "confirm", "promised_date": "2020-13-45"})

    assert no_date.status_code == 422 and "promised_date" in no_date.context["form"].errors
    assert bad.status_code == 422 and "answer" in bad.context["form"].errors
    assert bad_date.status_code == 422 and "promised_date" in bad_date.context["form"].errors
    assert snapshot(world.po) == before


def test_a_stale_version_is_refused_with_a_clear_message(world: World, logged_in: Login) -> None:
    seen = world.po.version  # the supplier opens the page
    flow.answer_purchase_order(world.po, actor=world.chain.purchasing, answer="confirm")  # someone else first
    before = snapshot(world.po)

    response = logged_in(world.supplier_user).post(
        answer_url(world.po), {"answer": "reject", "note": "停产", "version": seen}
    )

    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert snapshot(world.po) == before


def test_answering_another_suppliers_purchase_order_is_404_and_changes_nothing(
    world: World, logged_in: Login
) -> None:
    before = snapshot(world.other_po)

    response = logged_in(world.supplier_user).post(
        answer_url(world.other_po), {"answer": "reject", "note": "抢单", "version": world.other_po.version}
    )

    assert response.status_code == 404
    assert snapshot(world.other_po) == before


def test_another_purchase_order_in_the_payload_is_ignored(world: World, logged_in: Login) -> None:
    before = snapshot(world.other_po)

    response = logged_in(world.supplier_user).post(
        answer_url(world.po),
        {
            "answer": "confirm",
            "version": world.po.version,
            "purchase_order": world.other_po.pk,
            "pk": world.other_po.pk,
            "supplier": world.chain.other_supplier.pk,
        },
    )

    world.po.refresh_from_db()
    assert response.status_code == 302 and world.po.status == PurchaseOrderStatus.CONFIRMED
    assert snapshot(world.other_po) == before


def test_a_get_on_the_answer_url_is_refused(world: World, logged_in: Login) -> None:
    assert logged_in(world.supplier_user).get(answer_url(world.po)).status_code == 405


def test_a_closed_purchase_order_has_no_answer_form(world: World, logged_in: Login) -> None:
    cancelled = flow.cancel_purchase_order(world.po, actor=world.chain.purchasing, reason="客户取消")
    client = logged_in(world.supplier_user)

    page = client.get(detail(world.po))
    response = client.post(answer_url(world.po), {"answer": "confirm", "version": cancelled.version})

    assert page.context["form"] is None and "nothing to answer" in page.content.decode()
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    world.po.refresh_from_db()
    assert world.po.status == PurchaseOrderStatus.CANCELLED


def test_other_portal_roles_and_parties_cannot_open_the_supplier_section(
    world: World, logged_in: Login
) -> None:
    assert logged_in(world.customer_user).get(LIST).status_code == 404
    assert logged_in(world.carrier_user).get(detail(world.po)).status_code == 404
