"""post submissions: one Compose form's key per post, unique, so a double click makes one post

Revision ID: 0010_post_submission_key
Revises: 0009_notifications
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_post_submission_key"
down_revision = "0009_notifications"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "post_submissions",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("workspace_id", _ID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"]),
        sa.UniqueConstraint("workspace_id", "key", name="uq_post_submissions_workspace_key"),
    )
    op.create_index("ix_post_submissions_post_id", "post_submissions", ["post_id"])


def downgrade() -> None:
    op.drop_index("ix_post_submissions_post_id", table_name="post_submissions")
    op.drop_table("post_submissions")
