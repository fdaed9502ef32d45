"""Bringing assignments in: CSV, XLSX, protocols, and restoring a JSON export.

Imports no Typer and no Textual. The command line calls :func:`import_file`; everything
runs in one transaction, so a file with a single bad row writes nothing.

* ``csv`` / ``xlsx``: one new assignment per row through the domain services
  (:mod:`taskboard.importers.tabular`);
* ``protocol``: the numbered items of a meeting protocol's text
  (:mod:`taskboard.importers.protocol`);
* ``json``: a ``taskboard export`` restored exactly into an empty database
  (:mod:`taskboard.snapshot`, which also writes the exports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from taskboard.errors import InvalidInput
from taskboard.i18n import domain

if TYPE_CHECKING:
    from taskboard.importers.drafts import Planned
    from taskboard.storage.database import Database

_, ngettext = domain("importers")

IMPORT_FORMATS = ("csv", "xlsx", "json", "protocol")
EXTENSIONS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".txt": "protocol",
    ".md": "protocol",
}
"""File name endings and the import format each one means."""


@dataclass
class ImportOutcome:
    """What an import created (or, with ``dry_run``, would create)."""

    format: str
    dry_run: bool
    created: list[Planned] = field(default_factory=list)
    """Assignments created from rows or protocol items (CSV, XLSX, protocol)."""
    ignored_columns: list[str] = field(default_factory=list)
    restored: dict[str, int] = field(default_factory=dict)
    """Rows restored per section (JSON)."""
    assignment_ids: list[int] = field(default_factory=list)
    """The ids of the new assignments, in file order."""


def guess_format(name: str) -> str | None:
    """The import format a file name's ending means, None when it says nothing."""
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def choose_format(name: str, fmt: str | None) -> str:
    """``--format`` if given (checked), else the format the file's ending means."""
    if fmt is not None:
        chosen = fmt.strip().lower()
        if chosen not in IMPORT_FORMATS:
            raise InvalidInput(
                _("Unknown import format «{fmt}»; use one of: {allowed}.").format(
                    fmt=fmt, allowed=", ".join(IMPORT_FORMATS)
                )
            )
        return chosen
    guessed = guess_format(name)
    if guessed is None:
        raise InvalidInput(
            _(
                "Cannot tell the format of «{name}» from its ending; give --format "
                "csv|xlsx|json|protocol (or name it .csv, .xlsx, .json, .txt or .md)."
            ).format(name=name)
        )
    return guessed


def read_input(path: str) -> bytes:
    """The bytes of the file to import (``-`` reads standard input)."""
    if path == "-":
        import sys

        return sys.stdin.buffer.read()
    source = Path(path)
    if source.is_dir():
        raise InvalidInput(_("«{name}» is a folder, not a file.").format(name=path))
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("No file «{name}».").format(name=path)) from None
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read «{name}»: {reason}").format(name=path, reason=exc.strerror or exc)
        ) from None


def import_file(
    db: Database,
    path: str,
    *,
    fmt: str | None = None,
    meeting_id: int | None = None,
    dry_run: bool = False,
    actor: str,
    today: date,
    deadline_mode: str = "calendar",
) -> ImportOutcome:
    """Import ``path`` into ``db`` in one write transaction (rolled back for a dry run)."""
    chosen = choose_format(path, fmt)
    name = "stdin" if path == "-" else PurePath(path).name
    if chosen == "protocol" and meeting_id is None:
        raise InvalidInput(
            _("A protocol's items need a meeting: add --meeting ID (see: taskboard meeting list).")
        )
    if chosen == "json" and meeting_id is not None:
        raise InvalidInput(
            _("--meeting does not apply to a JSON export: it restores its own meetings.")
        )
    payload = read_input(path)
    outcome = ImportOutcome(format=chosen, dry_run=dry_run)
    if chosen == "json":
        from taskboard import snapshot

        data = snapshot.parse_export(payload, name)
        with db.write() as session:
            summary = snapshot.restore(session, data, name=name, target=db.display_name)
            if dry_run:
                session.rollback()
        outcome.restored = summary.counts
        outcome.assignment_ids = summary.assignment_ids
        return outcome

    from taskboard.importers.drafts import Draft, create_assignments

    drafts: list[Draft]
    if chosen == "protocol":
        from taskboard.importers.protocol import protocol_drafts

        try:
            text = payload.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                _("«{name}» is not UTF-8 text; save the protocol as UTF-8 plain text.").format(
                    name=name
                )
            ) from None
        drafts = protocol_drafts(text)
        if not drafts:
            raise InvalidInput(
                _("«{name}» has no numbered items («1.», «2)», «2.1.») to import.").format(
                    name=name
                )
            )
    else:
        from taskboard.importers import tabular

        if chosen == "csv":
            sheet = tabular.read_csv(payload, name)
        else:
            import io

            sheet = tabular.read_xlsx(io.BytesIO(payload), name)
        drafts = sheet.drafts
        outcome.ignored_columns = sheet.ignored_columns
    with db.write() as session:
        outcome.created = create_assignments(
            session,
            drafts,
            actor=actor,
            source=name,
            today=today,
            deadline_mode=deadline_mode,
            meeting_id=meeting_id,
        )
        if dry_run:
            session.rollback()
    outcome.assignment_ids = [p.id for p in outcome.created]
    return outcome


__all__ = [
    "IMPORT_FORMATS",
    "ImportOutcome",
    "choose_format",
    "guess_format",
    "import_file",
    "read_input",
]
