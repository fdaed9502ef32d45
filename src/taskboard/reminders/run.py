"""One reminder run: select what is due, build the digests, send them, record what was accepted.

Exactly once: a reminder is recorded in its own short write transaction right after the SMTP
server accepted the message carrying it, never before. A run that stops anywhere (outage,
refusal, crash, kill) leaves unrecorded exactly the reminders that were not accepted, and the
next run sends those. The one window left is between the server's "250 accepted" and the
commit that follows it (milliseconds): a crash exactly there repeats that one message, with
the same Message-ID (derived from the reminders it carries).

Runs at once (two cron hosts) share the work through per-recipient *claims* (:class:`Claims`):
a run claims a recipient before sending, re-reads what is recorded for them after the claim,
sends only what is still unrecorded, records it and lets the claim go. A claim is a lock that
dies with its holder (a PostgreSQL advisory lock on the run's own connection, a byte-range
lock on ``<database>.remind-lock`` for SQLite), so a crash or an outage never leaves a
recipient claimed: nothing is lost.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from typing import IO, Any

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import col

from taskboard.config import Settings
from taskboard.domain import audit, clock
from taskboard.domain.control import AtRiskRule
from taskboard.domain.models import Event, EventKind, Reminder
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.reminders.digest import Digest, build_digests
from taskboard.reminders.message import (
    AddressError,
    Mailbox,
    build_message,
    mailbox,
    message_id,
    parse_sender,
)
from taskboard.reminders.render import render_digest
from taskboard.reminders.selection import ReminderItem, Selection, select_due
from taskboard.reminders.smtp import (
    ConnectionFailed,
    DeliveryError,
    Mailer,
    check_settings,
    read_password,
)
from taskboard.storage.database import Database, storage_error

_, ngettext = domain("reminders")

DRY_RUN_SENDER = "taskboard@localhost"
"""The ``From`` a dry run shows when the config names no sender yet."""


@dataclass
class Sent:
    """A digest the server accepted (or, in a dry run, would have been sent)."""

    digest: Digest
    email: str
    message_id: str
    recorded: int = 0
    """How many of its reminders this run recorded (all of them, unless a racing run did)."""


@dataclass
class Failed:
    """A digest that was not delivered; its reminders stay unrecorded for the next run."""

    digest: Digest
    email: str | None
    reason: str


@dataclass
class RunReport:
    """What a run did, for the summary and the exit code."""

    dry_run: bool
    sent: list[Sent] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    without_email: list[Digest] = field(default_factory=list)
    """Recipients the directory has no e-mail for: listed, never silently skipped."""
    connection_error: str | None = None
    """Why the mail server could not be used at all (the rest then counts as failed)."""
    elsewhere: list[Digest] = field(default_factory=list)
    """Recipients another run at the same time claimed or had already served: not this run's."""

    @property
    def reminders_sent(self) -> int:
        """How many reminders this run recorded (a dry run: how many it would send)."""
        if self.dry_run:
            return sum(len(s.digest.items) for s in self.sent)
        return sum(s.recorded for s in self.sent)


def _plan(db: Database, *, today: date, settings: Settings) -> tuple[Selection, list[Digest]]:
    with db.read() as session:
        selection = select_due(
            session,
            today=today,
            rules=settings.remind,
            report_waiting_days=settings.control.report_waiting_days,
        )
        digests = build_digests(
            session,
            selection,
            today=today,
            limit=settings.remind.digest_limit,
            risk=AtRiskRule.of(settings.control),
            level_keys=settings.control.level_keys,
        )
        return selection, digests


def plan(db: Database, *, today: date, settings: Settings) -> list[Digest]:
    """The digests due as of ``today`` (one per recipient), nothing sent or recorded."""
    return _plan(db, today=today, settings=settings)[1]


def _recorded_keys(
    conn: Connection, person_id: int, assignment_ids: Iterable[int]
) -> set[tuple[int, str, date]]:
    """(assignment, tier, occasion) of the reminders recorded for ``person_id``."""
    statement = select(
        col(Reminder.assignment_id), col(Reminder.tier), col(Reminder.occasion)
    ).where(
        col(Reminder.person_id) == person_id,
        col(Reminder.assignment_id).in_(sorted(set(assignment_ids))),
    )
    return {(a, tier, occasion) for a, tier, occasion in conn.execute(statement)}


