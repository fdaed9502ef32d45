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

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from taskboard.errors import InvalidInput
from taskboard.i18n import domain

if TYPE_CHECKING:
    from sqlmodel import Session

    from taskboard.domain.control import ControlSettings
    from taskboard.importers.drafts import Draft, NewPerson, PhraseResolver, Planned
    from taskboard.importers.header import MeetingHeader
    from taskboard.importers.prose import Candidate
    from taskboard.progress import OnProgress
    from taskboard.storage.database import Database

_, ngettext = domain("importers")

IMPORT_FORMATS = ("csv", "xlsx", "json", "protocol", "text", "docx")
EXTENSIONS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".json": "json",
    ".txt": "document",
    ".md": "document",
    ".text": "document",
}
"""File name endings and the import format each one means (``document``: read the text)."""


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
    history_holds: bool = True
    """JSON: the restored history's hash chain holds (else the file was changed after export)."""
    assignment_ids: list[int] = field(default_factory=list)
    """The ids of the new assignments, in file order."""
    meeting: MeetingChoice | None = None
    """The meeting a protocol's header named (found or created), without ``--meeting``."""
    new_people: list[NewPerson] = field(default_factory=list)
    """People the document named whom the directory did not know (added by the import)."""
    skipped: list[str] = field(default_factory=list)
    """Items already in the meeting with the same number and text (a re-import)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Proposed assignments found in prose (``text``), saved only those accepted."""


@dataclass
class MeetingChoice:
    """The meeting a document's header describes, and whether the import created it."""

    id: int
    title: str
    date: date
    number: str | None
    created: bool
    date_assumed: bool = False
    """The header gave no date: ``--date`` or today was taken."""


def guess_format(name: str) -> str | None:
    """The import format a file name's ending means, None when it says nothing."""
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def choose_format(name: str, fmt: str | None) -> str:
    """``--format`` if given (checked), else what the file's ending means (``document``:
    a text whose content decides, see :func:`sniff_text`)."""
    if fmt is not None:
        chosen = fmt.strip().lower()
        if chosen not in IMPORT_FORMATS:
            raise InvalidInput(
                _("Unknown import format «{fmt}»; use one of: {allowed}.").format(
                    fmt=fmt, allowed=", ".join(IMPORT_FORMATS)
                )
            )
        return chosen
    if name == "-":
        return "document"
    guessed = guess_format(name)
    if guessed is None:
        raise InvalidInput(
            _(
                "Cannot tell the format of «{name}» from its ending; give --format "
                "csv|xlsx|json|protocol|text|docx (or name it .csv, .xlsx, .json, .txt, .md "
                "or .docx)."
            ).format(name=name)
        )
    return guessed


def sniff_text(text: str) -> str:
    """``protocol`` for a text with numbered items (a protocol, a list), else ``text``."""
    from taskboard.importers.protocol import parse_protocol

    return "protocol" if parse_protocol(text) else "text"


def decode_text(payload: bytes, name: str) -> str:
    """A document's bytes as text, or a clear error for an empty or binary file."""
    if not payload.strip():
        raise InvalidInput(_("«{name}» is empty: there is nothing to import.").format(name=name))
    # Anywhere, not only at the start: PostgreSQL cannot store a NUL in a text column.
    if b"\x00" in payload:
        raise InvalidInput(
            _("«{name}» is a binary file, not text; save the document as plain text.").format(
                name=name
            )
        )
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            _("«{name}» is not UTF-8 text; save the protocol as UTF-8 plain text.").format(
                name=name
            )
        ) from None


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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (on again after, if it was).

    A file of 100,000 rows makes millions of objects — drafts, strings, rows — none of them
    in a reference cycle; the collector walks them all again each time enough new ones pile
    up, a fifth of a large import's time, and finds nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    meeting_date: str | None = None,
    accept: list[int] | None = None,
    on_progress: OnProgress | None = None,
    control: ControlSettings | None = None,
) -> ImportOutcome:
    """Import ``path`` into ``db`` in one write transaction (rolled back for a dry run).

    A protocol without ``meeting_id`` goes to the meeting its header describes: found by its
    date and number (or title), created with the document as its source text otherwise;
    ``meeting_date`` stands in for a header without a date (else today). ``on_progress`` is
    told how far the writing got, once the file is read (rows, items or restored records).
    ``control``: the configured control levels a table's ``control_level`` column names
    (None: the built-in three).
    """
    with _collector_paused():
        return _import_file(
            db,
            path,
            fmt=fmt,
            meeting_id=meeting_id,
            dry_run=dry_run,
            actor=actor,
            today=today,
            deadline_mode=deadline_mode,
            meeting_date=meeting_date,
            accept=accept,
            on_progress=on_progress,
            control=control,
        )


