"""A year of the service desk: cases across channels on the orders just simulated, answered and
resolved on the SLA clock (mostly in time, sometimes late), complaints concentrated on two
carriers and a few products, partner tasks answered well by good partners and badly by poor
ones, promises kept and broken, and the last two weeks still being worked.

Written in bulk with the times they happened (``bulk.insert_objects``); the clocks are computed
with the working calendar, as the service would have.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from catena.accounts.choices import Role
from catena.accounts.models import User
from catena.demo import bulk
from catena.fulfilment.models import Shipment
from catena.service.choices import (
    PRIORITY_RANK,
    CasePriority,
    CaseStatus,
    MessageSender,
    MessageVisibility,
    PartnerTaskStatus,
    PromiseStatus,
)
from catena.service.models import Case, CaseMessage, PartnerTask, Promise, SlaClock, SlaTarget, policy_for
from catena.service.sla.clock import add_business_minutes

CASES_PER_ORDER = 0.05
# type, weight, subject, what the customer wrote
KINDS = (
    ("complaint", 35, "到货外箱破损", "今天到货，外箱明显压坏，有{n}件产品外壳破裂，请尽快处理。"),
    ("claim", 15, "运输途中货物丢失", "签收时少了{n}箱，司机说是分批送，但至今没有到。"),
    ("inquiry", 25, "订单什么时候发货", "想确认一下订单的发货时间，我们下周要用。"),
    ("return_request", 15, "申请退货", "有{n}件型号发错了，申请退货换货。"),
    ("technical_support", 10, "产品使用问题", "设备开机后报警，说明书上没有这个代码，请技术支持。"),
)
CHANNELS = (("portal", 35), ("email", 25), ("phone", 20), ("wecom", 10), ("staff", 10))
PRIORITIES = (
    (CasePriority.NORMAL, 60),
    (CasePriority.HIGH, 25),
    (CasePriority.URGENT, 8),
    (CasePriority.LOW, 7),
)
RESOLUTIONS_TO_CUSTOMER = "问题已处理完毕，补发货物已发出。如还有疑问，请直接回复本工单。"
REPLIES = ("您好，已收到您的反馈，我们正在核实，今天内给您答复。", "非常抱歉给您带来不便，已安排补发。")
RESOLUTIONS = {
    "carrier": "承运商确认装卸不当，已补发并由承运商赔付。",
    "supplier": "供应商确认批次质量问题，已更换并要求整改。",
    "our_error": "仓库拣货错误，已补发正确型号并致歉。",
    "customer": "客户操作不当，已远程指导解决。",
    "unknown": "已补发，原因无法确认。",
}


def _weighted(rng: random.Random, pairs: Any) -> Any:
    return rng.choices([pair[0] for pair in pairs], weights=[pair[1] for pair in pairs])[0]


class ServiceSeeder:
    """Cases on the orders of the parties written from ``first_party_id`` on, up to ``clock``."""

    def __init__(
        self, rng: random.Random, *, clock: datetime, first_party_id: int, add: Callable[[str, int], None]
    ) -> None:
        self.rng, self.clock, self.first_party_id, self.add = rng, clock, first_party_id, add

    def run(self) -> None:
        shipments = list(
            Shipment.objects.filter(sales_order__customer_id__gte=self.first_party_id)
            .select_related("sales_order")
            .order_by("id")
        )
        agents = list(
            User.objects.filter(Q(role__in=(Role.SERVICE, Role.MANAGER)), is_active=True).order_by("id")
        )
        if not shipments or not agents:
            return
        count = max(40, int(len({s.sales_order_id for s in shipments}) * CASES_PER_ORDER))
        carriers = sorted({s.carrier_id for s in shipments})
        # two carriers cause most of the damage: the rest rarely
        self.poor = set(self.rng.sample(carriers, min(2, len(carriers))))
        picked = sorted(
            ((self._pick(shipments), self._opened()) for _n in range(count)), key=lambda pair: pair[1]
        )
        self.written: dict[type[Any], list[Any]] = {
            CaseMessage: [],
            SlaClock: [],
            PartnerTask: [],
            Promise: [],
        }
        self.task_clocks: list[tuple[PartnerTask, SlaClock]] = []
        cases = [
            self._case(pk, shipment, opened, agents)
            for pk, (shipment, opened) in zip(bulk.allocate_ids(Case, count), picked, strict=True)
        ]
        names = [field.attname for field in Case._meta.concrete_fields]
        bulk.insert_with_history(Case, [{name: getattr(case, name) for name in names} for case in cases])
        tasks = self.written[PartnerTask]
        task_type = ContentType.objects.get_for_model(PartnerTask)
        for task, pk in zip(tasks, bulk.allocate_ids(PartnerTask, len(tasks)), strict=True):
            task.pk, task.number = pk, f"PT-{pk:06d}"
        for task, clock in self.task_clocks:  # the clock names its task
            clock.content_type, clock.object_id = task_type, task.pk
        task_fields = [field.attname for field in PartnerTask._meta.concrete_fields]
        bulk.insert_rows(PartnerTask, [{name: getattr(task, name) for name in task_fields} for task in tasks])
        for model in (CaseMessage, SlaClock, Promise):
            bulk.insert_objects(model, self.written[model])
        self.add("cases", len(cases))
        self.add("partner_tasks", len(self.written[PartnerTask]))
        self.add("promises", len(self.written[Promise]))

    def _opened(self) -> datetime:
        age_days = self.rng.triangular(0, 365, 30)
        return self.clock - timedelta(days=age_days, minutes=self.rng.randrange(0, 600))

    def _pick(self, shipments: list[Shipment]) -> Shipment:
        for _try in range(4):
            shipment = self.rng.choice(shipments)
            if shipment.carrier_id in self.poor or self.rng.random() < 0.35:
                return shipment
        return shipment

    def _case(self, pk: int, shipment: Shipment, opened: datetime, agents: list[User]) -> Case:
        """The case, with its messages, clocks, partner task and promise put in ``written``."""
        rng = self.rng
        kind, _weight, subject, text = _weighted_kind(rng)
        priority = _weighted(rng, PRIORITIES)
        owner = rng.choice(agents)
        case = Case(
            pk=pk,
            number=f"CS-{pk:06d}",
            case_type=kind,
            subject=subject,
            description=text.format(n=rng.randint(1, 6)),
            party_id=shipment.sales_order.customer_id,
            order_id=shipment.sales_order_id,
            shipment_id=shipment.pk,
            priority=priority,
            priority_rank=PRIORITY_RANK[priority],
            severity=rng.choice(("minor", "moderate", "moderate", "major")),
            channel=_weighted(rng, CHANNELS),
            status=CaseStatus.OPEN,
            status_changed_at=opened,
            owner=owner,
            language="zh-hans",
            created_at=opened,
            updated_at=opened,
        )
        policy = policy_for(kind, priority, "")
        say = self.written[CaseMessage]
        say.append(
            self._message(
                case,
                MessageSender.STAFF,
                f"感谢您联系我们，工单 {case.number} 已创建，我们会尽快答复。",
                opened,
            )
        )
        say.append(self._message(case, MessageSender.CUSTOMER, case.description, opened))
        if policy is None:
            return case
        first = SlaClock.new_for(case, SlaTarget.FIRST_RESPONSE, policy, started_at=opened)
        resolution = SlaClock.new_for(case, SlaTarget.RESOLUTION, policy, started_at=opened)
        for clock in (first, resolution):
            clock.created_at = clock.updated_at = opened
        self.written[SlaClock] += [first, resolution]
        late = rng.random() < (0.18 if shipment.carrier_id in self.poor else 0.08)
        reply_minutes = int(first.target_minutes * (rng.uniform(1.1, 2.5) if late else rng.uniform(0.1, 0.9)))
        replied = add_business_minutes(opened, reply_minutes)
        if replied is None or replied >= self.clock:  # not answered yet: a live case
            case.sla_due_at = first.due_at
            return case
        say.append(self._message(case, MessageSender.STAFF, rng.choice(REPLIES), replied, author=owner))
        first.stop(replied)
        first.updated_at = replied
        if rng.random() < 0.4:
            promise_due = replied + timedelta(days=rng.randint(1, 4))
            kept = rng.random() < 0.82
            self.written[Promise].append(
                Promise(
                    case=case,
                    party_id=case.party_id,
                    made_by=owner,
                    text=rng.choice(("周五前电话回访", "补发货物 3 天内发出", "明天上午给出检测结论")),
                    due_at=promise_due,
                    status=_settled(kept) if promise_due < self.clock else PromiseStatus.OPEN,
                    resolved_at=(promise_due - timedelta(hours=rng.randint(1, 20)) if kept else promise_due)
                    if promise_due < self.clock
                    else None,
                    created_at=replied,
                )
            )
        cause = (
            "carrier"
            if kind in ("complaint", "claim") and rng.random() < 0.7
            else rng.choice(list(RESOLUTIONS))
        )
        if cause == "carrier":
            self._task(case, shipment, replied)
        done_minutes = int(
            resolution.target_minutes * (rng.uniform(1.05, 2.0) if late else rng.uniform(0.3, 0.95))
        )
        resolved = add_business_minutes(opened, done_minutes)
        if resolved is None or resolved >= self.clock:
            case.sla_due_at = resolution.due_at
            return case
        resolution.stop(resolved)
        resolution.updated_at = resolved
        say.append(self._message(case, MessageSender.STAFF, RESOLUTIONS_TO_CUSTOMER, resolved, author=owner))
        case.status = CaseStatus.CLOSED if resolved < self.clock - timedelta(days=7) else CaseStatus.RESOLVED
        case.root_cause, case.resolution = cause, RESOLUTIONS[cause]
        case.resolved_at = resolved
        case.closed_at = resolved + timedelta(days=7) if case.status == CaseStatus.CLOSED else None
        case.status_changed_at = case.closed_at or resolved
        case.updated_at = case.status_changed_at
        case.sla_due_at = None
        return case

    def _task(self, case: Case, shipment: Shipment, asked: datetime) -> None:
        rng = self.rng
        good = shipment.carrier_id not in self.poor
        task = PartnerTask(
            case=case,
            partner_id=shipment.carrier_id,
            partner_role="carrier",
            shipment_id=shipment.pk,
            request="客户反映到货破损，请说明运输过程并提供交接记录。",
            response_minutes=960,
            status=PartnerTaskStatus.CLOSED,
            created_at=asked,
            updated_at=asked,
        )
        clock = SlaClock(
            kind=SlaTarget.FIRST_RESPONSE, target_minutes=960, warning_percent=80, started_at=asked
        )
        self.task_clocks.append((task, clock))
        clock.schedule()
        clock.created_at = clock.updated_at = asked
        self.written[PartnerTask].append(task)
        self.written[SlaClock].append(clock)
        task.due_at = clock.due_at
        answer_minutes = int(960 * (rng.uniform(0.1, 0.8) if good else rng.uniform(0.7, 2.5)))
        answered = add_business_minutes(asked, answer_minutes)
        if answered is None or answered >= self.clock:
            task.status = PartnerTaskStatus.OPEN
            return
        accepted = rng.random() < (0.7 if good else 0.35)
        task.stance = "accepted" if accepted else "disputed"
        task.answer = "装卸时跌落，我方承担赔偿。" if accepted else "签收单无异常备注，不认可责任。"
        task.answered_at = answered
        task.outcome = "responsible" if accepted or rng.random() < 0.5 else "shared"
        task.closed_at = answered + timedelta(days=1)
        clock.stop(answered)

    @staticmethod
    def _message(case: Case, sender: str, body: str, at: datetime, author: User | None = None) -> CaseMessage:
        message = CaseMessage(
            case=case, visibility=MessageVisibility.REPLY, sender=sender, author=author, body=body
        )
        message.created_at = at
        return message


def _weighted_kind(rng: random.Random) -> tuple[str, int, str, str]:
    return rng.choices(KINDS, weights=[kind[1] for kind in KINDS])[0]


def _settled(kept: bool) -> str:
    return PromiseStatus.KEPT if kept else PromiseStatus.BROKEN
