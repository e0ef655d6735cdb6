"""The columns of each import/export kind, the header names that map to them (English and Chinese)
and the Chinese words accepted for coded values (客户 → customer)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catena.integrations.choices import ImportKind


@dataclass(frozen=True)
class Column:
    """One field of an import kind. ``en``/``zh`` are the headers templates and exports write; the
    synonyms are further headers that map to the field when a file is uploaded."""

    key: str
    label: str | Promise
    en: str
    zh: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


USCC_WORDS = (
    "uscc",
    "统一社会信用代码",
    "信用代码",
    "社会信用代码",
    "统一代码",
    "credit code",
    "unified social credit code",
    "税号",
)
EXTERNAL_ID_WORDS = (
    "external_id",
    "external id",
    "外部编号",
    "外部id",
    "外部代码",
    "客户编号",
    "客户编码",
    "erp编号",
    "erp id",
)

PARTY_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        _("Name"),
        "name",
        "名称",
        (
            "公司名称",
            "客户名称",
            "企业名称",
            "单位名称",
            "供应商名称",
            "名字",
            "company",
            "company name",
            "party",
            "party name",
            "customer name",
            "organisation",
            "organization",
        ),
        True,
    ),
    Column("short_name", _("Short name"), "short_name", "简称", ("short name", "abbreviation", "公司简称")),
    Column("kind", _("Kind"), "kind", "类型", ("type", "party kind", "主体类型")),
    Column("uscc", _("Unified social credit code"), "uscc", "统一社会信用代码", USCC_WORDS),
    Column("roles", _("Roles"), "roles", "角色", ("role", "身份")),
    Column("tags", _("Tags"), "tags", "标签", ("tag", "labels")),
    Column("status", _("Status"), "status", "状态", ()),
    Column("tier", _("Tier"), "tier", "等级", ("级别", "客户等级", "level", "grade")),
    Column("industry", _("Industry"), "industry", "行业", ("所属行业", "sector")),
    Column(
        "owner",
        _("Account manager (username)"),
        "owner",
        "负责人",
        ("客户经理", "销售负责人", "业务员", "account manager", "owner username", "sales rep"),
    ),
    Column("province", _("Province"), "province", "省份", ("省", "省/直辖市", "state")),
    Column("city", _("City"), "city", "城市", ("市",)),
    Column("district", _("District"), "district", "区县", ("区", "县", "区/县")),
    Column(
        "street",
        _("Street address"),
        "street",
        "详细地址",
        ("地址", "街道", "街道地址", "address", "street address", "address line"),
    ),
    Column(
        "postcode",
        _("Postcode"),
        "postcode",
        "邮编",
        ("邮政编码", "zip", "zip code", "postal code", "post code"),
    ),
    Column(
        "contact_name",
        _("Contact name"),
        "contact_name",
        "联系人",
        ("联系人姓名", "contact", "contact name", "contact person"),
    ),
    Column(
        "contact_title",
        _("Contact job title"),
        "contact_title",
        "职务",
        ("联系人职务", "职位", "title", "job title", "position", "contact title"),
    ),
    Column(
        "phone",
        _("Phone"),
        "phone",
        "电话",
        ("固定电话", "座机", "联系电话", "tel", "telephone", "phone number"),
    ),
    Column(
        "mobile",
        _("Mobile"),
        "mobile",
        "手机",
        ("手机号", "手机号码", "移动电话", "cell", "cellphone", "mobile phone"),
    ),
    Column(
        "email",
        _("E-mail"),
        "email",
        "邮箱",
        ("电子邮件", "电子邮箱", "邮件", "e-mail", "mail", "email address"),
    ),
    Column("fax", _("Fax"), "fax", "传真", ("传真号码", "fax number")),
    Column("wecom", _("WeCom"), "wecom", "企业微信", ("wework", "wecom id", "企业微信号")),
    Column("website", _("Website"), "website", "网站", ("网址", "官网", "web", "url", "homepage")),
    Column("notes", _("Notes"), "notes", "备注", ("说明", "note", "remarks", "comment", "comments")),
    Column("external_id", _("External id"), "external_id", "外部编号", EXTERNAL_ID_WORDS),
)

PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column(
        "sku",
        _("SKU"),
        "sku",
        "物料编码",
        ("sku", "物料号", "产品编码", "商品编码", "货号", "编码", "item code", "product code", "part number"),
        True,
    ),
    Column(
        "name",
        _("Name"),
        "name",
        "名称",
        ("产品名称", "商品名称", "物料名称", "品名", "product name", "product", "item name"),
        True,
    ),
    Column("category", _("Category path"), "category", "分类", ("类别", "产品分类", "品类", "category path")),
    Column("unit", _("Unit"), "unit", "单位", ("计量单位", "uom")),
    Column("gtin", _("GTIN"), "gtin", "条码", ("gtin", "条形码", "商品条码", "barcode", "ean", "upc")),
    Column("currency", _("Currency"), "currency", "币种", ("货币",)),
    Column(
        "standard_cost",
        _("Standard cost"),
        "standard_cost",
        "标准成本",
        ("成本", "成本价", "cost", "standard cost", "unit cost"),
    ),
    Column(
        "list_price",
        _("List price"),
        "list_price",
        "标价",
        ("单价", "价格", "售价", "销售价", "price", "list price", "unit price"),
    ),
    Column("is_active", _("Active"), "is_active", "是否启用", ("启用", "active", "enabled", "is active")),
    Column("description", _("Description"), "description", "描述", ("说明", "产品描述", "备注", "notes")),
)

INTERACTION_COLUMNS: tuple[Column, ...] = (
    Column(
        "party_uscc", _("Party credit code"), "party_uscc", "统一社会信用代码", USCC_WORDS + ("party uscc",)
    ),
    Column(
        "party_external_id",
        _("Party external id"),
        "party_external_id",
        "客户外部编号",
        EXTERNAL_ID_WORDS[1:] + ("party external id",),
    ),
    Column(
        "party_name",
        _("Party name"),
        "party_name",
        "客户名称",
        ("名称", "公司名称", "往来单位", "单位名称", "party", "customer", "company", "party name", "name"),
    ),
    Column("channel", _("Channel"), "channel", "渠道", ("方式", "沟通方式", "联系方式", "type")),
    Column("direction", _("Direction"), "direction", "方向", ()),
    Column("subject", _("Subject"), "subject", "主题", ("标题", "摘要", "title", "summary"), True),
    Column("body", _("Details"), "body", "内容", ("详情", "正文", "记录", "details", "content", "notes")),
    Column(
        "occurred_at",
        _("Occurred at"),
        "occurred_at",
        "时间",
        ("发生时间", "日期", "联系时间", "date", "time", "datetime", "occurred at", "when"),
    ),
    Column(
        "contact_name",
        _("Contact name"),
        "contact_name",
        "联系人",
        ("contact", "contact name", "contact person"),
    ),
    Column(
        "external_id",
        _("Record id"),
        "external_id",
        "记录编号",
        ("消息编号", "message id", "record id", "interaction id"),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.PARTIES: PARTY_COLUMNS,
    ImportKind.PRODUCTS: PRODUCT_COLUMNS,
    ImportKind.INTERACTIONS: INTERACTION_COLUMNS,
}
# Interactions need at least one way to find the party.
ONE_OF_REQUIRED: dict[str, tuple[str, ...]] = {
    ImportKind.INTERACTIONS: ("party_uscc", "party_external_id", "party_name"),
}

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


# --- coded values typed in Chinese or as English labels -----------------------------------------

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
