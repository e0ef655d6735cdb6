"""``Party.role_mask``: the roles as bits, kept by the database whoever writes the PartyRole rows,
and the role filter of the lists that reads it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catena.accounts.models import User
from catena.conftest import ApiClient
from catena.parties import selectors, services
from catena.parties.choices import ROLE_BITS, PartyRoleType, role_mask, roles_in_mask
from catena.parties.models import Party, PartyRole
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

Clients = Callable[[User | None], ApiClient]
URL = "/api/v1/parties/"


def stored_mask(party: Party) -> int:
    return Party.objects.values_list("role_mask", flat=True).get(pk=party.pk)


def listed(client: ApiClient, **params: str) -> list[str]:
    response = client.get(URL, **params)
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


def test_every_role_has_its_own_bit_and_the_database_sets_the_same_one() -> None:
    assert sorted(ROLE_BITS) == sorted(PartyRoleType.values)
    assert sorted(ROLE_BITS.values()) == [1 << i for i in range(len(ROLE_BITS))]
    for role in PartyRoleType.values:
        party = PartyFactory.create()
        PartyRole.objects.create(party=party, role=role)

        assert stored_mask(party) == ROLE_BITS[role]
        assert roles_in_mask(stored_mask(party)) == [role]


def test_rows_written_outside_the_services_keep_the_mask() -> None:
    party = PartyFactory.create(roles=["supplier", "customer"])
    assert roles_in_mask(stored_mask(party)) == ["customer", "supplier"]

    PartyRole.objects.filter(party=party, role="supplier").update(role="carrier")
    assert roles_in_mask(stored_mask(party)) == ["carrier", "customer"]

    PartyRole.objects.filter(party=party, role="customer").delete()
    assert roles_in_mask(stored_mask(party)) == ["carrier"]

    PartyRole.objects.bulk_create([PartyRole(party=party, role="retailer")])
    assert roles_in_mask(stored_mask(party)) == ["carrier", "retailer"]

    PartyRole.objects.filter(party=party).delete()
    assert stored_mask(party) == 0


def test_moving_a_role_to_another_party_updates_both() -> None:
    first, second = PartyFactory.create(roles=["customer"]), PartyFactory.create(roles=["supplier"])

    PartyRole.objects.filter(party=first).update(party=second)

    assert stored_mask(first) == 0
    assert roles_in_mask(stored_mask(second)) == ["customer", "supplier"]


def test_services_add_and_remove_roles_and_keep_the_instance_current(sales: User) -> None:
    party = services.create_party(actor=sales, name="角色公司", roles=["customer", "retailer"])
    assert party.role_mask == stored_mask(party) == role_mask(["customer", "retailer"])

    services.update_party(party, actor=sales, roles=["supplier"])

    assert party.role_mask == stored_mask(party) == ROLE_BITS["supplier"]
    assert party.role_list == ["supplier"]


def test_saving_an_instance_with_a_stale_mask_keeps_the_stored_roles(sales: User) -> None:
    party = services.create_party(actor=sales, name="旧实例公司", roles=["customer"])
    stale = Party.objects.get(pk=party.pk)
    services.update_party(party, actor=sales, roles=["customer", "carrier"])

    services.update_party(stale, actor=sales, industry="物流")  # saves every field of `stale`

    assert stored_mask(party) == role_mask(["customer", "carrier"])
    assert Party.objects.get(pk=party.pk).industry == "物流"


def test_deleting_a_party_with_roles_works(manager: User) -> None:
    party = services.create_party(actor=manager, name="将删除公司", roles=["customer", "supplier"])

    services.delete_party(party, actor=manager)

    assert not Party.objects.filter(name="将删除公司").exists()
    assert not PartyRole.objects.exists()


def test_role_filter_follows_role_changes(api_client: Clients, sales: User) -> None:
    client = api_client(sales)
    party = services.create_party(actor=sales, name="筛选公司", roles=["prospect"])
    PartyFactory.create(name="别的公司", roles=["supplier"])
    assert listed(client, role="prospect") == ["筛选公司"]

    services.update_party(party, actor=sales, roles=["customer"])

    assert listed(client, role="prospect") == []
    assert listed(client, role="customer") == ["筛选公司"]
    assert client.get(URL, role="customer").json()["items"][0]["roles"] == ["customer"]


def test_role_filter_combines_with_province_and_counts_exactly(api_client: Clients, sales: User) -> None:
    for n, (role, province) in enumerate(
        [("customer", "广东省"), ("customer", "广东省"), ("customer", "浙江省"), ("supplier", "广东省")]
    ):
        services.create_party(
            actor=sales,
            name=f"公司{n}",
            roles=[role, "retailer"],
            addresses=[{"province": province, "city": "城市"}],
        )

    response = api_client(sales).get(URL, role="customer", province="广东")

    assert response.json()["count"] == 2
    assert response.json()["count_is_estimate"] is False
    assert [i["name"] for i in response.json()["items"]] == ["公司0", "公司1"]
    assert all(i["roles"] == ["customer", "retailer"] for i in response.json()["items"])


def test_web_list_and_selector_filter_by_role_too(sales: User) -> None:
    PartyFactory.create(name="承运公司", roles=["carrier"])
    PartyFactory.create(name="客户公司", roles=["customer"])

    found = selectors.party_list(sales, selectors.PartyFilter(role="carrier"))
    unknown = selectors.party_list(sales, selectors.PartyFilter(role="wizard"))

    assert [p.name for p in found] == ["承运公司"]
    assert list(unknown) == []
    assert [p.name for p in Party.objects.with_role("customer")] == ["客户公司"]
