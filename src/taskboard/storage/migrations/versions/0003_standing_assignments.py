"""Standing assignments («постоянно»): an assignment may be on control without a deadline.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.alter_column("due", existing_type=sa.Date(), nullable=True)
        batch_op.alter_column("original_due", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    # A standing assignment has no date to put back: refuse rather than invent one.
    bind = op.get_bind()
    standing = bind.execute(sa.text("SELECT count(*) FROM assignment WHERE due IS NULL")).scalar()
    if standing:
        raise RuntimeError(
            f"{standing} standing assignments have no deadline; give them one before downgrading"
        )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.alter_column("due", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("original_due", existing_type=sa.Date(), nullable=False)
