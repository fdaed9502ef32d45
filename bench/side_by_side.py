"""taskboard beside Taskwarrior on the same register, with the standard library's floor (issue 12).

    python bench/side_by_side.py [--sizes 1000,10000,100000] [--repeats 5] [--skip import]
                                 [--timeout 600] [--cpu] [--json FILE]

For each size the script generates one register (``bench/generate.py``, seed 42), loads the
same assignments into an isolated Taskwarrior (``bench/taskwarrior.py``: its own taskrc and
data directory, never ``~/.taskrc``; both programs must count the same pending and overdue
assignments), and times every command of :data:`CASES` three ways, alternated, each run a
separate process writing its output to a file:

- **taskboard**, the installed console script, as a user runs it;
- **Taskwarrior**, the same command in ``task``'s words (skipped, with a message saying how to
  install it, when ``task`` is not on PATH);
- **the floor**: a bare Python process doing the command's core work with the standard
  library only (``sqlite3``, ``json``, ``csv``) on the same file, with the same output shape
  (JSON compact, for the standard library's C encoder) — what any Python program pays at the
  least. A command can come close to it, not under it.

The order of the three rotates from one run to the next, so a machine that slows down
affects all three alike. Writing commands (``add``, ``done``) run on fresh copies of the
register and of Taskwarrior's data, made before the clock starts; ``import`` loads the whole
set into an empty register (the same people, no assignments) and an empty Taskwarrior.

Each table row shows the medians (wall time; ``--cpu`` for user + system time) and the two
ratios, and checks the issue's targets: at 1k and 10k a read command within 2× the floor and
``add``/``done`` within 0.25 s; at 100k and above every command at least 3× faster than
Taskwarrior, ``list`` and the overdue table within 1.5 s, the export within 1.2 s, the import
within 5 s; ``--version`` within 0.05 s everywhere.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

from bench import taskwarrior  # noqa: E402
from bench.measure import Run, TimedOut, measure  # noqa: E402

PROGRAMS = ("taskboard", "taskwarrior", "floor")
"""The three columns, in the order of the first run."""

SEARCH_TERM = "савушкин"
"""What the search case looks for. taskboard folds case (and ё) itself; Taskwarrior's
case-insensitive search folds only ASCII, so it is given the word as written in the texts."""
SEARCH_TERM_TW = "Савушкин"

_TABLE = """
def table(rows, out):
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max((len(c[i]) for c in cells), default=0) for i in range(len(cells[0]))] \\
        if cells else []
    for c in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(c, widths)).rstrip() + "\\n")
"""

_LISTING = (
    "SELECT a.id, a.number, a.text, p.full_name, a.due, a.status FROM assignment a"
    " LEFT JOIN person p ON p.id = a.owner_id WHERE a.status IN ('open', 'in_progress')"
)


def _floor_listing(where: str = "", *, as_json: bool = False) -> str:
    """Python source: the listing query (plus ``where``) printed as a table or JSON."""
    sql = _LISTING + where + " ORDER BY a.due IS NULL, a.due, a.id"
    shape = (
        "sys.stdout.write(json.dumps([dict(zip(("
        "'id', 'number', 'text', 'owner', 'due', 'status'), r)) for r in rows],"
        " ensure_ascii=False) + '\\n')"
        if as_json
        else "table(rows, sys.stdout)"
    )
    return (
        "import datetime, json, sqlite3, sys\n"
        + _TABLE
        + "con = sqlite3.connect(sys.argv[1])\n"
        + f"rows = con.execute({sql!r}, {{'today': datetime.date.today().isoformat(),"
        f" 'term': '%{SEARCH_TERM}%'}}).fetchall()\n" + shape + "\n"
    )


FLOOR_EXPORT = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = [t for (t,) in con.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " ORDER BY name")]
document = {}
for t in tables:
    cursor = con.execute(f'SELECT * FROM "{t}"')
    document[t] = {"columns": [d[0] for d in cursor.description], "rows": cursor.fetchall()}
sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\\n")
"""

