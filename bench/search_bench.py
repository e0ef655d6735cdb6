"""Search everywhere under concurrent load, against the floor of its own SQL.

For each query (a rare and a common Chinese word, pinyin initials, a whole order number, a number
prefix, a tracking number) this script captures the SQL one request of ``GET /api/v1/search?q=``
runs (Bearer token of a manager, every kind searched), serves the same statements from
``floor_site.py`` (a bare Django view with a raw cursor), runs both with gunicorn (2 sync workers
each) and drives them in turn with ``wrk -t2 -c4``. It prints p50/p95 latency and req/s of both,
and the ratio of the p95s. The target: Catena's p95 < 50 ms for every query.

    createdb -h 127.0.0.1 -U postgres -T catena_bench catena_search
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_search \
        .venv/bin/catena migrate
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_search \
        .venv/bin/python bench/search_bench.py --seconds 10 --rounds 2

The database must be seeded (``catena seed --scale N``); the queries are picked from its rows and
printed with how many parties each matches. Needs ``wrk`` (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from floor_bench import (  # noqa: E402  (bench/ is put on the path just above)
    ROOT,
    bench_token,
    capture,
    gunicorn,
    load_average,
    setup_django,
    wait_until_up,
)

# wrk's Lua hook: print the latency percentiles (µs) and the request rate as one JSON line.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %d, "p95": %d, "p99": %d, "requests": %d, "seconds": %f}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration / 1e6))
end
"""


def queries() -> dict[str, str]:
    """What people type, picked from the database: the words and numbers exist in it."""
    from catena.fulfilment.models import PurchaseOrder, Shipment
    from catena.parties.models import Party
    from catena.parties.search import pinyin_words, search_term
    from catena.sales.models import SalesOrder

    def matches(query: str) -> int:
        return Party.objects.filter(search_text__contains=search_term(query)).count()

    rare = next(
        (
            word
            for name in Party.objects.order_by("id").values_list("short_name", flat=True)[5000:5200]
            for word in [name[:2]]
            if len(word) == 2 and 0 < matches(word) <= 50
        ),
        None,
    )
    brand = Party.objects.exclude(short_name="").order_by("id").values_list("short_name", flat=True)[7000]
    order = SalesOrder.objects.order_by("-id").values_list("number", flat=True)[1000]
    po = PurchaseOrder.objects.order_by("-id").values_list("number", flat=True).first()
    tracking = (
        Shipment.objects.exclude(tracking_number="").order_by("-id").values_list("tracking_number", flat=True)
    ).first()
    if not (rare and order and po):
        sys.exit("the database lacks parties, orders or purchase orders: seed it (catena seed --scale N)")
    found = {
        "rare word": rare,
        "common word": "科技",
        "pinyin initials": pinyin_words(brand)[0],
        "order number": order,
        "number prefix": po[:-2],
    }
    if tracking:
        found["tracking number"] = tracking[:8].lower()
    for name, query in found.items():
        print(f"{name:<16} {query!r}: matches {matches(query):,} parties", flush=True)
    return found


def wrk(url: str, token: str, seconds: float, threads: int, connections: int, script: str) -> dict[str, Any]:
    """p50/p95/p99 latency (ms) and req/s of ``url`` with a Bearer ``token``."""
    return wrk_with(url, f"Authorization: Bearer {token}", seconds, threads, connections, script)


