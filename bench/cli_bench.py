"""Command-line figures: start-up, listings, the overdue table, add, import (medians, peak RSS)."""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import measure

TASKBOARD = [str(Path(sys.executable).with_name("taskboard"))]


def _median(
    name: str, args: list[str], repeats: int, env: dict[str, str], stdout: Path | None = None
) -> dict[str, float]:
    runs = [measure(args, env=env, stdout=stdout) for _ in range(repeats)]
    return {
        f"{name}_s": statistics.median(r.seconds for r in runs),
        f"{name}_cpu_s": statistics.median(r.cpu_seconds for r in runs),
        f"{name}_mb": max(r.rss_mb for r in runs),
    }


def owner_name(db_path: str) -> str:
    """The full name of the first owner bench/generate.py makes (person 21), for ``--owner``."""
    from sqlalchemy import create_engine, text

    url = db_path if "://" in db_path else f"sqlite:///{db_path}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT full_name FROM person WHERE id = 21")).scalar())
    finally:
        engine.dispose()


def run(db_path: str, repeats: int, *, writes: bool = True) -> dict[str, float]:
    """Measure the CLI on the register at ``db_path``, a file (copied for the writing figures)
    or a database URL (read figures only: a server's database is not copied here).

    ``writes=False``: the read figures only (at a million assignments each copy of the file
    for ``add`` and ``import`` is a gigabyte).
    """
    env = {**os.environ, "TASKBOARD_LANG": "ru"}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text('actor = "bench"\n', encoding="utf-8")
        env["TASKBOARD_CONFIG"] = str(config)
        db = ["--db", db_path]
        figures: dict[str, float] = {}
        figures |= _median("version", [*TASKBOARD, "--version"], repeats, env)
        figures |= _median(
            "list_overdue_json",
            [*TASKBOARD, *db, "list", "--overdue", "--format", "json"],
            repeats,
            env,
        )
        figures |= _median(
            "list_search_json",
            [*TASKBOARD, *db, "list", "--search", "савушкин", "--format", "json"],
            repeats,
            env,
        )
        figures |= _median(
            "list_overdue_table",
            [*TASKBOARD, *db, "list", "--overdue"],
            repeats,
            env,
            stdout=Path(tmp) / "overdue.txt",
        )
        figures |= _median(
            "list_owner_json",
            [*TASKBOARD, *db, "list", "--owner", owner_name(db_path), "--format", "json"],
            repeats,
            env,
        )
        if "://" in db_path or not writes:
            return figures
        copy = Path(tmp) / "copy.db"
        shutil.copy(db_path, copy)
        figures |= _median(
            "add",
            [
                *TASKBOARD,
                "--db",
                str(copy),
                "add",
                "Проработать вопрос бенчмарка",
                "--owner",
                "21",
                "--due",
                "через 2 недели",
                "--tag",
                "бенчмарк",
            ],
            repeats,
            env,
        )
        rows = Path(tmp) / "rows.csv"
        figures |= _median(
            "export_csv",
            [*TASKBOARD, *db, "list", "--status", "all", "--format", "csv"],
            1,
            env,
            stdout=rows,
        )
        for rows_in_file, name in ((10_000, "import_csv_10k"), (100_000, "import_csv_100k")):
            figures |= _import(db_path, rows, rows_in_file, name, repeats, env, Path(tmp))
    return figures


IMPORT_COLUMNS = ("text", "owner", "co_executors", "due", "tags", "priority")
"""What a spreadsheet from a department looks like: no ids, numbers or meetings."""


def write_sample(listing: Path, sample: Path, rows: int) -> int:
    """The first ``rows`` rows of a ``list --format csv`` as an import file; how many it has."""
    written = 0
    with listing.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=IMPORT_COLUMNS)
        writer.writeheader()
        for row in reader:
            if written >= rows:
                break
            writer.writerow({k: row[k] for k in IMPORT_COLUMNS})
            written += 1
    return written


def _import(
    db_path: str,
    listing: Path,
    rows: int,
    name: str,
    repeats: int,
    env: dict[str, str],
    tmp: Path,
) -> dict[str, float]:
    """``import`` of ``rows`` rows of the register's own listing into a fresh copy of it, each
    run (the owners exist; the copy grows by the file)."""
    sample = tmp / f"{name}.csv"
    if write_sample(listing, sample, rows) < rows:
        return {}  # a smaller register (--n) has no file this size
    runs = []
    for _ in range(repeats):
        target = tmp / "import.db"
        shutil.copy(db_path, target)
        runs.append(measure([*TASKBOARD, "--db", str(target), "import", str(sample)], env=env))
        target.unlink()
    return {
        f"{name}_s": statistics.median(r.seconds for r in runs),
        f"{name}_cpu_s": statistics.median(r.cpu_seconds for r in runs),
        f"{name}_mb": max(r.rss_mb for r in runs),
    }
