"""The hot read endpoints against a floor that runs the same SQL through a bare Django view.

For each endpoint (party list by role and province, a phone-number search, a party detail, the
order list, an order detail, all with a Bearer token) this script captures the SQL one request
runs in Catena, serves it again from ``floor_site.py`` (a Django view with a raw cursor that
returns the rows as JSON, no ORM, no schema), runs both with gunicorn (2 sync workers each) and
drives them with ``wrk -t2 -c4`` side by side, endpoint by endpoint, in turn. It prints req/s of
both, the ratio Catena / floor, the queries and body size per request and the load average.
The database time is the same on both sides, so the ratio is what Catena's Python costs.

    createdb -h 127.0.0.1 -U postgres catena_floor
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_floor \
        .venv/bin/python bench/floor_bench.py --scale 100 --seconds 10 --rounds 2

An empty database is migrated and seeded first (``catena seed --scale N``; scale 100 takes six
minutes and more); one with parties is used as it is. Needs ``wrk`` (``apt-get install wrk``).
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
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    import django

    django.setup()


def seed_if_empty(scale: float) -> None:
    from django.core.management import call_command

    from catena.parties.models import Party

    call_command("migrate", interactive=False, verbosity=0)
    if Party.objects.exists():
        return
    print(f"seeding at scale {scale:g} (catena seed) …", flush=True)
    started = time.monotonic()
    call_command("seed", scale=scale)
    print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)


def bench_token() -> str:
    from catena.accounts.choices import Role
    from catena.accounts.models import User
    from catena.accounts.services import create_api_token

    user, _created = User.objects.get_or_create(username="floor-bench", defaults={"role": Role.MANAGER})
    return create_api_token(user, name="floor-bench")[1]


def endpoints() -> dict[str, str]:
    """The path of each endpoint, with inputs that exist in the database."""
    from django.db.models import Count

    from catena.parties.models import ContactPoint, Party
    from catena.sales.models import SalesOrder

    province = (
        Party.objects.exclude(province="")
        .values("province")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("province", flat=True)
        .first()
    )
    phone = (
        ContactPoint.objects.filter(kind="mobile").order_by("id").values_list("value", flat=True).first()
        or ContactPoint.objects.filter(kind="phone").order_by("id").values_list("value", flat=True).first()
    )
    party_id = Party.objects.filter(contacts__isnull=False, addresses__isnull=False).order_by("id")
    party = party_id.values_list("id", flat=True).first()
    order = SalesOrder.objects.order_by("-id").values_list("id", flat=True)[100:101].first()
    if not (province and phone and party and order):
        sys.exit("the database lacks parties, phones or orders: seed it (catena seed --scale N)")
    return {
        "party list": "/api/v1/parties/?" + urlencode({"role": "customer", "province": province}),
        "phone search": "/api/v1/parties/?" + urlencode({"q": phone}),
        "party detail": f"/api/v1/parties/{party}",
        "order list": "/api/v1/orders/",
        "order detail": f"/api/v1/orders/{order}",
    }


def capture(paths: dict[str, str], token: str) -> dict[str, dict[str, Any]]:
    """The SQL one request of each endpoint runs (after one to warm it up), its body size."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    captured = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{name}: {path} answered {response.status_code}: {response.content[:300]!r}")
        captured[name] = {
            "sql": [q["sql"] for q in queries.captured_queries],
            "bytes": len(response.content),
        }
    return captured


def wait_until_up(port: int, seconds: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"the server on port {port} did not start")


def gunicorn(app: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", app, "--workers", str(workers), "--threads", "1",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--pythonpath", str(BENCH),
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def wrk(url: str, token: str, seconds: float, threads: int, connections: int) -> tuple[float, int]:
    """Requests per second and how many answers were not 2xx/3xx."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s",
        "-H", f"Authorization: Bearer {token}", url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s*([\d.]+)", out)
    if found is None:
        sys.exit(f"wrk printed no rate:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    return float(found.group(1)), int(bad.group(1)) if bad else 0


def load_average() -> str:
    return (
        subprocess.run(["uptime"], capture_output=True, text=True)
        .stdout.strip()
        .split("load average:")[-1]
        .strip()
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=10, help="seed scale for an empty database")
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per endpoint and side")
    parser.add_argument("--rounds", type=int, default=2, help="turns of Catena then floor per endpoint")
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of wrk on each side before measuring"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--port", type=int, default=8131, help="Catena's port; the floor's is the next")
    parser.add_argument("--only", action="append", default=[], help="endpoint name(s) to run")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    os.environ.setdefault("CATENA_HTTPS", "0")
    os.environ.setdefault("CATENA_LOG_LEVEL", "WARNING")
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    seed_if_empty(args.scale)
    token = bench_token()
    paths = endpoints()
    if args.only:
        paths = {name: path for name, path in paths.items() if name in args.only}
    captured = capture(paths, token)
    connection.close()
    if args.show_sql:
        for name, found in captured.items():
            print(f"--- {name}: {paths[name]}")
            for sql in found["sql"]:
                print(f"  {sql}")

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as sql_file:
        json.dump({name: found["sql"] for name, found in captured.items()}, sql_file, ensure_ascii=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CATENA_FLOOR_SQL": sql_file.name}
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "floor_site"}
    catena_port, floor_port = args.port, args.port + 1
    servers = [
        gunicorn("catena.wsgi:application", catena_port, args.workers, env),
        gunicorn("floor_site:application", floor_port, args.workers, floor_env),
    ]
    results = []
    try:
        wait_until_up(catena_port)
        wait_until_up(floor_port)
        print(f"load average before: {load_average()}", flush=True)
        for name, path in paths.items():
            urls = {
                "catena": f"http://127.0.0.1:{catena_port}{path}",
                "floor": f"http://127.0.0.1:{floor_port}/floor/{name.replace(' ', '%20')}",
            }
            if args.warmup:
                for url in urls.values():
                    wrk(url, token, args.warmup, args.threads, args.connections)
            rates: dict[str, list[float]] = {"catena": [], "floor": []}
            for _round in range(args.rounds):
                for side, url in urls.items():
                    rate, bad = wrk(url, token, args.seconds, args.threads, args.connections)
                    if bad:
                        sys.exit(f"{name} ({side}): {bad} answers were not 2xx")
                    rates[side].append(rate)
            catena_rate, floor_rate = statistics.median(rates["catena"]), statistics.median(rates["floor"])
            ratios = [c / f for c, f in zip(rates["catena"], rates["floor"], strict=True)]
            row = {
                "endpoint": name,
                "path": path,
                "queries": len(captured[name]["sql"]),
                "bytes": captured[name]["bytes"],
                "catena_rps": round(catena_rate, 1),
                "floor_rps": round(floor_rate, 1),
                "ratio": round(statistics.median(ratios), 2),
                "load": load_average(),
            }
            results.append(row)
            print(
                f"{name:<13} catena {row['catena_rps']:>7} req/s  floor {row['floor_rps']:>7} req/s  "
                f"ratio {row['ratio']:.2f}  ({row['queries']} queries, {row['bytes']:,} B)  "
                f"load {row['load']}",
                flush=True,
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        os.unlink(sql_file.name)
    print(f"load average after: {load_average()}")
    print()
    print("| endpoint | queries | body | Catena req/s | floor req/s | ratio |")
    print("|---|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['endpoint']} | {row['queries']} | {row['bytes'] / 1024:.1f} KB | {row['catena_rps']} | "
            f"{row['floor_rps']} | {row['ratio']:.2f}× |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
