"""The tamper-evident history: sealing events into one hash chain, and checking it.

Every history event is sealed when its transaction commits: it takes the next place in the
chain (``chain_seq``) and a SHA-256 over the previous event's hash and its own content
(:func:`~taskboard.domain.models.chain_link`); the ``audit_chain`` row moves to it. Changing
an event's content, removing one or slipping one in breaks the chain at that place, and
:func:`verify` names it. Rewriting every hash after a change is possible for someone who can
write the file, which is why reports and exports carry the chain's head (:func:`head`): a
printed report ties the register to the state it came from, and ``audit verify --head``
checks that state is still the beginning of today's history.

Concurrent writers: the head is read and moved at the very end of each transaction, under
the write lock (``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` of the head row on
PostgreSQL), so places are given out in commit order with no gap and no duplicate, and the
lock is held only for the time it takes to hash this transaction's own events.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from taskboard.domain.history_head import Head
from taskboard.domain.models import (
    CHAIN_FIELDS,
    CHAIN_GENESIS,
    CHAIN_HEAD_TABLE,
    EVENT_TABLE,
    Event,
    chain_digest,
    chain_link,
)

_UNSEALED = "taskboard.unsealed"
_HEAD_ID = 1


def track(session: Session, item: Event) -> None:
    """Have ``item`` (a new event of ``session``) sealed when the transaction commits."""
    session.info.setdefault(_UNSEALED, []).append(item)


def _stored_head(connection: Connection, *, lock: bool = False) -> Head | None:
    """The ``audit_chain`` row, None when it is gone; ``lock``: held until the transaction
    ends (``FOR UPDATE`` on PostgreSQL; SQLite's write transaction holds its lock already)."""
    statement = select(CHAIN_HEAD_TABLE.c.seq, CHAIN_HEAD_TABLE.c.hash).where(
        CHAIN_HEAD_TABLE.c.id == _HEAD_ID
    )
    if lock and connection.dialect.name == "postgresql":
        statement = statement.with_for_update()
    row = connection.execute(statement).one_or_none()
    return None if row is None else Head(seq=row.seq, hash=row.hash)


def _lock_head(connection: Connection) -> Head:
    """The chain's head, locked until the transaction ends."""
    stored = _stored_head(connection, lock=True)
    if stored is not None:
        return stored
    # The row is gone (removed behind taskboard's back): carry on from the last sealed event,
    # so writing still works; `audit verify` reports the missing head until then.
    last = _last_sealed(connection)
    connection.execute(insert(CHAIN_HEAD_TABLE).values(id=_HEAD_ID, seq=last.seq, hash=last.hash))
    return last


def _last_sealed(connection: Connection) -> Head:
    ev = EVENT_TABLE
    row = connection.execute(
        select(ev.c.chain_seq, ev.c.chain_hash)
        .where(ev.c.chain_seq.is_not(None))
        .order_by(ev.c.chain_seq.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return Head(seq=0, hash=CHAIN_GENESIS)
    return Head(seq=row.chain_seq, hash=row.chain_hash or CHAIN_GENESIS)


def _move_head(connection: Connection, head: Head) -> None:
    connection.execute(
        update(CHAIN_HEAD_TABLE)
        .where(CHAIN_HEAD_TABLE.c.id == _HEAD_ID)
        .values(seq=head.seq, hash=head.hash)
    )


def seal_rows(connection: Connection, rows: Sequence[MutableMapping[str, Any]]) -> None:
    """Seal event rows about to be inserted with Core (``chain_seq``/``chain_hash`` set)."""
    if not rows:
        return
    head = _lock_head(connection)
    seq, previous = head.seq, head.hash
    for row in rows:
        seq += 1
        previous = chain_link(previous, seq, {name: row.get(name) for name in CHAIN_FIELDS})
        row["chain_seq"], row["chain_hash"] = seq, previous
    _move_head(connection, Head(seq=seq, hash=previous))


class Sealer:
    """Seals a bulk writer's plain event rows, batch after batch, into one stretch of the chain.

    Each row is a list of the :data:`CHAIN_FIELDS` values in that order, each as
    :func:`~taskboard.domain.models.chain_moment` reads it (the writer converts its one moment
    once); :meth:`seal` appends its ``chain_seq`` and ``chain_hash``. The head is locked at the
    first batch and moved by :meth:`finish`, so a writer seals last, just before its commit.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._head: Head | None = None

    def seal(self, rows: Sequence[list[Any]]) -> None:
        """Give ``rows`` the next places in the chain, in their order."""
        if not rows:
            return
        if self._head is None:
            self._head = _lock_head(self.connection)
        seq, previous = self._head.seq, self._head.hash
        for row in rows:
            seq += 1
            previous = chain_digest(previous, seq, row)
            row += (seq, previous)
        self._head = Head(seq=seq, hash=previous)

    def finish(self) -> None:
        """Move the chain's head to the last row sealed (nothing to do when none was)."""
        if self._head is not None:
            _move_head(self.connection, self._head)


def seal_unsealed(connection: Connection) -> int:
    """Make the head the last sealed event, then seal in id order the events that have no
    place yet (a restore of an export made before the chain existed); return how many.

    Only for a database taskboard has just filled in one transaction: anywhere else an
    unsealed event is one written behind taskboard's back, and sealing it would hide it.
    """
    ev = EVENT_TABLE
    set_head(connection, _last_sealed(connection))
    rows = connection.execute(
        select(ev.c.id, *(ev.c[name] for name in CHAIN_FIELDS))
        .where(ev.c.chain_seq.is_(None))
        .order_by(ev.c.id)
    ).mappings()
    values = [dict(row) for row in rows]
    if values:
        seal_rows(connection, values)
        connection.execute(
            update(ev)
            .where(ev.c.id == bindparam("row_id"))
            .values(chain_seq=bindparam("seq"), chain_hash=bindparam("digest")),
            [{"row_id": v["id"], "seq": v["chain_seq"], "digest": v["chain_hash"]} for v in values],
        )
    return len(values)


def set_head(connection: Connection, head: Head) -> None:
    """Make ``head`` the chain's end (a restore, after copying a sealed history)."""
    table = CHAIN_HEAD_TABLE
    done = connection.execute(
        update(table).where(table.c.id == _HEAD_ID).values(seq=head.seq, hash=head.hash)
    )
    if not done.rowcount:
        connection.execute(insert(table).values(id=_HEAD_ID, seq=head.seq, hash=head.hash))


@event.listens_for(Session, "before_commit")
def _seal_session(session: Session) -> None:
    """Seal the events this transaction recorded (:func:`track`), in the order recorded."""
    pending: list[Event] = session.info.pop(_UNSEALED, None) or []
    pending = [item for item in pending if item in session]
    if not pending:
        return
    with session.no_autoflush:
        head = _lock_head(session.connection())
        seq, previous = head.seq, head.hash
        for item in pending:
            seq += 1
            values = {name: getattr(item, name) for name in CHAIN_FIELDS}
            previous = chain_link(previous, seq, values)
            item.chain_seq, item.chain_hash = seq, previous
        _move_head(session.connection(), Head(seq=seq, hash=previous))


@event.listens_for(Session, "after_rollback")
def _forget_unsealed(session: Session) -> None:
    session.info.pop(_UNSEALED, None)


def head(connection: Connection) -> Head:
    """The chain's head as stored (what reports and exports print)."""
    return _stored_head(connection) or _last_sealed(connection)


class Problem(StrEnum):
    """What :func:`verify` found first."""

    CHANGED = "changed"
    """An event's content or hash is not what was sealed (or one before it was replaced)."""
    REMOVED = "removed"
    """A place in the chain is missing: the events there were deleted."""
    INSERTED = "inserted"
    """An event has no place in the chain, or shares one: it was written behind taskboard."""
    TRUNCATED = "truncated"
    """The head says the chain goes on beyond its last event: the last events were deleted."""
    HEAD = "head"
    """The head row is missing or does not match the last event."""


@dataclass(frozen=True)
class Finding:
    """The first break in the chain: what, at which event and place."""

    problem: Problem
    event_id: int | None
    """The event named (None: the break is at the end, after the last one)."""
    seq: int | None
    """The place in the chain the break is at."""
    expected_seq: int | None = None
    """For a removal: the first place missing."""


@dataclass(frozen=True)
class Verdict:
    """The result of checking the whole chain."""

    events: int
    """Events checked."""
    head: Head
    """The chain's head as recomputed (the last sound place and hash)."""
    finding: Finding | None
    """The first break, None when the chain holds."""
    anchor_seq: int | None = None
    """For ``--head``: the place of the given hash in the chain, None when it is not there."""

    @property
    def ok(self) -> bool:
        """The chain holds from the first event to the head."""
        return self.finding is None


def _events(connection: Connection, batch: int = 5000) -> Iterator[RowMapping]:
    ev = EVENT_TABLE
    columns = (ev.c.id, ev.c.chain_seq, ev.c.chain_hash, *(ev.c[name] for name in CHAIN_FIELDS))
    result = connection.execution_options(yield_per=batch).execute(
        select(*columns).where(ev.c.chain_seq.is_not(None)).order_by(ev.c.chain_seq)
    )
    yield from result.mappings()


def verify(connection: Connection, *, anchor: str | None = None) -> Verdict:
    """Recompute the chain from the first event; name the first event changed, removed or
    inserted. ``anchor``: a head hash (or its first 12+ hex digits) from a report or export,
    whose place in the chain is looked up."""
    anchor = anchor.lower() if anchor else None
    anchor_seq: int | None = 0 if anchor is not None and CHAIN_GENESIS.startswith(anchor) else None
    expected, previous, count = 1, CHAIN_GENESIS, 0
    finding: Finding | None = None
    for row in _events(connection):
        seq = row["chain_seq"]
        if seq > expected:
            finding = Finding(Problem.REMOVED, row["id"], seq, expected_seq=expected)
            break
        if seq < expected:  # a second event at one place (the unique index was dropped)
            finding = Finding(Problem.INSERTED, row["id"], seq)
            break
        digest = chain_link(previous, seq, row)
        if digest != row["chain_hash"]:
            finding = Finding(Problem.CHANGED, row["id"], seq)
            break
        previous, count, expected = digest, count + 1, seq + 1
        if anchor is not None and anchor_seq is None and digest.startswith(anchor):
            anchor_seq = seq
    recomputed = Head(seq=expected - 1, hash=previous)
    if finding is None:
        finding = _unsealed(connection) or _check_head(connection, recomputed)
    return Verdict(events=count, head=recomputed, finding=finding, anchor_seq=anchor_seq)


def _unsealed(connection: Connection) -> Finding | None:
    ev = EVENT_TABLE
    first = connection.execute(
        select(ev.c.id).where(ev.c.chain_seq.is_(None)).order_by(ev.c.id).limit(1)
    ).scalar_one_or_none()
    return None if first is None else Finding(Problem.INSERTED, first, None)


def _check_head(connection: Connection, recomputed: Head) -> Finding | None:
    row = _stored_head(connection)
    if row is None:
        return Finding(Problem.HEAD, None, None)
    if row.seq > recomputed.seq:
        return Finding(Problem.TRUNCATED, None, recomputed.seq + 1, expected_seq=row.seq)
    if row.seq != recomputed.seq or row.hash != recomputed.hash:
        return Finding(Problem.HEAD, None, row.seq)
    return None
