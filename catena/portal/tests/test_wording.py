"""Portal pages in Chinese: document numbers, units and figures as a partner reads them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.fulfilment.models import Package
from catena.portal.tests.conftest import World

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
ZH = {"accept-language": "zh-hans"}


def test_the_supplier_reads_order_numbers_not_digits(world: World, logged_in: Login) -> None:
    body = (
        logged_in(world.supplier_user).get(reverse("portal:purchase_order_list"), headers=ZH).content.decode()
    )

    assert "<th>单号</th>" in body and "数字" not in body
    assert world.po.number in body and world.other_po.number not in body


def test_the_carrier_reads_weights_in_kilograms(world: World, logged_in: Login) -> None:
    Package.objects.create(shipment=world.shipment, sscc="012345678901234567", weight_kg=Decimal("12.50"))

    body = (
        logged_in(world.carrier_user)
        .get(reverse("portal:shipment_detail", args=[world.shipment.pk]), headers=ZH)
        .content.decode()
    )

    assert "重量（千克）" in body and "KG" not in body
    assert ">12.5<" in body
    assert "× 10<" in body and "E+" not in body  # the quantity carried, not 1E+1


def test_the_customer_reads_grouped_amounts(world: World, logged_in: Login) -> None:
    body = (
        logged_in(world.customer_user)
        .get(reverse("portal:order_detail", args=[world.order.pk]), headers=ZH)
        .content.decode()
    )

    assert "1,990.00" in body and "E+" not in body
