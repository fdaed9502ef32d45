"""Managers' reports: one report model (:mod:`.model`), one renderer per format.

    from taskboard.reports import ReportParams, build_report, write_report
    with db.read() as session:
        report = build_report(session, ReportParams(date_from=...), today=clock.today())
    write_report(report, "xlsx", "report.xlsx")

Nothing here imports a user interface (Textual or Typer).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from taskboard.domain.errors import InvalidInput, StorageError
from taskboard.i18n import domain
from taskboard.reports.model import (
    Counts,
    ExtensionItem,
    MeetingSummary,
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


def render(report: Report, fmt: str, **options: Any) -> bytes:
    """The report in ``fmt`` as bytes. Options: ``csv_bom`` (bool), ``csv_delimiter`` (str)."""
    check_format(fmt)
    unknown = set(options) - {"csv_bom", "csv_delimiter"}
    if unknown:
        raise TypeError(f"unknown report options: {', '.join(sorted(unknown))}")
    if fmt == "csv":
        from taskboard.reports.csv_render import render_csv

        return render_csv(report, **options)
    if fmt == "md":
        from taskboard.reports.md_render import render_markdown

        return render_markdown(report)
    if fmt == "json":
        from taskboard.reports.json_render import render_json

        return render_json(report)
    if fmt == "html":
        from taskboard.reports.html_render import render_html

        return render_html(report)
    from taskboard.reports.xlsx_render import write_xlsx

    with tempfile.TemporaryDirectory(prefix="taskboard-report-") as folder:
        target = Path(folder) / "report.xlsx"
        write_xlsx(report, target)
        return target.read_bytes()


def _umask() -> int:
    """The process umask, read without changing it where possible (the TUI has threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_report(
    report: Report,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    **options: Any,
) -> Path:
    """Write the report to ``path`` through a temporary file and a rename; returns the path.

    An existing file is kept (:class:`InvalidInput`) unless ``force``; a failure part-way
    leaves no half-written report behind.
    """
    check_format(fmt)
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(
            _("{path} is a folder; give a file name for the report.").format(path=target)
        )
    if target.exists() and not force:
        raise InvalidInput(
            _("{path} already exists; use --force to overwrite it.").format(path=target)
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist.").format(folder=folder))
    data = render(report, fmt, **options) if fmt != "xlsx" else b""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the report to {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc
            )
        ) from exc
    temp = Path(temp_name)
    try:
        if fmt == "xlsx":
            os.close(fd)
            from taskboard.reports.xlsx_render import write_xlsx

            write_xlsx(report, temp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if target.exists() and not force:
            # Someone created it while the report was being written.
            raise InvalidInput(
                _("{path} already exists; use --force to overwrite it.").format(path=target)
            )
        # mkstemp creates 0600; a report is an ordinary document, as the umask allows.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StorageError(
            _("Cannot write the report to {path}: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "Counts",
    "ExtensionItem",
    "MeetingSummary",
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
