"""Inline forms of the party page: contacts, contact points, addresses, relationships."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.parties import services
from catena.parties.models import Address, Contact, ContactPoint, Relationship
from catena.parties.tests.factories import AddressFactory, ContactFactory, PartyFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_add_contact_with_htmx_re_renders_the_contacts_tab(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)

    response = logged_in(sales).post(
        reverse("parties:contact_create", args=[party.pk]),
        {"name": "王伟", "title": "采购经理", "mobile": "13800138000"},
        headers=HTMX,
    )

    contact = Contact.objects.get(party=party)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#party-tabs"
    assert "王伟" in response.content.decode()
    assert contact.title == "采购经理"
    assert contact.contact_points.get().value == "+8613800138000"


def test_add_contact_with_bad_phone_shows_the_form_again_and_writes_nothing(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)

    response = logged_in(sales).post(
        reverse("parties:contact_create", args=[party.pk]), {"name": "王伟", "mobile": "123"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "HX-Retarget" not in response.headers
    assert "mobile" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_add_contact_without_htmx_redirects_to_the_tab(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)

    response = logged_in(sales).post(reverse("parties:contact_create", args=[party.pk]), {"name": "张敏"})

    assert response.status_code == 302
    assert response["Location"] == reverse("parties:party_detail", args=[party.pk]) + "?tab=contacts"


def test_edit_and_delete_a_contact(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(owner=sales)
    contact = ContactFactory.create(party=party, name="王伟")
    client = logged_in(sales)

    form = client.get(reverse("parties:contact_edit", args=[party.pk, contact.pk]), headers=HTMX)
    edited = client.post(
        reverse("parties:contact_edit", args=[party.pk, contact.pk]),
        {"name": "王伟", "title": "总经理"},
        headers=HTMX,
    )
    contact.refresh_from_db()
    deleted = client.post(reverse("parties:contact_delete", args=[party.pk, contact.pk]), headers=HTMX)

    assert 'value="王伟"' in form.content.decode()
    assert edited.status_code == 200 and contact.title == "总经理"
    assert deleted.status_code == 200 and not Contact.objects.exists()


def test_contact_of_another_party_is_404(sales: User, logged_in: Callable[[User], Client]) -> None:
    party, other = PartyFactory.create(owner=sales), PartyFactory.create(owner=sales)
    contact = ContactFactory.create(party=other)

    response = logged_in(sales).post(reverse("parties:contact_delete", args=[party.pk, contact.pk]))

    assert response.status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_sales_user_cannot_change_contacts_of_a_colleagues_party(
    sales: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=manager)
    contact = ContactFactory.create(party=party, name="王伟")
    client = logged_in(sales)

    add = client.post(reverse("parties:contact_create", args=[party.pk]), {"name": "新人"})
    edit = client.post(reverse("parties:contact_edit", args=[party.pk, contact.pk]), {"name": "改名"})
    delete = client.post(reverse("parties:contact_delete", args=[party.pk, contact.pk]))
    tab = client.get(reverse("parties:party_detail", args=[party.pk]) + "?tab=contacts").content.decode()

    assert (add.status_code, edit.status_code, delete.status_code) == (403, 403, 403)
    assert list(Contact.objects.values_list("name", flat=True)) == ["王伟"]
    assert reverse("parties:contact_create", args=[party.pk]) not in tab


def test_add_and_delete_contact_points(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(owner=sales)
    client = logged_in(sales)

    bad = client.post(
        reverse("parties:point_create", args=[party.pk]), {"kind": "email", "value": "nope"}, headers=HTMX
    )
    good = client.post(
        reverse("parties:point_create", args=[party.pk]),
        {"kind": "fax", "value": "021-6234 5678"},
        headers=HTMX,
    )
    point = ContactPoint.objects.get()
    deleted = client.post(reverse("parties:point_delete", args=[party.pk, point.pk]), headers=HTMX)

    assert "value" in bad.context["form"].errors
    assert good.status_code == 200 and point.value == "+862162345678"
    assert deleted.status_code == 200 and not ContactPoint.objects.exists()


def test_add_edit_and_delete_an_address(sales: User, logged_in: Callable[[User], Client]) -> None:
    party = PartyFactory.create(owner=sales)
    client = logged_in(sales)
    data = {
        "kind": "office",
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "postcode": "518000",
    }

    added = client.post(reverse("parties:address_create", args=[party.pk]), data, headers=HTMX)
    address = Address.objects.get()
    edited = client.post(
        reverse("parties:address_edit", args=[party.pk, address.pk]), data | {"city": "广州市"}, headers=HTMX
    )
    address.refresh_from_db()
    party.refresh_from_db()
    deleted = client.post(reverse("parties:address_delete", args=[party.pk, address.pk]), headers=HTMX)

    assert added.status_code == 200 and edited.status_code == 200
    assert address.city == "广州市" and party.city == "广州市"
    assert deleted.status_code == 200 and not Address.objects.exists()


def test_address_with_bad_postcode_is_refused_on_the_field(
    sales: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create(owner=sales)
    address = AddressFactory.create(party=party, city="深圳市")

    response = logged_in(sales).post(
        reverse("parties:address_edit", args=[party.pk, address.pk]),
        {"kind": "office", "province": "广东省", "city": "珠海市", "postcode": "12"},
        headers=HTMX,
    )

    address.refresh_from_db()
    assert "postcode" in response.context["form"].errors
    assert address.city == "深圳市"


def test_add_relationship_downstream_with_contract_targets(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party, customer = PartyFactory.create(name="本公司"), PartyFactory.create(name="客户")

    response = logged_in(manager).post(
        reverse("parties:relationship_create", args=[party.pk]),
        {"direction": "downstream", "other": customer.pk, "kind": "sells_to", "on_time_target_pct": "98.5"},
        headers=HTMX,
    )

    link = Relationship.objects.get()
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#party-tabs"
    assert (link.from_party, link.to_party, link.kind) == (party, customer, "sells_to")
    assert str(link.contract.on_time_target_pct) == "98.50"


def test_add_relationship_upstream_puts_the_other_party_first(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party, supplier = PartyFactory.create(), PartyFactory.create()

    logged_in(manager).post(
        reverse("parties:relationship_create", args=[party.pk]),
        {"direction": "upstream", "other": supplier.pk, "kind": "supplies"},
    )

    link = Relationship.objects.get()
    assert (link.from_party, link.to_party) == (supplier, party)


def test_relationship_of_a_party_with_itself_is_refused(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()

    response = logged_in(manager).post(
        reverse("parties:relationship_create", args=[party.pk]),
        {"direction": "downstream", "other": party.pk, "kind": "supplies"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "A party cannot be related to itself." in response.context["form"].errors["other"]
    assert not Relationship.objects.exists()


def test_relationship_with_an_unknown_party_is_refused(
    manager: User, logged_in: Callable[[User], Client]
) -> None:
    party = PartyFactory.create()

    response = logged_in(manager).post(
        reverse("parties:relationship_create", args=[party.pk]),
        {"direction": "downstream", "other": 999999, "kind": "supplies"},
        headers=HTMX,
    )

    assert "other" in response.context["form"].errors
    assert not Relationship.objects.exists()


def test_read_only_user_cannot_add_or_remove_relationships(
    reader: User, manager: User, logged_in: Callable[[User], Client]
) -> None:
    party, other = PartyFactory.create(), PartyFactory.create()
    link = services.create_relationship(actor=manager, from_party=party, to_party=other, kind="supplies")
    client = logged_in(reader)

    add = client.post(
        reverse("parties:relationship_create", args=[party.pk]),
        {"direction": "upstream", "other": other.pk, "kind": "ships_for"},
    )
    remove = client.post(reverse("parties:relationship_delete", args=[party.pk, link.pk]))

    assert (add.status_code, remove.status_code) == (403, 403)
    assert list(Relationship.objects.values_list("kind", flat=True)) == ["supplies"]


def test_manager_removes_a_relationship(manager: User, logged_in: Callable[[User], Client]) -> None:
    party, other = PartyFactory.create(), PartyFactory.create()
    link = services.create_relationship(actor=manager, from_party=other, to_party=party, kind="supplies")

    response = logged_in(manager).post(
        reverse("parties:relationship_delete", args=[party.pk, link.pk]), headers=HTMX
    )

    assert response.status_code == 200
    assert not Relationship.objects.exists()
