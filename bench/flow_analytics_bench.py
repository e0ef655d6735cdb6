"""Flow analytics speed: time compute_flow_metrics() over every order of a database.

Target: under 10 s on PostgreSQL at seed scale 100 (≥ 1M order lines, about 2M stage rows).

    # the database CATENA_DATABASE_URL names, as it is (e.g. a seeded one)
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_bench \
        .venv/bin/python bench/flow_analytics_bench.py --runs 3

    # a synthetic order history in a separate database (created, migrated and loaded once):
    # 250,000 orders ≈ 1M order lines, 2.1M stage rows, 75k purchase orders, 240k shipments
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/flow_analytics_bench.py --synthetic 250000 --database catena_flowbench

With --synthetic the script works on the database named by --database on the same server (a
file of that name under ./var/ for SQLite), never on the one CATENA_DATABASE_URL names. It loads
the orders once (through catena.core.db.bulk_insert: COPY on PostgreSQL) and reuses them on the
next run unless --fresh is given. It prints the rows measured, the time of each step and of the
whole computation (best and median of --runs), and the time of the live "where orders are now"
board, which reads the active stages only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 5000  # orders per bulk insert
LINES_PER_ORDER = 4
MAKE_TO_ORDER_SHARE = 0.3
CUSTOMERS, SUPPLIERS, CARRIERS, PRODUCTS = 2000, 200, 20, 50


def separate_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` on the same server (a file under ./var/ for SQLite)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return f"sqlite:///{ROOT / 'var' / (name + '.sqlite3')}"
    return urlunsplit(parts._replace(path="/" + name))


def create_postgresql_database(url: str, *, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="load N synthetic orders first")
    parser.add_argument("--database", default="catena_flowbench", help="database for --synthetic")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the --synthetic database")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    url = os.environ.get("CATENA_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'catena.sqlite3'}")
    if args.synthetic:
        url = separate_database(url, args.database)
        if url.startswith("postgres"):
            create_postgresql_database(url, fresh=args.fresh)
        elif args.fresh:
            Path(urlsplit(url).path).unlink(missing_ok=True)
        os.environ["CATENA_DATABASE_URL"] = url

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catena.sales.models import SalesOrder

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if args.synthetic:
        call_command("migrate", interactive=False, verbosity=0)
        have = SalesOrder.objects.count()
        if have < args.synthetic:
            load_synthetic(args.synthetic - have, seed=args.seed + have)
        else:
            print(f"reusing {have:,} orders (--fresh reloads)")
    measure(runs=args.runs)


# --- timing ------------------------------------------------------------------------------------


def measure(*, runs: int) -> None:
    from django.db import connection

    from catena.fulfilment.models import OrderStage, PurchaseOrder, Shipment
    from catena.insights import services
    from catena.insights.quantiles import analytics_session
    from catena.insights.selectors import flow as flow_selectors
    from catena.sales.models import SalesOrder, SalesOrderLine

    print(
        f"rows: {SalesOrder.objects.count():,} orders, {SalesOrderLine.objects.count():,} order lines, "
        f"{OrderStage.objects.count():,} stages, {PurchaseOrder.objects.count():,} purchase orders, "
        f"{Shipment.objects.count():,} shipments",
        flush=True,
    )
    backend = _backend_cpu()
    total_wall = total_cpu = 0.0
    with analytics_session():
        for step in services.STEPS:
            began, cpu = time.perf_counter(), backend()
            rows = step()
            wall, used = time.perf_counter() - began, backend() - cpu
            total_wall, total_cpu = total_wall + wall, total_cpu + used
            print(
                f"  step {step.__name__:<27} {wall:6.2f} s  database CPU {used:5.2f} s  {len(rows):>5} figures"
            )
    print(f"  steps one after the other: {total_wall:.2f} s, database CPU {total_cpu:.2f} s", flush=True)
    timings = []
    for number in range(1, runs + 1):
        began = time.perf_counter()
        run = services.compute_flow_metrics()
        seconds = time.perf_counter() - began
        timings.append(seconds)
        measured = (
            run.orders_measured + run.stages_measured + run.purchase_orders_measured + run.shipments_measured
        )
        print(
            f"run {number}: {seconds:6.2f} s  ({run.metric_count} figures from {measured:,} records: "
            f"{run.orders_measured:,} delivered orders, {run.stages_measured:,} finished stages, "
            f"{run.purchase_orders_measured:,} received POs, {run.shipments_measured:,} delivered shipments)",
            flush=True,
        )
    board_timings = []
    for _ in range(3):
        began = time.perf_counter()
        board = flow_selectors.stuck_board()
        board_timings.append(time.perf_counter() - began)
    print(
        f"compute_flow_metrics on {connection.vendor}: best {min(timings):.2f} s, "
        f"median {statistics.median(timings):.2f} s over {runs} run(s); target < 10 s"
    )
    print(f"stuck board (live, {board.total:,} active stages): best {min(board_timings) * 1000:.0f} ms")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work slows the wall times)")


def _backend_cpu() -> Any:
    """CPU seconds used so far by this connection's PostgreSQL backend, when the server runs on
    this machine (read from /proc); a function returning 0 otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return lambda: 0.0
    ticks = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    return used


