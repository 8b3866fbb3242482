"""saved replies: a workspace's reusable reply texts (snippets), one title each

Revision ID: 0008_saved_replies
Revises: 0007_member_sessions
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_saved_replies"
down_revision = "0007_member_sessions"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "saved_replies",
        sa.Column("id", Id, nullable=False),
        sa.Column("workspace_id", Id, nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by_id", Id, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["members.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "title", name="uq_saved_replies_workspace_title"),
    )


def downgrade() -> None:
    op.drop_table("saved_replies")
