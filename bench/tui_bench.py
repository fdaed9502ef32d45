"""Benchmark of the TUI, headless with Textual's Pilot, on an existing (large) register.

    python bench/tui_bench.py /tmp/bench.db --repeats 3

``bench/run.py`` calls :func:`run`. Each repeat is a separate process (so the peak RSS is the
app's own) that opens the app at 160×50 and measures:

- ``first_screen_s``: from constructing the app (imports done) to the table populated;
- ``process_first_screen_s``: the same from the start of the process (imports included);
- ``search_keystroke_s``: median time from a key typed into the search field to the table
  showing the new result (rows and count), over several keystrokes;
- ``jump_to_end_s``: median time from End (last row of the whole result) to that row shown;
- ``peak_rss_mb``: the process's peak resident memory.

Targets (issue 3, 100,000 assignments): first screen ≤ 1.5 s, keystroke ≤ 150 ms,
memory < 300 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEARCH_KEYS = ["с", "а", "в", "BackSpace", "BackSpace", "BackSpace", "м", "о", "л"]
"""Typed one by one into the search field: «сав», erased, then «мол»."""


async def _idle(app: object) -> None:
    from textual.worker import WorkerCancelled, WorkerFailed

    with contextlib.suppress(WorkerCancelled, WorkerFailed):
        await app.workers.wait_for_complete()  # type: ignore[attr-defined]


async def _measure(db_path: str, started: float) -> dict[str, float]:
    import asyncio

    from taskboard.config import Settings
    from taskboard.storage.database import open_database
    from taskboard.tui.app import TaskboardApp
    from taskboard.tui.screens.main import MainScreen
    from taskboard.tui.widgets import AssignmentTable

    database = open_database(db_path)
    constructed = time.perf_counter()
    app = TaskboardApp(database=database, settings=Settings(actor="bench"), poll_seconds=60)
    figures: dict[str, float] = {}
    shown_at: dict[int, float] = {}
    counted_at: dict[int, float] = {}

    def record(message: object) -> None:
        # Seen by each pump it bubbles through: the last (the app) is after the table showed it.
        if isinstance(message, AssignmentTable.Loaded):
            shown_at[message.generation] = time.perf_counter()
        elif isinstance(message, AssignmentTable.Counted):
            counted_at[message.generation] = time.perf_counter()

    async with app.run_test(size=(160, 50), message_hook=record) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, MainScreen) and screen.query_one(AssignmentTable).loaded:
                break
            await asyncio.sleep(0.002)
        now = time.perf_counter()
        figures["first_screen_s"] = now - constructed
        figures["process_first_screen_s"] = now - started
        main = app.screen
        table = main.query_one(AssignmentTable)
        await pilot.pause(0.3)
        await pilot.press("slash")
        timings: list[float] = []
        counts: list[float] = []
        for key in SEARCH_KEYS:
            await _idle(app)
            await pilot.pause(0.05)
            target = table.generation + 1
            begin = time.perf_counter()
            await pilot.press("backspace" if key == "BackSpace" else key)
            while target not in shown_at:
                await asyncio.sleep(0.001)
            await _idle(app)
            await pilot.pause(0.01)
            timings.append(shown_at[target] - begin)
            counts.append(counted_at.get(target, shown_at[target]) - begin)
        figures["search_keystroke_s"] = statistics.median(timings)
        figures["search_keystroke_max_s"] = max(timings)
        figures["search_count_shown_s"] = statistics.median(counts)
        await pilot.press("escape")
        main.query_one("#search").value = ""
        await _idle(app)
        await pilot.pause(0.2)
        jumps: list[float] = []
        for key in ("end", "home", "end"):
            begin = time.perf_counter()
            await pilot.press(key)
            while table.current is None:
                await asyncio.sleep(0.001)
            jumps.append(time.perf_counter() - begin)
        figures["jump_to_end_s"] = statistics.median(jumps)
        figures["rows_total_count"] = float(table.total)
        figures["rows_held_count"] = float(len(table.rows))
    database.dispose()
    import resource

    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _child(db_path: str, started: float) -> None:
    import asyncio

    sys.path.insert(0, str(HERE.parent / "src"))
    print(json.dumps(asyncio.run(_measure(db_path, started))))


_LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))\n"
)


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Median figures over ``repeats`` separate processes (peak RSS: the highest)."""
    results: list[dict[str, float]] = []
    env = {**os.environ, "TASKBOARD_LANG": os.environ.get("TASKBOARD_LANG", "ru")}
    for _ in range(max(repeats, 1)):
        completed = subprocess.run(
            # Through a small launcher: Linux carries a process's peak RSS across exec, so a
            # child forked straight from a benchmark that just generated 100,000 assignments
            # would report the parent's size as its own.
            [
                sys.executable,
                "-c",
                _LAUNCHER,
                sys.executable,
                str(Path(__file__).resolve()),
                db_path,
                "--child",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"TUI benchmark failed:\n{completed.stderr[-3000:]}")
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    figures = {
        key: statistics.median(r[key] for r in results)
        for key in results[0]
        if key != "peak_rss_mb"
    }
    figures["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return figures


def main() -> None:
    """Command line: ``python bench/tui_bench.py DB [--repeats N]``."""
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.db, started)
        return
    for key, value in run(args.db, args.repeats).items():
        unit = "MB" if key.endswith("_mb") else ("" if key.endswith("_count") else "s")
        shown = f"{value:.0f}" if unit != "s" else f"{value:.3f}"
        print(f"tui      {key:32} {shown:>10} {unit}")


if __name__ == "__main__":
    main()
