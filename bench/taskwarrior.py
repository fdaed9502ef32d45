"""Load a taskboard register into an isolated Taskwarrior, for the side-by-side benchmark.

    python bench/taskwarrior.py REGISTER.db DIR     # writes DIR/taskrc, DIR/data/, DIR/tasks.json

The register is read with the standard library's ``sqlite3`` (no taskboard import, so the
converter cannot drift with the code under test). Each assignment becomes one Taskwarrior task:

    description  ← text
    project      ← the meeting's title ("none" without a meeting; dots, Taskwarrior's
                   sub-project separator, become spaces)
    due          ← the deadline at 23:59:59 local time: taskboard calls an assignment overdue
                   from the day after its deadline, Taskwarrior's +OVERDUE is ``due < now``
    status       ← pending (open, in_progress), completed (done), deleted (cancelled)
    start        ← updated_at for in_progress (Taskwarrior's "active")
    end          ← closed_on (or updated_at) for completed and deleted tasks
    entry        ← created_at
    tags         ← the assignment's tags (Taskwarrior tags may not hold spaces: they become _)
    priority     ← H (high), M (normal), L (low)
    annotations  ← notes (entry ← the note's created_at)
    uuid         ← uuid5 of the assignment id, so a benchmark can address task N as
                   ``task <uuid> done`` without knowing Taskwarrior's working-set numbers

Owners, co-executors, controllers and extensions have no Taskwarrior field and are left out;
they are not needed by any command the benchmark runs.

The taskrc (:data:`TASKRC_SETTINGS`) makes Taskwarrior quiet and deterministic, never slower
than its defaults; each setting says why. :func:`load` runs ``task import`` and checks that
both programs count the same pending and overdue assignments.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

NAMESPACE = uuid.UUID("6f1c2a8e-5d7b-4c1e-9a3f-0b2d4e6f8a10")
"""Namespace of the tasks' uuid5 (any fixed value: it only has to be the same every run)."""

STATUS = {"open": "pending", "in_progress": "pending", "done": "completed", "cancelled": "deleted"}
"""taskboard status → Taskwarrior status."""

PRIORITY = {"high": "H", "normal": "M", "low": "L"}
"""taskboard priority → Taskwarrior priority."""

TASKRC_SETTINGS: dict[str, tuple[str, str]] = {
    "confirmation": ("off", "no y/n prompt for bulk changes (a benchmark has no terminal)"),
    "verbose": ("nothing", "no headers, footnotes or 'Configuration override' lines"),
    "json.array": ("on", "export prints one JSON array, as taskboard's --format json does"),
    "detection": ("off", "do not ask the terminal its width; use defaultwidth"),
    "defaultwidth": ("0", "infinite width: no word-wrapping, like taskboard writing to a file"),
    "color": ("off", "plain text, as both write to a file"),
    "hooks": ("off", "no user hook scripts run (none exist in the isolated dir anyway)"),
    "search.case.sensitive": ("no", "let /савушкин/ match «Савушкин» if Taskwarrior can fold it"),
    "news.version": ("2.6.2", "no 'please run task news' reminder after a fresh install"),
}
"""Setting → (value, why). ``gc`` stays at its default (on): a user's Taskwarrior renumbers
and moves finished tasks to completed.data; :func:`load` runs one command after the import so
that work is done before anything is timed, and no read command writes afterwards."""


def task_uuid(assignment_id: int) -> str:
    """The Taskwarrior uuid of assignment ``assignment_id``."""
    return str(uuid.uuid5(NAMESPACE, str(assignment_id)))


def _tw_time(value: str) -> str:
    """A stored timestamp (naive UTC or with offset) as Taskwarrior's ``YYYYMMDDTHHMMSSZ``."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _tw_due(value: str) -> str:
    """A deadline date as the end of that day, local time, in UTC."""
    day = date.fromisoformat(value)
    local_end = datetime(day.year, day.month, day.day, 23, 59, 59).astimezone()
    return local_end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _tw_end(value: str) -> str:
    """A closing date as noon UTC of that day (a date has no time; noon keeps the day)."""
    day = date.fromisoformat(value[:10])
    return day.strftime("%Y%m%dT120000Z")


def convert(db_path: Path) -> list[dict[str, object]]:
    """Every assignment of the register at ``db_path`` as a Taskwarrior import record."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        meetings = dict(con.execute("SELECT id, title FROM meeting"))
        tags: dict[int, list[str]] = {}
        for aid, tag in con.execute("SELECT assignment_id, tag FROM assignment_tag ORDER BY 1, 2"):
            tags.setdefault(aid, []).append(tag.replace(" ", "_"))
        notes: dict[int, list[dict[str, str]]] = {}
        for aid, at, text in con.execute(
            "SELECT assignment_id, created_at, text FROM note ORDER BY assignment_id, id"
        ):
            notes.setdefault(aid, []).append({"entry": _tw_time(at), "description": text})
        tasks: list[dict[str, object]] = []
        for aid, mid, text, due, status, priority, created, updated, closed in con.execute(
            "SELECT id, meeting_id, text, due, status, priority, created_at, updated_at,"
            " closed_on FROM assignment ORDER BY id"
        ):
            project = meetings.get(mid, "none").replace(".", " ")
            task: dict[str, object] = {
                "uuid": task_uuid(aid),
                "description": text,
                "project": project,
                "status": STATUS[status],
                "entry": _tw_time(created),
                "priority": PRIORITY.get(priority, "M"),
            }
            if due:
                task["due"] = _tw_due(due)
            if status == "in_progress":
                task["start"] = _tw_time(updated)
            if STATUS[status] != "pending":
                task["end"] = _tw_end(closed) if closed else _tw_time(updated)
            if aid in tags:
                task["tags"] = tags[aid]
            if aid in notes:
                task["annotations"] = notes[aid]
            tasks.append(task)
        return tasks
    finally:
        con.close()


