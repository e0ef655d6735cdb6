"""Opportunities on the board: pipeline steps with default probabilities, moves with version checks,
won and lost, and the weighted pipeline per owner and per month."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.comms.models import Interaction
from catena.core import access
from catena.core.models import Event
from catena.core.versions import StaleVersion
from catena.parties.choices import PartyStatus
from catena.sales.models import Opportunity, PipelineStep
from catena.sales.selectors import pipeline as selectors
from catena.sales.services import opportunities
from catena.sales.services import steps as step_services
from catena.sales.tests.factories import customer, opportunity, step

pytestmark = pytest.mark.django_db


def test_the_default_steps_exist_in_order_with_their_probabilities() -> None:
    steps = list(PipelineStep.objects.values_list("code", "default_probability", "is_won", "is_lost"))

    assert steps == [
        ("qualification", 10, False, False),
        ("needs_analysis", 30, False, False),
        ("proposal", 50, False, False),
        ("negotiation", 75, False, False),
        ("won", 100, True, False),
        ("lost", 0, False, True),
    ]


def test_a_new_opportunity_takes_the_probability_of_its_step_unless_given(sales: User) -> None:
    party = customer()

    first = opportunities.create_opportunity(
        party, actor=sales, name="首单", expected_close="2027-03-31", amount=5000
    )
    second = opportunities.create_opportunity(
        party, actor=sales, name="二单", expected_close=date(2027, 4, 1), step="proposal", probability=65
    )

    assert (first.step.code, first.probability, first.owner) == ("qualification", 10, sales)
    assert (second.step.code, second.probability) == ("proposal", 65)
    assert first.weighted_amount == Decimal("500.00")


def test_opportunity_input_errors_name_the_fields(sales: User) -> None:
    party = customer(status=PartyStatus.BLOCKED)

    with pytest.raises(ValidationError) as error:
        opportunities.create_opportunity(
            party,
            actor=sales,
            name="",
            expected_close="someday",
            amount="-5",
            step="nowhere",
            probability=120,
        )

    assert {"name", "expected_close", "amount", "step", "probability", "party"} <= set(
        error.value.message_dict
    )
    assert not Opportunity.objects.exists()


def test_moving_a_card_sets_the_step_probability_bumps_the_version_and_emits(sales: User) -> None:
    deal = opportunity(owner=sales)

    deal = opportunities.move_opportunity(deal, to="negotiation", actor=sales, expected_version=1)

    assert (deal.step.code, deal.probability, deal.version) == ("negotiation", 75, 2)
    event = Event.objects.get(name="opportunity.stage_changed")
    assert event.payload == {"from": "qualification", "to": "negotiation", "probability": 75}
    assert event.actor == sales


def test_a_stale_move_is_refused_and_changes_nothing(sales: User) -> None:
    deal = opportunity(owner=sales)
    opportunities.move_opportunity(deal, to="proposal", actor=sales, expected_version=1)

    with pytest.raises(StaleVersion):
        opportunities.move_opportunity(deal, to="lost", actor=sales, expected_version=1, lost_reason="价格")

    assert Opportunity.objects.get(pk=deal.pk).step.code == "proposal"


def test_losing_needs_a_reason_and_both_endings_go_on_the_timeline(sales: User) -> None:
    deal = opportunity(owner=sales, name="华南项目")
    with pytest.raises(ValidationError) as error:
        opportunities.move_opportunity(deal, to="lost", actor=sales)
    assert "lost_reason" in error.value.message_dict

    lost = opportunities.move_opportunity(deal, to="lost", actor=sales, lost_reason="竞争对手价格更低")

    assert lost.probability == 0 and lost.closed_at and lost.lost_reason == "竞争对手价格更低"
    assert Event.objects.filter(name="opportunity.lost").exists()
    won = opportunities.move_opportunity(opportunity(owner=sales, name="华北项目"), to="won", actor=sales)
    assert won.probability == 100 and Event.objects.filter(name="opportunity.won").exists()
    subjects = set(Interaction.objects.values_list("subject", flat=True))
    assert any("Deal lost: 华南项目" in s for s in subjects)
    assert any("Deal won: 华北项目" in s for s in subjects)


def test_sales_move_only_their_own_deals_and_readers_none(
    make_user: Callable[..., User], reader: User
) -> None:
    mine, other = make_user(Role.SALES), make_user(Role.SALES)
    deal = opportunity(owner=other)

    for actor in (mine, reader):
        with pytest.raises(access.PermissionDenied):
            opportunities.move_opportunity(deal, to="proposal", actor=actor)

    assert Opportunity.objects.get(pk=deal.pk).version == 1


def test_weighted_pipeline_sums_open_deals_per_owner_and_per_month(
    make_user: Callable[..., User], manager: User
) -> None:
    ann, bob = make_user(Role.SALES, first_name="Ann"), make_user(Role.SALES, first_name="Bob")
    opportunity(owner=ann, amount=Decimal("10000"), probability=50, expected_close=date(2027, 1, 10))
    opportunity(owner=ann, amount=Decimal("2000"), probability=10, expected_close=date(2027, 1, 31))
    opportunity(owner=bob, amount=Decimal("8000"), probability=75, expected_close=date(2027, 2, 5))
    opportunity(owner=bob, amount=Decimal("99999"), step=step("won"), expected_close=date(2027, 2, 5))

    summary = selectors.weighted_pipeline(manager)

    assert [(r["month"], r["count"], r["amount"], r["weighted"]) for r in summary["by_month"]] == [
        ("2027-01", 2, Decimal("12000.00"), Decimal("5200.00")),
        ("2027-02", 1, Decimal("8000.00"), Decimal("6000.00")),
    ]
    assert [(r["owner_id"], r["weighted"]) for r in summary["by_owner"]] == [
        (bob.pk, Decimal("6000.00")),
        (ann.pk, Decimal("5200.00")),
    ]
    only_ann = selectors.weighted_pipeline(manager, owner=ann.pk)
    assert [r["month"] for r in only_ann["by_month"]] == ["2027-01"]


def test_the_board_has_a_column_per_step_with_totals(manager: User) -> None:
    opportunity(amount=Decimal("1000"), probability=10)
    opportunity(amount=Decimal("3000"), probability=10)
    opportunity(step=step("proposal"), amount=Decimal("500"), probability=50)

    columns = selectors.opportunity_board(manager)

    assert [c.step.code for c in columns][:3] == ["qualification", "needs_analysis", "proposal"]
    first = columns[0]
    assert (first.count, first.total, first.weighted, len(first.cards)) == (
        2,
        Decimal("4000.00"),
        Decimal("400.00"),
        2,
    )


def test_the_board_reads_its_cards_in_the_same_queries_however_many_steps(manager: User) -> None:
    for code in ("qualification", "proposal", "won"):
        opportunity(step=step(code))
    with CaptureQueriesContext(connection) as six_steps:
        selectors.opportunity_board(manager)
    for n in range(4):
        extra = step_services.create_step(actor=manager, name=f"Extra {n}", sequence=40 + n)
        opportunity(step=extra)

    with CaptureQueriesContext(connection) as ten_steps:
        columns = selectors.opportunity_board(manager)

    assert len(columns) == 10 and all(column.cards for column in columns if column.count)
    assert len(ten_steps) == len(six_steps) == 3  # steps, column totals, cards


def test_each_board_column_shows_its_first_cards_by_close_date(
    manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "BOARD_COLUMN_LIMIT", 2)
    today = timezone.localdate()
    late, soon, soonest = (
        opportunity(name=name, expected_close=today + timedelta(days=days))
        for name, days in (("late", 90), ("soon", 60), ("soonest", 30))
    )
    proposal = opportunity(step=step("proposal"))

    columns = {column.step.code: column for column in selectors.opportunity_board(manager)}

    assert columns["qualification"].cards == [soonest, soon] and columns["qualification"].count == 3
    assert late not in columns["qualification"].cards
    assert columns["proposal"].cards == [proposal]


def test_only_managers_set_up_steps_and_a_used_step_is_retired_not_deleted(
    manager: User, sales: User
) -> None:
    with pytest.raises(access.PermissionDenied):
        step_services.create_step(actor=sales, name="Demo")

    demo = step_services.create_step(actor=manager, name="Demo", sequence=25, default_probability=40)

    assert demo.code == "demo" and [s.code for s in PipelineStep.objects.all()][2] == "demo"
    deal = opportunity(step=demo)
    with pytest.raises(ValidationError):
        step_services.delete_step(demo, actor=manager)
    with pytest.raises(ValidationError) as error:
        step_services.update_step(demo, actor=manager, is_active=False)
    assert "is_active" in error.value.message_dict
    opportunities.move_opportunity(deal, to="proposal", actor=manager)
    assert step_services.update_step(demo, actor=manager, is_active=False).is_active is False
    with pytest.raises(ValidationError) as error:
        step_services.update_step(demo, actor=manager, is_won=True, is_lost=True, default_probability=101)
    assert {"is_lost", "default_probability"} <= set(error.value.message_dict)