def _import_file(
    db: Database,
    path: str,
    *,
    fmt: str | None,
    meeting_id: int | None,
    dry_run: bool,
    actor: str,
    today: date,
    deadline_mode: str,
    meeting_date: str | None,
    accept: list[int] | None,
    on_progress: OnProgress | None,
    control: ControlSettings | None,
) -> ImportOutcome:
    chosen = choose_format(path, fmt)
    name = "stdin" if path == "-" else PurePath(path).name
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
            summary = snapshot.restore(
                session, data, name=name, target=db.display_name, on_progress=on_progress
            )
            if dry_run:
                session.rollback()
        outcome.restored = summary.counts
        outcome.history_holds = summary.history_holds
        outcome.assignment_ids = summary.assignment_ids
        return outcome

    prepared = prepare(payload, name, chosen, today=today)
    del payload  # the drafts hold what it said: a large file's bytes need not stay
    outcome.format = prepared.format
    outcome.candidates = prepared.candidates
    outcome.ignored_columns = prepared.ignored_columns
    drafts = prepared.drafts
    if prepared.format == "text":
        from taskboard.importers.prose import candidate_drafts

        if accept is None and not dry_run:
            raise InvalidInput(
                _(
                    "Candidates from prose are never saved without review: see them with "
                    "--dry-run, then save the right ones with --accept N,M (or review them "
                    "in the TUI's import screen)."
                )
            )
        if accept is None:
            return outcome  # a dry run lists the candidates; checking waits for a choice
        drafts = candidate_drafts(prepared.candidates, accept)
    return write_drafts(
        db,
        prepared,
        drafts,
        outcome=outcome,
        source=name,
        meeting_id=meeting_id,
        meeting_date=meeting_date,
        dry_run=dry_run,
        actor=actor,
        today=today,
        deadline_mode=deadline_mode,
        on_progress=on_progress,
        control=control,
    )


@dataclass
class Prepared:
    """A file read into drafts, nothing resolved or written yet."""

    format: str
    """``csv``, ``xlsx``, ``protocol`` or ``text`` (a ``document`` decided by its content)."""
    drafts: list[Draft]
    header: MeetingHeader | None = None
    """A protocol's or press release's header: the meeting, when ``--meeting`` is not given."""
    text: str = ""
    """The document's text (stored on a meeting the import creates)."""
    candidates: list[Candidate] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def prepare(payload: bytes, name: str, fmt: str, *, today: date) -> Prepared:
    """Read ``payload`` as ``fmt`` into drafts (and a header, or candidates for prose)."""
    if fmt in ("document", "protocol", "text"):
        return prepare_text(decode_text(payload, name), name, fmt, today=today)
    if fmt == "docx":
        from taskboard.importers.word import document_text

        return prepare_text(document_text(payload, name), name, today=today)
    from taskboard.importers import tabular

    if fmt == "csv":
        sheet = tabular.read_csv(payload, name)
    else:
        import io

        sheet = tabular.read_xlsx(io.BytesIO(payload), name)
    return Prepared(format=fmt, drafts=sheet.drafts, ignored_columns=sheet.ignored_columns)


def prepare_text(text: str, name: str, fmt: str = "document", *, today: date) -> Prepared:
    """A protocol's items, or a press release's candidates (every one, none accepted yet)."""
    if fmt == "document":
        fmt = sniff_text(text)
    if fmt == "protocol":
        from taskboard.importers.protocol import document_drafts, parse_document

        document = parse_document(text)
        drafts = document_drafts(document)
        if not drafts:
            raise InvalidInput(
                _("«{name}» has no numbered items («1.», «2)», «2.1.») to import.").format(
                    name=name
                )
            )
        return Prepared(format="protocol", drafts=drafts, header=document.header, text=text)
    from taskboard.importers.header import parse_header
    from taskboard.importers.prose import candidate_drafts, candidates

    header = parse_header(text.split("\n")[:3])
    header.title = header.title or text.strip().split("\n")[0][:200]
    found = candidates(text, today=today)
    if not found:
        raise InvalidInput(
            _("«{name}» names no assignments: no sentence assigns anything.").format(name=name)
        )
    return Prepared(
        format="text",
        drafts=candidate_drafts(found, None),
        header=header,
        text=text,
        candidates=found,
    )


