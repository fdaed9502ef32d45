"""The table printer on 65,000 rows of ``list``'s columns: old width function against new.

    python bench/table_bench.py [--rows 65000] [--repeats 5]

Renders to /dev/null and to a string; prints the median of the runs and the number of
``rich.cells.cell_len`` calls (cProfile) with the width function before issue 12 and now.
Only the width function is swapped: "before" runs today's padding of wrapped lines (which
no longer re-measures them), so it is not the whole printer of before issue 12.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rich.cells import cell_len
from rich.console import Console

from taskboard.cli import output
from taskboard.cli.assignments import TABLE_KEYS, assignment_columns, row_style

_OLD_WIDE = re.compile("[\u1100-\U0010ffff]")


def old_width(text: str) -> int:
    """The width function before issue 12 (every cell with «—» or «№» went to Rich)."""
    if not text or not _OLD_WIDE.search(text):
        return len(text)
    return cell_len(text)


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
        )
        for i in range(1, n + 1)
    ]


def _render(rows: list[SimpleNamespace], file: object) -> None:
    output._stdout = Console(file=file, highlight=False, soft_wrap=False)  # type: ignore[arg-type]
    columns = [c for c in assignment_columns() if c.key in TABLE_KEYS]
    output.print_table(rows, columns, row_style=row_style)


def _measure(width: Callable[[str], int], rows: list[SimpleNamespace], repeats: int) -> None:
    output._width = width  # type: ignore[assignment]
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
    """Run both width functions on the same rows."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=65_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows = _rows(args.rows)
    new_width = output._width
    print(f"{args.rows:,} rows, before issue 12:")
    _measure(old_width, rows, args.repeats)
    print("now:")
    _measure(new_width, rows, args.repeats)


if __name__ == "__main__":
    main()
