"""Markdown renderer: headings, the key figures, one pipe table per list, the definitions.

User text is escaped so that it shows as typed: a title such as ``[x](http://…)`` or
``<script>`` stays text, a ``|`` does not break the table, control characters are shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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
    ticker = Ticker(on_progress, row_count(report))
    out: list[str] = [f"# {escape(title())}", "", escape(subtitle(report)), ""]
    t = report.totals
    out.append(
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
    out.append("")
    out.append(escape(discipline_line(t)))
    out.append("")
    for table in tables(report):
        out += [f"## {escape(table.title)}", ""]
        if not table.rows:
            out += [escape(table.empty), ""]
            continue
        out.append("| " + " | ".join(escape(c.header) for c in table.columns) + " |")
        out.append(
            "|" + "|".join("---:" if c.kind in NUMERIC else "---" for c in table.columns) + "|"
        )
        fmts = formatters(table.columns, escape)
        out.extend([_row(row, fmts) for row in table.rows])
        if table.total is not None:
            out.append(_row(table.total, fmts, bold=True))
        out.append("")
        ticker.add(len(table.rows))
    out += [f"## {escape(_('Definitions'))}", ""]
    out += [f"- {escape(line)}" for line in definitions()]
    out.append("")
    ticker.finish()
    return "\n".join(out).encode("utf-8")


def _row(row: tuple[Any, ...], fmts: list[Callable[[Any], str]], *, bold: bool = False) -> str:
    cells = [f(v) for f, v in zip(fmts, row, strict=True)]
    if bold:
        cells = [f"**{c}**" if c else c for c in cells]
    return "| " + " | ".join(cells) + " |"
