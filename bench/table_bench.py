"""The table printer on 65,000 rows of ``list``'s columns.

    python bench/table_bench.py [--rows 65000] [--repeats 5]

Renders to /dev/null and to a string; prints the median of the runs and the number of
``rich.cells.cell_len`` calls (cProfile). Since the printer checks a column's cells in
blocks (``output._simple``) it no longer calls its width function for most cells, so the
comparison with the width function before issue 12 that this script made is gone (its
figures are in docs/development.md).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rich.console import Console

from taskboard.cli import output
from taskboard.cli.assignments import TABLE_KEYS, assignment_columns, row_style


def _rows(n: int) -> list[SimpleNamespace]:
    rng = random.Random(42)
    verbs = ["Проработать", "Подготовить", "Обеспечить", "Согласовать"]
    objects = [
        "строительство завода совместно с «Савушкин продукт» — этап № 2",
        "ремонт автомобильных дорог регионального значения",
        "подготовку объектов ЖКХ к отопительному сезону…",
    ]
    today = date(2026, 11, 24)
    return [
        SimpleNamespace(
            id=i,
            number=f"{i % 90 + 1}.{i % 7 + 1}",
            text=f"{rng.choice(verbs)} {rng.choice(objects)} (протокол № {i})",
            owner=f"Фамилия{i % 200} И.О.",
            co_executors=[],
            due=today + timedelta(days=rng.randint(-60, 60)),
            days_left=rng.randint(-60, 60),
            status="in_progress",
            overdue=rng.random() < 0.5,
            due_soon=False,
            extensions=rng.randint(0, 3),
            control_level=None,
            at_risk=False,
        )
        for i in range(1, n + 1)
    ]


def _render(rows: list[SimpleNamespace], file: object) -> None:
    output._stdout = Console(file=file, highlight=False, soft_wrap=False)  # type: ignore[arg-type]
    columns = [c for c in assignment_columns() if c.key in TABLE_KEYS]
    output.print_table(rows, columns, row_style=row_style)


def _measure(rows: list[SimpleNamespace], repeats: int) -> None:
    for target in ("/dev/null", "string"):
        times = []
        for _ in range(repeats):
            file = open(target, "w", encoding="utf-8") if target != "string" else io.StringIO()  # noqa: SIM115
            start = time.perf_counter()
            _render(rows, file)
            times.append(time.perf_counter() - start)
            file.close()
        print(f"  to {target}: median {statistics.median(times):.3f} s")
    profile = cProfile.Profile()
    profile.runcall(_render, rows, io.StringIO())
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    calls = sum(v[1] for k, v in stats.items() if k[2] == "cell_len")
    print(f"  cell_len calls: {calls:,}")


def main() -> None:
    """Time the printer on generated rows."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=65_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.rows:,} rows:")
    _measure(_rows(args.rows), args.repeats)


if __name__ == "__main__":
    main()
