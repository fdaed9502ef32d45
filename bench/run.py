"""Benchmarks: generate a large register, then print the medians of several runs of each figure.

    python bench/run.py [--n 100000] [--repeats 5] [--only cli,tui,reports,remind] [--db PATH|URL]
    python bench/run.py --backend postgresql [--pg-server URL] [--keep] …

With ``--backend postgresql`` each register is generated into a fresh PostgreSQL database
(``tb_bench_…`` on the server of ``--pg-server``), dropped afterwards unless ``--keep``;
``--db`` reuses a register, an SQLite file or a database URL.

Figures (docs/product.md §7) and the targets of the issues, on the 2-core reference machine:

    CLI start (--version)             ≤ 0.15 s
    list --overdue / --search (JSON)  ≤ 1 s
    list --overdue as a table (file)  ≤ 2 s
    add                               ≤ 0.5 s
    TUI first screen                  ≤ 1.5 s,  search keystroke ≤ 150 ms, memory < 300 MB
    report xlsx ≤ 5 s, html ≤ 2 s, csv/json/md ≤ 1.5 s, memory ≤ 400 MB
    remind (10,000 owners)            ≤ 60 s,  memory ≤ 300 MB
    import --dry-run of a 200-item protocol  ≤ 2 s

Each figure is the median of --repeats runs as separate processes; memory is the peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

SUITES = {
    "cli": ("bench.cli_bench", {}),
    "tui": ("bench.tui_bench", {}),
    "reports": ("bench.report_bench", {}),
    "remind": ("bench.remind_bench", {"owners": 10_000}),
    "capture": ("bench.capture_bench", {}),
}
PG_SERVER = os.environ.get(
    "TASKBOARD_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
"""The PostgreSQL server ``--backend postgresql`` creates its databases on (any database on
it: the URL is only the way in)."""


@contextlib.contextmanager
def postgresql_database(server: str, name: str, *, keep: bool = False) -> Iterator[str]:
    """A fresh database ``name`` on ``server`` (its URL), dropped afterwards unless ``keep``."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Generate (or reuse) the register and run the chosen suites."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="assignments (default 100000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--only", default="cli,tui,reports,remind,capture", help="suites to run")
    parser.add_argument(
        "--db", help="reuse this register (a file or a URL) instead of generating one"
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="where generated registers go (default sqlite: temporary files)",
    )
    parser.add_argument(
        "--pg-server", default=PG_SERVER, help=f"PostgreSQL server URL (default {PG_SERVER})"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated PostgreSQL databases"
    )
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="cli: leave out add, export and import (each copies the register)",
    )
    args = parser.parse_args()

    from bench.generate import generate

    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as databases:
        registers: dict[int, str] = {}

        def register(owners: int) -> str:
            if args.db and owners == 200:
                return str(args.db)
            if owners not in registers:
                target: str | Path
                if args.backend == "postgresql":
                    name = f"tb_bench_{args.n}_{owners}_{os.getpid()}"
                    target = databases.enter_context(
                        postgresql_database(args.pg_server, name, keep=args.keep)
                    )
                else:
                    target = Path(tmp) / f"bench-{owners}.db"
                started = time.perf_counter()
                generate(target, n=args.n, owners=owners, meetings=500)
                print(
                    f"# generated {args.n} assignments, {owners} owners "
                    f"in {time.perf_counter() - started:.1f} s: {target}",
                    flush=True,
                )
                registers[owners] = str(target)
            return registers[owners]

        for name in args.only.split(","):
            module_name, options = SUITES[name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                print(f"# {name}: not available", flush=True)
                continue
            if name == "remind" and args.backend == "postgresql":
                print(f"# {name}: needs an SQLite register (it writes to copies)", flush=True)
                continue
            path = register(int(options.get("owners", 200)))
            extra = {"writes": False} if name == "cli" and args.reads_only else {}
            figures = module.run(path, args.repeats, **extra)
            for key, value in figures.items():
                unit = "MB" if key.endswith("_mb") else ("" if key.endswith("_count") else "s")
                shown = f"{value:.0f}" if unit != "s" else f"{value:.3f}"
                print(f"{name:8} {key:32} {shown:>10} {unit}", flush=True)


if __name__ == "__main__":
    main()
