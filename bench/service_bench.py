"""The service desk at the scale of a large distributor: the agent queue and a case's page under
concurrent load against the floor of their own SQL, and the SLA sweep over 100,000 open cases.

    createdb -h 127.0.0.1 -U postgres catena_service
    export CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_service
    .venv/bin/catena migrate
    .venv/bin/python bench/service_bench.py --seed --open 100000 --closed 1000000
    .venv/bin/python bench/service_bench.py --seconds 10 --rounds 2

``--seed`` writes customers, agents, the open cases (each with its first-response and resolution
clocks and two messages) and the closed ones (a message each) in bulk, spread over a year. The
page benchmark captures the SQL one request of the queue (``/service/cases/?status=active``) and of
an open case's page runs (a manager signed in), serves the same statements from
``floor_site.py`` and drives both with ``wrk -t2 -c4`` in turn; it prints p50/p95 and the ratio.
``--sweep`` times the escalation sweep when a tenth of the open clocks reach their warning or
due time at once, against the floor of the same rows selected and updated through a bare cursor.
Targets: queue and case page p95 < 100 ms; the sweep over 100k open cases < 10 s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from floor_bench import load_average, setup_django  # noqa: E402
from party_page_bench import capture, signed_in  # noqa: E402
from search_bench import against_floor, median_of  # noqa: E402

BATCH = 10_000


def seed(open_cases: int, closed_cases: int, customers: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from catena.accounts.choices import Role
    from catena.accounts.models import User
    from catena.parties.choices import PartyRoleType
    from catena.parties.models import Party, PartyRole
    from catena.service.choices import PRIORITY_RANK, CasePriority, MessageSender, MessageVisibility
    from catena.service.models import Case, CaseMessage, SlaClock, SlaTarget, policy_for

    rng = random.Random(7)
    now = timezone.now()
    agents = [
        User.objects.get_or_create(username=f"bench-agent-{i}", defaults={"role": Role.SERVICE})[0]
        for i in range(20)
    ]
    existing = Party.objects.filter(roles__role=PartyRoleType.CUSTOMER).count()
    if existing < customers:
        made = Party.objects.bulk_create(
            [Party(name=f"客户{i:07d}有限公司") for i in range(existing, customers)],
            batch_size=BATCH,
        )
        PartyRole.objects.bulk_create(
            [PartyRole(party=party, role=PartyRoleType.CUSTOMER) for party in made], batch_size=BATCH
        )
    party_ids = list(Party.objects.filter(roles__role=PartyRoleType.CUSTOMER).values_list("pk", flat=True))
    case_type = ContentType.objects.get_for_model(Case)
    priorities = [CasePriority.NORMAL] * 6 + [CasePriority.HIGH] * 2 + [CasePriority.LOW, CasePriority.URGENT]
    kinds = ["complaint", "claim", "inquiry", "return_request", "technical_support"]
    first = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def cases(start: int, count: int, status: str) -> list[Case]:
        rows = []
        for pk in range(start, start + count):
            priority = rng.choice(priorities)
            rows.append(
                Case(
                    pk=pk,
                    number=f"CS-{pk:06d}",
                    case_type=rng.choice(kinds),
                    subject=f"货物破损 第{pk}号",
                    party_id=rng.choice(party_ids),
                    priority=priority,
                    priority_rank=PRIORITY_RANK[priority],
                    severity="moderate",
                    channel="portal",
                    status=status,
                    owner=rng.choice(agents),
                    language="zh-hans",
                    root_cause="" if status != "closed" else rng.choice(["carrier", "supplier", "our_error"]),
                )
            )
        return rows

    pk = first
    for total, status in ((open_cases, "open"), (closed_cases, "closed")):
        left = total
        while left:
            count = min(BATCH, left)
            with transaction.atomic():
                made = Case.objects.bulk_create(cases(pk, count, status), batch_size=BATCH)
                messages = [
                    CaseMessage(
                        case=case,
                        visibility=MessageVisibility.REPLY,
                        sender=MessageSender.STAFF,
                        body=f"感谢您联系我们，工单 {case.number} 已创建。",
                    )
                    for case in made
                ]
                if status == "open":
                    messages += [
                        CaseMessage(
                            case=case,
                            visibility=MessageVisibility.REPLY,
                            sender=MessageSender.CUSTOMER,
                            body="外箱破损，三件产品外壳破裂，请尽快处理。",
                        )
                        for case in made
                    ]
                    clocks = []
                    for case in made:
                        started = now - timedelta(minutes=rng.randrange(10, 20 * 24 * 60))
                        policy = policy_for(case.case_type, case.priority, "")
                        assert policy is not None
                        for kind in (SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION):
                            clock = SlaClock.new_for(case, kind, policy, started_at=started)
                            clock.content_type = case_type
                            clocks.append(clock)
                    SlaClock.objects.bulk_create(clocks, batch_size=BATCH)
                CaseMessage.objects.bulk_create(messages, batch_size=BATCH)
            pk += count
            left -= count
            print(f"  {status}: {total - left:,} of {total:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE service_case SET created_at = now() - (id % 365) * interval '1 day' - (id % 1440) * interval '1 minute'"
        )
        cursor.execute(
            "UPDATE service_case c SET sla_due_at = d.due FROM ("
            " SELECT object_id, min(due_at) AS due FROM service_slaclock"
            " WHERE content_type_id = %s AND stopped_at IS NULL GROUP BY object_id) d"
            " WHERE c.id = d.object_id",
            [case_type.pk],
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('service_case', 'id'), (SELECT max(id) FROM service_case))"
        )
    print("vacuum analyze …", flush=True)
    with connection.cursor() as cursor:
        for table in ("service_case", "service_casemessage", "service_slaclock", "parties_party"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def sweep(share: float) -> None:
    """Time the sweep when ``share`` of the open clocks reach their warning or due time at once,
    against the floor: the same clocks selected and updated through a bare cursor."""
    from django.db import connection, transaction
    from django.utils import timezone

    from catena.service.models import SlaClock
    from catena.service.services import clocks

    open_clocks = SlaClock.objects.open()
    total = open_clocks.count()
    chosen = list(open_clocks.order_by("?").values_list("pk", flat=True)[: int(total * share)])
    now = timezone.now()

    def prepare() -> None:
        with transaction.atomic():
            SlaClock.objects.filter(pk__in=chosen).update(
                warn_at=now - timedelta(minutes=5),
                warned_at=None,
                breached_at=None,
                level=0,
                escalate_at=None,
            )

    prepare()
    print(f"load average before: {load_average()}", flush=True)
    started = time.perf_counter()
    result = clocks.sweep(now)
    catena_seconds = time.perf_counter() - started
    prepare()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM service_slaclock WHERE stopped_at IS NULL AND ((warn_at <= %s AND warned_at IS NULL)"
            " OR (due_at <= %s AND breached_at IS NULL)) FOR UPDATE SKIP LOCKED",
            [now, now],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "UPDATE service_slaclock SET warned_at = %s WHERE id = %s", [(now, pk) for pk in ids]
        )
    floor_seconds = time.perf_counter() - started
    print(
        f"sweep over {total:,} open clocks, {len(chosen):,} due: Catena {catena_seconds:.2f} s "
        f"({result.warned:,} warned, {result.breached:,} breached, one event each) | floor {floor_seconds:.2f} s "
        f"| ratio {floor_seconds / catena_seconds:.2f}× | load {load_average()}"
    )


def plain_statements(statements: list[str]) -> list[str]:
    """The captured statements as the floor can run them again and again: a server-side cursor
    (``DECLARE … CURSOR … FOR <query>``, then ``FETCH`` and ``CLOSE``) becomes its query."""
    plain = []
    for sql in statements:
        match = re.match(
            r"DECLARE\s+\S+\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+(.*)", sql, re.S | re.I
        )
        if match:
            plain.append(match.group(1))
        elif not re.match(r"(FETCH|CLOSE)\b", sql, re.I):
            plain.append(sql)
    return plain


def pages(args: argparse.Namespace) -> None:
    from django.db import connection

    from catena.service.models import Case

    client, session = signed_in()
    case = Case.objects.filter(status="open").order_by("sla_due_at").values_list("pk", flat=True).first()
    if case is None:
        sys.exit("no open case: seed first (--seed)")
    paths = {"queue": "/service/cases/?status=active", "case page": f"/service/cases/{case}/"}
    captured = capture(client, paths)
    connection.close()
    for found in captured.values():
        found["sql"] = plain_statements(found["sql"])
    for name, found in captured.items():
        print(
            f"{name:<10} {paths[name]}: {len(found['sql'])} statements, {found['bytes']:,} bytes", flush=True
        )
        if args.show_sql:
            for sql in found["sql"]:
                print(f"  {sql}")
    sql = {name: found["sql"] for name, found in captured.items()}
    rows: list[dict[str, Any]] = []
    for name, runs in against_floor(paths, sql, f"Cookie: sessionid={session}", args):
        row = {
            "page": name,
            **{f"catena_{k}": median_of(runs, "catena", k) for k in ("p50", "p95", "rps")},
            **{f"floor_{k}": median_of(runs, "floor", k) for k in ("p50", "p95", "rps")},
            "load": load_average(),
        }
        rows.append(row)
        print(
            f"{name:<10} catena p50 {row['catena_p50']} p95 {row['catena_p95']} ms {row['catena_rps']} req/s"
            f" | floor p50 {row['floor_p50']} p95 {row['floor_p95']} ms {row['floor_rps']} req/s | load {row['load']}",
            flush=True,
        )
    print()
    print("| page | Catena p50 / p95 ms | req/s | floor p50 / p95 ms | req/s | req/s ratio |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        ratio = row["catena_rps"] / row["floor_rps"] if row["floor_rps"] else 0
        print(
            f"| {row['page']} | {row['catena_p50']} / {row['catena_p95']} | {row['catena_rps']} "
            f"| {row['floor_p50']} / {row['floor_p95']} | {row['floor_rps']} | {ratio:.2f}× |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", action="store_true", help="write the cases first")
    parser.add_argument("--open", type=int, default=100_000, help="open cases to seed")
    parser.add_argument("--closed", type=int, default=1_000_000, help="closed cases to seed")
    parser.add_argument("--customers", type=int, default=20_000, help="customer parties to seed")
    parser.add_argument("--sweep", action="store_true", help="time the escalation sweep")
    parser.add_argument("--share", type=float, default=0.1, help="share of open clocks due at once")
    parser.add_argument("--no-pages", action="store_true", help="skip the page benchmark")
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per page and side")
    parser.add_argument("--rounds", type=int, default=2, help="turns of Catena then floor per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk on each side first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--port", type=int, default=8161, help="Catena's port; the floor's is the next")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    args = parser.parse_args()

    os.environ.setdefault("CATENA_HTTPS", "0")
    os.environ.setdefault("CATENA_LOG_LEVEL", "WARNING")
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.seed:
        started = time.perf_counter()
        seed(args.open, args.closed, args.customers)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    if args.sweep:
        sweep(args.share)
    if not args.no_pages and not args.seed:
        pages(args)


if __name__ == "__main__":
    main()
