"""Command-line figures: start-up, JSON listings, the overdue table, add (medians, peak RSS)."""

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


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Measure the CLI on the register at ``db_path`` (copied for the writing figures)."""
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
        import_db = Path(tmp) / "import.db"
        shutil.copy(db_path, import_db)
        sample = Path(tmp) / "sample.csv"
        keep = ("text", "owner", "co_executors", "due", "tags", "priority")
        with rows.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            # What a spreadsheet from a department looks like: no ids, numbers or meetings.
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, fieldnames=keep)
            writer.writeheader()
            for number, row in enumerate(reader):
                if number >= 10_000:
                    break
                writer.writerow({k: row[k] for k in keep})
        figures |= _median(
            "import_csv_10k", [*TASKBOARD, "--db", str(import_db), "import", str(sample)], 1, env
        )
    return figures
