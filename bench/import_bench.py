"""Import throughput: generate a parties CSV and time the dry run and the commit.

    .venv/bin/python bench/import_bench.py --rows 100000            # plain party columns
    .venv/bin/python bench/import_bench.py --rows 100000 --full     # plus contact, phones, address
    .venv/bin/python bench/import_bench.py --rows 100000 --runs 3   # best and median of three

Runs against whichever database CATENA_DATABASE_URL names (SQLite under ./var/ by default): it
migrates it, imports the generated rows as the trusted command line does (valid_rows mode,
chunks of 2,000), prints rows/s of the dry run and of the commit, and deletes the rows it made
unless --keep is given. On PostgreSQL the cleanup ends with VACUUM ANALYZE of the tables it
touched, as autovacuum would, so that the next run does not pay for the dead rows.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catena.settings")

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from stdnum.cn import uscc as stdnum_uscc  # noqa: E402

from catena.integrations import services  # noqa: E402
from catena.integrations.models import ImportJob  # noqa: E402
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole  # noqa: E402

PLAIN = ["名称", "统一社会信用代码", "角色", "状态", "等级", "行业", "标签", "外部编号"]
FULL = [*PLAIN, "省份", "城市", "区县", "详细地址", "邮编", "联系人", "手机", "邮箱"]
ROLES = ["客户", "供应商", "客户、供应商", "分销商", "承运商", "制造商、供应商"]
PLACES = [("广东省", "深圳市", "南山区", "518000"), ("上海市", "上海市", "浦东新区", "200120"),
          ("浙江省", "杭州市", "西湖区", "310000"), ("北京市", "北京市", "朝阳区", "100020")]  # fmt: skip


def uscc(n: int) -> str:
    body = f"91{n:015d}"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def generate(path: Path, rows: int, *, full: bool, base: int, run: str) -> None:
    rng = random.Random(base)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FULL if full else PLAIN)
        for n in range(rows):
            name = f"基准测试{run}第{n}号贸易有限公司"
            row = [
                name,
                uscc(base + n),
                rng.choice(ROLES),
                "活跃",
                "普通",
                "电子",
                "基准",
                f"BENCH-{run}-{n}",
            ]
            if full:
                province, city, district, postcode = rng.choice(PLACES)
                row += [province, city, district, f"科技路{n}号", postcode, f"联系人{n}",
                        f"13{rng.randint(0, 9)}{n % 100_000_000:08d}", f"buyer{n}@example.com"]  # fmt: skip
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="add contact, mobile, e-mail and address columns")
    parser.add_argument("--keep", action="store_true", help="keep the imported parties")
    parser.add_argument("--runs", type=int, default=1, help="import a new file this many times")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    rates: dict[str, list[float]] = {"dry run": [], "commit": []}
    for number in range(args.runs):
        if number:
            time.sleep(1)  # a new run id: one per second
        dry, commit = bench_once(args)
        rates["dry run"].append(dry)
        rates["commit"].append(commit)
    if args.runs > 1:
        for step, values in rates.items():
            shown = ", ".join(f"{v:,.0f}" for v in values)
            print(
                f"{step}: best {max(values):,.0f} rows/s, median {statistics.median(values):,.0f} ({shown})"
            )


def bench_once(args: argparse.Namespace) -> tuple[float, float]:
    """Generate, upload, dry-run and commit one file; return the rows/s of the dry run and commit."""
    run = f"{int(time.time()) % 1_000_000:06d}"
    base = 10**14 + int(run) * 10**7
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench-{run}.csv"
        generate(path, args.rows, full=args.full, base=base, run=run)
        size = path.stat().st_size / 1e6
        columns = "full" if args.full else "plain"
        print(f"database: {connection.vendor}; file: {args.rows} rows, {size:.1f} MB, {columns} columns")

        started = time.perf_counter()
        with path.open("rb") as handle:
            job = services.create_import_job(actor=None, kind="parties", file=File(handle, name=path.name),
                                             filename=path.name)  # fmt: skip
        services.set_import_mapping(job, actor=None, mapping=job.mapping)
        report("upload (store, detect, count)", job.total_rows, time.perf_counter() - started)

        started = time.perf_counter()
        services.start_import_validation(job, actor=None, enqueue=False)
        job = services.validate_import_job(job.pk) or job
        dry_seconds = time.perf_counter() - started
        report("dry run", job.processed_rows, dry_seconds)

        job = services.commit_import_job(job, actor=None, enqueue=False)
        started, cpu = time.perf_counter(), time.process_time()
        job = services.run_import_job(job.pk) or job
        elapsed = time.perf_counter() - started
        report("commit", job.created_count, elapsed, time.process_time() - cpu)
        print(f"status {job.status}: created {job.created_count}, rejected {job.rejected_count}")
        dry_rate, commit_rate = job.processed_rows / dry_seconds, job.created_count / elapsed
        print(f"rows/s (dry run): {dry_rate:,.0f}")
        print(f"rows/s (commit): {commit_rate:,.0f}")

    if not args.keep:
        started = time.perf_counter()
        cleanup(f"BENCH-{run}-")
        print(f"cleaned up in {time.perf_counter() - started:.1f} s")
    return dry_rate, commit_rate


def cleanup(prefix: str) -> None:
    """Remove what the run made, quickly: a plain delete would write a history row per object.

    One transaction, the parties first (the foreign keys are checked at commit): removing their
    roles then finds no party whose role mask to recount."""
    ids = list(Party.objects.filter(external_id__startswith=prefix).values_list("pk", flat=True))
    with transaction.atomic():
        parties = Party.objects.filter(pk__in=ids)
        parties._raw_delete(parties.db)
        history = Party.history.filter(id__in=ids)
        history._raw_delete(history.db)
        for model in (ContactPoint, Contact, Address, PartyRole, Party.tags.through):
            for manager in (model.objects, getattr(model, "history", None)):
                if manager is not None:
                    qs = manager.filter(party_id__in=ids)
                    qs._raw_delete(qs.db)
    ImportJob.objects.filter(original_filename__startswith="bench-").delete()
    if connection.vendor == "postgresql":
        tables = [Party, Party.history.model, PartyRole, Party.tags.through, ImportJob]
        tables += [m for model in (Contact, ContactPoint, Address) for m in (model, model.history.model)]
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def report(step: str, rows: int, seconds: float, cpu: float | None = None) -> None:
    rate = rows / seconds if seconds else 0
    extra = f" (this process's CPU: {cpu:.1f} s)" if cpu is not None else ""
    print(f"{step:32} {rows:>8} rows {seconds:8.1f} s {rate:>10,.0f} rows/s{extra}")


if __name__ == "__main__":
    main()
