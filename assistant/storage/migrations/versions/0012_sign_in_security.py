"""sign_in_security: failed sign-ins counted per e-mail (member or not) in sign_in_failures

The lockout moves off `members` (failed_logins, locked_until), where parallel wrong passwords lost updates and an
unknown e-mail never locked, to one row per SHA-256 of the normalised e-mail, updated by one conditional UPDATE.
Lockouts still running at upgrade time are carried over.

Revision ID: 0012_sign_in_security
Revises: 0011_member_language
Create Date: 2026-11-28
"""

import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0012_sign_in_security"
down_revision = "0011_member_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    failures = op.create_table(
        "sign_in_failures",
        sa.Column("email_digest", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("email_digest"),
    )
    op.create_index("ix_sign_in_failures_window_started_at", "sign_in_failures", ["window_started_at"])
    connection = op.get_bind()
    now = datetime.now(UTC)
    members = sa.table(
        "members",
        sa.column("email", sa.String()),
        sa.column("failed_logins", sa.Integer()),
        sa.column("locked_until", sa.DateTime(timezone=True)),
    )
    running = connection.execute(
        sa.select(members.c.email, members.c.failed_logins, members.c.locked_until).where(
            sa.or_(members.c.failed_logins > 0, members.c.locked_until.is_not(None))
        )
    ).all()
    rows = []
    for email, count, locked_until in running:
        if locked_until is not None and locked_until.tzinfo is None:  # SQLite keeps naive UTC
            locked_until = locked_until.replace(tzinfo=UTC)
        if locked_until is not None and locked_until <= now:
            locked_until = None
        if count or locked_until:
            rows.append(
                {
                    "email_digest": hashlib.sha256(email.encode("utf-8")).hexdigest(),
                    "failures": max(count, 5 if locked_until else 0),
                    "window_started_at": _stored(now, connection),
                    "locked_until": _stored(locked_until, connection) if locked_until else None,
                }
            )
    if rows:
        op.bulk_insert(failures, rows)
    # SQLite ≥ 3.35 drops a plain column in place (no table rebuild, so no cascade on member_roles).
    op.drop_column("members", "locked_until")
    op.drop_column("members", "failed_logins")


def _stored(moment: datetime, connection) -> datetime:
    """Timestamps as the models store them: naive UTC on SQLite."""
    return moment.replace(tzinfo=None) if connection.dialect.name == "sqlite" else moment


def downgrade() -> None:
    op.add_column("members", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("members", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("ix_sign_in_failures_window_started_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
