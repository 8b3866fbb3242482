"""What is stored about one mention author (a person: the GDPR applies), exported or erased.

An author is found by X handle (case-insensitive, with or without '@') or by X user id. Their data:
the mentions they wrote, the replies to those mentions, the notifications that quoted them, and the
audit events about those mentions and replies or naming them. Erasure replaces text and handle by a
placeholder and keeps every figure (times, states, SLA class, response time), so the reports do not
move; the audit events keep their hash and digest (chain version 2), so `audit verify` still passes.
The erasure is itself audited, by ids and counts only: its event never holds the handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.errors import InvalidInput
from assistant.i18n import _
from assistant.services.audit.log import blank_personal_fields, json_safe, record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Mention, Notification, Reply, Workspace

ERASED_TEXT = "[erased]"  # stored in place of a text (not translated: it is data, shown as stored)
ERASED_HANDLE = "erased"
OPERATOR_LABEL = "system (command line)"
# In an event about the author's own mention or reply, these keys hold free text: erased whole.
_FREE_TEXT_KEYS = frozenset({"text", "reason", "comment", "summary", "author", "author_handle", "author_name"})
_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,50})$")


def author_key(handle: str) -> str:
    """'@Bob_1 ' → 'bob_1'; anything that is not an X handle or user id is refused (it would match too much)."""
    match = _HANDLE.match((handle or "").strip())
    if match is None:
        raise InvalidInput(_("'{handle}' is not an X handle or user id (letters, digits and _ only)", handle=handle))
    return match.group(1).lower()


@dataclass
class AuthorData:
    """One workspace's rows about the author (the ORM rows, in the session that found them)."""

    workspace_id: int
    mentions: list[Mention] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)
    linked_events: set[int] = field(default_factory=set)  # about their mentions or replies

    def __bool__(self) -> bool:
        return bool(self.mentions or self.replies or self.notifications or self.events)


