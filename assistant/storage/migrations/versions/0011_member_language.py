"""member language: the interface language a member chose (NULL: the browser's)

Revision ID: 0011_member_language
Revises: 0010_post_submission_key
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_member_language"
down_revision = "0010_post_submission_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("language")
