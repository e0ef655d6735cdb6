"""API latency under concurrent load, measured from a second process.

Starts ``catena serve`` (or, with ``--workers N``, gunicorn with N processes) on the database named
by CATENA_DATABASE_URL (seed it first, e.g. ``catena seed --scale 100``), then drives it with keep-alive HTTP clients in threads of this
process and prints p50/p95/p99 latency, throughput and errors per scenario.

    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_bench \
        .venv/bin/python bench/api_latency.py --concurrency 4 --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    import django

    django.setup()


def bench_token() -> str:
    from catena.accounts.choices import Role
    from catena.accounts.models import User
    from catena.accounts.services import create_api_token

    user, _created = User.objects.get_or_create(username="bench", defaults={"role": Role.MANAGER})
    return create_api_token(user, name="bench")[1]


CREATED_PREFIX = "压测客户"  # the parties the create scenario makes; removed after the run


def sample_inputs(n: int = 500) -> dict[str, list[str]]:
    from catena.parties.models import Party

    max_id = Party.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if max_id == 0:
        sys.exit("The database has no parties: run `catena seed --scale 100` first.")
    rng = random.Random(7)
    ids = [str(rng.randint(1, max_id)) for _ in range(n)]
    existing = list(
        Party.objects.filter(pk__in=ids).exclude(name__startswith=CREATED_PREFIX).values_list("pk", flat=True)
    )
    names = list(Party.objects.filter(pk__in=existing[:200]).values_list("name", flat=True))
    terms = [name[2:4] for name in names if len(name) > 4] or ["有限"]
    provinces = ["广东省", "浙江省", "江苏省", "上海市", "北京市", "山东省", "四川省"]
    return {
        "ids": [str(i) for i in existing] or ids,
        "terms": terms,
        "provinces": provinces,
    }


class Result:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.statuses: dict[int, int] = {}
        self.lock = threading.Lock()


def run_scenario(
    name: str,
    port: int,
    token: str,
    make_request: Callable[[random.Random], tuple[Any, ...]],
    concurrency: int,
    seconds: float,
    *,
    keep_alive: bool = True,
) -> dict[str, object]:
    """Drive ``make_request`` from ``concurrency`` threads for ``seconds``. Without ``keep_alive``
    each request opens its own connection, as a reverse proxy in front of the server does by
    default (nginx speaks HTTP/1.0 to its upstream): with gunicorn, the kernel then hands every
    request to whichever process accepts first, instead of pinning each client to one process."""
    result = Result()
    stop_at = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if not keep_alive:
            headers["Connection"] = "close"
        while time.monotonic() < stop_at:
            request = make_request(rng)
            method, path, body = request[:3]
            extra = request[3] if len(request) > 3 else {}  # e.g. a session cookie for pages
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers={**headers, **extra})
                response = conn.getresponse()
                response.read()
                status = response.status
                if not keep_alive:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - started
            with result.lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == 0 or status >= 400:
                    result.errors += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat = sorted(result.latencies)
    if not lat:
        raise SystemExit(f"{name}: no request completed (see the messages above)")
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    return {
        "scenario": name,
        "requests": len(lat),
        "rps": round(len(lat) / seconds, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "errors": result.errors,
        "statuses": result.statuses,
    }


def remove_created_parties() -> None:
    """Delete what the create scenario made, so that runs do not pile up parties (and a search
    term) in the benchmark database; then VACUUM ANALYZE as autovacuum would."""
    from django.db import connection, transaction

    from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole

    ids = list(Party.objects.filter(name__startswith=CREATED_PREFIX).values_list("pk", flat=True))
    with transaction.atomic():  # the parties first: their roles then leave no mask to recount
        for queryset in (Party.objects.filter(pk__in=ids), Party.history.filter(id__in=ids)):
            queryset._raw_delete(queryset.db)
        for model in (ContactPoint, Contact, Address, PartyRole, Party.tags.through):
            for manager in (model.objects, getattr(model, "history", None)):
                if manager is not None:
                    queryset = manager.filter(party_id__in=ids)
                    queryset._raw_delete(queryset.db)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Party, Party.history.model, PartyRole, Address, Address.history.model):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("the server did not start")


def add_server_arguments(parser: argparse.ArgumentParser, *, port: int) -> None:
    """The options of the server a benchmark starts: port, processes, threads, connections."""
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="serve with gunicorn and this many processes (as in production: one or two per core); "
        "0 serves with `catena serve` (waitress, one process)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn process (1: gunicorn's sync workers, the layout "
        "docs/operations.md recommends); `catena serve` (waitress) gets at least 4",
    )
    parser.add_argument(
        "--close",
        action="store_true",
        help="a new connection per request, as nginx in front of gunicorn makes by default "
        "(keep-alive clients pin each client to one gunicorn process)",
    )


def server_command(args: argparse.Namespace) -> list[str]:
    """The command that serves Catena as ``add_server_arguments`` asked."""
    if args.workers:
        return [
            sys.executable, "-m", "gunicorn", "catena.wsgi:application", "--workers", str(args.workers),
            "--threads", str(args.threads), "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
        ]  # fmt: skip
    # waitress serves from a thread pool: with one thread it would queue every request
    return [sys.executable, "-m", "catena.cli", "serve", "--port", str(args.port),
            "--threads", str(max(args.threads, 4))]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    add_server_arguments(parser, port=8123)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()

    setup_django()
    remove_created_parties()  # left by an interrupted run
    token = bench_token()
    inputs = sample_inputs()
    env = {**os.environ, "CATENA_HTTPS": "0", "CATENA_LOG_LEVEL": "WARNING"}
    command = server_command(args)
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(args.port)

        def party_list(rng: random.Random) -> tuple[str, str, bytes | None]:
            params = {"role": "customer", "province": rng.choice(inputs["provinces"]), "limit": "50"}
            return "GET", "/api/v1/parties/?" + urlencode(params), None

        def party_search(rng: random.Random) -> tuple[str, str, bytes | None]:
            return "GET", "/api/v1/parties/?limit=50&q=" + quote(rng.choice(inputs["terms"])), None

        def party_detail(rng: random.Random) -> tuple[str, str, bytes | None]:
            return "GET", f"/api/v1/parties/{rng.choice(inputs['ids'])}", None

        def party_create(rng: random.Random) -> tuple[str, str, bytes | None]:
            body = {
                "name": f"{CREATED_PREFIX}{rng.randrange(10**9)}有限公司",
                "roles": ["prospect"],
                "addresses": [{"province": "广东省", "city": "深圳市"}],
            }
            return "POST", "/api/v1/parties/", json.dumps(body).encode()

        scenarios = [
            ("party list (role+province filter)", party_list),
            ("party search (q)", party_search),
            ("party detail", party_detail),
            ("party create", party_create),
        ]
        run_scenario("warm-up", args.port, token, party_detail, args.concurrency, args.warmup)
        results = [
            run_scenario(n, args.port, token, f, args.concurrency, args.seconds, keep_alive=not args.close)
            for n, f in scenarios
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        remove_created_parties()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    for r in results:
        print(
            f"{r['scenario']:<36} p50 {r['p50_ms']:>7} ms  p95 {r['p95_ms']:>7} ms  "
            f"p99 {r['p99_ms']:>7} ms  {r['rps']:>7} req/s  errors {r['errors']}"
        )


if __name__ == "__main__":
    main()
