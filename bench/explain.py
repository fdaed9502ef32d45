"""The query plans behind the listings: every statement a command and the TUI run, explained.

    python bench/explain.py /tmp/bench.db [--tui]
    python bench/explain.py postgresql+psycopg://postgres@127.0.0.1:5432/tb_bench_1m --tui

Runs ``list --overdue`` (JSON and table), ``list --search савушкин``, ``list --owner NAME`` in
this process, and with ``--tui`` the TUI's first screen and search keystrokes (as
``bench/tui_bench.py`` drives them), recording each statement the read path sends
(:meth:`taskboard.storage.direct.Reader.rows`). Each distinct statement is then run again and
explained: ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL,
with the time of one run of it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

from taskboard.storage.direct import Reader  # noqa: E402

Statement = tuple[str, str, dict[str, Any]]
"""Where it was seen, the SQL, its parameters."""


@contextlib.contextmanager
def recording(where: str, found: list[Statement]) -> Any:
    """Record every statement :class:`Reader` runs meanwhile, labelled ``where``."""
    original = Reader.rows

    def rows(self: Reader, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        found.append((where, sql, dict(params or {})))
        return original(self, sql, params)

    Reader.rows = rows
    try:
        yield
    finally:
        Reader.rows = original


def _cli(db: str, args: list[str]) -> None:
    from taskboard.cli.app import run

    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        run(["--db", db, *args])


def _short(sql: str, params: dict[str, Any]) -> str:
    """The statement with long ``IN`` lists of bound ids cut (for reading, not running)."""
    if len(params) > 20:
        return f"{sql[:400]}… ({len(params)} parameters)"
    return sql


def main() -> None:
    """Record, then explain."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a register made by bench/generate.py (file or URL)")
    parser.add_argument("--tui", action="store_true", help="the TUI's queries too")
    parser.add_argument("--search", default="савушкин")
    args = parser.parse_args()
    os.environ.setdefault("TASKBOARD_LANG", "ru")

    from bench.cli_bench import owner_name

    found: list[Statement] = []
    owner = owner_name(args.db)
    for label, cli_args in (
        ("list --overdue --format json", ["list", "--overdue", "--format", "json"]),
        ("list --overdue (table)", ["list", "--overdue"]),
        (f"list --search {args.search}", ["list", "--search", args.search, "--format", "json"]),
        (f"list --owner «{owner}»", ["list", "--owner", owner, "--format", "json"]),
    ):
        with recording(label, found):
            _cli(args.db, cli_args)
    if args.tui:
        from bench import tui_bench

        with recording("TUI", found):
            asyncio.run(tui_bench._measure(args.db, time.perf_counter()))

    from taskboard.storage.database import open_database

    db = open_database(args.db)
    seen: set[str] = set()
    try:
        with db.read() as session:
            from taskboard.domain.queries import reader_of

            reader = reader_of(session)
            for where, sql, params in found:
                key = sql if len(params) <= 20 else sql[:400]
                if key in seen:
                    continue
                seen.add(key)
                started = time.perf_counter()
                got = reader.rows(sql, params)
                elapsed = time.perf_counter() - started
                print(f"-- {where}: {len(got)} rows in {elapsed * 1000:.1f} ms")
                print(_short(sql, params))
                print(f"-- {params if len(params) <= 20 else '…'}")
                explain = (
                    "EXPLAIN QUERY PLAN " if reader.is_sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
                )
                for row in reader.rows(explain + sql, params):
                    print("   ", " ".join(str(v) for v in row[-1:]) if reader.is_sqlite else row[0])
                print()
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
