"""A year of demo interactions per party: calls, e-mails, visits, WeCom chats, notes and EDI."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import accumulate

from catena.comms.choices import Channel, Direction
from catena.demo.products import GOODS, MATERIALS
from catena.parties.choices import PartyRoleType as R
from catena.parties.choices import PartyStatus

_Topics = tuple[tuple[str, str], ...]

TOPICS: dict[str, _Topics] = {
    R.CUSTOMER: (
        ("报价咨询：{product}", "客户询问{product}的价格和交期，已发送报价单，有效期 {days} 天。"),
        ("交期确认：订单 {po}", "客户确认订单 {po} 的交货时间，要求 {days} 天内到货。"),
        ("售后问题：{product}", "客户反映{product}运行异常，已安排服务工程师上门检查。"),
        ("续约洽谈", "讨论明年框架协议，客户预计年采购额约 {amount} 万元。"),
        ("新品推介：{product}", "向客户介绍{product}，客户有兴趣，约定下周演示。"),
        ("付款提醒：发票 {inv}", "发票 {inv} 已逾期 {days} 天，客户承诺本周内付款。"),
        ("投诉跟进", "跟进上月投诉的处理结果，客户表示满意。"),
        ("满意度回访", "季度回访，客户对交付和服务评价良好，建议加强安装培训。"),
    ),
    R.PROSPECT: (
        ("初次拜访", "了解客户需求，目前使用竞品，合同 {days} 天后到期。"),
        ("展会线索跟进", "展会上留下联系方式，对{product}感兴趣。"),
        ("需求调研", "客户计划采购{product}约 {n} 台，预算 {amount} 万元。"),
        ("方案演示", "演示{product}方案，客户技术部门参与。"),
    ),
    R.SUPPLIER: (
        ("原材料报价：{product}", "供应商更新{product}报价，较上季度上涨 {pct}%。"),
        ("到货延迟：采购单 {po}", "采购单 {po} 预计延迟 {days} 天到货，原因：产能紧张。"),
        ("来料质量异常", "来料检验发现批次不良率 {pct}%，已要求供应商提交 8D 报告。"),
        ("产能确认", "确认下月产能可满足 {n} 件的需求。"),
        ("年度价格谈判", "就年度框架价格进行谈判，目标降本 {pct}%。"),
    ),
    R.MANUFACTURER: (
        ("产品路线图沟通", "厂家介绍下半年新品计划，重点推广{product}。"),
        ("返利政策确认", "确认本季度返利政策，达成目标可获 {pct}% 返利。"),
        ("联合预测评审", "与厂家评审未来 {n} 周的需求预测，偏差 {pct}%。"),
        ("质量问题反馈：{product}", "反馈{product}批次质量问题，厂家承诺 {days} 天内答复。"),
    ),
    R.DISTRIBUTOR: (
        ("月度销量回顾", "经销商本月出货 {n} 台，库存周转 {days} 天。"),
        ("库存盘点", "核对渠道库存，{product}库存偏高，建议控制进货。"),
        ("促销方案沟通", "讨论{product}促销方案，预计提升销量 {pct}%。"),
        ("返利结算", "核对上季度返利，金额约 {amount} 万元。"),
        ("新门店开拓", "经销商计划在区域内新增 {n} 家门店。"),
    ),
    R.RETAILER: (
        ("门店补货", "门店申请补货{product} {n} 台。"),
        ("陈列检查", "巡店检查{product}陈列，建议调整位置。"),
        ("店员培训", "为店员培训{product}卖点，共 {n} 人参加。"),
        ("销售数据上报", "门店上报上周销量 {n} 台。"),
    ),
    R.CARRIER: (
        ("提货时间确认", "确认明日 {hours} 点前提货，共 {n} 托。"),
        ("运输异常：运单 {waybill}", "运单 {waybill} 途中延误，预计晚到 {days} 天。"),
        ("签收回单：运单 {waybill}", "运单 {waybill} 已签收，回单已上传。"),
        ("运价调整", "承运商通知线路运价上调 {pct}%。"),
        ("货损理赔：运单 {waybill}", "运单 {waybill} 有货损，索赔金额 {amount} 万元。"),
    ),
    R.SERVICE_PARTNER: (
        ("安装派工：{product}", "派工安装{product} {n} 台，预计 {days} 天完成。"),
        ("维修工单回访", "维修已完成，客户签字确认。"),
        ("备件申请", "服务商申请备件 {n} 件。"),
        ("服务质量考核", "本月首次响应达标率 {pct}%。"),
    ),
}
PERSON_TOPICS: _Topics = (
    ("购买咨询：{product}", "客户咨询{product}的价格和安装服务。"),
    ("安装预约：{product}", "预约{product}上门安装时间。"),
    ("保修登记：{product}", "为客户登记{product}延保。"),
    ("售后报修：{product}", "客户报修{product}，已派工程师上门。"),
)

# UN/EDIFACT messages exchanged with each kind of partner: (subject, direction).
EDI_MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    R.SUPPLIER: (
        ("EDI DESADV 发货通知 {po}", Direction.INBOUND),
        ("EDI INVOIC 发票 {inv}", Direction.INBOUND),
        ("EDI ORDERS 采购订单 {po}", Direction.OUTBOUND),
    ),
    R.MANUFACTURER: (
        ("EDI ORDRSP 订单确认 {po}", Direction.INBOUND),
        ("EDI ORDERS 采购订单 {po}", Direction.OUTBOUND),
    ),
    R.DISTRIBUTOR: (
        ("EDI ORDERS 采购订单 {po}", Direction.INBOUND),
        ("EDI SLSRPT 销售报告", Direction.INBOUND),
        ("EDI INVRPT 库存报告", Direction.INBOUND),
        ("EDI INVOIC 发票 {inv}", Direction.OUTBOUND),
    ),
    R.CARRIER: (
        ("EDI IFTSTA 运输状态 {waybill}", Direction.INBOUND),
        ("EDI IFTMIN 运输指令 {waybill}", Direction.OUTBOUND),
    ),
}

_BUSINESS = (
    (Channel.PHONE, 25),
    (Channel.EMAIL, 22),
    (Channel.WECOM, 18),
    (Channel.VISIT, 10),
    (Channel.MEETING, 6),
    (Channel.NOTE, 12),
    (Channel.SMS, 3),
    (Channel.WEB_FORM, 2),
)
_PARTNER = (
    (Channel.PHONE, 20),
    (Channel.EMAIL, 25),
    (Channel.WECOM, 12),
    (Channel.VISIT, 6),
    (Channel.MEETING, 8),
    (Channel.NOTE, 8),
    (Channel.EDI, 18),
    (Channel.FAX, 3),
)
_PERSON = (
    (Channel.PHONE, 35),
    (Channel.SMS, 15),
    (Channel.WECOM, 20),
    (Channel.WEB_FORM, 10),
    (Channel.NOTE, 10),
    (Channel.EMAIL, 10),
)
_OUTBOUND_ONLY = {Channel.VISIT, Channel.MEETING, Channel.SMS}

# Relative amount of contact per role; calibrated so that the mix of roles averages ~1.
ACTIVITY: dict[str, float] = {
    R.MANUFACTURER: 3.0, R.DISTRIBUTOR: 2.0, R.SUPPLIER: 1.5, R.CARRIER: 1.5, R.RETAILER: 1.2,
    R.SERVICE_PARTNER: 1.0, R.PROSPECT: 0.6, R.CUSTOMER: 1.0,
}  # fmt: skip
PERSON_ACTIVITY = 0.5
YEAR = timedelta(days=365)  # the timeline covers the year before the seed's anchor (yesterday)


class TimelineWriter:
    """Makes the interactions of one party; one instance per seed run keeps counters unique."""

    def __init__(
        self, rng: random.Random, *, anchor: datetime, products: Mapping[str, Sequence[str]], per_party: float
    ) -> None:
        self.rng = rng
        self.anchor = anchor
        goods = list(products.get(GOODS, ())) or list(products.get(MATERIALS, ())) or ["产品"]
        materials = list(products.get(MATERIALS, ())) or goods
        # Suppliers talk about what they sell us; everybody else about the goods we sell.
        self.products = {role: materials if role == R.SUPPLIER else goods for role in ACTIVITY}
        self.per_party = per_party
        self.channel_tables = {
            key: ([c for c, _w in table], list(accumulate(w for _c, w in table)))
            for key, table in (("business", _BUSINESS), ("partner", _PARTNER), ("person", _PERSON))
        }

    def count_for(self, role: str, *, is_person: bool) -> int:
        mean = self.per_party * (PERSON_ACTIVITY if is_person else ACTIVITY.get(role, 1.0))
        return max(1, round(self.rng.gammavariate(2.0, mean / 2.0)))

    def _when(self, status: str, role: str) -> datetime:
        rng = self.rng
        if status == PartyStatus.DORMANT:
            days = rng.uniform(180, 365)
        elif status == PartyStatus.ARCHIVED:
            days = rng.uniform(240, 365)
        elif role == R.PROSPECT:
            days = rng.uniform(0, 120)
        else:
            days = 365 * rng.random() ** 1.3  # a little more activity recently
        day = self.anchor - timedelta(days=int(days))
        if day.weekday() >= 5 and rng.random() < 0.85:
            # Most weekend exchanges move to the Friday before, or to the Monday after when that
            # Friday would fall out of the year before the anchor.
            friday = day - timedelta(days=day.weekday() - 4)
            day = friday if self.anchor - friday <= YEAR else day + timedelta(days=7 - day.weekday())
        return day.replace(hour=rng.randint(8, 18), minute=rng.randrange(60), second=rng.randrange(60))

    def _values(self, role: str) -> _Values:
        return _Values(self.rng, self.products.get(role) or self.products[R.CUSTOMER])

    def interactions(
        self,
        *,
        party_id: int,
        role: str,
        status: str,
        is_person: bool,
        contact_ids: Sequence[int],
        author_ids: Sequence[int],
        count: int,
    ) -> list[dict[str, object]]:
        """Rows for ``bulk.insert_rows(Interaction, …)``."""
        rng = self.rng
        table = "person" if is_person else "partner" if role in EDI_MESSAGES else "business"
        channels, weights = self.channel_tables[table]
        topics = PERSON_TOPICS if is_person else TOPICS.get(role, TOPICS[R.CUSTOMER])
        rows: list[dict[str, object]] = []
        for i in range(count):
            channel = rng.choices(channels, cum_weights=weights)[0]
            values = self._values(role)
            if channel == Channel.EDI:
                subject, direction = rng.choice(EDI_MESSAGES[role])
                body = "UN/EDIFACT 报文，共 {n} 行。"
                external_id: str | None = f"seed-{party_id}-{i}"
            else:
                subject, body = rng.choice(topics)
                external_id = None
                if channel == Channel.NOTE:
                    direction = Direction.INTERNAL
                elif channel in _OUTBOUND_ONLY:
                    direction = Direction.OUTBOUND
                elif channel == Channel.WEB_FORM:
                    direction = Direction.INBOUND
                else:
                    direction = Direction.INBOUND if rng.random() < 0.45 else Direction.OUTBOUND
            contact_id = rng.choice(contact_ids) if contact_ids and rng.random() < 0.85 else None
            author_id = rng.choice(author_ids) if author_ids else None
            occurred_at = self._when(status, role)
            rows.append(
                {
                    "party_id": party_id,
                    "contact_id": contact_id,
                    "channel": str(channel),
                    "direction": str(direction),
                    "subject": subject.format_map(values),
                    "body": body.format_map(values),
                    "occurred_at": occurred_at,
                    "created_at": occurred_at,
                    "author_id": author_id,
                    "external_id": external_id,
                }
            )
        return rows


class _Values(dict[str, object]):
    """Placeholder values for a text template, drawn only when the template uses them."""

    def __init__(self, rng: random.Random, products: Sequence[str]) -> None:
        super().__init__()
        self.rng = rng
        self.products = products

    def __missing__(self, key: str) -> object:
        rng = self.rng
        makers: dict[str, Callable[[], object]] = {
            "product": lambda: rng.choice(self.products),
            "po": lambda: f"PO{rng.randint(2024000000, 2026999999)}",
            "inv": lambda: f"{rng.randint(10000000, 99999999)}",
            "waybill": lambda: f"SF{rng.randint(10**11, 10**12 - 1)}",
            "n": lambda: rng.randint(2, 300),
            "amount": lambda: rng.randint(5, 800),
            "days": lambda: rng.randint(2, 45),
            "pct": lambda: rng.randint(2, 15),
            "hours": lambda: rng.randint(9, 17),
        }
        value = makers[key]()
        self[key] = value
        return value
