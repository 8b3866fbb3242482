"""mention response time column: responded_at - posted_at in microseconds, and the report's covering index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Exact integer microseconds from the stored time-stamps, clamped at 0 like the engine.
# SQLite stores 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC): seconds by strftime, micros by substr.
SQLITE_MICROS = (
    "max(0, (CAST(strftime('%s', responded_at) AS INTEGER) - CAST(strftime('%s', posted_at) AS INTEGER))"
    " * 1000000 + CAST(substr(responded_at, 21, 6) AS INTEGER)"
    " - CAST(substr(posted_at, 21, 6) AS INTEGER))"
)
POSTGRES_MICROS = "GREATEST(0, CAST(EXTRACT(EPOCH FROM responded_at - posted_at) * 1000000 AS BIGINT))"


def upgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response_us", sa.BigInteger(), nullable=True))
    micros = SQLITE_MICROS if op.get_bind().dialect.name == "sqlite" else POSTGRES_MICROS
    op.execute(f"UPDATE mentions SET response_us = {micros} WHERE responded_at IS NOT NULL")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentions_exec_class_posted",
            ["executive_id", "sla_class", "posted_at", "responder_kind", "response_us"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_exec_class_posted")
        batch_op.drop_column("response_us")
