"""Reading the audit trail (admins): filters, pages, CSV export, and the chain check."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.domain.audit_actions import AuditAction
from assistant.domain.audit_chain import ChainBreak
from assistant.domain.roles import Action
from assistant.i18n import _
from assistant.services.audit import wording
from assistant.services.audit.log import verify
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Member, Mention, Post, Reply


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    before: dict | None
    after: dict | None
    sentence: str = ""  # who did what to which item, in words
    changes: tuple[str, ...] = ()  # the before/after as readable lines


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    actions: list[str]
    timezone: str = "UTC"  # the executive's: the page shows times there, the zone named
    action_names: dict[str, str] = field(default_factory=dict)  # action → words, for the filter


# What went out in the executive's name: the sentence says "as Maya" when someone else did it.
_ON_BEHALF = {
    AuditAction.MENTION_REPLIED,
    AuditAction.POST_PUBLISHED,
    AuditAction.POST_THREAD_PART_SENT,
    AuditAction.REPLY_RECONCILED,
    AuditAction.REPLY_SENDING,
    AuditAction.REPLY_SENT,
}
_OWNED = {"post": Post, "mention": Mention, "reply": Reply}


def _ids(events: list[AuditEvent], entity_type: str) -> set[int]:
    return {int(e.entity_id) for e in events if e.entity_type == entity_type and str(e.entity_id).isdigit()}


def _worded(session: Session, workspace_id: int, events: list[AuditEvent], tz: str) -> list[AuditRow]:
    """Names for the items of one page of events (a few queries per page, not per row)."""
    members = dict(
        session.execute(select(Member.id, Member.display_name).where(Member.workspace_id == workspace_id)).all()
    )
    executives = {
        e.id: (e.name, e.member_id)
        for e in session.scalars(select(Executive).where(Executive.workspace_id == workspace_id))
    }
    owner: dict[tuple[str, int], int] = {}  # (type, id) → executive id
    reply_mention: dict[int, int] = {}
    for entity_type, model in _OWNED.items():
        ids = _ids(events, entity_type)
        if not ids:
            continue
        for row in session.scalars(select(model).where(model.id.in_(ids))):
            owner[(entity_type, row.id)] = row.executive_id
            if entity_type == "reply":
                reply_mention[row.id] = row.mention_id
    rows = []
    for e in events:
        key = int(e.entity_id) if str(e.entity_id).isdigit() else -1
        name = None
        if e.entity_type == "member":
            name = members.get(key)
        elif e.entity_type == "executive" and key in executives:
            name = executives[key][0]
        elif e.entity_type == "reply":
            name = _("a reply to mention #{id}", id=reply_mention[key]) if key in reply_mention else _("a reply")
        as_exec = None
        executive = executives.get(owner.get((e.entity_type, key), -1))
        if e.action in _ON_BEHALF and executive is not None and e.actor_id != executive[1]:
            as_exec = executive[0].split()[0]
        text = wording.sentence(
            e.action, e.actor_label, wording.item(e.entity_type, e.entity_id, name), as_executive=as_exec
        )
        rows.append(
            AuditRow(
                e.id,
                e.at,
                e.actor_label,
                e.action,
                f"{e.entity_type} {e.entity_id}",
                e.before,
                e.after,
                text,
                tuple(wording.changes(e.before, e.after, tz)),
            )
        )
    return rows


def _timezone(session: Session, workspace_id: int) -> str:
    zone = session.scalar(
        select(Executive.timezone).where(Executive.workspace_id == workspace_id).order_by(Executive.id)
    )
    return zone or "UTC"


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
        events = list(
            session.scalars(
                select(AuditEvent)
                .where(*where)
                .order_by(AuditEvent.id.desc())
                .offset((max(page, 1) - 1) * page_size)
                .limit(min(page_size, 1000))
            )
        )
        tz = _timezone(session, actor.workspace_id)
        rows = _worded(session, actor.workspace_id, events, tz)
        actions = sorted(
            session.scalars(select(AuditEvent.action).distinct().where(AuditEvent.workspace_id == actor.workspace_id))
        )
    names = {a: wording.action_words(a) for a in actions}
    return AuditPage(rows, total, actions, tz, names)


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
