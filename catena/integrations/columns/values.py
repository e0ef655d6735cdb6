"""Coded values typed in Chinese or as English labels (客户 → customer), yes/no words and lists
in one cell, and the Chinese word an export writes for a code."""

from __future__ import annotations

import functools
import re

from django.db import models

VALUE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "organisation": ("组织", "企业", "公司", "机构", "单位", "organization", "org", "company"),
        "person": ("个人", "自然人", "individual"),
    },
    "roles": {
        "customer": ("客户", "顾客", "买家"),
        "prospect": ("潜在客户", "意向客户", "线索"),
        "supplier": ("供应商", "供货商", "vendor"),
        "manufacturer": ("制造商", "生产商", "厂家", "厂商"),
        "distributor": ("分销商", "经销商", "代理商", "批发商"),
        "retailer": ("零售商", "门店"),
        "carrier": (
            "承运商",
            "物流",
            "物流商",
            "承运商/物流",
            "第三方物流",
            "3pl",
            "carrier / 3pl",
            "logistics",
        ),
        "service_partner": ("服务商", "服务伙伴", "服务合作伙伴", "service partner"),
    },
    "status": {
        "active": ("活跃", "正常", "启用", "有效"),
        "dormant": ("休眠", "沉睡", "不活跃"),
        "blocked": ("冻结", "停用", "黑名单", "禁止", "锁定"),
        "archived": ("归档", "已归档"),
    },
    "tier": {
        "strategic": ("战略", "战略客户", "战略级"),
        "key": ("重点", "关键", "大客户", "重点客户"),
        "standard": ("标准", "普通", "一般"),
        "small": ("小", "小客户", "小型"),
    },
    "unit": {
        "pcs": ("个", "件", "只", "piece", "pieces", "pc", "ea", "each"),
        "box": ("盒", "箱"),
        "ctn": ("纸箱", "carton"),
        "plt": ("托", "托盘", "pallet"),
        "set": ("套",),
        "kg": ("千克", "公斤", "kilogram"),
        "t": ("吨", "tonne", "ton"),
        "m": ("米", "metre", "meter"),
        "l": ("升", "litre", "liter"),
    },
    "currency": {
        "CNY": ("人民币", "rmb", "元", "¥"),
        "USD": ("美元", "$"),
        "EUR": ("欧元", "€"),
        "HKD": ("港币", "港元"),
        "JPY": ("日元",),
    },
    "channel": {
        "email": ("邮件", "电子邮件", "e-mail"),
        "phone": ("电话", "通话", "call"),
        "sms": ("短信",),
        "fax": ("传真",),
        "visit": ("拜访", "上门", "走访"),
        "meeting": ("会议", "开会"),
        "web_form": ("网页表单", "表单", "web form"),
        "portal": ("门户", "自助门户"),
        "wecom": ("企业微信", "wework"),
        "edi": ("电子数据交换",),
        "note": ("备注", "笔记", "记录"),
    },
    "direction": {
        "inbound": ("呼入", "来电", "来访", "收到", "入", "in"),
        "outbound": ("呼出", "去电", "发出", "出", "out"),
        "internal": ("内部",),
    },
}
BOOLEAN_WORDS = {
    True: ("1", "true", "yes", "y", "是", "启用", "有效", "在售", "active"),
    False: ("0", "false", "no", "n", "否", "停用", "无效", "停售", "inactive"),
}
# The word written for each code in a Chinese export (the first synonym), so that exports read
# naturally in Excel and import back unchanged.
_VALUE_TABLES: dict[str, dict[str, str]] = {}
for _field, _choices in VALUE_WORDS.items():
    table = {}
    for _code, _words in _choices.items():
        table[_code.lower()] = _code
        for _word in _words:
            table[_word.lower()] = _code
    _VALUE_TABLES[_field] = table
_BOOLEANS = {word: value for value, words in BOOLEAN_WORDS.items() for word in words}
LIST_SEPARATORS = re.compile(r"[,，、;；|\n]+")


def coded_value(field: str, value: str, choices: type[models.Choices] | None = None) -> str:
    """The code for a value typed as a code, a Chinese word or an English label; unknown values
    come back unchanged so that validation names them."""
    text = value.strip()
    lowered = text.lower()
    found = _VALUE_TABLES.get(field, {}).get(lowered)
    if found:
        return found
    if choices is not None:
        for code, label in choices.choices:
            if lowered == str(label).lower():
                return str(code)
    return text


def coded_list(field: str, value: str, choices: type[models.Choices] | None = None) -> list[str]:
    return [coded_value(field, part, choices) for part in LIST_SEPARATORS.split(value) if part.strip()]


@functools.cache
def codes_of(choices: type[models.Choices]) -> frozenset[str]:
    """The allowed codes of a choices class (``.values`` builds a new list on every call)."""
    return frozenset(str(v) for v in choices.values)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def boolean_value(value: str) -> bool | None:
    return _BOOLEANS.get(value.strip().lower())


def chinese_word(field: str, code: str) -> str:
    words = VALUE_WORDS.get(field, {}).get(code)
    return words[0] if words else code
