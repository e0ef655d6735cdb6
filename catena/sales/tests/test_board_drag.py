"""Dragging cards on the opportunity board: the cards carry what the drop needs, the move goes
through the same use case with the version the card was drawn with, and the dashboard's stage
links open the board on that stage."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.sales.models import Opportunity
from catena.sales.services import opportunities as opportunity_services
from catena.sales.tests.factories import opportunity, step

pytestmark = pytest.mark.django_db
BOARD = reverse("sales:opportunity_board")
Login = Callable[[User], Client]


def _drag(client: Client, deal: Opportunity, stage: str, version: int) -> object:
    return client.post(
        f"/api/v1/opportunities/{deal.pk}/move",
        json.dumps({"stage": stage, "version": version}),
        content_type="application/json",
    )


def test_movable_cards_are_draggable_and_others_are_not(
    logged_in: Login, make_user: Callable[..., User]
) -> None:
    me = make_user(Role.SALES)
    mine = opportunity(name="我的项目", owner=me, amount=Decimal("12674000"))
    theirs = opportunity(name="别人的项目", owner=make_user(Role.SALES))

    page = logged_in(me).get(BOARD).content.decode()

    card = page[page.index(f'data-testid="card-{mine.pk}"') :].split("</article>", 1)[0]
    assert 'draggable="true"' in card and f'data-move-url="/api/v1/opportunities/{mine.pk}/move"' in card
    assert 'data-version="1"' in card and "12,674,000.00" in card
    if f'data-testid="card-{theirs.pk}"' in page:
        other = page[page.index(f'data-testid="card-{theirs.pk}"') :].split("</article>", 1)[0]
        assert "draggable" not in other
    assert 'data-column="lost"' in page and "data-needs-reason" in page


def test_a_drag_with_a_stale_version_is_409_and_the_card_stays_where_it_is(
    logged_in: Login, sales: User
) -> None:
    deal = opportunity(owner=sales)
    client = logged_in(sales)
    opportunity_services.move_opportunity(deal, to=step("proposal"), actor=sales, expected_version=1)

    response = _drag(client, deal, "negotiation", 1)

    assert response.status_code == 409  # type: ignore[attr-defined]
    assert Opportunity.objects.get(pk=deal.pk).step.code == "proposal"
    page = client.get(BOARD).content.decode()
    column = page[page.index('data-step="proposal"') : page.index('data-step="negotiation"')]
    assert f'data-testid="card-{deal.pk}"' in column and 'data-version="2"' in column


def test_a_drag_moves_the_deal_and_the_board_shows_it(logged_in: Login, sales: User) -> None:
    deal = opportunity(owner=sales)
    client = logged_in(sales)
    assert _drag(client, deal, "needs_analysis", 1).status_code == 200  # type: ignore[attr-defined]
    page = client.get(BOARD, headers={"HX-Request": "true"}).content.decode()
    column = page[page.index('data-step="needs_analysis"') : page.index('data-step="proposal"')]
    assert f'data-testid="card-{deal.pk}"' in column and "<html" not in page


def test_a_drag_to_lost_without_a_reason_is_422(logged_in: Login, sales: User) -> None:
    deal = opportunity(owner=sales)
    response = _drag(logged_in(sales), deal, "lost", 1)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert Opportunity.objects.get(pk=deal.pk).step.code == "qualification"


def test_a_drag_of_someone_elses_deal_is_refused(logged_in: Login, make_user: Callable[..., User]) -> None:
    deal = opportunity(owner=make_user(Role.SALES))
    response = _drag(logged_in(make_user(Role.SALES)), deal, "won", 1)
    assert response.status_code in (403, 404)  # type: ignore[attr-defined]
    assert Opportunity.objects.get(pk=deal.pk).step.code == "qualification"


def test_the_board_opens_on_one_stage(logged_in: Login, sales: User) -> None:
    inside = opportunity(name="方案阶段", owner=sales, step=step("proposal"))
    outside = opportunity(name="初步接触", owner=sales)

    page = logged_in(sales).get(BOARD + "?stage=proposal").content.decode()

    assert 'data-step="proposal"' in page and 'data-step="qualification"' not in page
    assert f'data-testid="card-{inside.pk}"' in page and f'data-testid="card-{outside.pk}"' not in page
    assert 'data-testid="stage-focus"' in page and 'name="stage" value="proposal"' in page
