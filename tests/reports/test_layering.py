"""The reports package is core: no user interface, and a complete Russian catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

import taskboard.reports

CATALOG = Path(taskboard.reports.__file__).parents[1] / "i18n/locale/ru/LC_MESSAGES/reports.po"


def test_reports_import_neither_textual_nor_typer() -> None:
    code = (
        "import sys, taskboard.reports, taskboard.reports.html_render, "
        "taskboard.reports.xlsx_render, taskboard.reports.md_render, "
        "taskboard.reports.csv_render, taskboard.reports.json_render\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'typer', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_report_message_has_a_russian_translation() -> None:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="ru")
    missing = [
        m.id
        for m in catalog
        if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert missing == []
    assert len(catalog) > 80


def test_the_catalog_covers_every_message_in_the_code() -> None:
    from babel.messages.extract import extract_from_file

    with CATALOG.open("rb") as fh:
        known = {
            m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh, locale="ru") if m.id
        }
    root = Path(taskboard.reports.__file__).parent
    files = [*root.glob("*.py"), root.parent / "cli" / "report_cmd.py"]
    used = set()
    for path in files:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "ngettext": (1, 2)}
        ):
            used.add(message if isinstance(message, str) else message[0])
    assert sorted(used - known) == []
