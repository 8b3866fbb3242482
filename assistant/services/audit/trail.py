"""Reading the audit trail (admins): filters, pages, CSV export, and the chain check."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from assistant.domain.audit_chain import ChainBreak
from assistant.domain.roles import Action
from assistant.services.audit.log import verify
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    actions: list[str]


def _query(actor: Actor, action: str, who: str, since: datetime | None, until: datetime | None):
    where = [AuditEvent.workspace_id == actor.workspace_id]
    if action:
        where.append(AuditEvent.action == action)
    if who:
        where.append(func.lower(AuditEvent.actor_label).contains(who.lower()))
    if since is not None:
        where.append(AuditEvent.at >= since)
    if until is not None:
        where.append(AuditEvent.at < until)
    return where


@requires(Action.VIEW_AUDIT)
def audit_events(
    db: Database,
    actor: Actor,
    *,
    action: str = "",
    who: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    page: int = 1,
    page_size: int = 100,
) -> AuditPage:
    """Newest first, filtered by action, by who did it (part of name or e-mail) and by time."""
    where = _query(actor, action, who, since, until)
    with db.reading() as session:
        total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
        events = session.scalars(
            select(AuditEvent)
            .where(*where)
            .order_by(AuditEvent.id.desc())
            .offset((max(page, 1) - 1) * page_size)
            .limit(min(page_size, 1000))
        )
        rows = [
            AuditRow(e.id, e.at, e.actor_label, e.action, f"{e.entity_type} {e.entity_id}", e.before, e.after)
            for e in events
        ]
        actions = sorted(
            session.scalars(select(AuditEvent.action).distinct().where(AuditEvent.workspace_id == actor.workspace_id))
        )
    return AuditPage(rows, total, actions)


@requires(Action.VIEW_AUDIT)
def export_audit_csv(
    db: Database,
    actor: Actor,
    *,
    action: str = "",
    who: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> str:
    where = _query(actor, action, who, since, until)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at_utc", "actor", "action", "entity_type", "entity_id", "before", "after", "hash"])
    with db.reading() as session:
        for e in session.scalars(select(AuditEvent).where(*where).order_by(AuditEvent.id)):
            writer.writerow(
                [
                    e.id,
                    e.at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.entity_type,
                    e.entity_id,
                    json.dumps(e.before, sort_keys=True) if e.before is not None else "",
                    json.dumps(e.after, sort_keys=True) if e.after is not None else "",
                    e.hash,
                ]
            )
    return out.getvalue()


@requires(Action.VIEW_AUDIT)
def check_chain(db: Database, actor: Actor) -> tuple[int, ChainBreak | None]:
    """The same check as `python -m assistant audit verify`."""
    return verify(db)
