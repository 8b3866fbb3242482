"""Mention text kept only as long as the workspace says (Settings → privacy; default a year).

The worker applies it once a day: the text of mentions posted before the cut-off is replaced by a
placeholder, with the excerpts notifications quoted; every figure stays, so the reports do not move.
One audit event per workspace says how many were blanked (ids are not needed: audit events do not
hold mention text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.services.audit.log import record_event
from assistant.services.privacy.personal import ERASED_TEXT
from assistant.services.workspace.policies import retention_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Mention, Notification, Workspace

EXPIRED_TEXT = "[expired]"  # stored in place of the text (data, not a message)
SYSTEM_LABEL = "system (retention)"


@dataclass(frozen=True)
class RetentionPass:
    workspace_id: int
    days: int
    cutoff: datetime
    mentions: int
    notifications: int


def apply_retention(db: Database, *, now: datetime | None = None) -> list[RetentionPass]:
    """Blank the text past each workspace's retention period; one transaction per workspace."""
    now = now or utcnow()
    done = []
    with db.reading() as session:
        workspace_ids = list(session.scalars(select(Workspace.id).order_by(Workspace.id)))
    for workspace_id in workspace_ids:
        with db.writing() as session:
            days = retention_policy_of(session, workspace_id).mention_text_days
            if days is None:
                continue
            cutoff = now - timedelta(days=days)
            # Core UPDATEs: the text is the only column touched, so the stored response time stays as is.
            mentions = session.execute(
                update(Mention)
                .where(
                    Mention.workspace_id == workspace_id,
                    Mention.posted_at < cutoff,
                    Mention.text.not_in((EXPIRED_TEXT, ERASED_TEXT)),
                )
                .values(text=EXPIRED_TEXT)
                .execution_options(synchronize_session=False)
            ).rowcount
            notifications = session.execute(
                update(Notification)
                .where(
                    Notification.workspace_id == workspace_id,
                    Notification.occurred_at < cutoff,
                    Notification.summary.not_in((EXPIRED_TEXT, ERASED_TEXT)),
                )
                .values(summary=EXPIRED_TEXT)
                .execution_options(synchronize_session=False)
            ).rowcount
            if not (mentions or notifications):
                continue
            record_event(
                session,
                actor_id=None,
                actor_label=SYSTEM_LABEL,
                workspace_id=workspace_id,
                action=AuditAction.PRIVACY_RETENTION_APPLIED,
                entity_type="workspace",
                entity_id=workspace_id,
                after={"days": days, "cutoff": cutoff, "mentions": mentions, "notifications": notifications},
                at=now,
            )
            done.append(RetentionPass(workspace_id, days, cutoff, mentions, notifications))
    return done
