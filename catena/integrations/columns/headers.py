"""Matching a file's headers to the columns of its kind: the suggested mapping, the user's
choices on top of it, and the check that a mapping is usable."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from catena.integrations.columns.kinds import COLUMNS, ONE_OF_REQUIRED, Column
from catena.integrations.columns.values import chinese_word

_PARENTHESIS = re.compile(r"[(（][^)）]*[)）]$")
_NOISE = re.compile(r"[\s_\-*:：]+")


def normalise_header(header: str) -> str:
    """``" 名称（必填）* "`` → ``"名称"``; ``"Contact_Name"`` → ``"contactname"``."""
    text = str(header or "").strip().lstrip("\ufeff").lower()
    text = _PARENTHESIS.sub("", text.rstrip("* "))
    return _NOISE.sub("", text)


def _synonym_table(columns: Sequence[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    # Exact names first, so that a synonym of one field never shadows another field's own header.
    for column in columns:
        for word in (column.key, column.en, column.zh, str(column.label)):
            table.setdefault(normalise_header(word), column.key)
    for column in columns:
        for word in column.synonyms:
            table.setdefault(normalise_header(word), column.key)
    return table


def columns_for(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


def column_keys(kind: str) -> list[str]:
    return [c.key for c in COLUMNS[kind]]


def suggest_mapping(kind: str, headers: Sequence[str]) -> list[str]:
    """The field each column most likely holds ("" for none); a field is given to one column only."""
    table = _synonym_table(COLUMNS[kind])
    used: set[str] = set()
    mapping = []
    for header in headers:
        field = table.get(normalise_header(header), "")
        if field in used:
            field = ""
        if field:
            used.add(field)
        mapping.append(field)
    return mapping


def apply_overrides(
    kind: str, headers: Sequence[str], mapping: Sequence[str], overrides: Mapping[str, str]
) -> list[str]:
    """Apply ``{"Header": "field"}`` choices (an empty field ignores the column) on top of ``mapping``."""
    result = list(mapping)
    known = set(column_keys(kind))
    by_header = {str(h).strip(): i for i, h in enumerate(headers)}
    by_normal = {normalise_header(h): i for i, h in enumerate(headers)}
    for header, field in overrides.items():
        index = by_header.get(header.strip(), by_normal.get(normalise_header(header)))
        if index is None:
            raise ValidationError(
                gettext("The file has no column “%(header)s”.") % {"header": header},
                code="import.bad_mapping",
            )
        field = field.strip()
        if field and field not in known:
            raise ValidationError(
                gettext("“%(field)s” is not a field of this kind; choose one of: %(fields)s.")
                % {"field": field, "fields": ", ".join(sorted(known))},
                code="import.bad_mapping",
            )
        if field:
            # The field moves to this column; whichever column had it before is ignored now.
            result = ["" if f == field else f for f in result]
        result[index] = field
    return result


def check_mapping(kind: str, headers: Sequence[str], mapping: Sequence[str]) -> list[str]:
    """Return the mapping if it is usable; otherwise raise with every problem."""
    problems: list[str] = []
    if len(mapping) != len(headers):
        raise ValidationError(
            gettext("The mapping does not match the columns of the file."), code="import.bad_mapping"
        )
    known = {c.key: c for c in COLUMNS[kind]}
    seen: set[str] = set()
    for field in mapping:
        if not field:
            continue
        if field not in known:
            problems.append(gettext("“%(field)s” is not a field of this kind.") % {"field": field})
        elif field in seen:
            problems.append(
                gettext("Two columns are mapped to “%(field)s”; map it once.") % {"field": known[field].label}
            )
        seen.add(field)
    for column in COLUMNS[kind]:
        if column.required and column.key not in seen:
            problems.append(
                gettext("The required column “%(field)s” is missing (header “%(zh)s” or “%(en)s”).")
                % {"field": column.label, "zh": column.zh, "en": column.en}
            )
    one_of = ONE_OF_REQUIRED.get(kind)
    if one_of and not seen.intersection(one_of):
        labels = ", ".join(str(known[k].label) for k in one_of)
        problems.append(
            gettext("Map at least one column that finds the party: %(fields)s.") % {"fields": labels}
        )
    if problems:
        raise ValidationError([ValidationError(problem, code="import.bad_mapping") for problem in problems])
    return list(mapping)


def template_headers(kind: str, language: str) -> list[str]:
    use_zh = language.lower().startswith("zh")
    return [c.zh if use_zh else c.en for c in COLUMNS[kind]]


# One made-up row per kind, so that a downloaded template shows what each column takes. Coded
# values are written as the header language's words (``chinese_word``), which the importer reads.
EXAMPLES: dict[str, dict[str, str]] = {
    "parties": {
        "name": "示例电子科技有限公司",
        "short_name": "示例电子",
        "kind": "organisation",
        "uscc": "91310115MA1K4XXX19",
        "roles": "customer",
        "tags": "VIP",
        "status": "active",
        "tier": "key",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "street": "张江路 100 号",
        "postcode": "201203",
        "contact_name": "王芳",
        "contact_title": "采购经理",
        "phone": "021-50801234",
        "mobile": "13800138000",
        "email": "wangfang@example.com",
        "external_id": "ERP-C-0001",
    },
    "products": {
        "sku": "EX-1001",
        "name": "示例传感器",
        "category": "传感器/温度",
        "unit": "pcs",
        "currency": "CNY",
        "standard_cost": "80.00",
        "list_price": "120.00",
        "is_active": "1",
    },
    "interactions": {
        "party_uscc": "91310115MA1K4XXX19",
        "party_name": "示例电子科技有限公司",
        "channel": "phone",
        "direction": "outbound",
        "subject": "报价跟进",
        "body": "客户确认下周下单。",
        "occurred_at": "2026-01-15 10:30",
        "contact_name": "王芳",
    },
}


def template_example(kind: str, language: str) -> list[str]:
    """The example row of ``kind``'s template, column for column with ``template_headers``."""
    use_zh = language.lower().startswith("zh")
    example = EXAMPLES.get(kind, {})
    row = []
    for column in COLUMNS[kind]:
        value = example.get(column.key, "")
        if use_zh and value:
            value = chinese_word(column.key, value) or value
        row.append(value)
    return row
