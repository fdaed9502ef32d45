"""Reading assignments from spreadsheets: CSV (comma, semicolon or tab) and XLSX.

The first non-empty row is the header. Column names are matched case-insensitively in
English or Russian (``owner``, «Исполнитель», «Ответственный исполнитель»…); unknown columns
are ignored and reported once. Row numbers in messages are the spreadsheet's own (the
header is row 1), so «row 5» is the fifth line a user sees in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from taskboard.domain.intake import split_names
from taskboard.domain.search import fold
from taskboard.domain.text import from_spreadsheet
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.importers.drafts import Draft, ImportProblems

_, ngettext = domain("importers")

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "no", "no.", "№", "№ п/п", "номер", "пункт", "item"),
    "text": ("text", "assignment", "поручение", "текст", "текст поручения", "содержание"),
    "owner": (
        "owner",
        "responsible",
        "исполнитель",
        "ответственный",
        "ответственный исполнитель",
    ),
    "co_executors": ("co_executors", "co-executors", "co executors", "соисполнители"),
    "due": ("due", "deadline", "срок", "срок исполнения"),
    "controller": ("controller", "контролирующий", "контроль"),
    "author": ("author", "автор"),
    "tags": ("tags", "метки", "теги"),
    "priority": ("priority", "приоритет"),
    "meeting_id": ("meeting_id", "meeting id", "совещание"),
    "status": ("status", "статус"),
    "control_level": ("control_level", "control level", "level", "уровень контроля", "уровень"),
}
"""Our field → the header names that mean it (folded)."""

REQUIRED = ("text", "owner")

_HEADER_INDEX = {fold(name): key for key, names in COLUMNS.items() for name in names}


@dataclass
class Sheet:
    """The drafts a spreadsheet holds, and the columns it had that nothing reads."""

    drafts: list[Draft]
    ignored_columns: list[str]


def _header_key(cell: str) -> str:
    return " ".join(fold(cell).strip().strip("*:").replace("\u00a0", " ").split())


def rows_to_sheet(rows: Iterable[list[str]]) -> Sheet:
    """Map the rows of a sheet (header first) to drafts, reading them once, in order."""
    numbered = enumerate(rows, start=1)
    header: list[str] | None = None
    header_row = 0
    for index, row in numbered:
        if any(c.strip() for c in row):
            header, header_row = row, index
            break
    if header is None:
        raise InvalidInput(_("The file is empty: no header row and no assignments."))
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, name in enumerate(header):
        key = _HEADER_INDEX.get(_header_key(name))
        if key is None:
            if name.strip():
                ignored.append(name.strip())
        elif key not in positions:
            positions[key] = position
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        raise ImportProblems(
            [
                _(
                    "the header (row {row}) has no «{column}» column; accepted names: {names}"
                ).format(row=header_row, column=key, names=", ".join(COLUMNS[key]))
                for key in missing
            ]
        )
    # Where each field is in a row (-1: no such column), in the order Draft takes them.
    where = [positions.get(key, -1) for key in _DRAFT_FIELDS]
    width = max(where) + 1
    # A file repeats its people, dates, tags and words: each distinct cell is kept once
    # (and split once), so 100,000 rows do not hold 100,000 copies of the same name.
    shared: dict[str, str] = {}
    split: dict[str, list[str]] = {}

    def names(cell: str) -> list[str]:
        found = split.get(cell)
        if found is None:
            found = split[cell] = [shared.setdefault(n, n) for n in split_names(cell)]
        return list(found)

    row_word = _("row {n}")
    drafts = []
    for index, row in numbered:
        if not any(c.strip() for c in row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        (
            text,
            owner,
            number,
            co,
            due,
            controller,
            author,
            tags,
            priority,
            meeting,
            status,
            level,
        ) = (row[p] if p >= 0 else "" for p in where)
        drafts.append(
            Draft(
                where=row_word.format(n=index),
                text=text,
                owner=shared.setdefault(owner, owner),
                number=number,
                co_executors=names(co),
                due=shared.setdefault(due, due),
                controller=shared.setdefault(controller, controller),
                author=shared.setdefault(author, author),
                tags=names(tags),
                priority=shared.setdefault(priority, priority),
                meeting=shared.setdefault(meeting, meeting),
                status=shared.setdefault(status, status),
                control_level=shared.setdefault(level, level),
            )
        )
    return Sheet(drafts=drafts, ignored_columns=ignored)


_DRAFT_FIELDS = (
    "text",
    "owner",
    "number",
    "co_executors",
    "due",
    "controller",
    "author",
    "tags",
    "priority",
    "meeting_id",
    "status",
    "control_level",
)
"""The columns :func:`rows_to_sheet` reads into each :class:`Draft`, in its unpacking order."""


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, name: str) -> Sheet:
    """A CSV file: UTF-8 with or without a BOM (Windows-1251 as Excel writes it is accepted)."""
    # Anywhere in the file, not only at its start: a NUL further down would be stored on
    # SQLite and refused by PostgreSQL as a database error («text cannot contain NUL»).
    if b"\x00" in data:
        raise InvalidInput(
            _("«{name}» is not a CSV file (it holds binary data); give a text CSV.").format(
                name=name
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Russian Windows saves "CSV" in Windows-1251.
        text = data.decode("cp1251", errors="replace")
    # The first line `str.splitlines` would give that is not blank, without the list of all.
    first_line = next((m[0] for m in _SPLITLINES_PIECE.finditer(text) if m[0].strip()), "")
    # No cell is longer than the file; the module's default (128 KiB) refused a long text
    # that `add` and `export --format csv` take.
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    try:
        reader = csv.reader(_lines(text), delimiter=_delimiter(first_line))
        return rows_to_sheet(_cells(reader, name))
    finally:
        csv.field_size_limit(limit)


_SPLITLINES_PIECE = re.compile("[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` reads
    them (``\n``, ``\r\n`` or a lone ``\r``), one at a time: no copy of the whole text."""
    return (m[0] for m in _LINE.finditer(text))


def _cells(reader: Iterator[list[str]], name: str) -> Iterator[list[str]]:
    """The rows of a CSV reader, the quote `export --format csv` put before «=…» (so that
    Excel does not run it) taken off; an unreadable file is a one-line error."""
    try:
        for row in reader:
            yield [from_spreadsheet(cell) for cell in row]
    except csv.Error as exc:
        raise InvalidInput(
            _("«{name}» is not a readable CSV file: {reason}").format(name=name, reason=exc)
        ) from None


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path | io.BytesIO, name: str) -> Sheet:
    """The first sheet of an XLSX workbook."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(
            _("«{name}» is not an XLSX workbook ({reason}).").format(name=name, reason=exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return rows_to_sheet(rows)
