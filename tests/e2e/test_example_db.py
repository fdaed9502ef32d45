"""taskboard.db.example is what scripts/make_example_db.py writes, at the current schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from taskboard.storage.database import HEAD_REVISION

pytestmark = pytest.mark.slow  # regenerates the example database in a real process

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "taskboard.db.example"


def _content(cli, path: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    keep = (
        "id",
        "number",
        "text",
        "owner",
        "co_executors",
        "due",
        "original_due",
        "status",
        "meeting_id",
        "extensions",
        "tags",
        "priority",
        "controller",
    )
    rows = json.loads(
        cli("list", "--status", "all", "--sort", "id", "--format", "json", db=path).out
    )
    return {
        "assignments": [{k: r[k] for k in keep} for r in rows],
        "meetings": json.loads(cli("meeting", "list", "--format", "json", db=path).out),
        "people": json.loads(cli("person", "list", "--format", "json", db=path).out),
    }


def test_example_database_is_at_the_current_schema() -> None:
    con = sqlite3.connect(f"file:{EXAMPLE}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        con.close()


def test_example_database_is_what_the_script_generates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh = tmp_path / "fresh.db"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_example_db.py"), str(fresh)],
        check=True,
        capture_output=True,
    )
    tracked = tmp_path / "tracked.db"
    shutil.copy(EXAMPLE, tracked)  # never open the tracked file itself: opening writes WAL
    assert _content(cli, fresh) == _content(cli, tracked)


def test_example_database_shows_the_control_loop(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As of its day, the example holds one report under review, one returned for rework, one
    extension request pending and one at risk, each stamped on the day the story gives it;
    the Governor's own control holds four."""
    copy = tmp_path / "example.db"
    shutil.copy(EXAMPLE, copy)

    def ids(*args: str) -> list[int]:
        return [r["id"] for r in json.loads(cli("list", *args, "--format", "json", db=copy).out)]

    assert ids("--status", "review") == [1]
    assert ids("--status", "rework") == [5]
    assert ids("--requested") == [4]
    assert ids("--at-risk") == [8]  # the monthly report: quiet since the meeting, due 04.12
    assert ids("--level", "governor", "--status", "all") == [6, 1, 2]
    returned = json.loads(cli("show", "5", "--format", "json", db=copy).out)
    assert returned["reports"][0]["date"] == "2026-11-16"
    history = [(e["at"][:10], e["kind"]) for e in returned["history"]]
    assert ("2026-11-18", "status") in history and history[0] == ("2026-10-16", "created")