def register_counts(db_path: Path, today: date | None = None) -> tuple[int, int]:
    """(pending, overdue) in the register, by taskboard's rules, with plain SQL."""
    today = today or date.today()
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT count(*), coalesce(sum(due IS NOT NULL AND due < ?), 0) FROM assignment"
            " WHERE status IN ('open', 'in_progress')",
            (today.isoformat(),),
        ).fetchone()
        return int(row[0]), int(row[1])
    finally:
        con.close()


@dataclass
class TaskwarriorDir:
    """An isolated Taskwarrior: its taskrc and data directory."""

    root: Path
    """The directory holding both."""

    @property
    def taskrc(self) -> Path:
        """The taskrc file."""
        return self.root / "taskrc"

    @property
    def data(self) -> Path:
        """The data directory (pending.data, completed.data, …)."""
        return self.root / "data"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment in which ``task`` reads only this dir (never ~/.taskrc)."""
        return {
            **(os.environ if base is None else base),
            "TASKRC": str(self.taskrc),
            "TASKDATA": str(self.data),
        }

    def task(self, *args: str, check: bool = True) -> str:
        """Run ``task ARGS`` here and return its stdout."""
        done = subprocess.run(
            [executable() or "task", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"task {' '.join(args)} failed ({done.returncode}): {done.stderr}")
        return done.stdout

    def count(self, *filters: str) -> int:
        """``task FILTERS count``."""
        return int(self.task(*filters, "count").strip() or 0)

    def copy_to(self, root: Path) -> TaskwarriorDir:
        """A copy at ``root`` (for writes that must not drift between runs)."""
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(self.data, root / "data")
        copy = TaskwarriorDir(root)
        copy.taskrc.write_text(_taskrc_text(copy.data), encoding="utf-8")
        return copy


def executable() -> str | None:
    """The full path of ``task``, or None when Taskwarrior is not installed."""
    return shutil.which("task")


def task_version() -> str:
    """``Taskwarrior X.Y.Z``, as ``task --version`` prints it."""
    done = subprocess.run(
        [executable() or "task", "--version"], capture_output=True, text=True, check=False
    )
    return f"Taskwarrior {done.stdout.strip()}"


def _taskrc_text(data: Path) -> str:
    lines = [f"# {key}: {why}\n{key}={value}" for key, (value, why) in TASKRC_SETTINGS.items()]
    return f"data.location={data}\n" + "\n".join(lines) + "\n"


def create(root: Path) -> TaskwarriorDir:
    """An empty isolated Taskwarrior at ``root`` (taskrc and data dir)."""
    root.mkdir(parents=True, exist_ok=True)
    tw = TaskwarriorDir(root)
    tw.data.mkdir(exist_ok=True)
    tw.taskrc.write_text(_taskrc_text(tw.data), encoding="utf-8")
    return tw


def write_import_file(db_path: Path, path: Path) -> int:
    """Write the register's tasks to ``path`` as Taskwarrior import JSON; return how many."""
    tasks = convert(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return len(tasks)


def load(db_path: Path, root: Path) -> TaskwarriorDir:
    """Convert the register, import it into a new isolated Taskwarrior at ``root``, verify.

    Raises AssertionError when Taskwarrior's pending or overdue count differs from the
    register's; prints both.
    """
    tw = create(root)
    import_file = root / "tasks.json"
    write_import_file(db_path, import_file)
    tw.task("import", str(import_file))
    # The first command after an import lets gc move finished tasks and number the rest.
    tw.task("list", check=False)
    check_counts(db_path, tw)
    return tw


def check_counts(db_path: Path, tw: TaskwarriorDir) -> tuple[int, int]:
    """Assert both programs see the same (pending, overdue); print and return them."""
    pending, overdue = register_counts(db_path)
    tw_pending = tw.count("status:pending")
    tw_overdue = tw.count("+OVERDUE")
    print(
        f"# taskboard: {pending} pending, {overdue} overdue; "
        f"Taskwarrior: {tw_pending} pending, {tw_overdue} overdue",
        flush=True,
    )
    assert (pending, overdue) == (tw_pending, tw_overdue), "the two registers differ"
    return pending, overdue


def main() -> None:
    """Command line: convert and load one register."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path, help="a taskboard SQLite file")
    parser.add_argument("dir", type=Path, help="where to create the isolated Taskwarrior")
    args = parser.parse_args()
    if executable() is None:
        n = write_import_file(args.register, args.dir / "tasks.json")
        raise SystemExit(
            f"{n} tasks written to {args.dir / 'tasks.json'}; Taskwarrior is not installed "
            "(apt-get install taskwarrior), nothing imported"
        )
    tw = load(args.register, args.dir)
    print(f"TASKRC={tw.taskrc} TASKDATA={tw.data}")


if __name__ == "__main__":
    main()
