"""Helpers that build import files: valid credit codes, CSV bytes in any encoding, .xlsx files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from stdnum.cn import uscc as stdnum_uscc

PARTY_HEADERS_ZH = [
    "名称",
    "统一社会信用代码",
    "角色",
    "省份",
    "城市",
    "区县",
    "详细地址",
    "联系人",
    "手机",
    "邮箱",
    "外部编号",
]


def make_uscc(n: int) -> str:
    """A valid 18-character unified social credit code, different for every ``n``."""
    body = f"91440300{n:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def party_row(n: int, **overrides: Any) -> list[Any]:
    """A row under :data:`PARTY_HEADERS_ZH`."""
    values = {
        "name": f"深圳市测试{n}电子有限公司",
        "uscc": make_uscc(n),
        "roles": "客户、供应商",
        "province": "广东",
        "city": "深圳市",
        "district": "南山区",
        "street": f"科技园{n}号",
        "contact": f"张{n}",
        "mobile": f"138{n:08d}",
        "email": f"buyer{n}@example.com",
        "external_id": f"ERP-{n}",
    }
    values.update(overrides)
    return list(values.values())
