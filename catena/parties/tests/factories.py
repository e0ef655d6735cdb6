"""Factories for plain party rows. State that comes from a service is made by the service."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole, Relationship
from catena.parties.search import search_document


class PartyFactory(DjangoModelFactory[Party]):
    class Meta:
        model = Party
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试公司{n}有限公司")
    search_text = factory.LazyAttribute(lambda o: search_document([o.name]))

    @factory.post_generation
    def roles(party: Party, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            for role in extracted:
                PartyRole.objects.create(party=party, role=role)


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")


class AddressFactory(DjangoModelFactory[Address]):
    class Meta:
        model = Address

    party = factory.SubFactory(PartyFactory)
    province = "广东省"
    city = "深圳市"
    district = "南山区"


class ContactPointFactory(DjangoModelFactory[ContactPoint]):
    class Meta:
        model = ContactPoint

    party = factory.SubFactory(PartyFactory)
    kind = "mobile"
    value = "+8613800138000"


class RelationshipFactory(DjangoModelFactory[Relationship]):
    class Meta:
        model = Relationship

    from_party = factory.SubFactory(PartyFactory)
    to_party = factory.SubFactory(PartyFactory)
    kind = "supplies"
