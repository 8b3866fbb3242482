"""worker_scale: replies retried by any worker (attempts and the next attempt's time), due-work indexes

Several workers share the due posts and replies with `FOR UPDATE SKIP LOCKED` on PostgreSQL. A reply
that X refused with a retryable error (5xx, 429) is retried by the worker at `next_attempt_at`, at most
a few times (`send_attempts`), as posts already are. The two indexes let each worker find the next
due row without scanning the table.

Revision ID: 0015_worker_scale
Revises: 0014_audit_privacy
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_worker_scale"
down_revision = "0014_audit_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.add_column(sa.Column("send_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_replies_state_next_attempt", "replies", ["state", "next_attempt_at"])
    op.create_index("ix_posts_state_scheduled", "posts", ["state", "scheduled_at"])


def downgrade() -> None:
    op.drop_index("ix_posts_state_scheduled", table_name="posts")
    op.drop_index("ix_replies_state_next_attempt", table_name="replies")
    with op.batch_alter_table("replies") as batch:
        batch.drop_column("next_attempt_at")
        batch.drop_column("send_attempts")
