"""What a read command's start-up costs, layer by layer (issue 12: measure before choosing).

    python bench/startup.py [--db PATH] [--repeats 7]

Each line is the median CPU time (user + system; less disturbed by a loaded machine than wall
time) of separate processes that do one more thing than the line before: a bare interpreter,
the standard library's ``sqlite3`` running the overdue query and printing JSON (the floor a
read command could reach), then importing SQLAlchemy Core, its ORM, SQLModel with taskboard's
models, the command tree, and finally the real ``taskboard list --overdue --format json``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.measure import measure  # noqa: E402

OVERDUE_SQL = (
    "SELECT id, number, text, due, status FROM assignment "
    "WHERE status IN ('open', 'in_progress') AND due < date('now') ORDER BY due, id"
)
FLOOR = (
    "import json, sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1])\n"
    "rows = con.execute({sql!r}).fetchall()\n"
    "sys.stdout.write(json.dumps(rows, ensure_ascii=False))\n"
)

LAYERS = (
    ("bare interpreter", ["-c", "pass"]),
    ("stdlib floor: sqlite3 + overdue JSON", ["-c", FLOOR.format(sql=OVERDUE_SQL), "{db}"]),
    ("+ import sqlalchemy (Core)", ["-c", "import sqlalchemy"]),
    ("+ sqlalchemy.orm", ["-c", "import sqlalchemy.orm"]),
    ("+ sqlmodel and taskboard's models", ["-c", "import taskboard.domain.models"]),
    ("+ the queries", ["-c", "import taskboard.domain.queries"]),
    ("+ typer and the command tree", ["-c", "import taskboard.cli.app as a; a.build_app()"]),
    ("taskboard --help", ["-m", "taskboard", "--help"]),
    (
        "taskboard list --overdue --format json",
        ["-m", "taskboard", "--db", "{db}", "list", "--overdue", "--format", "json"],
    ),
)


def main() -> None:
    """Print one median per layer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a register (default: 1,000 generated)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from bench.generate import generate

            db = Path(tmp) / "startup.db"
            generate(db, n=1000, owners=50, meetings=20)
        env = {**os.environ, "NO_COLOR": "1"}
        print(f"{'layer':48} {'CPU s':>7} {'wall s':>7}")
        for name, argv in LAYERS:
            command = [sys.executable, *(a.format(db=db) for a in argv)]
            runs = [measure(command, env=env) for _ in range(args.repeats)]
            cpu = statistics.median(r.cpu_seconds for r in runs)
            wall = statistics.median(r.seconds for r in runs)
            print(f"{name:48} {cpu:7.3f} {wall:7.3f}")


if __name__ == "__main__":
    main()