def _names_pattern(key: str, names: set[str]) -> re.Pattern[str]:
    words = [re.escape(key)] + [re.escape(n) for n in sorted(names) if len(n) >= 3]
    return re.compile(r"(?<![\w@])@?(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def _find(session: Session, workspace_id: int, key: str, *, lock: bool = False) -> tuple[AuthorData, re.Pattern[str]]:
    data = AuthorData(workspace_id)
    query = select(Mention).where(
        Mention.workspace_id == workspace_id,
        or_(func.lower(Mention.author_handle) == key, Mention.author_id == key),
    )
    data.mentions = list(session.scalars((query.with_for_update() if lock else query).order_by(Mention.id)))
    mention_ids = [m.id for m in data.mentions]
    names = {m.author_name for m in data.mentions if m.author_name}
    pattern = _names_pattern(key, names)
    if mention_ids:
        data.replies = list(session.scalars(select(Reply).where(Reply.mention_id.in_(mention_ids)).order_by(Reply.id)))
    reply_ids = [r.id for r in data.replies]
    links = [f"mention={i}" for i in mention_ids]
    candidates = session.scalars(
        select(Notification).where(
            Notification.workspace_id == workspace_id,
            or_(Notification.summary.ilike(f"%{key}%"), *(Notification.link.contains(x) for x in links)),
        )
    )
    data.notifications = [
        n
        for n in candidates
        if pattern.search(n.summary or "") or any(re.search(rf"{x}(?!\d)", n.link or "") for x in links)
    ]
    linked = or_(
        (AuditEvent.entity_type == "mention") & AuditEvent.entity_id.in_([str(i) for i in mention_ids or [-1]]),
        (AuditEvent.entity_type == "reply") & AuditEvent.entity_id.in_([str(i) for i in reply_ids or [-1]]),
    )
    # The JSON as text: a cheap first filter in SQL, the exact word match in Python.
    naming = or_(
        *(
            cast(column, String).ilike(f"%{word}%")
            for column in (AuditEvent.before, AuditEvent.after)
            for word in [key, *(n for n in names if len(n) >= 3)]
        )
    )
    for ev in session.scalars(
        select(AuditEvent).where(AuditEvent.workspace_id == workspace_id, or_(linked, naming)).order_by(AuditEvent.id)
    ):
        is_linked = (ev.entity_type == "mention" and ev.entity_id in {str(i) for i in mention_ids}) or (
            ev.entity_type == "reply" and ev.entity_id in {str(i) for i in reply_ids}
        )
        if is_linked or _names(ev.before, pattern) or _names(ev.after, pattern):
            data.events.append(ev)
            if is_linked:
                data.linked_events.add(ev.id)
    return data, pattern


def _names(value: Any, pattern: re.Pattern[str]) -> bool:
    if isinstance(value, dict):
        return any(_names(k, pattern) or _names(v, pattern) for k, v in value.items())
    if isinstance(value, list):
        return any(_names(v, pattern) for v in value)
    return isinstance(value, str) and bool(pattern.search(value))


def _redacted(value: Any, pattern: re.Pattern[str], linked: bool, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _redacted(v, pattern, linked, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, pattern, linked, key) for v in value]
    if isinstance(value, str) and ((linked and key in _FREE_TEXT_KEYS and value) or pattern.search(value)):
        return ERASED_TEXT
    return value


def _workspaces(session: Session, actor: Actor | None) -> list[int]:
    if actor is not None:
        return [actor.workspace_id]
    return list(session.scalars(select(Workspace.id).order_by(Workspace.id)))


# -- export --------------------------------------------------------------------------------------------


def _mention_row(m: Mention) -> dict[str, Any]:
    return {
        "id": m.id,
        "workspace_id": m.workspace_id,
        "executive_id": m.executive_id,
        "x_post_id": m.x_post_id,
        "author_id": m.author_id,
        "author_handle": m.author_handle,
        "author_name": m.author_name,
        "author_followers": m.author_followers,
        "author_verified": m.author_verified,
        "text": m.text,
        "posted_at": m.posted_at,
        "conversation_id": m.conversation_id,
        "in_reply_to_x_id": m.in_reply_to_x_id,
        "source": m.source,
        "state": m.state,
        "sla_class": m.sla_class,
        "responded_at": m.responded_at,
        "responder_kind": m.responder_kind,
    }


def _reply_row(r: Reply) -> dict[str, Any]:
    return {
        "id": r.id,
        "mention_id": r.mention_id,
        "text": r.text,
        "state": r.state,
        "authorship": r.authorship,
        "x_post_id": r.x_post_id,
        "created_at": r.created_at,
        "sent_at": r.sent_at,
    }


def _event_row(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "workspace_id": e.workspace_id,
        "at": e.at,
        "actor": e.actor_label,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "before": e.before,
        "after": e.after,
        "erased": e.erased_at is not None,
    }


def _export(db: Database, actor: Actor | None, handle: str, now: datetime) -> dict[str, Any]:
    key = author_key(handle)
    out: dict[str, Any] = {
        "author": key,
        "exported_at": now,
        "mentions": [],
        "replies": [],
        "notifications": [],
        "audit_events": [],
    }
    with db.writing() as session:
        for workspace_id in _workspaces(session, actor):
            data, _pattern = _find(session, workspace_id, key)
            if not data and actor is None:
                continue
            out["mentions"] += [_mention_row(m) for m in data.mentions]
            out["replies"] += [_reply_row(r) for r in data.replies]
            out["notifications"] += [
                {"id": n.id, "summary": n.summary, "link": n.link, "occurred_at": n.occurred_at}
                for n in data.notifications
            ]
            out["audit_events"] += [_event_row(e) for e in data.events]
            _audit(session, actor, workspace_id, AuditAction.PRIVACY_EXPORTED, _counts(data), now)
    return json_safe(out)


def _counts(data: AuthorData) -> dict[str, Any]:
    # Ids and counts only: the handle never goes into the audit log.
    return {
        "mentions": [m.id for m in data.mentions],
        "replies": [r.id for r in data.replies],
        "notifications": len(data.notifications),
        "audit_events": [e.id for e in data.events],
    }


def _audit(session: Session, actor: Actor | None, workspace_id: int, action: AuditAction, after: dict, now) -> None:
    record_event(
        session,
        actor_id=actor.member_id if actor else None,
        actor_label=actor.label if actor else OPERATOR_LABEL,
        workspace_id=workspace_id,
        action=action,
        entity_type="workspace",
        entity_id=workspace_id,
        after=after,
        at=now,
    )


@requires(Action.MANAGE_PERSONAL_DATA)
def export_author_data(db: Database, actor: Actor, handle: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything the actor's workspace stores about the author (JSON-ready); the export is audited."""
    return _export(db, actor, handle, now or utcnow())


def export_author_everywhere(db: Database, handle: str, *, now: datetime | None = None) -> dict[str, Any]:
    """The command line's export (whoever holds DATABASE_URL reads every workspace): every workspace."""
    return _export(db, None, handle, now or utcnow())


# -- erasure -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """What an erasure changed, in figures (never the handle)."""

    mentions: int = 0
    replies: int = 0
    notifications: int = 0
    audit_events: int = 0
    workspaces: tuple[int, ...] = ()


def _erase(db: Database, actor: Actor | None, handle: str, now: datetime) -> Erasure:
    key = author_key(handle)
    totals = [0, 0, 0, 0]
    touched = []
    with db.writing() as session:
        for workspace_id in _workspaces(session, actor):
            data, pattern = _find(session, workspace_id, key, lock=True)
            if not data:
                continue
            for m in data.mentions:
                # Figures stay (times, state, class, response time); the person goes. A per-row id keeps
                # erased authors apart from each other without saying who they were.
                m.text, m.author_handle, m.author_name = ERASED_TEXT, ERASED_HANDLE, ""
                m.author_id, m.author_followers, m.author_verified = f"erased:{m.id}"[:30], None, False
            for r in data.replies:
                r.text = ERASED_TEXT
                if r.last_error and pattern.search(r.last_error):
                    r.last_error = ERASED_TEXT
            for n in data.notifications:
                n.summary = ERASED_TEXT
            for ev in data.events:
                linked = ev.id in data.linked_events
                blank_personal_fields(
                    ev, _redacted(ev.before, pattern, linked), _redacted(ev.after, pattern, linked), now
                )
            session.flush()
            _audit(session, actor, workspace_id, AuditAction.PRIVACY_ERASED, _counts(data), now)
            totals = [
                totals[0] + len(data.mentions),
                totals[1] + len(data.replies),
                totals[2] + len(data.notifications),
                totals[3] + len(data.events),
            ]
            touched.append(workspace_id)
    return Erasure(*totals, workspaces=tuple(touched))


@requires(Action.MANAGE_PERSONAL_DATA)
def erase_author_data(db: Database, actor: Actor, handle: str, *, now: datetime | None = None) -> Erasure:
    """Erase the author's text and handle from the actor's workspace, figures kept; audited without the handle."""
    return _erase(db, actor, handle, now or utcnow())


def erase_author_everywhere(db: Database, handle: str, *, now: datetime | None = None) -> Erasure:
    """The command line's erasure, in every workspace that holds something about the author."""
    return _erase(db, None, handle, now or utcnow())
