"""Managers' reports: one report model (:mod:`.model`), one renderer per format.

    from taskboard.reports import ReportParams, build_report, write_report
    with db.read() as session:  # or storage.direct.open_reader(path): no SQLAlchemy
        report = build_report(reader_of(session), ReportParams(...), today=clock.today())
    write_report(report, "xlsx", "report.xlsx")

Nothing here imports a user interface (Textual or Typer).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from taskboard.errors import InvalidInput
from taskboard.files import OWNER_ONLY, FileAccess
from taskboard.i18n import domain
from taskboard.progress import OnProgress
from taskboard.reports.model import (
    CorrectionItem,
    Counts,
    ExtensionItem,
    LevelSummary,
    MeetingSummary,
    OrganisationSummary,
    OverdueItem,
    OwnerSummary,
    Report,
    ReportParams,
    build_report,
)

_, ngettext = domain("reports")

FORMATS = ("xlsx", "html", "csv", "md", "json")
"""Every report format, in the order menus show them."""
TEXT_FORMATS = ("html", "csv", "md", "json")
"""Formats that can go to standard output."""

_EXTENSIONS = {
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def guess_format(path: str | os.PathLike[str]) -> str | None:
    """The format a file name asks for by its extension, None when it says nothing."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def check_format(fmt: str) -> str:
    """``fmt`` when it is a report format, else :class:`InvalidInput`."""
    if fmt not in FORMATS:
        raise InvalidInput(
            _("Unknown report format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(FORMATS)
            )
        )
    return fmt


def render(
    report: Report, fmt: str, *, on_progress: OnProgress | None = None, **options: Any
) -> bytes:
    """The report in ``fmt`` as bytes. Options: ``csv_bom`` (bool), ``csv_delimiter`` (str).

    ``on_progress`` is told how far the rendering got (table rows written).
    """
    check_format(fmt)
    unknown = set(options) - {"csv_bom", "csv_delimiter"}
    if unknown:
        raise TypeError(f"unknown report options: {', '.join(sorted(unknown))}")
    if fmt == "csv":
        from taskboard.reports.csv_render import render_csv

        return render_csv(report, on_progress=on_progress, **options)
    if fmt == "md":
        from taskboard.reports.md_render import render_markdown

        return render_markdown(report, on_progress=on_progress)
    if fmt == "json":
        from taskboard.reports.json_render import render_json

        return render_json(report, on_progress=on_progress)
    if fmt == "html":
        from taskboard.reports.html_render import render_html

        return render_html(report, on_progress=on_progress)
    from taskboard.reports.xlsx_render import write_xlsx

    with tempfile.TemporaryDirectory(prefix="taskboard-report-") as folder:
        target = Path(folder) / "report.xlsx"
        write_xlsx(report, target, on_progress=on_progress)
        return target.read_bytes()


def write_report(
    report: Report,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    on_progress: OnProgress | None = None,
    access: FileAccess = OWNER_ONLY,
    **options: Any,
) -> Path:
    """Write the report to ``path`` through a temporary file and a rename; returns the path.

    An existing file is kept (:class:`InvalidInput`) unless ``force``; a failure part-way
    leaves no half-written report behind. The file is created with ``access`` (mode 0600
    unless the config names a group). ``on_progress``: see :func:`render`.
    """
    check_format(fmt)
    from taskboard.files import check_target, write_atomically

    check_target(path, force=force)  # refuse before spending seconds on the rendering
    if fmt == "xlsx":
        from taskboard.reports.xlsx_render import write_xlsx

        return write_atomically(
            path,
            lambda temp: write_xlsx(report, temp, on_progress=on_progress),
            force=force,
            kind="report",
            access=access,
        )
    data = render(report, fmt, on_progress=on_progress, **options)
    return write_atomically(path, data, force=force, kind="report", access=access)


__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "CorrectionItem",
    "Counts",
    "ExtensionItem",
    "LevelSummary",
    "MeetingSummary",
    "OrganisationSummary",
    "OverdueItem",
    "OwnerSummary",
    "Report",
    "ReportParams",
    "build_report",
    "check_format",
    "guess_format",
    "render",
    "write_report",
]
