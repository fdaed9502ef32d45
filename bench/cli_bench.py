"""Command-line figures: start-up, JSON listings, the overdue table, add (medians, peak RSS)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASKBOARD = [sys.executable, "-m", "taskboard"]


def timed(
    args: list[str], *, env: dict[str, str], stdout: object = subprocess.DEVNULL
) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one run of ``args`` (fails loudly on a non-zero exit)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE, env=env)  # type: ignore[arg-type]
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"failed: {' '.join(args)}: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def median_of(
    args: list[str], repeats: int, env: dict[str, str], **kwargs: object
) -> tuple[float, float]:
    """Median seconds and the largest peak RSS over ``repeats`` runs."""
    runs = [timed(args, env=env, **kwargs) for _ in range(repeats)]  # type: ignore[arg-type]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Measure the CLI on the register at ``db_path`` (copied for the writing figures)."""
    env = {**os.environ, "TASKBOARD_LANG": "ru"}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text('actor = "bench"\n', encoding="utf-8")
        env["TASKBOARD_CONFIG"] = str(config)
        db = ["--db", db_path]
        figures: dict[str, float] = {}
        figures["version_s"], figures["version_mb"] = median_of(
            [*TASKBOARD, "--version"], repeats, env
        )
        figures["list_overdue_json_s"], figures["list_overdue_json_mb"] = median_of(
            [*TASKBOARD, *db, "list", "--overdue", "--format", "json"], repeats, env
        )
        figures["list_search_json_s"], figures["list_search_json_mb"] = median_of(
            [*TASKBOARD, *db, "list", "--search", "савушкин", "--format", "json"], repeats, env
        )
        with (Path(tmp) / "overdue.txt").open("w") as out:
            figures["list_overdue_table_s"], figures["list_overdue_table_mb"] = median_of(
                [*TASKBOARD, *db, "list", "--overdue"], repeats, env, stdout=out
            )
        copy = Path(tmp) / "copy.db"
        shutil.copy(db_path, copy)
        figures["add_s"], figures["add_mb"] = median_of(
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
    return figures