FLOOR_ADD = """
import datetime, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
now = datetime.datetime.now(datetime.UTC).isoformat(sep=" ")
due = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
text = "Проработать вопрос бенчмарка"
with con:
    cursor = con.execute(
        "INSERT INTO assignment (number, text, search_text, author_id, owner_id, due,"
        " original_due, status, priority, created_at, updated_at, version)"
        " VALUES ('', ?, ?, 1, 21, ?, ?, 'open', 'normal', ?, ?, 1)",
        (text, text.lower(), due, due, now, now))
    con.execute("INSERT INTO assignment_tag (assignment_id, tag) VALUES (?, 'бенчмарк')",
                (cursor.lastrowid,))
print(cursor.lastrowid)
"""

FLOOR_DONE = """
import datetime, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
with con:
    con.execute(
        "UPDATE assignment SET status = 'done', closed_on = ?, version = version + 1"
        " WHERE id = ?", (datetime.date.today().isoformat(), int(sys.argv[3])))
"""

FLOOR_IMPORT = """
import csv, datetime, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
people = dict(con.execute("SELECT full_name, id FROM person"))
now = datetime.datetime.now(datetime.UTC).isoformat(sep=" ")
with open(sys.argv[2], encoding="utf-8", newline="") as source:
    rows = list(csv.DictReader(source))
with con:
    first = (con.execute("SELECT coalesce(max(id), 0) FROM assignment").fetchone()[0]) + 1
    con.executemany(
        "INSERT INTO assignment (id, number, text, search_text, author_id, owner_id, due,"
        " original_due, status, priority, created_at, updated_at, version)"
        " VALUES (?, '', ?, ?, 1, ?, ?, ?, 'open', ?, ?, ?, 1)",
        [(first + i, r["text"], r["text"].lower(), people[r["owner"]], r["due"] or None,
          r["due"] or None, r["priority"], now, now) for i, r in enumerate(rows)])
    con.executemany(
        "INSERT INTO assignment_tag (assignment_id, tag) VALUES (?, ?)",
        [(first + i, t.strip()) for i, r in enumerate(rows) for t in r["tags"].split(",")
         if t.strip()])
"""


@dataclass(frozen=True)
class Case:
    """One command, in taskboard's and Taskwarrior's words, and its floor."""

    name: str
    """Key in the JSON results."""
    label: str
    """The row of the table."""
    taskboard: tuple[str, ...]
    """Arguments after ``taskboard --db REGISTER`` (``{csv}``, ``{id}``, ``{due}`` filled in)."""
    taskwarrior: tuple[str, ...]
    """Arguments after ``task`` (``{json}``, ``{uuid}``, ``{due}`` filled in)."""
    floor: str
    """Python source run as ``python -c SOURCE REGISTER CSV ID``."""
    kind: str = "read"
    """``read``; ``write`` (on fresh copies); ``import`` (into empty stores); ``start``."""
    limit: float | None = None
    """The issue's absolute target at 100k, in seconds (None: only the ratio)."""


CASES = (
    Case("version", "start-up (`--version`)", ("--version",), ("--version",), "pass", "start"),
    Case(
        "overdue_table",
        "overdue, as a table",
        ("list", "--overdue"),
        ("+OVERDUE", "list"),
        _floor_listing(" AND a.due < :today"),
        limit=1.5,
    ),
    Case(
        "overdue_json",
        "overdue, `--format json`",
        ("list", "--overdue", "--format", "json"),
        ("+OVERDUE", "export"),
        _floor_listing(" AND a.due < :today", as_json=True),
    ),
    Case(
        "search",
        f"search «{SEARCH_TERM}»",
        ("list", "--search", SEARCH_TERM),
        (f"/{SEARCH_TERM_TW}/", "list"),
        _floor_listing(" AND a.search_text LIKE :term"),
    ),
    Case(
        "list",
        "list of everything pending",
        ("list",),
        ("list",),
        _floor_listing(),
        limit=1.5,
    ),
    Case("export", "export JSON", ("export",), ("export",), FLOOR_EXPORT, limit=1.2),
    Case(
        "add",
        "add",
        (
            "add",
            "Проработать вопрос бенчмарка",
            "--owner",
            "21",
            "--due",
            "{due}",
            "--tag",
            "бенчмарк",
        ),
        ("add", "Проработать вопрос бенчмарка", "due:{due}", "+бенчмарк"),
        FLOOR_ADD,
        "write",
        limit=0.25,
    ),
    Case("done", "done", ("done", "{id}"), ("{uuid}", "done"), FLOOR_DONE, "write", limit=0.25),
    Case(
        "import",
        "import of the whole set (CSV / JSON)",
        ("import", "{csv}"),
        ("import", "{json}"),
        FLOOR_IMPORT,
        "import",
        limit=5.0,
    ),
)


