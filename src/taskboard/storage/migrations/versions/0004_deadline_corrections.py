"""Deadline corrections: a history event may carry the reason it was made with.

A change of the deadline through ``edit`` (not an extension) is recorded as a ``corrected``
event with the old date, the new date and this reason. The column is nullable: every event
written before, and every event of another kind, has none.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(), nullable=True))


def downgrade() -> None:
    # The corrections stay in the history as «corrected» events, only without their reasons.
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("reason")