CLAIM_NAMESPACE = zlib.crc32(b"taskboard remind") & 0x7FFFFFFF
"""The first key of the PostgreSQL advisory locks a run takes (the second: the person id)."""


class Claims:
    """Per-recipient claims: at most one run at a time sends to a person.

    A claim is a lock its holder's death releases: on PostgreSQL a session-level advisory
    lock ``(CLAIM_NAMESPACE, person id)`` on a connection of its own; on SQLite a one-byte
    ``fcntl`` lock at offset ``person id`` of ``<database>.remind-lock`` (without ``fcntl``,
    on Windows, every claim is granted). Taking one never waits: a recipient another run holds
    is that run's.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._connection: Connection | None = None
        self._file: IO[bytes] | None = None
        self._held: set[int] = set()

    def take(self, person_id: int) -> bool:
        """Claim ``person_id``; False when another run holds it."""
        if self._db.engine.dialect.name == "postgresql":
            if self._connection is None:
                self._connection = self._db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            got = bool(
                self._connection.execute(
                    text("SELECT pg_try_advisory_lock(:ns, :id)"),
                    {"ns": CLAIM_NAMESPACE, "id": person_id},
                ).scalar()
            )
        else:
            got = self._lock_byte(person_id)
        if got:
            self._held.add(person_id)
        return got

    def _lock_byte(self, person_id: int) -> bool:
        path = self._db.sqlite_path
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no byte-range locks here
            return True
        if path is None:
            return True
        if self._file is None:
            try:
                self._file = open(f"{path}.remind-lock", "a+b")  # noqa: SIM115 - held for the run
            except OSError:
                return True  # a read-only folder: the database refuses the write anyway
        try:
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, person_id)
        except OSError:
            return False
        return True

    def release(self, person_id: int) -> None:
        """Let ``person_id`` go (after their reminders are recorded, or not sent)."""
        if person_id not in self._held:
            return
        self._held.discard(person_id)
        if self._connection is not None:
            self._connection.execute(
                text("SELECT pg_advisory_unlock(:ns, :id)"),
                {"ns": CLAIM_NAMESPACE, "id": person_id},
            )
        elif self._file is not None:
            import fcntl

            fcntl.lockf(self._file.fileno(), fcntl.LOCK_UN, 1, person_id)

    def close(self) -> None:
        """Release every claim (closing the connection or the file does)."""
        if self._connection is not None:
            # A pooled connection keeps session locks: let them go before it goes back.
            with contextlib.suppress(SQLAlchemyError):
                self._connection.execute(text("SELECT pg_advisory_unlock_all()"))
            self._connection.close()
            self._connection = None
        if self._file is not None:
            self._file.close()
            self._file = None
        self._held.clear()


def unrecorded(db: Database, digest: Digest) -> list[ReminderItem]:
    """The digest's reminders nobody has recorded yet (read after the claim is taken)."""
    try:
        with db.engine.connect() as conn:
            done = _recorded_keys(conn, digest.person_id, (i.assignment_id for i in digest.items))
    except SQLAlchemyError as exc:
        raise storage_error(exc, db.url) from exc
    return [i for i in digest.items if (i.assignment_id, str(i.tier), i.occasion) not in done]


