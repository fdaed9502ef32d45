"""The acceptance loop: owners' reports on execution, and two statuses that need no column.

An owner's report (``taskboard submit``) is a row of ``report``: its text, its own date, an
optional reference to the document or file that holds it, who recorded it and when. The
statuses ``review`` (на приёмке) and ``rework`` (на доработке) are values of the existing
``assignment.status`` text column, and a return for rework is a status event whose ``reason``
holds the controller's comment (an ``event`` column since 0004), with an ordinary extension
when it moves the deadline: the upgrade adds the table and changes no existing row, so every
assignment keeps its status and meaning.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("document", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_assignment_id"), ["assignment_id"], unique=False
        )


def downgrade() -> None:
    # Schema 0005 knows neither the reports nor the two statuses: assignments under review or
    # in rework go back on control as open ones (their history keeps every step).
    op.execute("UPDATE assignment SET status = 'open' WHERE status IN ('review', 'rework')")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_assignment_id"))
    op.drop_table("report")
