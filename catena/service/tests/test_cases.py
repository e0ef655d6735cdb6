"""The cases' use cases: opening (always owned, acknowledged), moving along the transition table,
resolving with a root cause, reopening, merging and stale versions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.core import access
from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.parties.tests.factories import ContactFactory
from catena.service.choices import CASE_TRANSITIONS, CaseStatus, MessageSender, MessageVisibility
from catena.service.models import Case
from catena.service.services import add_note, add_reply, assign, change_status, merge, open_case
from catena.service.tests import factories as f

pytestmark = pytest.mark.django_db


def codes(exc: Any, field: str) -> list[str]:
    return [error.code for error in exc.value.error_dict[field]]


def test_opening_a_case_numbers_owns_and_acknowledges_it() -> None:
    agent = f.user(Role.SERVICE)
    party = f.customer()

    case = f.case(party, actor=agent, priority="urgent")

    assert case.number == f"CS-{case.pk:06d}"
    assert case.owner == agent
    assert case.status == CaseStatus.NEW
    assert case.priority_rank == 0
    (ack,) = case.messages.all()
    assert ack.visibility == MessageVisibility.REPLY and case.number in ack.body
    event = Event.objects.get(name="case.opened")
    assert event.payload["number"] == case.number and event.payload["owner"] == agent.pk


def test_the_acknowledgement_is_in_the_customers_language() -> None:
    f.user(Role.SERVICE)
    party = f.customer()
    customer = f.portal_user(party, language="zh-hans")

    case = f.case(party, actor=customer, channel="portal")

    assert case.language == "zh-hans"
    assert "工单" in case.messages.get().body


@pytest.mark.parametrize("who", ["portal", "channel", "reader_owner"])
def test_a_case_is_never_unowned(who: str) -> None:
    manager = f.user(Role.MANAGER)
    party = f.customer(owner=f.user(Role.READ_ONLY))  # an account manager who may not own cases
    service = f.user(Role.SERVICE)
    actor = {"portal": f.portal_user(party), "channel": None, "reader_owner": manager}[who]

    case = f.case(party, actor=actor)

    assert case.owner_id in (service.pk, manager.pk)
    assert case.owner_id is not None
    if who != "reader_owner":
        assert case.owner == service  # the service desk first


def test_the_account_manager_owns_a_case_a_channel_opens() -> None:
    manager = f.user(Role.MANAGER)
    f.user(Role.SERVICE)

    case = f.case(f.customer(owner=manager), actor=None, channel="email")

    assert case.owner == manager


def test_with_nobody_to_own_it_no_case_is_opened() -> None:
    with pytest.raises(ValidationError) as exc:
        f.case(f.customer(), actor=None, channel="email")

    assert codes(exc, "owner") == ["case.no_owner"]
    assert not Case.objects.exists()


def test_bad_input_is_refused_with_codes() -> None:
    agent = f.user()
    party = f.customer()
    other_contact = ContactFactory.create(party=f.customer())

    with pytest.raises(ValidationError) as exc:
        open_case(party, actor=agent, case_type="rant", subject="", channel="fax", contact=other_contact)

    assert codes(exc, "case_type") == ["invalid_choice"]
    assert codes(exc, "subject") == ["required"]
    assert codes(exc, "channel") == ["invalid_choice"]
    assert codes(exc, "contact") == ["case.contact_other_party"]


def test_a_supplier_gets_no_case() -> None:
    from catena.parties.tests.factories import PartyFactory

    with pytest.raises(ValidationError) as exc:
        f.case(PartyFactory.create(roles=["supplier"]), actor=f.user())

    assert codes(exc, "party") == ["case.party_not_a_customer"]


def test_allowed_moves_follow_the_table_and_others_are_refused() -> None:
    agent = f.user()
    case = f.case(actor=agent)

    assert set(case.allowed_statuses()) == CASE_TRANSITIONS[CaseStatus.NEW]
    with pytest.raises(ValidationError) as exc:
        change_status(case, CaseStatus.CLOSED, actor=agent)
    assert codes(exc, "status") == ["case.transition_not_allowed"]

    case = change_status(case, CaseStatus.WAITING_ON_PARTNER, actor=agent, expected_version=case.version)
    assert case.status == CaseStatus.WAITING_ON_PARTNER
    assert Event.objects.filter(name="case.status_changed").count() == 1


def test_resolving_needs_root_cause_and_resolution_then_close_and_reopen() -> None:
    agent = f.user()
    case = f.case(actor=agent)

    with pytest.raises(ValidationError) as exc:
        change_status(case, CaseStatus.RESOLVED, actor=agent)
    assert codes(exc, "root_cause") == ["case.root_cause_required"]
    assert codes(exc, "resolution") == ["case.resolution_required"]
    with pytest.raises(ValidationError) as exc:
        change_status(case, CaseStatus.RESOLVED, actor=agent, root_cause="gremlins", resolution="x")
    assert codes(exc, "root_cause") == ["invalid_choice"]

    case = change_status(case, CaseStatus.RESOLVED, actor=agent, root_cause="carrier", resolution="补发三件")
    assert case.root_cause == "carrier" and case.resolved_at is not None
    case = change_status(case, CaseStatus.CLOSED, actor=agent)
    assert case.closed_at is not None
    case = change_status(case, CaseStatus.OPEN, actor=agent)  # reopen
    assert case.status == CaseStatus.OPEN and case.root_cause == "" and case.closed_at is None
    assert case.history.filter(root_cause="carrier").exists()  # the archive keeps it


def test_a_stale_version_writes_nothing() -> None:
    agent = f.user()
    case = f.case(actor=agent)
    seen = case.version
    change_status(case, CaseStatus.OPEN, actor=agent, expected_version=seen)

    with pytest.raises(StaleVersion):
        change_status(case, CaseStatus.WAITING_ON_CUSTOMER, actor=agent, expected_version=seen)

    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_assigning_needs_an_eligible_owner() -> None:
    agent = f.user()
    colleague = f.user()
    case = f.case(actor=agent)

    with pytest.raises(ValidationError) as exc:
        assign(case, f.user(Role.SALES), actor=agent)
    assert codes(exc, "owner") == ["owner.not_eligible"]
    with pytest.raises(ValidationError) as exc:
        assign(case, None, actor=agent)
    assert codes(exc, "owner") == ["required"]

    case = assign(case, colleague, actor=agent, expected_version=case.version)
    assert case.owner == colleague
    assert Event.objects.get(name="case.assigned").payload == {"from": agent.pk, "to": colleague.pk}


def test_replies_and_notes_and_who_may_write_them() -> None:
    agent = f.user()
    party = f.customer()
    customer = f.portal_user(party)
    case = f.case(party, actor=agent)

    add_reply(case, "我们已联系承运商。", actor=agent)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN  # our first answer starts the work
    note = add_note(case, "承运商上月已有两次破损。", actor=agent)
    change_status(case, CaseStatus.WAITING_ON_CUSTOMER, actor=agent)
    answer = add_reply(case, "照片已上传。", actor=customer)

    case.refresh_from_db()
    assert answer.sender == MessageSender.CUSTOMER and case.status == CaseStatus.OPEN
    with pytest.raises(access.PermissionDenied):
        add_note(case, "内部", actor=customer)
    with pytest.raises(access.PermissionDenied):
        add_reply(case, "hi", actor=f.user(Role.SALES))
    with pytest.raises(ValidationError) as exc:
        add_reply(case, "   ", actor=agent)
    assert codes(exc, "body") == ["case.empty_message"]
    seen_by_customer = case.messages.for_user(customer)
    assert note not in seen_by_customer and answer in seen_by_customer
    assert note in case.messages.for_user(agent)
    assert {e.name for e in Event.objects.all()} >= {"case.replied", "case.noted"}


def test_merging_moves_the_messages_and_keeps_the_duplicate() -> None:
    agent = f.user()
    party = f.customer()
    survivor = f.case(party, actor=agent)
    duplicate = f.case(party, actor=agent, subject="又一次破损")
    add_reply(duplicate, "收到。", actor=agent)

    merge(duplicate, survivor, actor=agent, expected_version=Case.objects.get(pk=duplicate.pk).version)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor and duplicate.status == CaseStatus.CLOSED
    assert not duplicate.messages.exists()
    moved = survivor.messages.filter(merged_from=duplicate)
    assert moved.count() == 2
    assert survivor.messages.filter(
        visibility=MessageVisibility.NOTE, body__contains=duplicate.number
    ).exists()
    assert Event.objects.get(name="case.merged").payload == {"into": survivor.pk, "messages": 2}
    with pytest.raises(ValidationError) as exc:
        add_reply(duplicate, "late", actor=agent)
    assert exc.value.code == "case.merged"


def test_merging_across_customers_or_into_itself_is_refused() -> None:
    agent = f.user()
    case = f.case(actor=agent)
    other = f.case(actor=agent)

    for into in (case, other):
        with pytest.raises(ValidationError) as exc:
            merge(case, into, actor=agent)
        assert codes(exc, "into") == ["case.merge_not_allowed"]
