"""Pipeline stages in the settings: listed, added, renamed, reordered, given a probability and a
won or lost ending, through the steps' services."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.sales.models import PipelineStep

pytestmark = pytest.mark.django_db
LIST = reverse("settings_sales:step_list")


def names() -> list[str]:
    return list(PipelineStep.objects.values_list("name", flat=True))


def test_a_manager_adds_a_stage_at_the_end(manager: User, logged_in: Callable[[User], Client]) -> None:
    before = names()
    response = logged_in(manager).post(
        LIST, {"name": "样品测试", "default_probability": 30, "is_active": "on"}
    )
    assert response.status_code == 302
    assert names() == [*before, "样品测试"]
    added = PipelineStep.objects.get(name="样品测试")
    assert (added.default_probability, added.is_active, added.code.startswith("stage-")) == (30, True, True)


def test_bad_stage_input_is_a_form_error_with_its_code(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    client = logged_in(admin_user)
    out_of_range = client.post(LIST, {"name": "X", "default_probability": 101})
    both = client.post(LIST, {"name": "X", "default_probability": 10, "is_won": "on", "is_lost": "on"})
    assert (out_of_range.status_code, both.status_code) == (422, 422)
    assert [e.code for e in out_of_range.context["form"].errors.as_data()["default_probability"]] == [
        "max_value"
    ]
    assert [e.code for e in both.context["form"].errors.as_data()["is_lost"]] == ["stage.won_and_lost"]


def test_renaming_and_setting_probability(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    step = PipelineStep.objects.filter(is_won=False, is_lost=False).first()
    assert step is not None
    response = logged_in(admin_user).post(
        reverse("settings_sales:step_edit", args=[step.pk]),
        {"name": "初步接洽", "default_probability": 15, "is_active": "on"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, step.default_probability) == ("初步接洽", 15)


def test_moving_a_stage_up_and_down(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    first, second = list(PipelineStep.objects.all())[:2]
    client = logged_in(admin_user)
    client.post(reverse("settings_sales:step_move", args=[second.pk]), {"direction": "up"})
    assert list(PipelineStep.objects.all())[:2] == [second, first]
    client.post(reverse("settings_sales:step_move", args=[second.pk]), {"direction": "down"})
    assert list(PipelineStep.objects.all())[:2] == [first, second]
    assert (
        client.post(reverse("settings_sales:step_move", args=[first.pk]), {"direction": "x"}).status_code
        == 302
    )


def test_sales_staff_cannot_move_stages(sales: User, logged_in: Callable[[User], Client]) -> None:
    step = PipelineStep.objects.first()
    assert step is not None
    assert (
        logged_in(sales)
        .post(reverse("settings_sales:step_move", args=[step.pk]), {"direction": "down"})
        .status_code
        == 403
    )
