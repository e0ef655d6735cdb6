"""Order flow latency under concurrent load: the order 360 page and stage moves through the API.

Starts ``catena serve`` on the database named by CATENA_DATABASE_URL (seed it first with
``catena seed --scale 100`` for the >= 1M order lines of the target), then drives it from this
process with keep-alive clients in threads and prints p50/p95/p99, throughput and errors.

    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_bench \
        .venv/bin/python bench/order_bench.py --concurrency 2 --seconds 20

Targets (2-core machine, scale 100): order 360 page p95 < 100 ms; stage move p95 < 50 ms with
zero errors. Each client moves its own set of orders one stage on at a time, so clients never
contend for the same order (contention is covered by the race tests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import ROOT, bench_token, run_scenario, setup_django, wait_until_up  # noqa: E402


def session_cookie() -> str:
    """A signed-in session for the bench user, for the server-rendered pages."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from catena.accounts.models import User

    user = User.objects.get(username="bench")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


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
            stage__in=["received", "confirmed", "allocated", "picked", "shipped"],
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
    # manual moves up to (not into) the last stage: each one bumps the version by exactly one
    return read_ids, [[pk, versions[pk], codes[:-1]] for pk, codes in ahead.items() if len(codes) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--threads", type=int, default=4, help="threads per server process")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="serve with gunicorn and this many processes (as in production: one per core); "
        "0 serves with `catena serve` (one process)",
    )
    parser.add_argument(
        "--broker",
        default="",
        help="CATENA_BROKER_URL for the server, so domain events are queued as in production "
        "instead of dispatched inside the request (e.g. redis://127.0.0.1:6379/14)",
    )
    args = parser.parse_args()

    setup_django()
    token = bench_token()
    cookie = session_cookie()
    read_ids, movable = sample_orders(2000)
    env = {**os.environ, "CATENA_HTTPS": "0", "CATENA_LOG_LEVEL": "WARNING"}
    if args.broker:
        env["CATENA_BROKER_URL"] = args.broker
    command = [
        sys.executable,
        "-m",
        "catena.cli",
        "serve",
        "--port",
        str(args.port),
        "--threads",
        str(args.threads),
    ]
    if args.workers:
        command = [
            sys.executable, "-m", "gunicorn", "catena.wsgi:application",
            "--workers", str(args.workers), "--threads", str(args.threads),
            "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
        ]  # fmt: skip
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(args.port)
        lock = threading.Lock()
        queue: list[list[Any]] = list(movable)

        def order_page(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            return "GET", f"/orders/{rng.choice(read_ids)}/", None, {"Cookie": cookie}

        def order_api(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            return "GET", f"/api/v1/orders/{rng.choice(read_ids)}", None, {}

        def stage_move(rng: random.Random) -> tuple[str, str, bytes | None, dict[str, str]]:
            with lock:
                if not queue:
                    raise SystemExit("ran out of orders to move; seed a bigger scale or shorten --seconds")
                index = rng.randrange(len(queue))
                order_id, version, codes = queue[index]
                to = codes.pop(0)
                queue[index][1] = version + 1
                if not codes:
                    queue.pop(index)
            body: dict[str, Any] = {"to": to, "version": version, "note": "bench"}
            return "POST", f"/api/v1/orders/{order_id}/move", json.dumps(body).encode(), {}

        scenarios = [
            ("order 360 page", order_page),
            ("order detail (API)", order_api),
            ("stage move (API)", stage_move),
        ]
        for warm in (order_api, order_page):  # every worker compiles its templates once
            run_scenario("warm-up", args.port, token, warm, args.concurrency, args.warmup)
        results = [run_scenario(n, args.port, token, f, args.concurrency, args.seconds) for n, f in scenarios]
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"{'scenario':<24} {'reqs':>6} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for r in results:
        print(
            f"{r['scenario']:<24} {r['requests']:>6} {r['rps']:>7} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>6}  {r['statuses']}"
        )


if __name__ == "__main__":
    main()
