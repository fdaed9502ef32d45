"""One reminder run: select what is due, build the digests, send them, record what was accepted.

Exactly once: a reminder is recorded in its own short write transaction right after the SMTP
server accepted the message carrying it, never before. A run that stops anywhere (outage,
refusal, crash, kill) leaves unrecorded exactly the reminders that were not accepted, and the
next run sends those. The one window left is between the server's "250 accepted" and the
commit that follows it (milliseconds): a crash exactly there repeats that one message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from pathlib import Path

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import col

from taskboard.config import Settings
from taskboard.domain import clock
from taskboard.domain.models import Event, EventKind, Reminder
from taskboard.errors import InvalidInput, PartialFailure
from taskboard.i18n import domain
from taskboard.reminders.digest import Digest, build_digests
from taskboard.reminders.message import AddressError, Mailbox, build_message, mailbox, parse_sender
from taskboard.reminders.render import render_digest
from taskboard.reminders.selection import ReminderItem, select_due
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

    @property
    def reminders_sent(self) -> int:
        """How many reminder rows the accepted digests carry."""
        return sum(len(s.digest.items) for s in self.sent)


def plan(db: Database, *, today: date, settings: Settings) -> list[Digest]:
    """The digests due as of ``today`` (one per recipient), nothing sent or recorded."""
    with db.read() as session:
        selection = select_due(session, today=today, rules=settings.remind)
        return build_digests(session, selection, today=today, limit=settings.remind.digest_limit)


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
                    existing = set(
                        conn.execute(
                            select(
                                col(Reminder.assignment_id),
                                col(Reminder.tier),
                                col(Reminder.occasion),
                            ).where(
                                col(Reminder.person_id) == digest.person_id,
                                col(Reminder.assignment_id).in_(
                                    sorted({i.assignment_id for i in digest.items})
                                ),
                            )
                        ).tuples()
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
        conn.execute(
            insert(Event),
            [
                {
                    "assignment_id": i.assignment_id,
                    "person_id": i.person_id,
                    "at": sent_at,
                    "actor": actor,
                    "kind": EventKind.REMINDER_SENT.value,
                    "field": str(i.tier),
                    "old_value": None,
                    "new_value": email,
                }
                for i in items
            ],
        )
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


@contextlib.contextmanager
def _run_lock(db: Database) -> Iterator[None]:
    """One real run at a time per SQLite file (two at once would mail everything twice)."""
    path = db.sqlite_path
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock
        yield
        return
    if path is None:
        yield
        return
    lock_path = Path(f"{path}.remind-lock")
    try:
        handle = open(lock_path, "a+b")  # noqa: SIM115 - held for the whole run
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise PartialFailure(
                _(
                    "Another «taskboard remind» is running on {db}; nothing was sent by this "
                    "one (the other sends everything due)."
                ).format(db=path)
            ) from None
        yield
    finally:
        handle.close()


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
    lock = contextlib.nullcontext() if dry_run else _run_lock(db)
    with lock:
        digests = plan(db, today=today, settings=settings)
        mailer = Mailer(smtp, password) if not dry_run else None
        recorder = Recorder(db)
        try:
            for digest in digests:
                _deliver(
                    digest,
                    report=report,
                    mailer=mailer,
                    recorder=recorder,
                    sender=sender,
                    today=today,
                    actor=actor,
                    language=language,
                    on_message=on_message,
                    on_sent=on_sent,
                )
        finally:
            recorder.close()
            if mailer is not None:
                mailer.close()
    return report


def _deliver(
    digest: Digest,
    *,
    report: RunReport,
    mailer: Mailer | None,
    recorder: Recorder,
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
    rendered = render_digest(digest, today=today, language=language)
    message = build_message(rendered, sender=sender, recipient=recipient)
    message_id = str(message["Message-ID"])
    if on_message is not None:
        on_message(digest, message)
    if mailer is None:
        report.sent.append(Sent(digest, recipient.address, message_id))
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
    recorder.record(digest, email=recipient.address, message_id=message_id, actor=actor)
    sent = Sent(digest, recipient.address, message_id)
    report.sent.append(sent)
    if on_sent is not None:
        on_sent(sent)
