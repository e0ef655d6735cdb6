"""Amounts, quantities, rates and durations read the same on every page, in both languages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template import Context, Template
from django.utils import timezone, translation

from catena.core.durations import format_duration
from catena.core.figures import format_money, format_percent, format_quantity, plain_decimal


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("value", "money", "quantity"),
    [
        (10, "10.00", "10"),
        (80, "80.00", "80"),
        (Decimal("8E+1"), "80.00", "80"),
        (Decimal("1E+1"), "10.00", "10"),
        (Decimal("12674000"), "12,674,000.00", "12,674,000"),
        (Decimal("0.5"), "0.50", "0.5"),
        (Decimal("10.000"), "10.00", "10"),
        (Decimal("2235098.756"), "2,235,098.76", "2,235,098.756"),
    ],
)
def test_amounts_and_quantities_are_grouped_alike_and_never_scientific(
    language: str, value: object, money: str, quantity: str
) -> None:
    with translation.override(language):
        rendered = Template("{% load figures %}{{ v|money }}|{{ v|quantity }}").render(Context({"v": value}))

    assert rendered == f"{money}|{quantity}"
    assert "E" not in rendered


def test_rates_carry_the_percent_sign_of_the_language() -> None:
    with translation.override("en"):
        assert format_percent(Decimal("1E+1")) == "10 %"
        assert format_percent(Decimal("12.50")) == "12.5 %"
    with translation.override("zh-hans"):
        assert format_percent(Decimal("1E+1")) == "10%"


def test_form_inputs_get_plain_decimals() -> None:
    assert plain_decimal(Decimal("8E+1")) == "80"
    assert plain_decimal(Decimal("10.000")) == "10"
    assert plain_decimal(Decimal("0.500")) == "0.5"


def test_no_figure_reads_as_a_dash() -> None:
    assert format_money(None) == format_quantity("") == format_percent(None) == "—"


def test_the_locale_groups_thousands_in_chinese_too() -> None:
    # intcomma and floatformat's "g" follow the locale: Chinese pages group as English ones do
    with translation.override("zh-hans"):
        rendered = Template("{% load humanize %}{{ v|intcomma }}").render(
            Context({"v": Decimal("12674000.00")})
        )
    assert rendered == "12,674,000.00"


@pytest.mark.parametrize(
    ("span", "english", "chinese"),
    [
        (timedelta(days=8 * 30 + 14), "8 months 2 weeks", "8 个月 2 周"),
        (timedelta(days=6 * 30 + 28), "6 months 4 weeks", "6 个月 4 周"),
        (timedelta(days=30), "1 month", "1 个月"),
        (timedelta(days=1, hours=3), "1 day 3 hours", "1 天 3 小时"),
        (timedelta(seconds=20), "under a minute", "不到 1 分钟"),
    ],
)
def test_durations_name_months_as_spans_not_as_calendar_months(
    span: timedelta, english: str, chinese: str
) -> None:
    with translation.override("en"):
        assert format_duration(span) == english
    with translation.override("zh-hans"):
        assert format_duration(span) == chinese


def test_naturaltime_says_months_ago_in_chinese() -> None:
    with translation.override("zh-hans"):
        said = naturaltime(timezone.now() - timedelta(days=8 * 30 + 20))

    assert "个月" in said and "8 月" not in said
