"""Benchmark of ``taskboard report``: wall time and peak memory of each format, as subprocesses.

    python bench/report_bench.py /tmp/bench.db --repeats 3

``bench/run.py`` calls :func:`run`. Targets (issue 4, 100,000 assignments): XLSX ≤ 5 s,
HTML ≤ 2 s, CSV/JSON/Markdown ≤ 1.5 s, memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import measure

FORMATS = ("xlsx", "html", "csv", "md", "json")
TARGETS_S = {"xlsx": 5.0, "html": 2.0, "csv": 1.5, "md": 1.5, "json": 1.5}
TARGET_RSS_MB = 400.0


def _taskboard() -> list[str]:
    """The ``taskboard`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("taskboard")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "taskboard"]


def _measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one run of ``command``."""
    run = measure(command, env=env)
    return run.seconds, run.cpu_seconds, run.rss_mb


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Medians over ``repeats`` runs for each format.

    ``report_<fmt>_s``: wall seconds (the target); ``report_<fmt>_cpu_s``: CPU seconds, which
    a machine busy with other work disturbs less; ``report_<fmt>_rss_mb``: peak memory.
    """
    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="taskboard-report-bench-"))
    try:
        if "TASKBOARD_CONFIG" not in env:
            config = work / "config.toml"
            config.write_text("", encoding="utf-8")
            env["TASKBOARD_CONFIG"] = str(config)
        results: dict[str, float] = {}
        for fmt in FORMATS:
            times, cpus, peaks = [], [], []
            for i in range(max(1, repeats)):
                target = work / f"report-{i}.{fmt}"
                command = [
                    *_taskboard(),
                    "--db",
                    db_path,
                    "report",
                    "--format",
                    fmt,
                    "--output",
                    str(target),
                    "--force",
                ]
                elapsed, cpu, peak = _measure(command, env)
                times.append(elapsed)
                cpus.append(cpu)
                peaks.append(peak)
                target.unlink(missing_ok=True)
            results[f"report_{fmt}_s"] = round(statistics.median(times), 3)
            results[f"report_{fmt}_cpu_s"] = round(statistics.median(cpus), 3)
            results[f"report_{fmt}_rss_mb"] = round(statistics.median(peaks), 1)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Print the figures as JSON, each with its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="database made by bench/generate.py")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = run(args.db, args.repeats)
    for fmt in FORMATS:
        seconds = results[f"report_{fmt}_s"]
        rss = results[f"report_{fmt}_rss_mb"]
        cpu = results[f"report_{fmt}_cpu_s"]
        ok = seconds <= TARGETS_S[fmt] and rss <= TARGET_RSS_MB
        print(
            f"report {fmt:5} {seconds:6.2f} s (target ≤ {TARGETS_S[fmt]} s, CPU {cpu:.2f} s)  "
            f"{rss:6.1f} MB (≤ {TARGET_RSS_MB:.0f})  {'ok' if ok else 'OVER'}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
