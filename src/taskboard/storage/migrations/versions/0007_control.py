"""Execution control: control levels, co-executors' parts, extension requests, review decisions.

- ``assignment.control_level``: whose control the assignment is on («у Губернатора», «у
  заместителя», «у руководителя»: the configured levels' keys); NULL for one given no level,
  which is how every existing assignment stays.
- ``assignment_co_executor.due``: a co-executor's own sub-deadline (never later than the
  owner's; NULL: the owner's deadline holds for the part).
- ``report.person_id``: the co-executor whose part a report is (NULL: the owner's report on the
  whole assignment, which every existing report is).
- ``extension_request``: a requested new deadline with its reason, pending until the author or
  controller grants it (an ordinary extension, linked) or refuses it with a reason.
- ``review_decision``: what a «Час контроля» decided on each assignment it went through, in the
  order of its protocol.

The upgrade only adds: every assignment keeps its status, deadline and meaning.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy): SQLite cannot drop and rebuild ``assignment`` while
    # other tables' rows refer to it with foreign keys on.
    op.add_column("assignment", sa.Column("control_level", sa.String(), nullable=True))
    op.create_index("ix_assignment_control_level", "assignment", ["control_level"])
    op.add_column("assignment_co_executor", sa.Column("due", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # Alembic adds a column's foreign key as an ALTER of constraints, which SQLite lacks;
        # SQLite takes it in the column's own definition.
        op.execute("ALTER TABLE report ADD COLUMN person_id INTEGER REFERENCES person (id)")
    else:
        op.add_column(
            "report",
            sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        )
    op.create_table(
        "extension_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("requested_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decision_reason", sa.String(), nullable=True),
        sa.Column("extension_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"]),
        sa.ForeignKeyConstraint(["extension_id"], ["extension.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extension_request_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_extension_request_state"), ["state"], unique=False)
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_decision_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_decision_assignment_id"), ["assignment_id"], unique=False
        )


def downgrade() -> None:
    # Schema 0006 keeps none of these: the decisions and requests go (their history events
    # stay), co-executors' reports go, sub-deadlines and levels are forgotten.
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_decision_assignment_id"))
        batch_op.drop_index(batch_op.f("ix_review_decision_meeting_id"))
    op.drop_table("review_decision")
    with op.batch_alter_table("extension_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extension_request_state"))
        batch_op.drop_index(batch_op.f("ix_extension_request_assignment_id"))
    op.drop_table("extension_request")
    op.execute("DELETE FROM report WHERE person_id IS NOT NULL")
    # DROP COLUMN in place (SQLite ≥ 3.35), for the same reason as the ADD COLUMNs; the
    # foreign key goes first where it is a constraint of its own (PostgreSQL).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE report DROP CONSTRAINT IF EXISTS report_person_id_fkey")
    op.drop_column("report", "person_id")
    op.drop_column("assignment_co_executor", "due")
    op.drop_index("ix_assignment_control_level", table_name="assignment")
    op.drop_column("assignment", "control_level")
