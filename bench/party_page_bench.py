"""The party page with its customer 360 (the cards above the tabs) under concurrent load, against
the floor of its own SQL.

For the customer with the most orders, the supplier with the most purchase orders and the carrier
with the most shipments, this script captures the SQL one request of the party's page runs (a
manager signed in by session cookie, the profile tab), serves the same statements from
``floor_site.py`` (a bare Django view with a raw cursor), runs both with gunicorn (2 sync workers
each) and drives them in turn with ``wrk -t2 -c4``. It prints p50/p95 latency and req/s of both
and the ratio of the p95s. The target: Catena's p95 < 50 ms at seed scale 100.

    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_bench \\
        .venv/bin/python bench/party_page_bench.py --seconds 10 --rounds 2

The floor runs the page's statements only; Catena also renders the page (about 60 KB of HTML).
Needs ``wrk`` (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from floor_bench import load_average, setup_django  # noqa: E402
from search_bench import against_floor, median_of  # noqa: E402


def parties() -> dict[str, int]:
    """The busiest party of each kind: the pages with the most behind their cards."""
    from django.db.models import Count

    from catena.fulfilment.models import PurchaseOrder, Shipment
    from catena.sales.models import SalesOrder

    def busiest(rows: Any, column: str) -> int | None:
        found = rows.values(column).annotate(n=Count("pk")).order_by("-n").first()
        return found[column] if found else None

    picked = {
        "customer": busiest(SalesOrder.objects.all(), "customer_id"),
        "supplier": busiest(PurchaseOrder.objects.all(), "supplier_id"),
        "carrier": busiest(Shipment.objects.all(), "carrier_id"),
    }
    if not all(picked.values()):
        sys.exit("the database lacks orders, purchase orders or shipments: seed it (catena seed --scale N)")
    return {name: pk for name, pk in picked.items() if pk is not None}


def signed_in() -> tuple[Any, str]:
    """A test client and the session cookie of a manager, for wrk to send."""
    from django.test import Client

    from catena.accounts.choices import Role
    from catena.accounts.models import User

    user, _created = User.objects.get_or_create(username="floor-bench", defaults={"role": Role.MANAGER})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client, client.cookies["sessionid"].value


def capture(client: Any, paths: dict[str, str]) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    captured = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{name}: {path} answered {response.status_code}")
        # the session and user look-ups are the floor's too: it has no middleware to run them
        captured[name] = {"sql": [q["sql"] for q in queries.captured_queries], "bytes": len(response.content)}
    return captured


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per page and side")
    parser.add_argument("--rounds", type=int, default=2, help="turns of Catena then floor per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk on each side first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--port", type=int, default=8151, help="Catena's port; the floor's is the next")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    args = parser.parse_args()

    os.environ.setdefault("CATENA_HTTPS", "0")
    os.environ.setdefault("CATENA_LOG_LEVEL", "WARNING")
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    client, session = signed_in()
    paths = {name: f"/parties/{pk}/" for name, pk in parties().items()}
    captured = capture(client, paths)
    connection.close()
    for name, found in captured.items():
        print(
            f"{name:<9} {paths[name]}: {len(found['sql'])} statements, {found['bytes']:,} bytes", flush=True
        )
        if args.show_sql:
            for sql in found["sql"]:
                print(f"  {sql}")

    sql = {name: found["sql"] for name, found in captured.items()}
    results = []
    for name, runs in against_floor(paths, sql, f"Cookie: sessionid={session}", args):
        row = {
            "page": name,
            "statements": len(captured[name]["sql"]),
            **{f"catena_{k}": median_of(runs, "catena", k) for k in ("p50", "p95", "rps")},
            **{f"floor_{k}": median_of(runs, "floor", k) for k in ("p50", "p95", "rps")},
            "load": load_average(),
        }
        results.append(row)
        print(
            f"{name:<9} catena p50 {row['catena_p50']:>5} p95 {row['catena_p95']:>5} ms {row['catena_rps']:>6} req/s"
            f" | floor p50 {row['floor_p50']:>5} p95 {row['floor_p95']:>5} ms {row['floor_rps']:>6} req/s"
            f" | load {row['load']}",
            flush=True,
        )
    print(f"load average after: {load_average()}")
    print()
    print(
        "| party page | statements | Catena p50 / p95 ms | req/s | floor p50 / p95 ms | req/s | req/s ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['page']} | {row['statements']} | {row['catena_p50']} / {row['catena_p95']} | {row['catena_rps']} "
            f"| {row['floor_p50']} / {row['floor_p95']} | {row['floor_rps']} | {row['catena_rps'] / row['floor_rps']:.2f}× |"
        )


if __name__ == "__main__":
    main()
