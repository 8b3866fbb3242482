"""publishing bookkeeping on posts: attempts, first attempt time, next attempt time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("publish_started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("publish_started_at")
        batch_op.drop_column("publish_attempts")
