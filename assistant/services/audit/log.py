"""Append audit events to the hash chain, and verify it."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.audit_chain import (
    CHAIN_VERSION,
    GENESIS,
    ChainBreak,
    ChainCheck,
    ChainedEvent,
    Checkpoint,
    check_checkpoints,
    event_hash,
    personal_digest,
    walk,
)
from assistant.i18n import _
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
    """What the event's hash covers: everything (version 1), or the plain fields and the digest (version 2)."""
    plain = {
        "id": ev.id,
        "workspace_id": ev.workspace_id,
        "at": ev.at.isoformat(),
        "actor_id": ev.actor_id,
        "actor_label": ev.actor_label,
        "action": ev.action,
        "entity_type": ev.entity_type,
        "entity_id": ev.entity_id,
    }
    if (ev.chain_version or 1) == 1:
        return {**plain, "before": ev.before, "after": ev.after}
    return {**plain, "chain_version": ev.chain_version, "personal_digest": ev.personal_digest}


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
    `action` must be one of `AuditAction`: a free string is refused (ValueError) before anything is written.
    The hash covers a salted digest of before/after (chain version 2), so they can be erased later."""
    action = AuditAction(action)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_hash=GENESIS, event_count=0)
        session.add(head)
        session.flush()
    before, after = json_safe(before), json_safe(after)
    salt = secrets.token_hex(16)
    event = AuditEvent(
        workspace_id=workspace_id,
        at=(at or utcnow()).astimezone(UTC),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action.value,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
        prev_hash=head.last_hash,
        hash="",
        chain_version=CHAIN_VERSION,
        personal_salt=salt,
        personal_digest=personal_digest(salt, before, after),
    )
    session.add(event)
    session.flush()  # assigns the id, which the hash covers
    event.hash = event_hash(event.prev_hash, _payload(event))
    head.last_hash = event.hash
    head.event_count = (head.event_count or 0) + 1
    return event


def blank_personal_fields(event: AuditEvent, before: dict | None, after: dict | None, at: datetime) -> None:
    """Erase what an event says about a person: its before/after replaced (by the caller's redacted
    copies), the salt dropped. The hash and the digest stay, so the chain still verifies; the erasure
    event that names this one (`after["audit_events"]`) is what makes the blanking legitimate."""
    event.before, event.after = json_safe(before), json_safe(after)
    event.personal_salt = None
    event.erased_at = at


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


# Erasures name the events they blanked; verify checks every blanked event is named by one.
_ERASURES = {AuditAction.PRIVACY_ERASED.value}


def _chained(ev: AuditEvent) -> ChainedEvent:
    erased = ev.erased_at is not None
    erases: tuple[int, ...] = ()
    if ev.action in _ERASURES and not erased and isinstance(ev.after, dict):
        erases = tuple(int(i) for i in ev.after.get("audit_events") or () if str(i).isdigit())
    return ChainedEvent(
        ev.id,
        ev.prev_hash,
        ev.hash,
        _payload(ev),
        version=ev.chain_version or 1,
        salt=ev.personal_salt,
        personal={"before": ev.before, "after": ev.after},
        erased=erased,
        erases=erases,
    )


def _events(session: Session, batch: int = 5000) -> Iterator[ChainedEvent]:
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        for ev in rows:
            yield _chained(ev)
        last_id = rows[-1].id
        session.expunge_all()


@dataclass(frozen=True)
class ChainReport:
    """`audit verify`: how many events, the head hash (to keep outside the database), the first break."""

    count: int
    head: str
    last_event_id: int | None
    erased: int
    broken: ChainBreak | None
    recorded_count: int  # what the head row says the chain holds


def verify_report(
    db: Database, *, expect_head: str | None = None, checkpoints: Iterable[Checkpoint] = ()
) -> ChainReport:
    """Walk the whole chain in one snapshot (the head row read first, so appends during the walk do
    not look like a cut), then hold it against the head row, `expect_head` and the checkpoints."""
    points = list(checkpoints)
    with db.reading() as session:
        if not db.is_sqlite:  # one snapshot for the head row and every batch (SQLite reads are one already)
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        head = session.get(AuditHead, 1)
        recorded_hash = head.last_hash if head else GENESIS
        recorded_count = int(head.event_count or 0) if head else 0
        check = walk(_events(session), watch={p.event_id for p in points})
    broken = check.broken
    if broken is None:
        broken = _against_head(check, head is not None, recorded_hash, recorded_count)
    if broken is None and expect_head is not None and expect_head.strip().lower() != check.head:
        broken = ChainBreak(
            check.last_id or 0,
            _(
                "the head is {head}, not the {expected} kept outside the database"
                " (the chain was rebuilt or events were cut)",
                head=check.head,
                expected=expect_head.strip(),
            ),
        )
    if broken is None:
        broken = check_checkpoints(check, points)
    return ChainReport(check.count, check.head, check.last_id, check.erased, broken, recorded_count)


def _against_head(check: ChainCheck, has_head: bool, recorded_hash: str, recorded_count: int) -> ChainBreak | None:
    if check.count == 0:
        if recorded_hash != GENESIS or recorded_count:
            return ChainBreak(
                0,
                _(
                    "the log is empty, but the head row says the chain ends in {head}: the events were deleted",
                    head=recorded_hash,
                ),
            )
        return None
    if not has_head:
        return ChainBreak(check.last_id or 0, _("the chain head row is missing (it was deleted)"))
    if recorded_hash != check.head:
        return ChainBreak(check.last_id or 0, _("the chain head points past it: a later event was deleted"))
    if recorded_count != check.count:
        return ChainBreak(
            check.last_id or 0,
            _(
                "the head row records {recorded} event(s), the log holds {count}: events were deleted",
                recorded=recorded_count,
                count=check.count,
            ),
        )
    return None


def verify(db: Database) -> tuple[int, ChainBreak | None]:
    """(events checked, first break or None): `verify_report` without outside hashes."""
    report = verify_report(db)
    return report.count, report.broken


def make_checkpoint(db: Database, *, now: datetime | None = None) -> tuple[Checkpoint | None, ChainReport]:
    """The head to keep outside the database, after a full check (a broken chain is never checkpointed:
    (None, report) then, and also when the log has no event yet)."""
    report = verify_report(db)
    if report.broken is not None or report.last_event_id is None:
        return None, report
    at = (now or utcnow()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Checkpoint(at, report.last_event_id, report.head), report
