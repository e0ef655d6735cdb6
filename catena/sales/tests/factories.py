"""Plain rows for pipeline tests. State that comes from a transition (a converted lead, a sent or
accepted quote, a won deal) is made by calling the service."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from catena.catalog.models import PriceList, PriceListItem, Product
from catena.parties.choices import PartyRoleType
from catena.parties.tests.factories import PartyFactory
from catena.sales.models import Lead, Opportunity, PipelineStep


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"产品{n}")
    list_price = Decimal("100.00")


class LeadFactory(DjangoModelFactory[Lead]):
    class Meta:
        model = Lead

    company = factory.Sequence(lambda n: f"潜在客户{n}有限公司")
    contact_name = "王经理"
    source = "trade_show"


class PriceListFactory(DjangoModelFactory[PriceList]):
    class Meta:
        model = PriceList

    name = factory.Sequence(lambda n: f"经销商价格表{n}")


class PriceListItemFactory(DjangoModelFactory[PriceListItem]):
    class Meta:
        model = PriceListItem

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(ProductFactory)
    unit_price = Decimal("90.00")


def step(code: str) -> PipelineStep:
    """One of the pipeline steps the data migration created."""
    return PipelineStep.objects.get(code=code)


def customer(**fields: Any) -> Any:
    return PartyFactory.create(roles=[PartyRoleType.CUSTOMER], **fields)


def opportunity(party: Any = None, **fields: Any) -> Opportunity:
    fields.setdefault("name", "年度采购")
    fields.setdefault("step", step("qualification"))
    fields.setdefault("amount", Decimal("100000"))
    fields.setdefault("probability", fields["step"].default_probability)
    fields.setdefault("expected_close", timezone.localdate() + timedelta(days=30))
    return Opportunity.objects.create(party=party or customer(), **fields)
