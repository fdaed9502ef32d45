"""The side-by-side benchmark against Taskwarrior (bench/side_by_side.py, issue 12).

The runs that need ``task`` skip when Taskwarrior is not installed, unless
TASKBOARD_REQUIRE_TASKWARRIOR=1 (CI installs it and sets that): then they fail instead.
README, «Benchmarks», says how to install it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from bench.generate import generate
from bench.measure import TimedOut, measure

from bench import side_by_side, taskwarrior

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "side_by_side.py"


@pytest.fixture
def task_installed() -> None:
    if taskwarrior.executable() is None:
        if os.environ.get("TASKBOARD_REQUIRE_TASKWARRIOR"):
            pytest.fail("Taskwarrior required (TASKBOARD_REQUIRE_TASKWARRIOR=1) but not on PATH")
        pytest.skip("Taskwarrior is not installed (apt-get install taskwarrior; see README)")


def _run(tmp_path: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )


def test_the_converter_keeps_what_taskwarrior_can_hold(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    generate(db, n=300, owners=30, meetings=10)
    tasks = taskwarrior.convert(db)
    import sqlite3

    con = sqlite3.connect(db)
    rows = {
        aid: (text, due, status)
        for aid, text, due, status in con.execute("SELECT id, text, due, status FROM assignment")
    }
    notes = dict(con.execute("SELECT assignment_id, count(*) FROM note GROUP BY 1"))
    con.close()
    assert len(tasks) == len(rows) == 300
    assert len({t["uuid"] for t in tasks}) == 300
    for task in tasks:
        aid = next(a for a in rows if taskwarrior.task_uuid(a) == task["uuid"])
        text, due, status = rows[aid]
        assert task["description"] == text
        assert task["status"] == taskwarrior.STATUS[status]
        # The deadline is the end of that day, local time.
        moment = datetime.strptime(str(task["due"]), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        assert moment.astimezone().date() == date.fromisoformat(due)
        assert moment.astimezone().strftime("%H:%M:%S") == "23:59:59"
        assert len(task.get("annotations", [])) == notes.get(aid, 0)  # type: ignore[arg-type]
        assert all(" " not in tag for tag in task.get("tags", []))  # type: ignore[attr-defined]


def test_side_by_side_runs_both_programs_on_the_same_register(
    tmp_path: Path, task_installed: None
) -> None:
    out = tmp_path / "figures.json"
    done = _run(tmp_path, "--sizes", "200", "--repeats", "2", "--json", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # Both count the same pending and overdue assignments and find the same search hits.
    counts = next(line for line in lines if line.startswith("# taskboard:"))
    tb_part, tw_part = counts.removeprefix("# taskboard: ").split("; Taskwarrior: ")
    assert tb_part == tw_part
    same = next(line for line in lines if line.startswith("# same work:"))
    assert "in Taskwarrior" in same
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [
        case.label for case in side_by_side.CASES
    ]
    for row in rows:
        cells = row.strip("| ").split(" | ")
        tb, tw, floor, tb_tw, tb_floor = cells[1:6]
        assert tb.endswith(" s") and tw.endswith(" s") and floor.endswith(" s"), row
        assert float(tb_tw) > 0 and float(tb_floor) > 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [size["n"] for size in report] == [200]
    for name, programs in report[0]["cases"].items():
        assert set(programs) == {"taskboard", "taskwarrior", "floor"}, name
        for figures in programs.values():
            # Two counted runs; the warm-up run of a read case is not among them.
            assert len(figures["runs"]) == 2
            assert all(run["seconds"] > 0 for run in figures["runs"])


def test_the_writing_cases_leave_the_measured_register_alone(
    tmp_path: Path, task_installed: None
) -> None:
    keep = tmp_path / "data"
    done = _run(
        tmp_path,
        "--sizes",
        "150",
        "--repeats",
        "1",
        "--skip",
        "version,overdue_table,overdue_json,search,list,export",
        "--keep",
        str(keep),
    )
    assert done.returncode == 0, done.stderr
    store = keep / "n150"
    pending, _ = taskwarrior.register_counts(store / "register.db")
    tw = taskwarrior.TaskwarriorDir(store / "taskwarrior")
    # add, done and import ran on copies: the shared register and Taskwarrior are as loaded.
    assert tw.count("status:pending") == pending
    assert taskwarrior.register_counts(store / "empty.db") == (0, 0)


def test_without_taskwarrior_it_says_how_to_install_it_and_measures_the_rest(
    tmp_path: Path,
) -> None:
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    done = _run(
        tmp_path,
        "--sizes",
        "100",
        "--repeats",
        "1",
        "--skip",
        "overdue_table,search,export,add,done,import",
        path=str(empty_path),
    )
    assert done.returncode == 0, done.stderr
    assert "Taskwarrior is not installed" in done.stdout
    assert "apt-get install taskwarrior" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")][2:]
    assert len(rows) == 3
    for row in rows:
        cells = row.strip("| ").split(" | ")
        assert cells[1].endswith(" s") and cells[3].endswith(" s")
        assert cells[2] == "—" and cells[4] == "—"


def test_an_unknown_case_is_refused(tmp_path: Path) -> None:
    done = _run(tmp_path, "--skip", "lisst")
    assert done.returncode == 2
    assert "unknown case(s): lisst" in done.stderr


def test_a_run_past_its_time_limit_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(TimedOut):
        measure(
            [sys.executable, "-c", "import time; time.sleep(30)"],
            env=dict(os.environ),
            timeout=0.5,
        )
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("name", "n", "tb", "tw", "floor", "expected"),
    [
        ("list", 1000, 0.05, 0.01, 0.03, "≤ 2× floor ✓"),
        ("list", 1000, 0.07, 0.01, 0.03, "≤ 2× floor ✗"),
        ("add", 10_000, 0.2, 0.1, 0.02, "≤ 0.25 s ✓"),
        ("list", 100_000, 1.2, 4.0, 0.5, "≥ 3× faster ✓, ≤ 1.5 s ✓"),
        ("export", 100_000, 1.3, 3.0, 0.5, "≥ 3× faster ✗, ≤ 1.2 s ✗"),
        ("version", 100_000, 0.04, 0.004, 0.01, "≤ 0.05 s ✓"),
        ("search", 100_000, 0.4, None, 0.2, "—"),
    ],
)
def test_each_row_checks_the_issue_target(
    name: str, n: int, tb: float, tw: float | None, floor: float, expected: str
) -> None:
    case = next(c for c in side_by_side.CASES if c.name == name)
    assert side_by_side.target(case, n, tb, tw, floor) == expected
