"""Append audit events to the hash chain, and verify it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.audit_chain import GENESIS, ChainBreak, event_hash, verify_chain
from assistant.services.context import Actor
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, AuditHead


def json_safe(value: Any) -> Any:
    """What JSON stores and gives back unchanged, so the hash survives the round trip."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [json_safe(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _payload(ev: AuditEvent) -> dict[str, Any]:
    return {
        "id": ev.id,
        "workspace_id": ev.workspace_id,
        "at": ev.at.isoformat(),
        "actor_id": ev.actor_id,
        "actor_label": ev.actor_label,
        "action": ev.action,
        "entity_type": ev.entity_type,
        "entity_id": ev.entity_id,
        "before": ev.before,
        "after": ev.after,
    }


def record_event(
    session: Session,
    *,
    actor_id: int | None,
    actor_label: str,
    workspace_id: int | None,
    action: AuditAction,
    entity_type: str,
    entity_id: object,
    before: dict | None = None,
    after: dict | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Write one event in the caller's transaction; the head row lock orders concurrent writers.
    `action` must be one of `AuditAction`: a free string is refused (ValueError) before anything is written."""
    action = AuditAction(action)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_hash=GENESIS)
        session.add(head)
        session.flush()
    event = AuditEvent(
        workspace_id=workspace_id,
        at=(at or utcnow()).astimezone(UTC),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action.value,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=json_safe(before),
        after=json_safe(after),
        prev_hash=head.last_hash,
        hash="",
    )
    session.add(event)
    session.flush()  # assigns the id, which the hash covers
    event.hash = event_hash(event.prev_hash, _payload(event))
    head.last_hash = event.hash
    return event


def record_action(
    session: Session,
    actor: Actor,
    action: AuditAction,
    entity_type: str,
    entity_id: object,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """An event done by the signed-in member `actor` in their workspace (the common case)."""
    return record_event(
        session,
        actor_id=actor.member_id,
        actor_label=actor.label,
        workspace_id=actor.workspace_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
    )


def _chain(db: Database, batch: int = 5000) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    last_id = 0
    with db.reading() as session:
        while True:
            rows = session.scalars(
                select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
            ).all()
            if not rows:
                return
            for ev in rows:
                yield ev.id, ev.prev_hash, ev.hash, _payload(ev)
            last_id = rows[-1].id
            session.expunge_all()


def verify(db: Database) -> tuple[int, ChainBreak | None]:
    """(events checked, first break or None). A deleted last event shows against the head row."""
    count = 0

    def counted():
        nonlocal count
        for item in _chain(db):
            count += 1
            yield item

    broken = verify_chain(counted())
    if broken is None and count:
        with db.reading() as session:
            head = session.get(AuditHead, 1)
            last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
            if head is not None and last is not None and head.last_hash != last.hash:
                broken = ChainBreak(last.id, "the chain head points past it: a later event was deleted")
    return count, broken