def write_drafts(
    db: Database,
    prepared: Prepared,
    drafts: list[Draft],
    *,
    outcome: ImportOutcome,
    source: str,
    meeting_id: int | None,
    meeting_date: str | None,
    dry_run: bool,
    actor: str,
    today: date,
    deadline_mode: str,
    on_progress: OnProgress | None = None,
    control: ControlSettings | None = None,
) -> ImportOutcome:
    """Record ``drafts`` in one transaction (rolled back for a dry run), all or nothing.

    ``on_progress`` is told the drafts recorded so far; ``control``: the configured control
    levels (None: the built-in three).
    """
    from taskboard.importers.drafts import PhraseResolver, create_assignments

    with db.write() as session:
        resolver = PhraseResolver(session, actor=actor)
        if prepared.header is not None and meeting_id is None:
            outcome.meeting = find_or_create_meeting(
                session,
                prepared.header,
                source_text=prepared.text,
                resolver=resolver,
                date_text=meeting_date,
                actor=actor,
                today=today,
            )
            meeting_id = outcome.meeting.id
        if prepared.format in ("csv", "xlsx"):
            from taskboard.importers.bulk import import_rows

            outcome.created = import_rows(
                session,
                drafts,
                actor=actor,
                source=source,
                today=today,
                deadline_mode=deadline_mode,
                meeting_id=meeting_id,
                on_progress=on_progress,
                control=control,
            )
        else:
            outcome.created = create_assignments(
                session,
                drafts,
                actor=actor,
                source=source,
                today=today,
                deadline_mode=deadline_mode,
                meeting_id=meeting_id,
                resolver=resolver,
                skipped=outcome.skipped,
                on_progress=on_progress,
                control=control,
            )
        outcome.new_people = resolver.new_people
        if dry_run:
            session.rollback()
    outcome.assignment_ids = [p.id for p in outcome.created]
    return outcome


def find_or_create_meeting(
    session: Session,
    header: MeetingHeader,
    *,
    source_text: str,
    resolver: PhraseResolver,
    date_text: str | None,
    actor: str,
    today: date,
) -> MeetingChoice:
    """The meeting ``header`` describes: the same date and number (or title), else a new one."""
    from sqlmodel import select

    from taskboard.domain import intake
    from taskboard.domain.models import Meeting

    assumed = header.date is None and date_text is None
    reader = intake.Intake(session, today=today)
    if header.date is not None:
        held = reader.meeting_date(header.date)
    elif date_text is not None:
        held = reader.meeting_date(date_text)
    else:
        held = today
    title = header.title or _("Meeting of {date}").format(date=held.isoformat())
    statement = select(Meeting).where(Meeting.date == held)
    if header.number:
        statement = statement.where(Meeting.protocol_no == header.number)
    else:
        statement = statement.where(Meeting.title == title)
    found = session.exec(statement).first()
    if found is not None:
        assert found.id is not None
        return MeetingChoice(
            found.id,
            found.title,
            found.date,
            found.protocol_no,
            created=False,
            date_assumed=assumed,
        )
    chair = None
    if header.chair is not None:
        chair = resolver.ref(header.chair, where=_("the header"), owner=False)
    meeting = intake.add_meeting(
        session,
        intake.MeetingInput(
            title=title,
            date=held.isoformat(),
            kind=header.kind.value,
            chair=chair,
            protocol_no=header.number,
            source_text=source_text,
        ),
        actor=actor,
        today=today,
    )
    assert meeting.id is not None
    return MeetingChoice(
        meeting.id,
        meeting.title,
        meeting.date,
        meeting.protocol_no,
        created=True,
        date_assumed=assumed,
    )


__all__ = [
    "IMPORT_FORMATS",
    "ImportOutcome",
    "MeetingChoice",
    "Prepared",
    "choose_format",
    "find_or_create_meeting",
    "guess_format",
    "import_file",
    "prepare",
    "prepare_text",
    "read_input",
    "write_drafts",
]
