"""Reports show user text safely: direction controls as ``<U+202E>`` in HTML, formulas as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests import hostile


def _register(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", hostile.RLO).code == 0
    result = cli("add", "--owner", "1", "--due", "19.11.2026", "--", hostile.ISOLATES)
    assert result.code == 0, result.err


def test_html_report_shows_direction_controls_instead_of_obeying_them(cli, tmp_path: Path) -> None:
    _register(cli)
    out = tmp_path / "report.html"
    result = cli("report", "--format", "html", "--output", str(out))
    assert result.code == 0, result.err
    page = out.read_text("utf-8")
    assert not any(c in page for c in hostile.BIDI_CHARACTERS)
    assert "&lt;U+202E&gt;вонаборп&lt;U+202C&gt;" in page


def test_report_csv_keeps_the_exact_characters_but_no_formula(cli, tmp_path: Path) -> None:
    _register(cli)
    assert cli("person", "add", '=HYPERLINK("http://x","y")').code == 0
    assert cli("add", "Текст", "--owner", "2", "--due", "19.11.2026").code == 0
    out = tmp_path / "report.csv"
    result = cli("report", "--format", "csv", "--output", str(out))
    assert result.code == 0, result.err
    cells = [c for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))) for c in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert hostile.RLO in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
