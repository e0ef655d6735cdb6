"""Promises made to customers on cases: making, keeping and cancelling them, the sweep that breaks
overdue ones, the maker's to-do in "my day", the notification of a broken promise, the case page's
panel, the ledger's kept rates and a portal customer's read-only view of its own promises."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catena.accounts.choices import Role
from catena.core import access, events
from catena.core.errors import CodedHttpError
from catena.core.models import Event
from catena.service.choices import CaseStatus, PromiseStatus
from catena.service.ledger import ledger_by_agent, ledger_by_customer, promise_list
from catena.service.models import Case, Promise
from catena.service.services import change_status
from catena.service.services.promises import break_overdue, cancel, keep, make_promise
from catena.service.tasks import break_overdue_promises
from catena.service.tests import factories as f
from catena.workspace.choices import ActivityStatus
from catena.workspace.models import Notification

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in exc.error_dict.items()}


@pytest.fixture
def agent() -> Any:
    return f.user(first_name="芳", last_name="王")


@pytest.fixture
def case(agent: Any) -> Case:
    return f.case(f.customer(name="华东机电"), actor=agent)


def later(hours: float = 48) -> datetime:
    return timezone.now() + timedelta(hours=hours)


def test_making_a_promise_records_it_for_the_customer_and_puts_it_on_the_makers_day(
    agent: Any, case: Case
) -> None:
    due = later()

    promise = make_promise(case, actor=agent, text="  周五前回电  ", due_at=due)

    assert promise.status == PromiseStatus.OPEN and promise.text == "周五前回电"
    assert promise.party_id == case.party_id and promise.made_by == agent and promise.due_at == due
    assert promise.activity is not None
    assert promise.activity.assignee == agent and promise.activity.due_at == due
    assert promise.activity.status == ActivityStatus.OPEN and "周五前回电" in promise.activity.subject
    made = Event.objects.get(name="promise.made")
    assert made.subject_id == str(case.pk) and made.payload["promise"] == promise.pk
    assert promise.history.count() == 1
    assert case.messages.count() == 1  # only the acknowledgement: nothing is sent to the customer


def test_keeping_a_promise_completes_the_makers_to_do(agent: Any, case: Case) -> None:
    promise = make_promise(case, actor=agent, text="12 日发出替换件", due_at=later())

    kept = keep(promise, actor=agent, note="顺丰 SF123 已发出")

    assert kept.status == PromiseStatus.KEPT and kept.resolved_by == agent and kept.resolved_at
    assert kept.note == "顺丰 SF123 已发出"
    assert kept.activity is not None and kept.activity.status == ActivityStatus.DONE
    assert Event.objects.filter(name="promise.kept", subject_id=case.pk).exists()


def test_a_colleague_who_works_the_case_keeps_another_agents_promise(agent: Any, case: Case) -> None:
    colleague = f.user()
    promise = make_promise(case, actor=agent, text="明天回电", due_at=later())

    kept = keep(promise, actor=colleague)

    assert kept.status == PromiseStatus.KEPT and kept.resolved_by == colleague
    assert kept.activity is not None and kept.activity.status == ActivityStatus.DONE


def test_cancelling_a_promise_needs_a_reason_and_cancels_the_to_do(agent: Any, case: Case) -> None:
    promise = make_promise(case, actor=agent, text="明天回电", due_at=later())

    with pytest.raises(ValidationError) as refused:
        cancel(promise, actor=agent, note="  ")
    cancelled = cancel(promise, actor=agent, note="客户改为邮件沟通")

    assert codes(refused.value) == {"note": ["promise.note_required"]}
    assert cancelled.status == PromiseStatus.CANCELLED and cancelled.note == "客户改为邮件沟通"
    assert cancelled.activity is not None and cancelled.activity.status == ActivityStatus.CANCELLED
    assert Event.objects.filter(name="promise.cancelled").count() == 1


def test_bad_input_is_refused_with_a_code_per_field_and_nothing_written(agent: Any, case: Case) -> None:
    with pytest.raises(ValidationError) as past:
        make_promise(case, actor=agent, text="昨天回电", due_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as empty:
        make_promise(case, actor=agent, text="   ", due_at=None)
    with pytest.raises(ValidationError) as long:
        make_promise(case, actor=agent, text="长" * 301, due_at=later())
    with pytest.raises(ValidationError) as control:
        make_promise(case, actor=agent, text="回电\u202e", due_at=later())

    assert codes(past.value) == {"due_at": ["promise.due_in_past"]}
    assert codes(empty.value) == {"text": ["promise.empty"], "due_at": ["required"]}
    assert codes(long.value) == {"text": ["too_long"]}
    assert codes(control.value) == {"text": ["control_character"]}
    assert not Promise.objects.exists() and not Event.objects.filter(name__startswith="promise.").exists()


@pytest.mark.parametrize("status", [CaseStatus.RESOLVED, CaseStatus.CLOSED])
def test_no_promise_is_made_on_a_case_no_longer_worked(agent: Any, case: Case, status: str) -> None:
    change_status(case, CaseStatus.RESOLVED, actor=agent, root_cause="carrier", resolution="已补发")
    if status == CaseStatus.CLOSED:
        change_status(case, CaseStatus.CLOSED, actor=agent)

    with pytest.raises(ValidationError) as refused:
        make_promise(case, actor=agent, text="下周回访", due_at=later())

    assert codes(refused.value) == {"case": ["promise.case_closed"]}


def test_only_staff_who_change_the_case_make_promises(agent: Any, case: Case) -> None:
    for outsider in (f.user(Role.SALES), f.user(Role.READ_ONLY), f.portal_user(case.party)):
        with pytest.raises(access.PermissionDenied):
            make_promise(case, actor=outsider, text="明天回电", due_at=later())
    assert not Promise.objects.exists()


def test_the_sweep_breaks_overdue_open_promises_only(agent: Any, case: Case) -> None:
    now = timezone.now()
    overdue = make_promise(case, actor=agent, text="两小时内回电", due_at=now + timedelta(hours=2))
    pending = make_promise(case, actor=agent, text="下周回访", due_at=now + timedelta(days=7))
    kept = keep(
        make_promise(case, actor=agent, text="今天发邮件", due_at=now + timedelta(hours=1)), actor=agent
    )

    broken = break_overdue(now + timedelta(hours=3))
    again = break_overdue(now + timedelta(hours=3))

    overdue.refresh_from_db()
    pending.refresh_from_db()
    kept.refresh_from_db()
    assert (broken, again) == (1, 0)
    assert overdue.status == PromiseStatus.BROKEN and overdue.resolved_by is None
    assert overdue.resolved_at == now + timedelta(hours=3)
    assert pending.status == PromiseStatus.OPEN and kept.status == PromiseStatus.KEPT
    assert list(Event.objects.filter(name="promise.broken").values_list("payload__promise", flat=True)) == [
        overdue.pk
    ]


def test_a_broken_promise_stays_broken(agent: Any, case: Case) -> None:
    promise = make_promise(case, actor=agent, text="两小时内回电", due_at=later(2))
    break_overdue(later(3))

    with pytest.raises(CodedHttpError) as kept_late:
        keep(promise, actor=agent, note="晚了一天才回电")
    with pytest.raises(CodedHttpError) as cancelled_late:
        cancel(promise, actor=agent, note="算了")

    promise.refresh_from_db()
    assert kept_late.value.code == cancelled_late.value.code == "promise.not_open"
    assert kept_late.value.status_code == 409
    assert promise.status == PromiseStatus.BROKEN


def test_a_promise_still_open_after_its_due_time_may_be_kept_before_the_sweep(agent: Any, case: Case) -> None:
    promise = make_promise(case, actor=agent, text="两小时内回电", due_at=later(2))
    Promise.objects.filter(pk=promise.pk).update(due_at=timezone.now() - timedelta(minutes=5))

    kept = keep(promise, actor=agent)

    assert kept.status == PromiseStatus.KEPT
    assert break_overdue(later(1)) == 0


def test_the_case_owner_and_the_maker_hear_of_a_broken_promise(agent: Any, case: Case) -> None:
    maker = f.user()
    promise = make_promise(case, actor=maker, text="两小时内回电", due_at=later(2))
    events.dispatch_pending()

    break_overdue(later(3))
    events.dispatch_pending()

    heard = Notification.objects.filter(event_name="promise.broken")
    assert {n.recipient for n in heard} == {agent, maker}
    assert all(n.target == case for n in heard)
    assert promise.activity is not None


def test_the_sweep_runs_from_its_task_and_command(agent: Any, case: Case) -> None:
    promise = make_promise(case, actor=agent, text="两小时内回电", due_at=later(2))
    Promise.objects.filter(pk=promise.pk).update(due_at=timezone.now() - timedelta(minutes=1))

    assert break_overdue_promises.apply().get() == 1
    out = io.StringIO()
    call_command("break_overdue_promises", stdout=out)

    assert Promise.objects.get().status == PromiseStatus.BROKEN
    assert out.getvalue().strip() == "0 promises were broken."


def test_the_ledger_counts_kept_broken_and_open_promises_per_agent_and_customer(agent: Any) -> None:
    other_agent = f.user(first_name="伟", last_name="李")
    east, north = f.customer(name="华东机电"), f.customer(name="华北重工")
    east_case, north_case = f.case(east, actor=agent), f.case(north, actor=agent)
    now = timezone.now()
    for text in ("回电一", "回电二", "回电三"):
        keep(make_promise(east_case, actor=agent, text=text, due_at=now + timedelta(days=1)), actor=agent)
    make_promise(east_case, actor=agent, text="逾期一", due_at=now + timedelta(hours=1))
    make_promise(north_case, actor=other_agent, text="逾期二", due_at=now + timedelta(hours=1))
    make_promise(north_case, actor=other_agent, text="下周", due_at=now + timedelta(days=7))
    cancel(
        make_promise(north_case, actor=other_agent, text="撤回", due_at=now + timedelta(days=2)),
        actor=other_agent,
        note="客户不需要了",
    )
    break_overdue(now + timedelta(hours=2))
    found = promise_list(agent)

    by_agent = {row.name: row for row in ledger_by_agent(found)}
    by_customer = {row.name: row for row in ledger_by_customer(found)}

    wang, li = by_agent["王芳"], by_agent["李伟"]
    assert (wang.kept, wang.broken, wang.open, wang.kept_rate) == (3, 1, 0, 75.0)
    assert (li.kept, li.broken, li.open, li.cancelled, li.kept_rate) == (0, 1, 1, 1, 0.0)
    assert (by_customer["华东机电"].kept_rate, by_customer["华北重工"].kept_rate) == (75.0, 0.0)
    # the most broken first, then the lowest kept rate: who needs a word comes first
    assert [row.name for row in ledger_by_agent(found)] == ["李伟", "王芳"]
    assert promise_list(agent, agent=other_agent.pk, status=PromiseStatus.OPEN).get().text == "下周"


def test_the_case_page_shows_its_promises_and_makes_keeps_and_cancels_them(
    client: Any, agent: Any, case: Case
) -> None:
    client.force_login(agent)
    url = reverse("service:case_detail", args=[case.pk])
    due = timezone.localtime(later(30)).strftime("%Y-%m-%dT%H:%M")

    made = client.post(
        reverse("service:promise_create", args=[case.pk]), {"text": "周五前回电", "due_at": due}
    )
    bad = client.post(
        reverse("service:promise_create", args=[case.pk]), {"text": "昨天", "due_at": "2020-01-01T10:00"}
    )
    promise = Promise.objects.get()
    page = client.get(url).content.decode()
    kept = client.post(reverse("service:promise_keep", args=[promise.pk]), {"note": "已回电"})
    again = client.post(reverse("service:promise_cancel", args=[promise.pk]), {"note": "重复"})

    assert made.status_code == 302 and bad.status_code == 422
    assert "A promise is due in the future." in bad.content.decode()
    assert (
        'data-testid="promise-panel"' in page
        and "周五前回电" in page
        and 'data-testid="promise-keep"' in page
    )
    assert kept.status_code == 302 and again.status_code == 302
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT and promise.note == "已回电"


def test_a_case_flags_an_open_promise_due_within_a_day(client: Any, agent: Any, case: Case) -> None:
    make_promise(case, actor=agent, text="今晚回电", due_at=later(3))
    client.force_login(agent)

    page = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()

    assert "promise-due_soon" in page


def test_readers_see_promises_but_get_no_buttons_and_403_on_posts(
    client: Any, agent: Any, case: Case
) -> None:
    promise = make_promise(case, actor=agent, text="周五前回电", due_at=later())
    client.force_login(f.user(Role.SALES))

    page = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    keep_post = client.post(reverse("service:promise_keep", args=[promise.pk]), {"note": ""})
    make_post = client.post(
        reverse("service:promise_create", args=[case.pk]), {"text": "x", "due_at": "2030-01-01T10:00"}
    )

    assert "周五前回电" in page and 'data-testid="promise-keep"' not in page and "promise-make" not in page
    assert keep_post.status_code == 403 and make_post.status_code == 403
    promise.refresh_from_db()
    assert promise.is_open


def test_the_ledger_page_shows_rates_filters_and_promises(client: Any, agent: Any, case: Case) -> None:
    keep(make_promise(case, actor=agent, text="回电一", due_at=later()), actor=agent)
    make_promise(case, actor=agent, text="回电二", due_at=later())
    client.force_login(agent)

    page = client.get(reverse("service:promise_ledger"))
    kept_only = client.get(reverse("service:promise_ledger"), {"status": "kept"})
    bad = client.get(reverse("service:promise_ledger"), {"due_from": "2026-05-02", "due_to": "2026-05-01"})
    listing = client.get(reverse("service:case_list")).content.decode()

    body = page.content.decode()
    assert page.status_code == 200 and "回电一" in body and "回电二" in body
    assert page.context["by_agent"][0].kept_rate == 100.0 and page.context["by_agent"][0].open == 1
    assert [p.text for p in kept_only.context["page_obj"]] == ["回电一"]
    assert bad.status_code == 200 and "The end comes before the start." in bad.content.decode()
    assert reverse("service:promise_ledger") in listing


def test_a_portal_customer_reads_its_own_promises_and_gets_404_for_anothers(
    client: Any, agent: Any, case: Case
) -> None:
    make_promise(case, actor=agent, text="周五前回电", due_at=later())
    other = f.case(f.customer(), actor=agent, subject="别人的工单")
    make_promise(other, actor=agent, text="别人的承诺", due_at=later())
    customer = f.portal_user(case.party)
    client.force_login(customer)

    own = client.get(reverse("portal:case_detail", args=[case.pk])).content.decode()
    theirs = client.get(reverse("portal:case_detail", args=[other.pk]))
    ledger = client.get(reverse("service:promise_ledger"))
    keep_post = client.post(reverse("service:promise_keep", args=[Promise.objects.get(case=case).pk]), {})

    assert "周五前回电" in own and 'data-testid="promise-panel"' in own and agent.username not in own
    assert "promise-keep" not in own
    # the portal's page of another party's case is not found; staff pages refuse every portal user
    # alike, whatever the id, so they tell nothing either
    assert theirs.status_code == 404 and ledger.status_code == 403 and keep_post.status_code == 403
    other_keep = client.post(reverse("service:promise_keep", args=[Promise.objects.get(case=other).pk]), {})
    assert other_keep.status_code == 403
    assert Promise.objects.get(case=case).is_open


def test_the_ledger_page_costs_the_same_queries_however_many_promises(client: Any, agent: Any) -> None:
    client.force_login(agent)
    due = timezone.now() + timedelta(days=1)
    make_promise(f.case(actor=agent), actor=agent, text="回电", due_at=due)
    client.get(reverse("service:promise_ledger"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("service:promise_ledger"))
    for _ in range(4):
        colleague = f.user()
        make_promise(f.case(actor=colleague), actor=colleague, text="回电", due_at=due)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("service:promise_ledger"))

    assert len(page.context["by_agent"]) == 5 and len(many) == len(few)