class Recorder:
    """Records accepted digests: one short write transaction each, on one reused connection."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._connection: Connection | None = None

    def _conn(self) -> Connection:
        if self._connection is None:
            self._connection = self._db.engine.connect().execution_options(
                taskboard_begin="IMMEDIATE"
            )
        return self._connection

    def record(self, digest: Digest, *, email: str, message_id: str, actor: str) -> int:
        """Record the digest's reminders and their history events; return how many were new."""
        try:
            conn = self._conn()
            try:
                with conn.begin():
                    return self._write(conn, digest.items, email, message_id, actor)
            except IntegrityError:
                # Another run recorded some of them meanwhile: write only the missing ones.
                with conn.begin():
                    existing = _recorded_keys(
                        conn, digest.person_id, (i.assignment_id for i in digest.items)
                    )
                    new = [
                        i
                        for i in digest.items
                        if (i.assignment_id, str(i.tier), i.occasion) not in existing
                    ]
                    return self._write(conn, new, email, message_id, actor)
        except SQLAlchemyError as exc:
            raise storage_error(exc, self._db.url) from exc

    @staticmethod
    def _write(
        conn: Connection,
        items: list[ReminderItem],
        email: str,
        message_id: str,
        actor: str,
    ) -> int:
        if not items:
            return 0
        sent_at = clock.now()
        conn.execute(
            insert(Reminder),
            [
                {
                    "assignment_id": i.assignment_id,
                    "person_id": i.person_id,
                    "tier": str(i.tier),
                    "occasion": i.occasion,
                    "email": email,
                    "sent_at": sent_at,
                    "message_id": message_id,
                }
                for i in items
            ],
        )
        # The history rows record_event() writes (kind, actor, field = tier, new = address),
        # inserted in one statement: one ORM object per row would cost more than the SMTP
        # exchange itself (≈15 s of the 10,000-owner benchmark).
        events: list[dict[str, Any]] = [
            {
                "assignment_id": i.assignment_id,
                "meeting_id": None,
                "person_id": i.person_id,
                "at": sent_at,
                "actor": actor,
                "kind": EventKind.REMINDER_SENT.value,
                "field": str(i.tier),
                "old_value": None,
                "new_value": email,
                "reason": None,
            }
            for i in items
        ]
        audit.seal_rows(conn, events)  # last: the chain's lock is held only until the commit
        conn.execute(insert(Event), events)
        return len(items)

    def close(self) -> None:
        """Return the connection to the pool."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def record_delivery(
    db: Database, digest: Digest, *, email: str, message_id: str, actor: str
) -> int:
    """Record one accepted digest (see :class:`Recorder`); return how many reminders were new."""
    recorder = Recorder(db)
    try:
        return recorder.record(digest, email=email, message_id=message_id, actor=actor)
    finally:
        recorder.close()


def run_reminders(
    db: Database,
    settings: Settings,
    *,
    today: date,
    actor: str,
    language: str | None = None,
    dry_run: bool = False,
    on_message: Callable[[Digest, Message], None] | None = None,
    on_sent: Callable[[Sent], None] | None = None,
) -> RunReport:
    """Send (or with ``dry_run`` only build) today's digests and record what was accepted.

    ``on_message`` sees every message built (the dry run prints it), ``on_sent`` every message
    accepted (the ``--verbose`` log line). Configuration problems raise
    :class:`~taskboard.errors.InvalidInput` before anything is sent.
    """
    smtp = settings.smtp
    if dry_run:
        password = None
    else:
        check_settings(smtp)
        password = read_password(smtp)
    try:
        sender = parse_sender(smtp.from_addr or DRY_RUN_SENDER)
    except AddressError:
        raise InvalidInput(
            _(
                'smtp.from «{value}» is not a valid sender; write it as from = "Name <address>".'
            ).format(value=" ".join((smtp.from_addr or "").split()))
        ) from None
    report = RunReport(dry_run=dry_run)
    selection, digests = _plan(db, today=today, settings=settings)
    mailer = Mailer(smtp, password) if not dry_run else None
    recorder = Recorder(db)
    claims = Claims(db)
    try:
        for digest in digests:
            _deliver(
                digest,
                db=db,
                report=report,
                mailer=mailer,
                recorder=recorder,
                claims=claims,
                selection=selection,
                settings=settings,
                sender=sender,
                today=today,
                actor=actor,
                language=language,
                on_message=on_message,
                on_sent=on_sent,
            )
    finally:
        claims.close()
        recorder.close()
        if mailer is not None:
            mailer.close()
    return report


def _still_due(
    db: Database,
    digest: Digest,
    *,
    selection: Selection,
    settings: Settings,
    today: date,
) -> Digest | None:
    """The digest as it stands once claimed: None when another run recorded all of it.

    When another run recorded only some of it (it planned a moment earlier or later), the
    digest is built again from the plan with just the rest.
    """
    left = unrecorded(db, digest)
    if not left:
        return None
    if len(left) == len(digest.items):
        return digest
    rest = Selection(
        items=left,
        candidates=selection.candidates,
        co_executors=selection.co_executors,
        people=selection.people,
        parts=selection.parts,
        waiting=selection.waiting,
    )
    with db.read() as session:
        rebuilt = build_digests(
            session,
            rest,
            today=today,
            limit=settings.remind.digest_limit,
            risk=AtRiskRule.of(settings.control),
            level_keys=settings.control.level_keys,
        )
    return rebuilt[0] if rebuilt else None


def _deliver(
    digest: Digest,
    *,
    db: Database,
    report: RunReport,
    mailer: Mailer | None,
    recorder: Recorder,
    claims: Claims,
    selection: Selection,
    settings: Settings,
    sender: Mailbox,
    today: date,
    actor: str,
    language: str | None,
    on_message: Callable[[Digest, Message], None] | None,
    on_sent: Callable[[Sent], None] | None,
) -> None:
    if not digest.email:
        report.without_email.append(digest)
        return
    if report.connection_error is not None:
        report.failed.append(Failed(digest, digest.email, report.connection_error))
        return
    try:
        recipient = mailbox(digest.name, digest.email)
    except AddressError:
        report.failed.append(
            Failed(digest, digest.email, _("not a valid e-mail address; fix it in the directory"))
        )
        return
    if mailer is None:
        _send(
            digest,
            recipient,
            report=report,
            mailer=None,
            recorder=recorder,
            sender=sender,
            today=today,
            actor=actor,
            language=language,
            levels=settings.control.levels,
            on_message=on_message,
            on_sent=on_sent,
        )
        return
    if not claims.take(digest.person_id):
        report.elsewhere.append(digest)  # another run is sending it right now
        return
    try:
        current = _still_due(db, digest, selection=selection, settings=settings, today=today)
        if current is None:
            report.elsewhere.append(digest)  # another run sent it since this one planned
            return
        _send(
            current,
            recipient,
            report=report,
            mailer=mailer,
            recorder=recorder,
            sender=sender,
            today=today,
            actor=actor,
            language=language,
            levels=settings.control.levels,
            on_message=on_message,
            on_sent=on_sent,
        )
    finally:
        claims.release(digest.person_id)


def _send(
    digest: Digest,
    recipient: Mailbox,
    *,
    report: RunReport,
    mailer: Mailer | None,
    recorder: Recorder,
    sender: Mailbox,
    today: date,
    actor: str,
    language: str | None,
    levels: Mapping[str, str],
    on_message: Callable[[Digest, Message], None] | None,
    on_sent: Callable[[Sent], None] | None,
) -> None:
    rendered = render_digest(digest, today=today, language=language, levels=levels or None)
    keys = [(i.assignment_id, i.person_id, str(i.tier), i.occasion) for i in digest.items]
    mid = message_id(recipient.address, keys, domain=sender.domain)
    message = build_message(rendered, sender=sender, recipient=recipient, message_id=mid)
    if on_message is not None:
        on_message(digest, message)
    if mailer is None:
        report.sent.append(Sent(digest, recipient.address, mid))
        return
    try:
        mailer.send(
            message,
            sender=sender.address,
            recipient=recipient.address,
        )
    except ConnectionFailed as exc:
        report.connection_error = exc.reason
        report.failed.append(Failed(digest, digest.email, exc.reason))
        return
    except DeliveryError as exc:
        report.failed.append(Failed(digest, digest.email, exc.reason))
        return
    # Accepted: record it now, before anything else (the window a crash could repeat).
    recorded = recorder.record(digest, email=recipient.address, message_id=mid, actor=actor)
    sent = Sent(digest, recipient.address, mid, recorded)
    report.sent.append(sent)
    if on_sent is not None:
        on_sent(sent)
