"""The benchmarks on PostgreSQL (issue 14): bench/generate.py fills a database given by URL with
the register it writes to an SQLite file, in batches; a later ``add`` takes the next id; the
CLI, TUI and report runners measure such a register; ``bench/run.py --backend postgresql``
makes its own database and drops it. Tiny registers: no timings are checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate
from sqlalchemy import create_engine, text

from bench import cli_bench, report_bench, tui_bench
from tests.conftest import run_process

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
N = 200


def _generated(url: str) -> None:
    generate(url, n=N, owners=10, meetings=5, batch=64)


def _listing(db: str, *args: str) -> str:
    result = run_process("--db", db, "list", *args, "--format", "json")
    assert result.code == 0, result.err
    return result.out


def test_the_generator_fills_a_postgresql_url_with_the_register_sqlite_gets(
    pg_url: str, tmp_path: Path
) -> None:
    _generated(pg_url)
    sqlite = tmp_path / "bench.db"
    generate(sqlite, n=N, owners=10, meetings=5)  # one batch: the register is the same
    for args in (("--status", "all"), ("--overdue",), ("--search", "савушкин")):
        assert _listing(pg_url, *args) == _listing(str(sqlite), *args)
    assert len(json.loads(_listing(pg_url, "--status", "all"))) == N
    verified = run_process("--db", pg_url, "audit", "verify")
    assert verified.code == 0, verified.err


def test_a_generated_postgresql_register_gives_the_next_ids_to_new_rows(pg_url: str) -> None:
    _generated(pg_url)
    added = run_process(
        "--db", pg_url, "add", "Новое поручение", "--owner", "21", "--due", "2026-12-31"
    )
    assert added.code == 0, added.err
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT max(id) FROM assignment")).scalar() == N + 1
    finally:
        engine.dispose()


def test_a_generator_refuses_a_database_that_holds_a_register(pg_url: str) -> None:
    _generated(pg_url)
    with pytest.raises(SystemExit, match="already holds a register"):
        _generated(pg_url)


def test_the_cli_runner_measures_the_read_figures_of_a_postgresql_register(pg_url: str) -> None:
    _generated(pg_url)
    figures = cli_bench.run(pg_url, 1)
    for name in ("list_overdue_json", "list_search_json", "list_overdue_table", "list_owner_json"):
        assert figures[f"{name}_mb"] > 0
    assert "add_s" not in figures  # a server's database is not copied for the writes


def test_the_tui_and_report_runners_measure_a_postgresql_register(pg_url: str) -> None:
    _generated(pg_url)
    tui = tui_bench.run(pg_url, 1)
    assert tui["rows_total_count"] == len(json.loads(_listing(pg_url)))
    reports = report_bench.run(pg_url, 1)
    assert set(report_bench.FORMATS) <= {k.split("_")[1] for k in reports}


def test_run_py_generates_into_its_own_postgresql_database_and_drops_it(pg_url: str) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--backend",
            "postgresql",
            "--pg-server",
            pg_url,
            "--n",
            str(N),
            "--repeats",
            "1",
            "--only",
            "cli,remind",
        ],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "list_owner_json_s" in completed.stdout
    assert "# remind: needs an SQLite register" in completed.stdout
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            left = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
                {"prefix": f"tb\\_bench\\_{N}\\_%"},
            ).all()
    finally:
        engine.dispose()
    assert left == []
