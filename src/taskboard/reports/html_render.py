"""HTML renderer: one self-contained, printable file (inline CSS, inline SVG chart).

The page makes no network request: no external fonts, scripts, styles or images. User text
goes through Jinja2's autoescape, so a title like ``<script>`` is shown, never run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any, BinaryIO

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from taskboard.domain.text import visible
from taskboard.i18n import domain, get_language
from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import Report
from taskboard.reports.tables import (
    DATE,
    DECIMAL,
    LONG,
    NUMERIC,
    SHARE,
    Table,
    cell_text,
    definitions,
    formatters,
    row_count,
    subtitle,
    tables,
    title,
)

_, ngettext = domain("reports")

CHUNK = 2000
"""Rows of a table made and written together."""
CHART_BARS = 15
"""Owners shown in the chart (most overdue first)."""

_CLASSES = {
    **{kind: ' class="n"' for kind in NUMERIC},
    DATE: ' class="d"',
    LONG: ' class="l"',
}


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("taskboard.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=False,
        lstrip_blocks=False,
        # The page ends with a newline, as every text taskboard writes does.
        keep_trailing_newline=True,
    )


@dataclass
class _Bar:
    label: str
    value: int
    y: int
    length: int


def _chart(report: Report) -> dict[str, Any] | None:
    late = [s for s in report.owners if s.counts.overdue > 0]
    if not late:
        return None
    shown = late[:CHART_BARS]
    top = max(s.counts.overdue for s in shown)
    label_width, bar_space, row = 300, 520, 22
    bars = [
        _Bar(
            label=_shorten(visible(s.owner), 42),
            value=s.counts.overdue,
            y=i * row,
            length=max(2, round(bar_space * s.counts.overdue / top)),
        )
        for i, s in enumerate(shown)
    ]
    more = ""
    if len(late) > len(shown):
        rest = len(late) - len(shown)
        more = ngettext(
            "…and {n} more owner with overdue assignments (see the table).",
            "…and {n} more owners with overdue assignments (see the table).",
            rest,
        ).format(n=rest)
    return {
        "title": _("Overdue assignments by owner"),
        "bars": bars,
        "label_width": label_width,
        "width": label_width + bar_space + 60,
        "height": len(bars) * row + 4,
        "more": more,
    }


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _html_text(value: str) -> str:
    return str(escape(visible(value)))


_BODY = "\x00"
"""Marks where a table's rows go in the rendered page (no text of the page holds it: the
register refuses NUL, and :func:`visible` shows any control character it meets)."""


def _html_table(table: Table, index: int) -> dict[str, Any]:
    """The table's header and total as ready HTML; its rows stand as a mark for
    :func:`_write_body`, which writes them into the page (rows are many: built there, not in
    Jinja, and never whole in memory)."""
    kinds = [c.kind for c in table.columns]
    opens = [f"<td{_CLASSES.get(k, '')}>" for k in kinds]
    fmts = formatters(table.columns, _html_text)
    cells = list(zip(opens, fmts, strict=True))
    total = None
    if table.total is not None:
        total = Markup(
            "<tr>"
            + "".join([o + f(v) + "</td>" for (o, f), v in zip(cells, table.total, strict=True)])
            + "</tr>"
        )
    return {
        "title": table.title,
        "columns": table.columns,
        "head_classes": [Markup(' class="n"') if k in NUMERIC else Markup("") for k in kinds],
        "body": Markup(f"{_BODY}{index}{_BODY}"),
        "has_rows": bool(table.rows),
        "total": total,
        "empty": table.empty,
    }


def _write_body(out: BinaryIO, table: Table, ticker: Ticker) -> None:
    """The table's rows, one ``<tr>`` a line (no newline after the last), CHUNK at a time."""
    kinds = [c.kind for c in table.columns]
    opens = [f"<td{_CLASSES.get(k, '')}>" for k in kinds]
    fmts = formatters(table.columns, _html_text)
    cells = list(zip(opens, fmts, strict=True))
    late_tr, plain_tr = '<tr class="late">', "<tr>"
    rows = zip(table.rows, table.marked, strict=True)
    first = True
    while chunk := list(islice(rows, CHUNK)):
        text = "\n".join(
            (late_tr if marked else plain_tr)
            + "".join([o + f(v) + "</td>" for (o, f), v in zip(cells, row, strict=True)])
            + "</tr>"
            for row, marked in chunk
        )
        out.write((text if first else "\n" + text).encode("utf-8"))
        first = False
        ticker.add(len(chunk))


def render_html(report: Report, *, on_progress: OnProgress | None = None) -> bytes:
    """The report as one UTF-8 HTML page; ``on_progress`` is told the table rows written."""
    out = io.BytesIO()
    write_html(report, out, on_progress=on_progress)
    return out.getvalue()


def write_html(report: Report, out: BinaryIO, *, on_progress: OnProgress | None = None) -> None:
    """Write the report's page to ``out`` (the bytes of :func:`render_html`): the page from
    the template, the long tables' rows written into it :data:`CHUNK` at a time."""
    ticker = Ticker(on_progress, row_count(report))
    t = report.totals
    figures = [
        {"label": _("assignments"), "value": t.total, "late": False},
        {"label": _("done"), "value": t.done, "late": False},
        {"label": _("done on time"), "value": t.done_on_time, "late": False},
        {"label": _("done late"), "value": t.done_late, "late": t.done_late > 0},
        {"label": _("open"), "value": t.open, "late": False},
        {"label": _("overdue"), "value": t.overdue, "late": t.overdue > 0},
        {"label": _("extensions"), "value": t.extensions, "late": False},
        {"label": _("deadline corrections"), "value": t.corrections, "late": False},
    ]
    share = t.on_time_share
    if share is not None:
        figures.append(
            {"label": _("share on time"), "value": cell_text(share, SHARE), "late": False}
        )
    figures.append({"label": _("returns for rework"), "value": t.returns, "late": False})
    for label, value, kind in (
        (_("on time, original deadline"), t.on_time_share_original, SHARE),
        (_("on time, final deadline"), t.on_time_share_final, SHARE),
        (_("share reopened"), t.reopened_share, SHARE),
        (_("average delay, working days"), t.average_delay, DECIMAL),
    ):
        if value is not None:
            figures.append({"label": label, "value": cell_text(value, kind), "late": False})
    shown = tables(report)
    html_tables = [_html_table(table, i) for i, table in enumerate(shown)]
    template = _environment().get_template("report.html.j2")
    page = template.render(
        lang=get_language(),
        title=title(),
        subtitle=visible(subtitle(report)),
        figures=figures,
        chart=_chart(report),
        tables=html_tables,
        definitions_title=_("Definitions"),
        definitions=definitions(),
    )
    # The page around the tables' rows, then each table's rows where its mark stands.
    parts = page.split(_BODY)
    marks = parts[1::2]
    if marks != [str(i) for i, t in enumerate(html_tables) if t["has_rows"]]:
        raise AssertionError(f"the report's page holds table marks {marks}")
    for i, text in enumerate(parts):
        if i % 2:
            _write_body(out, shown[int(text)], ticker)
        else:
            out.write(text.encode("utf-8"))
    ticker.finish()
