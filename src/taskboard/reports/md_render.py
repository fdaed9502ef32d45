"""Markdown renderer: headings, the key figures, one pipe table per list, the definitions.

User text is escaped so that it shows as typed: a title such as ``[x](http://…)`` or
``<script>`` stays text, a ``|`` does not break the table, control characters are shown.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from itertools import islice
from typing import Any, BinaryIO

from taskboard.domain.text import visible
from taskboard.i18n import domain
from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import Report
from taskboard.reports.tables import (
    NUMERIC,
    definitions,
    discipline_line,
    formatters,
    row_count,
    subtitle,
    tables,
    title,
)

_, ngettext = domain("reports")

CHUNK = 2000
"""Rows of a table made and written together."""

_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")
_ANY = re.compile(r"[\\`*_\[\]<>|~&\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Anything :func:`escape` would change (a quick test: most cells need nothing), direction
controls included: :func:`visible` shows them."""


def escape(text: str) -> str:
    """``text`` safe inside a Markdown table cell: one line, specials backslash-escaped."""
    if _ANY.search(text) is None:
        return text
    return _SPECIAL.sub(r"\\\g<0>", visible(text)).replace("\n", " ").replace("\t", " ")


def render_markdown(report: Report, *, on_progress: OnProgress | None = None) -> bytes:
    """The report as Markdown (UTF-8); ``on_progress`` is told the table rows written."""
    out = io.BytesIO()
    write_markdown(report, out, on_progress=on_progress)
    return out.getvalue()


def write_markdown(report: Report, out: BinaryIO, *, on_progress: OnProgress | None = None) -> None:
    """Write the report as Markdown to ``out`` (the bytes of :func:`render_markdown`), a
    long table :data:`CHUNK` rows at a time."""
    ticker = Ticker(on_progress, row_count(report))

    def emit(lines: list[str]) -> None:
        # Every line ends with a newline: the document is the lines joined, ending in one.
        if lines:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))

    head: list[str] = [f"# {escape(title())}", "", escape(subtitle(report)), ""]
    t = report.totals
    head.append(
        escape(
            _(
                "Assignments: {total}; done: {done} (on time: {on_time}, late: {late}); "
                "cancelled: {cancelled}; open: {open}; overdue: {overdue}; "
                "extensions: {extensions}; deadline corrections: {corrections}."
            ).format(
                total=t.total,
                done=t.done,
                on_time=t.done_on_time,
                late=t.done_late,
                cancelled=t.cancelled,
                open=t.open,
                overdue=t.overdue,
                extensions=t.extensions,
                corrections=t.corrections,
            )
        )
    )
    head.append("")
    head.append(escape(discipline_line(t)))
    head.append("")
    emit(head)
    for table in tables(report):
        lines = [f"## {escape(table.title)}", ""]
        if not table.rows:
            emit([*lines, escape(table.empty), ""])
            continue
        lines.append("| " + " | ".join(escape(c.header) for c in table.columns) + " |")
        lines.append(
            "|" + "|".join("---:" if c.kind in NUMERIC else "---" for c in table.columns) + "|"
        )
        emit(lines)
        fmts = formatters(table.columns, escape)
        rows = iter(table.rows)
        while chunk := list(islice(rows, CHUNK)):
            emit([_row(row, fmts) for row in chunk])
            ticker.add(len(chunk))
        lines = [] if table.total is None else [_row(table.total, fmts, bold=True)]
        emit([*lines, ""])
    tail = [f"## {escape(_('Definitions'))}", ""]
    tail += [f"- {escape(line)}" for line in definitions()]
    emit(tail)
    ticker.finish()


def _row(row: tuple[Any, ...], fmts: list[Callable[[Any], str]], *, bold: bool = False) -> str:
    cells = [f(v) for f, v in zip(fmts, row, strict=True)]
    if bold:
        cells = [f"**{c}**" if c else c for c in cells]
    return "| " + " | ".join(cells) + " |"
