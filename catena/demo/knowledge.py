"""The knowledge base's demo data: a few categories and the articles a service desk writes first,
in Simplified Chinese and English, most of them public for the portal's help centre.

Rows are written as the services write them (number after the id, one version per language,
the search documents filled by ``service.services.knowledge.fill_search_documents``), without
events: this is demo data, not a business change.
"""

from __future__ import annotations

from django.utils import timezone

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.service.choices import ArticleLanguage, ArticleStatus, ArticleVisibility
from catena.service.models import Article, ArticleCategory, ArticleVersion
from catena.service.services.knowledge import fill_search_documents

# slug, Chinese name, English name
CATEGORIES = (
    ("returns", "退货与换货", "Returns and exchanges"),
    ("delivery", "配送与运输", "Delivery and transport"),
    ("billing", "发票与付款", "Invoices and payment"),
    ("orders", "订单", "Orders"),
    ("integration", "系统对接", "System integration"),
)

# category, visibility, (Chinese title, text), (English title, text)
ARTICLES = (
    (
        "returns",
        ArticleVisibility.PUBLIC,
        (
            "退货流程",
            "收货后 30 天内可申请退货。\n\n1. 在客户门户提交服务请求，类型选择“退货申请”，填写订单号和退货原因。\n"
            "2. 我们在一个工作日内审核并发送退货单号。\n3. 请将商品连同原包装寄回，并在外箱注明退货单号。\n\n"
            "质量问题的退货运费由我们承担；其他原因的退货运费由客户承担。",
        ),
        (
            "How to return goods",
            "You may ask for a return within 30 days of receipt.\n\n1. Open a service request in the portal, type "
            '"Return request", with the order number and the reason.\n2. We review it within one working day and '
            "send you a return number.\n3. Send the goods back in their original packaging with the return number "
            "on the box.\n\nWe pay the freight for returns due to quality problems; other returns are at the "
            "customer's cost.",
        ),
    ),
    (
        "delivery",
        ArticleVisibility.PUBLIC,
        (
            "运输破损如何索赔",
            "如果运输途中外箱破损或货物损坏，请在签收时在运单上注明“外箱破损”，并拍照留证。\n\n"
            "签收后 48 小时内在客户门户提交服务请求，类型选择“索赔”，附上照片、运单号和受损数量。"
            "我们会与承运商核实，并在 5 个工作日内给出补发或退款方案。",
        ),
        (
            "Claiming for transport damage",
            'If the outer carton or the goods arrive damaged, note "carton damaged" on the waybill when you sign '
            'and take photos.\n\nWithin 48 hours of delivery, open a service request of type "Claim" in the portal '
            "with the photos, the waybill number and the quantity damaged. We check with the carrier and offer a "
            "replacement or a refund within 5 working days.",
        ),
    ),
    (
        "billing",
        ArticleVisibility.PUBLIC,
        (
            "发票开具",
            "增值税专用发票在发货后 3 个工作日内开具，电子发票发送到合同约定的财务邮箱。\n\n"
            "如需修改开票信息（公司名称、税号、开户行），请在开票前通过服务请求告知我们；已开具的发票需红冲后重开。",
        ),
        (
            "Invoices",
            "VAT special invoices are issued within 3 working days of shipment; electronic invoices go to the "
            "finance e-mail address in your contract.\n\nTo change the invoice details (company name, tax number, "
            "bank), tell us in a service request before the invoice is issued; an issued invoice has to be "
            "reversed and issued again.",
        ),
    ),
    (
        "orders",
        ArticleVisibility.PUBLIC,
        (
            "订单状态说明",
            "草稿：订单尚未提交。\n已确认：我们已接受订单并安排生产或备货。\n已发货：货物已交承运商，可在门户查看物流轨迹。\n"
            "已送达：承运商已确认签收。\n已开票：发票已开具。",
        ),
        (
            "What an order's status means",
            "Draft: the order is not placed yet.\nConfirmed: we accepted the order and plan its production or "
            "picking.\nShipped: the carrier has the goods; follow the tracking in the portal.\nDelivered: the "
            "carrier confirmed delivery.\nInvoiced: the invoice is issued.",
        ),
    ),
    (
        "integration",
        ArticleVisibility.PUBLIC,
        (
            "EDI 接入",
            "我们支持 EDIFACT（ORDERS、DESADV、INVOIC）和 REST API 两种对接方式。\n\n"
            "接入步骤：提交对接申请 → 获取测试环境账号 → 完成三笔测试订单 → 切换生产环境。一般需要两到三周。",
        ),
        (
            "Connecting by EDI",
            "We connect by EDIFACT (ORDERS, DESADV, INVOIC) or by the REST API.\n\nSteps: ask for a connection, "
            "get a test account, pass three test orders, switch to production. It usually takes two to three weeks.",
        ),
    ),
    (
        "delivery",
        ArticleVisibility.INTERNAL,
        (
            "内部：破损责任判定",
            "签收单注明破损且有照片：承运商责任，向承运商索赔。\n签收单无批注：先核对仓库出库照片，再决定是否补发。",
        ),
        (
            "Internal: who pays for damage",
            "Damage noted on the delivery receipt with photos: the carrier's fault, claim from the carrier.\n"
            "Nothing noted: check the warehouse's dispatch photos before sending a replacement.",
        ),
    ),
)


def create_articles() -> int:
    """The demo categories and articles (once: a rerun adds nothing); the articles created."""
    if Article.objects.exists():
        return 0
    categories = {}
    for position, (slug, name, name_en) in enumerate(CATEGORIES, start=1):
        categories[slug], _created = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
    author = User.objects.filter(role=Role.SERVICE, is_active=True).order_by("pk").first()
    now = timezone.now()
    for category, visibility, (title_zh, body_zh), (title_en, body_en) in ARTICLES:
        article = Article.objects.create(
            number="",
            category=categories[category],
            visibility=visibility,
            status=ArticleStatus.PUBLISHED,
            revision=1,
            published_at=now,
            created_by=author,
        )
        article.number = f"KB-{article.pk:06d}"
        for language, title, body in (
            (ArticleLanguage.ZH_HANS, title_zh, body_zh),
            (ArticleLanguage.EN, title_en, body_en),
        ):
            version = ArticleVersion.objects.create(
                article=article, number=1, language=language, title=title, body=body, author=author
            )
            setattr(article, "current_zh" if language == ArticleLanguage.ZH_HANS else "current_en", version)
        fill_search_documents(article)
        article.save()
    return len(ARTICLES)
