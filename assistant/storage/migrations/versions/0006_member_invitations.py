"""member invitations: the hash of a one-time code and its expiry

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("invite_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("invite_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("invite_expires_at")
        batch_op.drop_column("invite_hash")
