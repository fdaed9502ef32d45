"""Benchmarks: generate a large register, then print the medians of several runs of each figure.

    python bench/run.py [--n 100000] [--repeats 5] [--only cli,tui,reports,remind] [--db PATH]

Figures (docs/product.md §7) and the targets of the issues, on the 2-core reference machine:

    CLI start (--version)             ≤ 0.15 s
    list --overdue / --search (JSON)  ≤ 1 s
    list --overdue as a table (file)  ≤ 2 s
    add                               ≤ 0.5 s
    TUI first screen                  ≤ 1.5 s,  search keystroke ≤ 150 ms, memory < 300 MB
    report xlsx ≤ 5 s, html ≤ 2 s, csv/json/md ≤ 1.5 s, memory ≤ 400 MB
    remind (10,000 owners)            ≤ 60 s,  memory ≤ 300 MB
    import --dry-run of a 200-item protocol  ≤ 2 s

Each figure is the median of --repeats runs as separate processes; memory is the peak RSS.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "src"))

SUITES = {
    "cli": ("bench.cli_bench", {}),
    "tui": ("bench.tui_bench", {}),
    "reports": ("bench.report_bench", {}),
    "remind": ("bench.remind_bench", {"owners": 10_000}),
    "capture": ("bench.capture_bench", {}),
}


def main() -> None:
    """Generate (or reuse) the register and run the chosen suites."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="assignments (default 100000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--only", default="cli,tui,reports,remind,capture", help="suites to run")
    parser.add_argument("--db", type=Path, help="reuse this register instead of generating one")
    args = parser.parse_args()

    from bench.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        registers: dict[int, Path] = {}

        def register(owners: int) -> Path:
            if args.db and owners == 200:
                return args.db
            if owners not in registers:
                path = Path(tmp) / f"bench-{owners}.db"
                started = time.perf_counter()
                generate(path, n=args.n, owners=owners, meetings=500)
                print(
                    f"# generated {args.n} assignments, {owners} owners "
                    f"in {time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                registers[owners] = path
            return registers[owners]

        for name in args.only.split(","):
            module_name, options = SUITES[name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                print(f"# {name}: not available", flush=True)
                continue
            path = register(int(options.get("owners", 200)))
            figures = module.run(str(path), args.repeats)
            for key, value in figures.items():
                unit = "MB" if key.endswith("_mb") else ("" if key.endswith("_count") else "s")
                shown = f"{value:.0f}" if unit != "s" else f"{value:.3f}"
                print(f"{name:8} {key:32} {shown:>10} {unit}", flush=True)


if __name__ == "__main__":
    main()
