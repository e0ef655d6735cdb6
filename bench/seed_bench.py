"""Seed throughput: run the demo data generator at a given scale and print parties/s.

Runs against whichever database CATENA_DATABASE_URL names (SQLite under ./var/ by default). It
migrates the database, creates the demo users (so that parties get account managers), seeds,
and prints the rows written per table, the wall time, the rate and the peak memory (RSS) of the
process. Use an empty database: the seed refuses one that has parties unless --append is given.
Scale 1 is ~1,000 parties and ~2,500 orders (~10,000 order lines); scale 100 passes 1M lines.

    .venv/bin/python bench/seed_bench.py --scale 1
    createdb -h 127.0.0.1 -U postgres catena_seed
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_seed \
        .venv/bin/python bench/seed_bench.py --scale 10
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="1 = about 1,000 parties, 10,000 interactions and 2,500 orders",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--append", action="store_true", help="add to a database that already has parties")
    parser.add_argument(
        "--progress", action="store_true", help="print progress per chunk of parties and of orders"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catena.demo.seed import SeedRefused, seed_demo_data
    from catena.demo.users import ensure_demo_users

    call_command("migrate", interactive=False, verbosity=0)
    ensure_demo_users()
    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"  {time.perf_counter() - started:7.1f} s  {message}", flush=True)

    try:
        result = seed_demo_data(
            scale=args.scale, seed=args.seed, append=args.append, progress=progress if args.progress else None
        )
    except SeedRefused as exc:
        sys.exit(str(exc))
    rows = sum(result.counts.values())
    print(f"scale {args.scale:g}, seed {args.seed}")
    for name, number in sorted(result.counts.items()):
        print(f"  {name:<22} {number:>10,}")
    print(f"  {'all rows':<22} {rows:>10,}")
    print(
        f"{result.seconds:.1f} s: {result.parties_per_second:,.0f} parties/s, "
        f"{rows / result.seconds:,.0f} rows/s ({vendor})"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak RSS {peak / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
