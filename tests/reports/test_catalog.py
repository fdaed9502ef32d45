"""The reports' Russian catalog is complete and covers every message in the code."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import taskboard.reports

CATALOG = Path(taskboard.reports.__file__).parents[1] / "i18n/locale/ru/LC_MESSAGES/reports.po"


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
    files = [*root.glob("*.py"), root.parent / "cli" / "report.py"]
    used = set()
    for path in files:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "ngettext": (1, 2)}
        ):
            used.add(message if isinstance(message, str) else message[0])
    assert sorted(used - known) == []