# --- the synthetic order history ---------------------------------------------------------------


def load_synthetic(count: int, *, seed: int) -> None:
    """``count`` orders spread over two years, their stages following the default templates
    with random durations; most are finished, recent ones are still under way."""
    from django.db import connection, transaction

    from catena.core.db import bulk_insert, reserve_ids
    from catena.fulfilment.models import FlowStep, OrderStage, PurchaseOrder, Shipment, SupplierPromise
    from catena.sales.models import SalesOrder, SalesOrderLine

    rng = random.Random(seed)
    began = time.perf_counter()
    customers, suppliers, carriers, products = _partners_and_products()
    steps = {
        order_type: list(FlowStep.objects.filter(template__order_type=order_type, template__is_default=True))
        for order_type in ("make_to_stock", "make_to_order")
    }
    now = datetime.now().astimezone()
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        with transaction.atomic():
            order_ids = reserve_ids(SalesOrder, size)
            po_ids = reserve_ids(PurchaseOrder, size)
            rows: dict[str, list[dict[str, Any]]] = {"orders": [], "lines": [], "stages": [], "pos": [], "promises": [], "shipments": []}  # fmt: skip
            for order_id, po_id in zip(order_ids, po_ids, strict=True):
                _one_order(rng, rows, order_id, po_id, now, steps, customers, suppliers, carriers, products)
            bulk_insert(SalesOrder, rows["orders"])
            bulk_insert(SalesOrderLine, rows["lines"])
            bulk_insert(OrderStage, rows["stages"])
            bulk_insert(PurchaseOrder, rows["pos"])
            bulk_insert(SupplierPromise, rows["promises"])
            bulk_insert(Shipment, rows["shipments"])
        done += size
        if done % 50000 == 0 or done == count:
            print(f"  loaded {done:,} orders in {time.perf_counter() - began:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (SalesOrder, SalesOrderLine, OrderStage, PurchaseOrder, SupplierPromise, Shipment):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def _partners_and_products() -> tuple[list[int], list[int], list[int], list[int]]:
    from catena.catalog.models import Product
    from catena.core.db import bulk_insert
    from catena.parties.models import Party

    def parties(prefix: str, n: int) -> list[int]:
        existing = list(Party.objects.filter(external_id__startswith=prefix).values_list("pk", flat=True))
        if len(existing) < n:
            bulk_insert(
                Party,
                [
                    {"name": f"基准{prefix}{i}有限公司", "external_id": f"{prefix}{i}"}
                    for i in range(len(existing), n)
                ],
            )
            existing = list(Party.objects.filter(external_id__startswith=prefix).values_list("pk", flat=True))
        return existing

    if Product.objects.filter(sku__startswith="FB-").count() < PRODUCTS:
        bulk_insert(
            Product,
            [
                {"sku": f"FB-{i:03d}", "name": f"基准产品{i}", "list_price": Decimal("100")}
                for i in range(PRODUCTS)
            ],
        )
    product_ids = list(Product.objects.filter(sku__startswith="FB-").values_list("pk", flat=True))
    return parties("FB-C-", CUSTOMERS), parties("FB-S-", SUPPLIERS), parties("FB-K-", CARRIERS), product_ids


def _one_order(
    rng: random.Random,
    rows: dict[str, list[dict[str, Any]]],
    order_id: int,
    po_id: int,
    now: datetime,
    steps: dict[str, list[Any]],
    customers: list[int],
    suppliers: list[int],
    carriers: list[int],
    products: list[int],
) -> None:
    order_type = "make_to_order" if rng.random() < MAKE_TO_ORDER_SHARE else "make_to_stock"
    flow = steps[order_type]
    ordered_at = now - timedelta(days=rng.uniform(0, 730))
    standard = sum(step.standard_hours for step in flow)
    requested = (ordered_at + timedelta(hours=standard * rng.uniform(0.8, 1.6))).date()
    at = ordered_at
    times: dict[str, tuple[datetime, datetime | None]] = {}
    active = ""
    for step in flow:
        started = at
        if step.optional and not active and rng.random() < 0.3:
            rows["stages"].append(_stage(order_id, step, "skipped", started, started, None))
            continue
        took = step.standard_hours * rng.lognormvariate(0, 0.6)
        finished = started + timedelta(hours=took)
        due = (
            ordered_at + timedelta(hours=step.standard_hours * 1.5)
            if not times
            else started + timedelta(hours=step.standard_hours * 1.3)
        )
        if active or finished > now:
            state = "active" if not active else "pending"
            active = active or step.code
            rows["stages"].append(
                _stage(order_id, step, state, started if state == "active" else None, None, due)
            )
            continue
        times[step.code] = (started, finished)
        rows["stages"].append(_stage(order_id, step, "done", started, finished, due))
        at = finished
    rows["orders"].append(
        {
            "id": order_id,
            "number": f"FB-{order_id:09d}",
            "customer_id": rng.choice(customers),
            "order_type": order_type,
            "ordered_at": ordered_at,
            "requested_date": requested,
            "status": "open" if active else "closed",
            "stage": active or "closed",
            "stage_entered_at": at,
        }
    )
    for line_no in range(1, LINES_PER_ORDER + 1):
        rows["lines"].append(
            {
                "order_id": order_id,
                "line_no": line_no,
                "product_id": rng.choice(products),
                "quantity": Decimal(rng.randint(1, 20)),
                "unit_price": Decimal("100.00"),
                "fulfilment": "make" if order_type == "make_to_order" else "stock",
            }
        )
    if order_type == "make_to_order" and "confirmed" in times:
        sent = times["confirmed"][1] or ordered_at
        received = times.get("materials_purchased", (None, None))[1]
        promised = (sent + timedelta(days=rng.randint(3, 8))).date()
        rows["pos"].append(
            {
                "id": po_id,
                "number": f"FB-PO-{po_id:09d}",
                "supplier_id": rng.choice(suppliers),
                "sales_order_id": order_id,
                "status": "received" if received else "confirmed",
                "ordered_at": sent,
                "sent_at": sent,
                "needed_by": promised + timedelta(days=2),
                "promised_date": promised,
                "received_at": received,
            }
        )
        kept = None if received is None else received.date() <= promised
        rows["promises"].append(
            {
                "purchase_order_id": po_id,
                "answer": "confirm",
                "promised_date": promised,
                "answered_at": sent,
                "kept": kept,
                "resolved_at": received,
            }
        )
    if "shipped" in times:
        picked_up = times["shipped"][1]
        delivered = times.get("delivered", (None, None))[1]
        ready = times["shipped"][0]
        rows["shipments"].append(
            {
                "number": f"FB-SH-{order_id:09d}",
                "sales_order_id": order_id,
                "carrier_id": rng.choice(carriers),
                "status": "delivered" if delivered else "in_transit",
                "promised_pickup_at": ready + timedelta(hours=24),
                "promised_delivery_at": ready + timedelta(hours=24 + 72),
                "picked_up_at": picked_up,
                "delivered_at": delivered,
            }
        )


def _stage(
    order_id: int,
    step: Any,
    state: str,
    started: datetime | None,
    finished: datetime | None,
    due: datetime | None,
) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "step_id": step.pk,
        "sequence": step.sequence,
        "code": step.code,
        "name": step.name,
        "department_id": step.department_id,
        "state": state,
        "standard_hours": step.standard_hours,
        "due_at": due,
        "started_at": started,
        "completed_at": finished,
    }


if __name__ == "__main__":
    main()
