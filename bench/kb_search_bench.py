"""Knowledge search under concurrent load, against the floor of its own SQL.

Seeds ``--count`` articles (10,000 by default; only as many as are missing) with texts in
Chinese and English, captures the SQL one request of ``GET /api/v1/articles/?q=`` runs for each
query (a rare and a common Chinese word, a Chinese phrase, an English word; Bearer token of a
manager), serves the same statements from ``floor_site.py`` (a bare Django view with a raw
cursor), runs both with gunicorn and drives them in turn with wrk (see ``search_bench.py``). It
prints p50/p95 latency and req/s of both and the ratio of the p95s. The target: p95 < 50 ms.

    createdb -h 127.0.0.1 -U postgres catena_kb
    CATENA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/catena_kb \\
        .venv/bin/python bench/kb_search_bench.py --count 10000

The database is migrated first; without ``CATENA_DATABASE_URL`` it is the SQLite file of
``CATENA_VAR_DIR`` (a quick check: ``--count 200 --seconds 2 --rounds 1``). Needs ``wrk``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from floor_bench import bench_token, capture, load_average, setup_django  # noqa: E402
from search_bench import against_floor, median_of  # noqa: E402

# Words of a service desk's articles; each article strings some together, so common words are
# in thousands of articles and the rare one in a few dozen.
ZH_WORDS = (
    "订单", "发货", "退货", "换货", "发票", "运输", "外箱", "破损", "签收", "物流", "仓库", "客户",
    "付款", "对账", "合同", "质检", "包装", "承运商", "索赔", "补发", "退款", "门户", "账号", "报价",
)  # fmt: skip
ZH_RARE = "冷链"
EN_WORDS = (
    "order", "shipment", "return", "exchange", "invoice", "transport", "carton", "damage", "delivery",
    "warehouse", "customer", "payment", "contract", "inspection", "packaging", "carrier", "claim",
    "refund", "portal", "account", "quote",
)  # fmt: skip
BATCH = 1000


def sentence(rng: random.Random, words: tuple[str, ...], size: int, joiner: str) -> str:
    return joiner.join(rng.choice(words) for _ in range(size))


def seed(count: int) -> int:
    """Write articles until there are ``count``, as the services would (one version per language,
    the search documents filled); the articles written."""
    from django.db import transaction

    from catena.service.choices import ArticleLanguage, ArticleStatus, ArticleVisibility
    from catena.service.models import Article, ArticleVersion
    from catena.service.services.knowledge import fill_search_documents

    have = Article.objects.count()
    rng = random.Random(20261208 + have)
    written = 0
    while have + written < count:
        size = min(BATCH, count - have - written)
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(
                    number=f"KB-B{have + written + i:07d}",
                    status=ArticleStatus.PUBLISHED,
                    visibility=rng.choice(ArticleVisibility.values),
                    revision=1,
                )
                for i in range(size)
            )
            if not all(a.pk for a in articles):  # SQLite before 3.35 returns no ids
                articles = list(Article.objects.order_by("-id")[:size])[::-1]
            versions = []
            for article in articles:
                rare = f"{ZH_RARE}，" if rng.random() < 0.005 else ""
                versions.append(
                    ArticleVersion(
                        article=article, number=1, language=ArticleLanguage.ZH_HANS,
                        title=sentence(rng, ZH_WORDS, 3, ""),
                        body=rare + "。".join(sentence(rng, ZH_WORDS, 8, "") for _ in range(12)),
                    )
                )  # fmt: skip
                versions.append(
                    ArticleVersion(
                        article=article, number=1, language=ArticleLanguage.EN,
                        title=sentence(rng, EN_WORDS, 3, " ").capitalize(),
                        body=". ".join(sentence(rng, EN_WORDS, 10, " ") for _ in range(10)),
                    )
                )  # fmt: skip
            ArticleVersion.objects.bulk_create(versions)
            texts = {
                (v.article_id, v.language): v for v in ArticleVersion.objects.filter(article__in=articles)
            }
            for article in articles:
                article.number = f"KB-{article.pk:06d}"
                article.current_zh = texts[(article.pk, ArticleLanguage.ZH_HANS)]
                article.current_en = texts[(article.pk, ArticleLanguage.EN)]
                fill_search_documents(article)
            Article.objects.bulk_update(
                articles, ["number", "current_zh", "current_en", "search_title", "search_body"]
            )
        written += size
        print(f"  {have + written:,} articles", flush=True)
    return written


def queries() -> dict[str, str]:
    from catena.service.knowledge.search import ranked
    from catena.service.models import Article

    found = {"rare word": ZH_RARE, "common word": "破损", "phrase": "外箱破损", "english word": "invoice"}
    for name, query in found.items():
        print(
            f"{name:<13} {query!r}: matches {ranked(Article.objects.all(), query).count():,} articles",
            flush=True,
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000, help="articles in the database")
    parser.add_argument("--limit", type=int, default=20, help="results per request")
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per query and side")
    parser.add_argument("--rounds", type=int, default=2, help="turns of Catena then floor per query")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk on each side first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--port", type=int, default=8151, help="Catena's port; the floor's is the next")
    parser.add_argument("--only", action="append", default=[], help="query name(s) to run")
    parser.add_argument("--show-sql", action="store_true", help="print the captured SQL")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    os.environ.setdefault("CATENA_HTTPS", "0")
    os.environ.setdefault("CATENA_LOG_LEVEL", "WARNING")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    started = time.monotonic()
    if written := seed(args.count):
        print(f"seeded {written:,} articles in {time.monotonic() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have by now
            cursor.execute("VACUUM ANALYZE service_article")
            cursor.execute("VACUUM ANALYZE service_articleversion")
    token = bench_token()
    typed = queries()
    if args.only:
        typed = {name: q for name, q in typed.items() if name in args.only}
    paths = {
        name: "/api/v1/articles/?" + urlencode({"q": q, "limit": args.limit}) for name, q in typed.items()
    }
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
            **{f"catena_{k}": median_of(runs, "catena", k) for k in ("p50", "p95", "p99", "rps")},
            **{f"floor_{k}": median_of(runs, "floor", k) for k in ("p50", "p95", "p99", "rps")},
            "load": load_average(),
        }
        row["ratio"] = round(row["catena_p95"] / max(row["floor_p95"], 0.1), 2)
        row["target_met"] = row["catena_p95"] < 50
        results.append(row)
        print(
            f"{name:<13} catena p50 {row['catena_p50']:>5} p95 {row['catena_p95']:>5} ms "
            f"{row['catena_rps']:>6} req/s | floor p50 {row['floor_p50']:>5} p95 {row['floor_p95']:>5} ms "
            f"| p95 ratio {row['ratio']:.2f} ({row['queries']} queries) "
            f"{'ok' if row['target_met'] else 'OVER 50 ms'}",
            flush=True,
        )
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
