"""The history chain's head as stored, read with plain SQL (no SQLAlchemy: the read path).

Reports and exports print it, so that a printed report or an export can be tied to the state
it came from (``taskboard audit verify --head HASH``); :mod:`taskboard.domain.audit` seals
and checks the chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskboard.storage.direct import Reader

CHAIN_GENESIS = "0" * 64
"""The hash before the first event (``domain.models.CHAIN_GENESIS``, without importing it)."""


@dataclass(frozen=True)
class Head:
    """Where the history chain ends: the last place and its hash (0 and zeros: no history)."""

    seq: int
    hash: str

    @property
    def short(self) -> str:
        """The first 16 hex digits: enough to tell states apart when read aloud or printed."""
        return self.hash[:16]


def read_head(reader: Reader) -> Head:
    """The ``audit_chain`` row; without it the last sealed event; without any, the genesis."""
    stored = reader.rows("SELECT seq, hash FROM audit_chain WHERE id = 1")
    if stored:
        return Head(seq=int(stored[0][0]), hash=stored[0][1])
    last = reader.rows(
        "SELECT chain_seq, chain_hash FROM event WHERE chain_seq IS NOT NULL"
        " ORDER BY chain_seq DESC LIMIT 1"
    )
    if not last:
        return Head(seq=0, hash=CHAIN_GENESIS)
    return Head(seq=int(last[0][0]), hash=last[0][1] or CHAIN_GENESIS)
