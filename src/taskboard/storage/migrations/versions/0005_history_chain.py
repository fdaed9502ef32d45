"""Tamper-evident history: every event is sealed into one hash chain.

Each event gets its place in the chain (``chain_seq``) and a SHA-256 over the previous
event's hash and its own content (``chain_hash``, see ``domain.models.chain_link``); the
``audit_chain`` row holds the chain's end. Existing history is hashed once here, in id order
(the order it was written in), inside the upgrade's one transaction.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from taskboard.domain.models import CHAIN_FIELDS, CHAIN_GENESIS, chain_link

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000

# The event table as this revision knows it (never the current model: a later revision
# may add columns this one must not read).
_event = sa.table(
    "event",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("assignment_id", sa.Integer()),
    sa.column("meeting_id", sa.Integer()),
    sa.column("person_id", sa.Integer()),
    sa.column("field", sa.String()),
    sa.column("old_value", sa.String()),
    sa.column("new_value", sa.String()),
    sa.column("reason", sa.String()),
    sa.column("chain_seq", sa.Integer()),
    sa.column("chain_hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chain_hash", sa.String(), nullable=True))
        batch_op.create_index("ix_event_chain_seq", ["chain_seq"], unique=True)
    head = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    bind = op.get_bind()
    columns = [_event.c[name] for name in CHAIN_FIELDS]
    rows = bind.execute(sa.select(_event.c.id, *columns).order_by(_event.c.id))
    update = (
        sa.update(_event)
        .where(_event.c.id == sa.bindparam("row_id"))
        .values(chain_seq=sa.bindparam("seq"), chain_hash=sa.bindparam("digest"))
    )
    seq, previous = 0, CHAIN_GENESIS
    batch: list[dict[str, object]] = []
    for row in rows.mappings().fetchall():
        seq += 1
        previous = chain_link(previous, seq, row)
        batch.append({"row_id": row["id"], "seq": seq, "digest": previous})
        if len(batch) >= _BATCH:
            bind.execute(update, batch)
            batch = []
    if batch:
        bind.execute(update, batch)
    op.bulk_insert(head, [{"id": 1, "seq": seq, "hash": previous}])


def downgrade() -> None:
    # The history itself stays; only its seals go.
    op.drop_table("audit_chain")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_chain_seq")
        batch_op.drop_column("chain_hash")
        batch_op.drop_column("chain_seq")
