"""Write ``taskboard.db.example``: the example register, generated (never edited by hand).

    python scripts/make_example_db.py [OUTPUT]

The data is :func:`taskboard.demo.load_demo` (the same as ``taskboard init --demo``), played
day by day from 15 October to 20 November 2026 (each step's timestamps and "today" are its own
day, so reports, notes and the at-risk rule see the story's dates) and left as of 24 November
2026, so that its overdue and due-soon assignments are as described in the README. The file is
a single self-contained SQLite database (no WAL side files).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AS_OF = "2026-11-24"
ACTOR = "Иванова Е.П."


def build(output: Path) -> None:
    """Generate the example database at ``output`` (replacing it)."""
    from taskboard.demo import load_demo
    from taskboard.domain import clock
    from taskboard.storage.database import open_database

    moment = [datetime(2026, 10, 15, 7, 0, tzinfo=UTC)]

    def on_day(day: date) -> None:
        os.environ["TASKBOARD_TODAY"] = day.isoformat()
        moment[0] = max(moment[0], datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC))

    def story_now() -> datetime:
        moment[0] += timedelta(seconds=7)  # every step a little later: the history keeps order
        return moment[0]

    clock.now = story_now  # type: ignore[assignment]

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "example.db"
        db = open_database(work)
        with db.write() as session:
            load_demo(session, actor=ACTOR, on_day=on_day)
        os.environ["TASKBOARD_TODAY"] = AS_OF
        db.dispose()
        con = sqlite3.connect(work)
        con.execute("PRAGMA journal_mode = DELETE")
        staged = Path(tmp) / "staged.db"
        con.execute("VACUUM INTO ?", (str(staged),))
        con.close()
        shutil.move(staged, output)


def main() -> None:
    """Command line: the output path, default ``taskboard.db.example`` at the repo root."""
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "taskboard.db.example"
    build(output.absolute())
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
