"""member sessions: hashed cookie tokens and one-time codes, with idle and absolute expiry

Revision ID: 0007_member_sessions
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_member_sessions"
down_revision = "0006"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "member_sessions",
        sa.Column("id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_member_sessions_member_id", "member_sessions", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_member_sessions_member_id", table_name="member_sessions")
    op.drop_table("member_sessions")
