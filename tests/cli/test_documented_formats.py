"""docs/command-line.md describes the JSON and CSV of ``list`` and ``show`` as they come out."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "command-line.md"


def documented(after: str) -> list[str]:
    """The backticked comma list that follows ``after`` in the output-formats paragraph."""
    text = DOC.read_text(encoding="utf-8")
    paragraph = text[text.index("**Output formats.**") :]
    found = re.search(re.escape(after) + r"\s*`([^`]+)`", paragraph)
    assert found is not None, f"docs/command-line.md lists no fields after {after!r}"
    return [name.strip() for name in found.group(1).split(",")]


def test_list_json_and_csv_carry_exactly_the_documented_fields_in_order(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("meeting", "add", "Оперативное совещание", "--date", "10.11.2026").code == 0
    assert (
        cli(
            "add", "Проработать", "--owner", "сандалов", "--meeting", "1", "--due", "1.11.2026"
        ).code
        == 0
    )
    assert cli("add", "Вести мониторинг", "--owner", "сандалов", "--due", "постоянно").code == 0

    rows = json.loads(cli("list", "--format", "json").out)
    assert [list(row) for row in rows] == [documented("with the fields")] * 2
    late, standing = sorted(rows, key=lambda r: r["id"])
    assert late["days_left"] < 0 and late["overdue"] is True
    assert late["meeting_date"] == "2026-11-10"
    assert standing["due"] is standing["days_left"] is standing["meeting_id"] is None

    table = list(csv.reader(io.StringIO(cli("list", "--format", "csv").out)))
    assert table[0] == documented("and the columns")
    by_id = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert by_id["1"]["overdue"] == "true" and by_id["2"]["due"] == ""

    shown = json.loads(cli("show", "1", "--format", "json").out)
    added = [key for key in shown if key not in late]
    assert added == documented("adds")
