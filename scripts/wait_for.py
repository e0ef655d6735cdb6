"""Fail clearly (exit 1) unless the PostgreSQL server and the broker given answer within 30 s."""

from __future__ import annotations

import sys
import time

import psycopg
import redis


def reachable(url: str) -> str | None:
    try:
        if url.startswith("postgres"):
            base = url.rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(base, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
        elif url.startswith("redis"):
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        return None
    except Exception as exc:  # report any failure to connect
        return str(exc)


def main(urls: list[str]) -> int:
    for url in urls:
        deadline = time.monotonic() + 30
        while (error := reachable(url)) is not None:
            if time.monotonic() > deadline:
                print(f"Cannot reach {url}: {error}", file=sys.stderr)
                return 1
            time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
