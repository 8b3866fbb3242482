"""audit_privacy: an audit chain that survives erasure, and a head that counts its events

audit_events gains chain_version (1 for every event already written: their hashes cover before/after
as they always did, so existing chains verify unchanged), personal_salt and personal_digest (version 2:
the hash covers a salted digest of before/after, so they can be blanked on erasure) and erased_at.
audit_head gains event_count, filled from the events present, so an emptied log fails `audit verify`.

Revision ID: 0014_audit_privacy
Revises: 0013_delegation_security
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_audit_privacy"
down_revision = "0013_delegation_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain_version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("personal_salt", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("personal_digest", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("event_count", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute("UPDATE audit_head SET event_count = (SELECT count(*) FROM audit_events)")


def downgrade() -> None:
    # Version-2 events cannot be checked by the code before 0014: downgrading keeps their rows, but
    # `audit verify` of that code reports them as edited. Downgrade only a database restored for a test.
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("event_count")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("personal_digest")
        batch.drop_column("personal_salt")
        batch.drop_column("chain_version")
