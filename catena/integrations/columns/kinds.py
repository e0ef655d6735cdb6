"""The columns of each import/export kind: the field, the headers templates and exports write
(English and Chinese) and the further headers that map to it when a file is uploaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
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
    # written by exports (catena.integrations.record_ids): re-importing a file updates its parties
    Column("catena_id", _("Catena id"), "catena_id", "Catena 编号", ("catena id", "catena编号", "系统编号")),
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