@dataclass
class Figures:
    """The runs of one program on one case."""

    runs: list[Run] = field(default_factory=list)
    timed_out: float | None = None
    """The limit it exceeded, if it did."""

    def median(self, cpu: bool) -> float | None:
        """Median wall (or CPU) seconds; None without a completed run."""
        if not self.runs or self.timed_out is not None:
            return None
        return statistics.median(r.cpu_seconds if cpu else r.seconds for r in self.runs)


@dataclass
class Store:
    """One size's data: the register, its empty twin, the Taskwarrior, the import files."""

    register: Path
    empty: Path
    tw: taskwarrior.TaskwarriorDir | None
    csv: Path
    tw_json: Path
    pending_id: int


def taskboard_executable() -> str:
    """The ``taskboard`` console script beside this interpreter (a virtual environment's)."""
    script = Path(sys.executable).with_name("taskboard")
    if not script.exists():
        raise SystemExit(
            f"no taskboard beside {sys.executable}: run this with the interpreter of the "
            "environment taskboard is installed in (.venv/bin/python bench/side_by_side.py)"
        )
    return str(script)


def prepare(root: Path, n: int, env: dict[str, str], with_tw: bool) -> Store:
    """Generate the register of ``n`` assignments and load it into Taskwarrior under ``root``."""
    from bench.generate import generate

    root.mkdir(parents=True, exist_ok=True)
    owners, meetings = 200, max(20, n // 200)
    register, empty = root / "register.db", root / "empty.db"
    started = time.perf_counter()
    generate(register, n=n, owners=owners, meetings=meetings)
    generate(empty, n=0, owners=owners, meetings=meetings)
    print(f"# {n:,} assignments generated in {time.perf_counter() - started:.1f} s", flush=True)
    tw = None
    tw_json = root / "taskwarrior" / "tasks.json"
    if with_tw:
        started = time.perf_counter()
        tw = taskwarrior.load(register, root / "taskwarrior")
        print(f"# loaded into Taskwarrior in {time.perf_counter() - started:.1f} s", flush=True)
    else:
        taskwarrior.write_import_file(register, tw_json)
    csv_path = root / "import.csv"
    _import_csv(register, csv_path, env)
    con_rows = _first_pending(register)
    return Store(register, empty, tw, csv_path, tw_json, con_rows)


def _import_csv(register: Path, path: Path, env: dict[str, str]) -> None:
    """The whole set as a department's spreadsheet: no ids, numbers, meetings or statuses."""
    import subprocess

    listing = subprocess.run(
        [
            taskboard_executable(),
            "--db",
            str(register),
            "list",
            "--status",
            "all",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    keep = ("text", "owner", "co_executors", "due", "tags", "priority")
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=keep)
        writer.writeheader()
        for row in csv.DictReader(listing.splitlines()):
            writer.writerow({k: row[k] for k in keep})


def _first_pending(register: Path) -> int:
    import sqlite3

    con = sqlite3.connect(f"file:{register}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT min(id) FROM assignment WHERE status IN ('open', 'in_progress')"
        ).fetchone()
        return int(row[0])
    finally:
        con.close()


def command(
    case: Case, program: str, store: Store, run_dir: Path, env: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The argv and environment of one run, with fresh copies made for a writing case."""
    due = (date.today() + timedelta(days=14)).isoformat()
    values = {
        "csv": str(store.csv),
        "json": str(store.tw_json),
        "id": str(store.pending_id),
        "uuid": taskwarrior.task_uuid(store.pending_id),
        "due": due,
    }
    register = store.register
    if case.kind in ("write", "import"):
        run_dir.mkdir(parents=True, exist_ok=True)
        register = run_dir / "register.db"
        shutil.copy(store.empty if case.kind == "import" else store.register, register)
    if program == "taskboard":
        args = [a.format(**values) for a in case.taskboard]
        prefix = [] if case.kind == "start" else ["--db", str(register)]
        return [taskboard_executable(), *prefix, *args], env
    if program == "floor":
        return [
            sys.executable,
            "-c",
            case.floor,
            str(register),
            str(store.csv),
            str(store.pending_id),
        ], env
    assert store.tw is not None
    tw = store.tw
    if case.kind == "write":
        tw = tw.copy_to(run_dir / "taskwarrior")
    elif case.kind == "import":
        tw = taskwarrior.create(run_dir / "taskwarrior")
    task = taskwarrior.executable() or "task"
    return [task, *(a.format(**values) for a in case.taskwarrior)], tw.env(env)


def run_size(
    n: int,
    cases: list[Case],
    repeats: int,
    timeout: float,
    root: Path,
    env: dict[str, str],
    with_tw: bool,
) -> dict[str, dict[str, Figures]]:
    """Every case at one size: {case: {program: figures}}."""
    store = prepare(root / f"n{n}", n, env, with_tw)
    check_same_work(store, env)
    programs = [p for p in PROGRAMS if with_tw or p != "taskwarrior"]
    results: dict[str, dict[str, Figures]] = {}
    for case in cases:
        figures = {p: Figures() for p in programs}
        # A read case's run -1 warms the page cache and is not counted.
        for r in range(-1 if case.kind in ("read", "start") else 0, repeats):
            order = programs[r % len(programs) :] + programs[: r % len(programs)]
            for program in order:
                if figures[program].timed_out is not None:
                    continue
                run_dir = root / f"n{n}" / "runs" / f"{case.name}-{program}-{r}"
                argv, run_env = command(case, program, store, run_dir, env)
                out = root / f"n{n}" / f"{case.name}-{program}.out"
                try:
                    run = measure(argv, env=run_env, stdout=out, timeout=timeout)
                    if r >= 0:
                        figures[program].runs.append(run)
                except TimedOut:
                    figures[program].timed_out = timeout
                if run_dir.exists():
                    shutil.rmtree(run_dir)
        results[case.name] = figures
        print(f"#   {case.label}: done", flush=True)
    return results


def check_same_work(store: Store, env: dict[str, str]) -> None:
    """The overdue and search cases find the same assignments in all three; print the counts."""
    import subprocess

    def tb_count(*args: str) -> int:
        out = subprocess.run(
            [
                taskboard_executable(),
                "--db",
                str(store.register),
                "list",
                *args,
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        return len(json.loads(out))

    overdue = tb_count("--overdue")
    found = tb_count("--search", SEARCH_TERM)
    line = f"# same work: overdue {overdue:,}, search «{SEARCH_TERM}» {found:,} in taskboard"
    if store.tw is not None:
        tw_overdue = store.tw.count("+OVERDUE")
        tw_found = store.tw.count("status:pending", f"/{SEARCH_TERM_TW}/")
        line += f"; {tw_overdue:,} and {tw_found:,} in Taskwarrior"
        if (tw_overdue, tw_found) != (overdue, found):
            raise SystemExit(line + ": the two do not do the same work")
    print(line, flush=True)


def target(case: Case, n: int, tb: float | None, tw: float | None, floor: float | None) -> str:
    """The issue's target for this case at this size, and whether it is met."""
    if tb is None:
        return "—"
    checks: list[tuple[str, bool]] = []
    if case.kind == "start":
        checks.append(("≤ 0.05 s", tb <= 0.05))
    elif n < 100_000:
        if case.kind == "read" and floor is not None:
            checks.append(("≤ 2× floor", tb <= 2 * floor))
        elif case.kind == "write" and case.limit is not None:
            checks.append((f"≤ {case.limit:g} s", tb <= case.limit))
    else:
        if tw is not None:
            checks.append(("≥ 3× faster", tb * 3 <= tw))
        if case.limit is not None and case.kind != "write":
            checks.append((f"≤ {case.limit:g} s", tb <= case.limit))
    if not checks:
        return "—"
    return ", ".join(f"{what} {'✓' if ok else '✗'}" for what, ok in checks)


def _seconds(figures: Figures | None, cpu: bool) -> str:
    if figures is None:
        return "—"
    if figures.timed_out is not None:
        return f"> {figures.timed_out:g} s"
    value = figures.median(cpu)
    if value is None:
        return "—"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}"


def table(
    n: int, cases: list[Case], results: dict[str, dict[str, Figures]], cpu: bool
) -> list[str]:
    """The Markdown table of one size."""
    what = "CPU" if cpu else "wall"
    lines = [
        f"{n:,} assignments — medians, {what} time",
        "",
        "| command | taskboard | Taskwarrior | floor | tb ÷ TW | tb ÷ floor | peak MB tb / TW |"
        " target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in cases:
        figures = results[case.name]
        tb, tw, fl = (figures.get(p) for p in PROGRAMS)
        tb_s, tw_s, fl_s = (f.median(cpu) if f else None for f in (tb, tw, fl))
        memory = " / ".join(
            f"{max(r.rss_mb for r in f.runs):.0f}" if f and f.runs else "—" for f in (tb, tw)
        )
        lines.append(
            f"| {case.label} | {_seconds(tb, cpu)} | {_seconds(tw, cpu)} | {_seconds(fl, cpu)}"
            f" | {_ratio(tb_s, tw_s)} | {_ratio(tb_s, fl_s)} | {memory}"
            f" | {target(case, n, tb_s, tw_s, fl_s)} |"
        )
    return lines


def as_json(n: int, results: dict[str, dict[str, Figures]]) -> dict[str, object]:
    """One size's results for ``--json``: every run of every program."""
    return {
        "n": n,
        "cases": {
            name: {
                program: {
                    "timed_out": f.timed_out,
                    "runs": [
                        {"seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "rss_mb": r.rss_mb}
                        for r in f.runs
                    ],
                }
                for program, f in figures.items()
            }
            for name, figures in results.items()
        },
    }


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    # Taskwarrior knows only the real clock: a fixed taskboard "today" (the tests set one)
    # would make the two count different assignments overdue.
    os.environ.pop("TASKBOARD_TODAY", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="register sizes (default 1000,10000,100000)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs per program (default 5)")
    parser.add_argument(
        "--skip",
        default="",
        help=f"cases to leave out, comma-separated: {', '.join(c.name for c in CASES)}",
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds before one run is killed (600)"
    )
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    parser.add_argument("--json", type=Path, help="also write every run here")
    parser.add_argument("--keep", type=Path, help="build the data here and keep it")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    cases = [c for c in CASES if c.name not in skip]
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    with_tw = taskwarrior.executable() is not None
    if not with_tw:
        print(
            "# Taskwarrior is not installed (Debian/Ubuntu: apt-get install taskwarrior); "
            "measuring taskboard and the floor only",
            flush=True,
        )
    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="side-by-side-")
    root = Path(holder.name) if holder is not None else args.keep
    config = root / "config.toml"
    root.mkdir(parents=True, exist_ok=True)
    config.write_text('actor = "bench"\n', encoding="utf-8")
    env = {**os.environ, "TASKBOARD_LANG": "ru", "TASKBOARD_CONFIG": str(config), "NO_COLOR": "1"}
    env.pop("TASKBOARD_DB", None)
    # A user's installed taskboard has its bytecode compiled; an editable install under
    # PYTHONDONTWRITEBYTECODE would compile every module from source in every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(HERE.parent / "src" / "taskboard", quiet=1)
    try:
        print(
            f"# {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; {args.repeats} runs each",
            flush=True,
        )
        if with_tw:
            print(f"# {taskwarrior.task_version()}", flush=True)
        report: list[dict[str, object]] = []
        for n in sizes:
            results = run_size(n, cases, args.repeats, args.timeout, root, env, with_tw)
            print("\n".join(["", *table(n, cases, results, args.cpu), ""]), flush=True)
            report.append(as_json(n, results))
            if not args.keep:
                shutil.rmtree(root / f"n{n}", ignore_errors=True)
        print(f"# load at the end {os.getloadavg()[0]:.2f}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    finally:
        if holder is not None:
            holder.cleanup()


if __name__ == "__main__":
    main()
