"""Order flow latency under concurrent load: the order 360 page and stage moves through the API.

Starts ``catena serve`` on the database named by CATENA_DATABASE_URL (seed it first with
``catena seed --scale 100`` for the >= 1M order lines of the target), then drives it from this
process with keep-alive clients in threads and prints p50/p95/p99, throughput and errors.

    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_bench \
        .venv/bin/python bench/order_bench.py --concurrency 2 --seconds 20

Targets (2-core machine, scale 100): order 360 page p95 < 100 ms; stage move p95 < 50 ms with
zero errors. Each client moves its own set of orders one stage on at a time, so clients never
contend for the same order (contention is covered by the race tests). ``--place N`` places N new
orders first, as moves use open orders up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import (  # noqa: E402
    ROOT,
    add_server_arguments,
    bench_token,
    run_scenario,
    server_command,
    setup_django,
    wait_until_up,
)


def session_cookie() -> str:
    """A signed-in session for the bench user, for the server-rendered pages."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    from catena.accounts.models import User

    user = User.objects.get(username="bench")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs users in and reads them back (not the sign-in throttle before it).
    backends = settings.AUTHENTICATION_BACKENDS
    store[BACKEND_SESSION_KEY] = next(b for b in backends if hasattr(import_string(b), "get_user"))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def place_orders(n: int, seed: int = 5) -> None:
    """Place ``n`` new make-to-stock orders as the pages and the API do (sales records each order,
    its flow starts with it), so that the move scenario has open orders after earlier runs used
    them up."""
    from catena.catalog.models import Product
    from catena.fulfilment.services.orders import place_order
    from catena.parties.choices import PartyRoleType, PartyStatus
    from catena.parties.models import Party
    from catena.sales.services import LineInput

    rng = random.Random(seed)
    customers = list(
        Party.objects.filter(roles__role=PartyRoleType.CUSTOMER, status=PartyStatus.ACTIVE)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    products = list(Product.objects.filter(is_active=True).order_by("?")[:200])
    for number in range(n):
        customer = Party.objects.get(pk=rng.choice(customers))
        lines = [LineInput(product=p, quantity=rng.randint(1, 50)) for p in rng.sample(products, 3)]
        place_order(customer, actor=None, lines=lines, customer_reference=f"BENCH-{seed}-{number}")
        if number % 500 == 499:
            print(f"placed {number + 1} orders", flush=True)


def sample_orders(n: int, seed: int = 11) -> tuple[list[int], list[list[Any]]]:
    """Order ids to read, and open orders with their version and the stage codes still ahead."""
    from catena.fulfilment.choices import StageState
    from catena.fulfilment.models import OrderStage
    from catena.sales.models import SalesOrder

    top = SalesOrder.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if not top:
        sys.exit("The database has no orders: run `catena seed --scale 100` first.")
    rng = random.Random(seed)
    read_ids = list(
        SalesOrder.objects.filter(pk__in=[rng.randint(1, top) for _ in range(n * 2)]).values_list(
            "pk", flat=True
        )
    )[:n]
    versions = dict(
        # make-to-stock: no trigger moves the order on by itself before shipping, so each manual
        # move bumps the version by exactly one and the clients can send the version they expect
        SalesOrder.objects.filter(
            status="open",
            order_type="make_to_stock",
            stage__in=["received", "confirmed", "allocated", "picked"],
        ).values_list("pk", "version")[:n]
    )
    open_ids = list(versions)
    ahead: dict[int, list[str]] = {pk: [] for pk in open_ids}
    for order_id, code in (
        OrderStage.objects.filter(order_id__in=open_ids, state=StageState.PENDING)
        .order_by("order_id", "sequence")
        .values_list("order_id", "code")
    ):
        ahead[order_id].append(code)
    # manual moves up to shipping: each one bumps the version by exactly one (moving past shipping
    # needs the goods picked up, ADR 0009)
    moves = {pk: codes[: codes.index("shipped") + 1] for pk, codes in ahead.items() if "shipped" in codes}
    return read_ids, [[pk, versions[pk], codes] for pk, codes in moves.items() if codes]


def wait_for_outbox(limit: float = 120) -> float:
    """Wait until the worker has dispatched every pending event (those of the warm-up, or left by
    an earlier run), so that one scenario's backlog is not delivered during the next one's
    measurement; return the seconds waited."""
    from django.db import connection

    from catena.core.models import Event

    started = time.monotonic()
    while Event.objects.pending().exists() and time.monotonic() - started < limit:
        time.sleep(0.2)
    connection.close()
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=15)
    add_server_arguments(parser, port=8124)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument(
        "--broker",
        default="",
        help="CATENA_BROKER_URL for the server, so domain events are queued as in production "
        "instead of dispatched inside the request, and a Celery worker delivers them during the "
        "run (e.g. redis://127.0.0.1:6379/14)",
    )
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=10,
        help="CPU priority of that worker (nice value): on a machine it shares with the web "
        "processes a worker should yield to them, as docs/operations.md recommends; 0 runs it "
        "at the same priority",
    )
    parser.add_argument(
        "--only",
        choices=["page", "api", "move"],
        action="append",
        help="run only these scenarios (repeatable); the move scenario uses up open orders",
    )
    parser.add_argument(
        "--place",
        type=int,
        default=0,
        help="first place this many new open orders (moves use orders up: ≈ 40 per second)",
    )
    args = parser.parse_args()

    setup_django()
    if args.place:
        place_orders(args.place)
    token = bench_token()
    cookie = session_cookie()
    read_ids, movable = sample_orders(2000)
    env = {**os.environ, "CATENA_HTTPS": "0", "CATENA_LOG_LEVEL": "WARNING"}
    if args.broker:
        env["CATENA_BROKER_URL"] = args.broker
    command = server_command(args)
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    worker = None
    if args.broker:  # as in production, a worker delivers the queued events while the load runs
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "catena", "worker", "--concurrency", "1",
             "--loglevel", "WARNING"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=(lambda: os.nice(args.worker_nice)) if args.worker_nice else None,
        )  # fmt: skip
    try:
        wait_until_up(args.port)
        lock = threading.Lock()
        queue: list[list[Any]] = list(movable)

        def order_page(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            return "GET", f"/orders/{rng.choice(read_ids)}/", None, {"Cookie": cookie}

        def order_api(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            return "GET", f"/api/v1/orders/{rng.choice(read_ids)}", None, {}

        owned = threading.local()  # each client moves only orders it took from the pool

        def stage_move(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            mine: list[list[Any]] = getattr(owned, "orders", None) or []
            if not mine:
                with lock:
                    if not queue:
                        raise SystemExit("ran out of orders to move; use --place N to place more")
                    mine = [queue.pop(rng.randrange(len(queue))) for _ in range(min(20, len(queue)))]
                owned.orders = mine
            index = rng.randrange(len(mine))
            order_id, version, codes = mine[index]
            to = codes.pop(0)
            mine[index][1] = version + 1
            if not codes:
                mine.pop(index)
            body: dict[str, Any] = {"to": to, "version": version, "note": "bench"}
            return "POST", f"/api/v1/orders/{order_id}/move", json.dumps(body).encode(), {}

        scenarios = [
            ("order 360 page", order_page, "page"),
            ("order detail (API)", order_api, "api"),
            ("stage move (API)", stage_move, "move"),
        ]
        chosen = [(name, make) for name, make, key in scenarios if not args.only or key in args.only]
        # every worker compiles its templates once, and connects to the broker once
        warm_ups = [order_api, order_page] + ([stage_move] if not args.only or "move" in args.only else [])
        for warm in warm_ups:
            run_scenario("warm-up", args.port, token, warm, args.concurrency, args.warmup)
        results = []
        for name, make in chosen:
            if worker is not None:
                waited = wait_for_outbox()
                print(f"{name}: the worker emptied the outbox in {waited:.1f} s first", flush=True)
            results.append(
                run_scenario(
                    name, args.port, token, make, args.concurrency, args.seconds, keep_alive=not args.close
                )
            )
        if worker is not None:  # leave no events behind for the next benchmark to deliver
            print(f"the worker emptied the outbox in {wait_for_outbox():.1f} s after the run", flush=True)
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
    print(f"{'scenario':<24} {'reqs':>6} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for r in results:
        print(
            f"{r['scenario']:<24} {r['requests']:>6} {r['rps']:>7} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>6}  {r['statuses']}"
        )


if __name__ == "__main__":
    main()
