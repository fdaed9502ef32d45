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
from typing import Any, BinaryIO

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
    _check_options(fmt, options)

    def write(temp: Path) -> None:
        # Written into the temporary file as it is made: a million-assignment register's
        # report is hundreds of megabytes, never whole in memory.
        with open(temp, "wb") as out:
            write_text(report, fmt, out, on_progress=on_progress, **options)
            out.flush()
            os.fsync(out.fileno())

    return write_atomically(path, write, force=force, kind="report", access=access)


def write_text(
    report: Report,
    fmt: str,
    out: BinaryIO,
    *,
    on_progress: OnProgress | None = None,
    **options: Any,
) -> None:
    """Write the report in the text format ``fmt`` (not ``xlsx``) to ``out``: the bytes of
    :func:`render`, written as they are made. Options: see :func:`render`."""
    check_format(fmt)
    _check_options(fmt, options)
    if fmt == "csv":
        from taskboard.reports.csv_render import write_csv

        write_csv(report, out, on_progress=on_progress, **options)
    elif fmt == "md":
        from taskboard.reports.md_render import write_markdown

        write_markdown(report, out, on_progress=on_progress)
    elif fmt == "json":
        from taskboard.reports.json_render import write_json

        write_json(report, out, on_progress=on_progress)
    elif fmt == "html":
        from taskboard.reports.html_render import write_html

        write_html(report, out, on_progress=on_progress)
    else:
        raise ValueError(f"not a text format: {fmt}")


def _check_options(fmt: str, options: dict[str, Any]) -> None:
    """Unknown options are a TypeError; a bad CSV delimiter is refused before any writing."""
    unknown = set(options) - {"csv_bom", "csv_delimiter"}
    if unknown:
        raise TypeError(f"unknown report options: {', '.join(sorted(unknown))}")
    if fmt == "csv":
        from taskboard.reports.csv_render import check_delimiter

        check_delimiter(options.get("csv_delimiter", ","))


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
    "write_text",
]
