"""mention inbox indexes: a workspace's mentions newest first, by state (fast with 1M rows)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index("ix_mentions_ws_posted", ["workspace_id", "posted_at"], unique=False)
        batch_op.create_index("ix_mentions_ws_state_posted", ["workspace_id", "state", "posted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_ws_state_posted")
        batch_op.drop_index("ix_mentions_ws_posted")
