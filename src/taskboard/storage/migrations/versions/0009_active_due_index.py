"""Listings at scale on PostgreSQL: an index of the deadlines of assignments on control.

The TUI's first screen and every search keystroke ask for the first page of the assignments on
control in deadline order (``status IN (…) ORDER BY due, id LIMIT …``). PostgreSQL walks the
deadline index for it and skips every closed assignment due earlier than the first one on
control: at 1,000,000 assignments, 250,000 rows and 400 ms for a page of 60. This partial
index holds only the assignments on control, in that order: the page is its first entries
(0.07 ms), and the overdue list reads it without a sort. A role that may not create it (no
``CREATE`` on the schema) upgrades without it, as 0008 does. SQLite walks its own deadline index
quickly enough (and cannot match a partial index against bound parameters): nothing changes
there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_assignment_active_due"
ON_CONTROL = ("open", "in_progress", "review", "rework")
"""The statuses on control (``domain.listing.ACTIVE`` when this was written; a migration keeps
its own copy)."""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    statuses = ", ".join(f"'{s}'" for s in ON_CONTROL)
    try:
        with bind.begin_nested():  # a refusal must not abort the upgrade's one transaction
            bind.execute(
                sa.text(
                    f"CREATE INDEX IF NOT EXISTS {INDEX} ON assignment (due, id)"
                    f" WHERE status IN ({statuses})"
                )
            )
    except sa.exc.DBAPIError:
        return  # no CREATE on the schema: the listings stay the same, only slower


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
