"""delegation security: the class a mention arrived with, who set its class, a delegate's proposed class,
a sticky escalation mark, and the versions of a reply (issue 14, findings 1 and 3)

The policy reads `arrival_sla_class` unless a reviewer, the executive or an admin set the class
(`sla_class_set_by_id`). Upgrading backfills both from the audit trail: a class a delegate changed before
this revision no longer counts for the policy (the class before the first change does), one set by a
member who is a reviewer, the executive or an admin keeps counting.

Revision ID: 0013_delegation_security
Revises: 0012_sign_in_security
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_delegation_security"
down_revision = "0012_sign_in_security"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The UTCDateTime type of the models, as earlier migrations write it.
Stamp = sa.DateTime(timezone=True)
_DECIDERS = ("executive", "reviewer", "admin")


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("arrival_sla_class", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("sla_class_set_by_id", Id, nullable=True))
        batch.add_column(sa.Column("proposed_sla_class", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("proposed_by_id", Id, nullable=True))
        batch.add_column(sa.Column("proposed_at", Stamp, nullable=True))
        batch.add_column(sa.Column("escalated_at", Stamp, nullable=True))
        batch.create_foreign_key("fk_mentions_sla_class_set_by_id_members", "members", ["sla_class_set_by_id"], ["id"])
        batch.create_foreign_key("fk_mentions_proposed_by_id_members", "members", ["proposed_by_id"], ["id"])
    op.create_table(
        "reply_versions",
        sa.Column("id", Id, primary_key=True),
        sa.Column("reply_id", Id, sa.ForeignKey("replies.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", Id, sa.ForeignKey("members.id"), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.UniqueConstraint("reply_id", "number"),
    )
    op.create_index("ix_reply_versions_reply_id", "reply_versions", ["reply_id"])
    _backfill()


def _backfill() -> None:
    """The arrival class and who set the class, from the `mention.sla_class_changed` events (oldest first)."""
    bind = op.get_bind()
    mentions = sa.table(
        "mentions",
        sa.column("id", Id),
        sa.column("sla_class", sa.String),
        sa.column("state", sa.String),
        sa.column("arrival_sla_class", sa.String),
        sa.column("sla_class_set_by_id", Id),
        sa.column("escalated_at", Stamp),
        sa.column("posted_at", Stamp),
    )
    events = sa.table(
        "audit_events",
        sa.column("id", Id),
        sa.column("at", Stamp),
        sa.column("actor_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
    )
    roles = sa.table("member_roles", sa.column("member_id", Id), sa.column("role", sa.String))
    bind.execute(mentions.update().values(arrival_sla_class=mentions.c.sla_class))
    # An escalated mention keeps the mark (its time is not known: the time it was posted stands in).
    bind.execute(mentions.update().where(mentions.c.state == "escalated").values(escalated_at=mentions.c.posted_at))
    deciders = {
        member_id for (member_id,) in bind.execute(sa.select(roles.c.member_id).where(roles.c.role.in_(_DECIDERS)))
    }
    changes: dict[str, list[tuple[int | None, dict, dict]]] = {}
    rows = bind.execute(
        sa.select(events.c.entity_id, events.c.actor_id, events.c.before, events.c.after)
        .where(events.c.action == "mention.sla_class_changed")
        .order_by(events.c.id)
    )
    for entity_id, actor_id, before, after in rows:
        changes.setdefault(entity_id, []).append((actor_id, before or {}, after or {}))
    for entity_id, history in changes.items():
        if not entity_id.isdigit():
            continue
        arrival = history[0][1].get("sla_class")
        actor_id = history[-1][0]
        set_by = actor_id if actor_id in deciders else None
        values: dict = {"sla_class_set_by_id": set_by}
        if arrival:
            values["arrival_sla_class"] = arrival
        bind.execute(mentions.update().where(mentions.c.id == int(entity_id)).values(**values))


def downgrade() -> None:
    op.drop_index("ix_reply_versions_reply_id", table_name="reply_versions")
    op.drop_table("reply_versions")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_constraint("fk_mentions_proposed_by_id_members", type_="foreignkey")
        batch.drop_constraint("fk_mentions_sla_class_set_by_id_members", type_="foreignkey")
        batch.drop_column("escalated_at")
        batch.drop_column("proposed_at")
        batch.drop_column("proposed_by_id")
        batch.drop_column("proposed_sla_class")
        batch.drop_column("sla_class_set_by_id")
        batch.drop_column("arrival_sla_class")