def wrk_with(
    url: str, header: str, seconds: float, threads: int, connections: int, script: str
) -> dict[str, Any]:
    """p50/p95/p99 latency (ms) and req/s of ``url``, each request sending ``header``."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "-s", script, "-H", header, url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    if bad:
        sys.exit(f"{url}: {bad.group(1)} answers were not 2xx")
    line = next((x for x in out.splitlines() if x.startswith('{"p50"')), None)
    if line is None:
        sys.exit(f"wrk printed no report:\n{out}")
    report = json.loads(line)
    return {
        "p50": report["p50"] / 1000,
        "p95": report["p95"] / 1000,
        "p99": report["p99"] / 1000,
        "rps": report["requests"] / report["seconds"],
    }


def against_floor(
    paths: dict[str, str], sql: dict[str, list[str]], header: str, args: argparse.Namespace
) -> Iterator[tuple[str, dict[str, list[dict[str, Any]]]]]:
    """Serve Catena and the floor (``floor_site.py`` running ``sql[name]``) with gunicorn side by
    side, and for each of ``paths`` drive both in turn with wrk (each request sending ``header``):
    ``--warmup`` seconds each, then ``--rounds`` of ``--seconds``. Yields ``(name, runs)`` with
    the runs of each side (``"catena"``, ``"floor"``), and stops both servers at the end."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as sql_file:
        json.dump(sql, sql_file, ensure_ascii=False)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as lua:
        lua.write(REPORT)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CATENA_FLOOR_SQL": sql_file.name}
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "floor_site"}
    catena_port, floor_port = args.port, args.port + 1
    servers = [
        gunicorn("catena.wsgi:application", catena_port, args.workers, env),
        gunicorn("floor_site:application", floor_port, args.workers, floor_env),
    ]
    try:
        wait_until_up(catena_port)
        wait_until_up(floor_port)
        print(f"load average before: {load_average()}", flush=True)
        for name, path in paths.items():
            urls = {
                "catena": f"http://127.0.0.1:{catena_port}{path}",
                "floor": f"http://127.0.0.1:{floor_port}/floor/{quote(name)}",
            }
            for url in urls.values() if args.warmup else ():
                wrk_with(url, header, args.warmup, args.threads, args.connections, lua.name)
            runs: dict[str, list[dict[str, Any]]] = {"catena": [], "floor": []}
            for _round in range(args.rounds):
                for side, url in urls.items():
                    runs[side].append(
                        wrk_with(url, header, args.seconds, args.threads, args.connections, lua.name)
                    )
            yield name, runs
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        os.unlink(sql_file.name)
        os.unlink(lua.name)


def median_of(runs: dict[str, list[dict[str, Any]]], side: str, key: str) -> float:
    return round(statistics.median(r[key] for r in runs[side]), 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per query and side")
    parser.add_argument("--rounds", type=int, default=2, help="turns of Catena then floor per query")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk on each side first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--port", type=int, default=8141, help="Catena's port; the floor's is the next")
    parser.add_argument("--only", action="append", default=[], help="query name(s) to run")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    os.environ.setdefault("CATENA_HTTPS", "0")
    os.environ.setdefault("CATENA_LOG_LEVEL", "WARNING")
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    token = bench_token()
    typed = queries()
    if args.only:
        typed = {name: q for name, q in typed.items() if name in args.only}
    paths = {name: "/api/v1/search?" + urlencode({"q": q}) for name, q in typed.items()}
    captured = capture(paths, token)
    connection.close()
    if args.show_sql:
        for name, found in captured.items():
            print(f"--- {name}: {paths[name]}")
            for sql in found["sql"]:
                print(f"  {sql}")

    header = f"Authorization: Bearer {token}"
    sql = {name: found["sql"] for name, found in captured.items()}
    results = []
    for name, runs in against_floor(paths, sql, header, args):
        row = {
            "query": name,
            "q": typed[name],
            "queries": len(captured[name]["sql"]),
            "bytes": captured[name]["bytes"],
            **{f"catena_{k}": median_of(runs, "catena", k) for k in ("p50", "p95", "p99", "rps")},
            **{f"floor_{k}": median_of(runs, "floor", k) for k in ("p50", "p95", "p99", "rps")},
            "load": load_average(),
        }
        row["ratio"] = round(row["catena_p95"] / max(row["floor_p95"], 0.1), 2)
        results.append(row)
        print(
            f"{name:<16} catena p50 {row['catena_p50']:>5} p95 {row['catena_p95']:>5} ms "
            f"{row['catena_rps']:>6} req/s | floor p50 {row['floor_p50']:>5} p95 {row['floor_p95']:>5} ms "
            f"{row['floor_rps']:>6} req/s | p95 ratio {row['ratio']:.2f} ({row['queries']} queries) "
            f"load {row['load']}",
            flush=True,
        )
    print(f"load average after: {load_average()}")
    print()
    print("| query | q | queries | Catena p50 / p95 ms | req/s | floor p50 / p95 ms | req/s | p95 ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['query']} | `{row['q']}` | {row['queries']} | {row['catena_p50']} / {row['catena_p95']} | "
            f"{row['catena_rps']} | {row['floor_p50']} / {row['floor_p95']} | {row['floor_rps']} | "
            f"{row['ratio']:.2f}× |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
