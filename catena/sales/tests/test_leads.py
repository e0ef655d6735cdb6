"""Leads: capture, qualify (BANT), disqualify, convert into a prospect party and an opportunity."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.core import access
from catena.core.models import Event
from catena.parties.choices import PartyRoleType
from catena.parties.models import Party
from catena.parties.tests.factories import PartyFactory
from catena.sales.choices import LeadStatus
from catena.sales.models import Lead, Opportunity
from catena.sales.services import leads
from catena.sales.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_a_new_lead_is_checked_normalised_and_belongs_to_its_author(sales: User) -> None:
    lead = leads.create_lead(
        actor=sales,
        company="苏州新锐电子有限公司",
        contact_name="李娜",
        phone="138 0013 8000",
        email="Li.Na@Example.COM",
        source="trade_show",
        estimated_amount="250000",
    )

    assert lead.phone == "+8613800138000"
    assert lead.email == "Li.Na@example.com"
    assert lead.owner == sales and lead.status == LeadStatus.NEW
    assert Event.objects.filter(name="lead.created", subject_id=str(lead.pk)).exists()


def test_bad_lead_input_names_every_field_and_writes_nothing(sales: User) -> None:
    with pytest.raises(ValidationError) as error:
        leads.create_lead(
            actor=sales, company="", contact_name="", phone="12", email="not-mail", source="pigeon"
        )

    assert {"company", "phone", "email", "source"} <= set(error.value.message_dict)
    assert not Lead.objects.exists()


def test_read_only_users_cannot_create_leads(reader: User) -> None:
    with pytest.raises(access.PermissionDenied):
        leads.create_lead(actor=reader, company="某公司")
    assert not Lead.objects.exists()


def test_sales_change_only_their_own_or_unowned_leads(make_user: Callable[..., User]) -> None:
    mine, other = make_user(Role.SALES), make_user(Role.SALES)
    lead = LeadFactory.create(owner=other)

    with pytest.raises(access.PermissionDenied):
        leads.update_lead(lead, actor=mine, notes="抢单")

    assert Lead.objects.get(pk=lead.pk).notes == ""
    assert leads.update_lead(LeadFactory.create(), actor=mine, notes="跟进").notes == "跟进"


def test_qualifying_records_bant_and_disqualifying_needs_a_reason(sales: User) -> None:
    lead = LeadFactory.create(owner=sales)

    lead = leads.qualify_lead(lead, actor=sales, has_budget=True, has_need=True, notes="预算已批")

    assert lead.status == LeadStatus.QUALIFIED and lead.bant_score == 2
    assert lead.qualification_notes == "预算已批"
    with pytest.raises(ValidationError) as error:
        leads.disqualify_lead(lead, actor=sales, reason=" ")
    assert "reason" in error.value.message_dict
    lead = leads.disqualify_lead(lead, actor=sales, reason="没有预算")
    assert lead.status == LeadStatus.DISQUALIFIED and lead.disqualified_reason == "没有预算"
    with pytest.raises(ValidationError):
        leads.qualify_lead(lead, actor=sales)  # reopen first
    assert leads.start_working_lead(lead, actor=sales).status == LeadStatus.WORKING


def test_converting_a_lead_creates_a_prospect_with_its_contact_and_an_opportunity(sales: User) -> None:
    lead = leads.create_lead(
        actor=sales,
        company="杭州启明贸易有限公司",
        contact_name="陈刚",
        title="采购经理",
        phone="13900139000",
        email="chen@qiming.cn",
        estimated_amount="80000",
        source="referral",
    )

    party, deal = leads.convert_lead(lead, actor=sales)

    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.party == party and lead.converted_at
    assert party.name == "杭州启明贸易有限公司" and party.role_codes == [PartyRoleType.PROSPECT]
    contact = party.contacts.get()
    assert contact.name == "陈刚" and contact.title == "采购经理"
    assert set(party.contact_points.values_list("kind", "value")) == {
        ("mobile", "+8613900139000"),
        ("email", "chen@qiming.cn"),
    }
    assert deal.party == party and deal.source_lead == lead and deal.amount == Decimal("80000")
    assert deal.step.code == "qualification" and deal.probability == 10 and deal.owner == sales
    note = Interaction.objects.get(party=party)
    assert "Lead converted" in note.subject and note.related == lead
    assert Event.objects.filter(name="lead.converted").count() == 1


def test_converting_onto_a_known_party_adds_no_duplicate(sales: User) -> None:
    known = PartyFactory.create(name="已有客户", roles=[PartyRoleType.SUPPLIER])
    lead = LeadFactory.create(owner=sales, company="已有客户")

    party, deal = leads.convert_lead(lead, actor=sales, party=known, opportunity_name="试单")

    assert party == known and Party.objects.count() == 1
    assert set(known.role_codes) == {PartyRoleType.SUPPLIER, PartyRoleType.PROSPECT}
    assert deal.name == "试单"


def test_a_converted_or_disqualified_lead_cannot_be_converted_again(sales: User) -> None:
    lead = LeadFactory.create(owner=sales)
    leads.convert_lead(lead, actor=sales)

    with pytest.raises(ValidationError) as error:
        leads.convert_lead(lead, actor=sales)

    assert "status" in error.value.message_dict
    assert Opportunity.objects.count() == 1
    with pytest.raises(ValidationError):
        leads.update_lead(lead, actor=sales, notes="x")
