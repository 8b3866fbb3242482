"""Sending a reply on X exactly once (the publishing pattern, applied to replies).

Three steps: the reply becomes `sending` in a committed transaction, X is called, then the
reply becomes `sent` (and its mention `replied`) or `failed`. A crash between the call and
the last step leaves `sending`; the next attempt first looks for the text on the account's
timeline (`find_own_post`, bounded by the first attempt's audit time) and records what it
finds instead of posting again. Failures keep the text: nothing is ever lost.

The worker shares the rest among its processes (`send_due_replies`): approved replies the app did
not start sending (it sends on approval; a crash in between leaves them approved), retryable
failures whose `next_attempt_at` came (5xx, 429: at most MAX_ATTEMPTS automatic attempts), and
replies stuck `sending` past the lease. Each is picked with SKIP LOCKED on PostgreSQL, so N
workers send N different replies at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.states import MentionState, ReplyState, state_word
from assistant.errors import (
    Conflict,
    ExternalServiceError,
    InvalidTransition,
    NotFound,
    RateLimited,
    ReplyNotAllowed,
)
from assistant.i18n import _
from assistant.ports import Platform
from assistant.services.audit.log import record_event
from assistant.services.context import Actor
from assistant.services.sending import Outgoing, claim_row, deliver, next_due, stuck_since
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Mention, Reply
from assistant.x_types import SentPost, XPost

SYSTEM_LABEL = "system (reply sender)"
_STARTS = (ReplyState.DRAFT.value, ReplyState.APPROVED.value, ReplyState.FAILED.value, ReplyState.SENDING.value)
MAX_ATTEMPTS = 5  # automatic attempts after retryable failures; then the reply waits for a person's Retry
# The approver's own request sends an approved reply at once; the worker takes it only if that did not start.
HANDOFF = timedelta(minutes=1)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def _event(
    session, actor: Actor | None, reply: Reply, action: AuditAction, before: dict, after: dict, workspace_id: int
):
    record_event(
        session,
        actor_id=actor.member_id if actor else None,
        actor_label=actor.label if actor else SYSTEM_LABEL,
        workspace_id=workspace_id,
        action=action,
        entity_type="reply",
        entity_id=reply.id,
        before=before,
        after=after,
    )


def first_attempt_at(session, reply_id: int) -> datetime | None:
    """When sending was first tried: the audit log is the record, so no extra column is needed."""
    return session.scalar(
        select(AuditEvent.at)
        .where(
            AuditEvent.entity_type == "reply",
            AuditEvent.entity_id == str(reply_id),
            AuditEvent.action == AuditAction.REPLY_SENDING,
        )
        .order_by(AuditEvent.id)
        .limit(1)
    )


def _begin(db: Database, actor: Actor | None, reply_id: int, now: datetime) -> Outgoing:
    """Commit `sending` before any call to X; a conditional UPDATE lets exactly one caller through."""
    with db.writing() as session:
        return _begin_in(session, actor, reply_id, now)


def _begin_in(session: Session, actor: Actor | None, reply_id: int, now: datetime) -> Outgoing:
    reply = session.get(Reply, reply_id)
    if reply is None:
        raise NotFound(_("no reply {id}", id=reply_id))
    mention = session.get(Mention, reply.mention_id)
    before, stale = reply.state, reply.state == ReplyState.SENDING and reply.updated_at <= stuck_since(now)
    if before not in _STARTS or (before == ReplyState.SENDING and not stale):
        if before == ReplyState.SENDING:
            raise Conflict(_("reply {id} is being sent right now; wait a moment and reload", id=reply_id))
        raise InvalidTransition(
            _(
                "reply {id} is {state}; only draft, approved or failed replies are sent",
                id=reply_id,
                state=state_word(before, spaced=False),
            )
        )
    won = claim_row(
        session,
        Reply,
        reply_id,
        Reply.state == before,
        Reply.updated_at == reply.updated_at,
        state=ReplyState.SENDING.value,
        updated_at=now,
        sent_by_id=actor.member_id if actor else reply.sent_by_id,
        send_attempts=Reply.send_attempts + 1,
        next_attempt_at=None,
    )
    if not won:
        raise Conflict(_("reply {id} was just sent or changed by someone else; reload", id=reply_id))
    # Only a reply sent before (failed, interrupted, or counted) may be out already; the audit log says
    # since when, and is read only then (a first attempt does not search it).
    tried_before = before in (ReplyState.SENDING, ReplyState.FAILED) or reply.send_attempts > 0
    since = (first_attempt_at(session, reply_id) if tried_before else None) or now
    session.refresh(reply)
    executive = session.get(Executive, reply.executive_id)
    # The audit event last: its head-row lock orders every writer, so it is held only until the commit.
    _event(
        session,
        actor,
        reply,
        AuditAction.REPLY_SENDING,
        {"state": before},
        {"state": "sending", "in_reply_to": mention.x_post_id},
        mention.workspace_id,
    )
    return Outgoing(reply.text, executive.x_user_id, since, tried_before, in_reply_to_id=mention.x_post_id)


def _finish(
    db: Database,
    actor: Actor | None,
    reply_id: int,
    now: datetime,
    *,
    sent: SentPost | XPost | None = None,
    error: ExternalServiceError | None = None,
    reconciled: bool = False,
) -> None:
    with db.writing() as session:
        reply = session.get(Reply, reply_id)
        if reply.state != ReplyState.SENDING:  # someone else finished it meanwhile
            return
        mention = session.get(Mention, reply.mention_id)
        executive = session.get(Executive, reply.executive_id)  # read before the audit head is locked
        if error is not None:
            reply.state, reply.last_error, reply.updated_at = ReplyState.FAILED.value, str(error), now
            if error.retryable and reply.send_attempts < MAX_ATTEMPTS:  # a worker retries it then
                wait = error.retry_after if isinstance(error, RateLimited) else None
                reply.next_attempt_at = now + (
                    timedelta(seconds=wait) if wait is not None else _backoff(reply.send_attempts)
                )
            _event(
                session,
                actor,
                reply,
                AuditAction.REPLY_SEND_FAILED,
                {"state": "sending"},
                {
                    "state": "failed",
                    "error": str(error),
                    "retryable": error.retryable,
                    "reply_restricted": isinstance(error, ReplyNotAllowed),
                },
                mention.workspace_id,
            )
            return
        at = getattr(sent, "created_at", None) or now
        reply.state, reply.x_post_id, reply.sent_at = ReplyState.SENT.value, sent.id, at
        reply.last_error, reply.updated_at = None, now
        dry = bool(getattr(sent, "dry_run", False)) or sent.id.startswith("dryrun-")
        _event(
            session,
            actor,
            reply,
            AuditAction.REPLY_RECONCILED if reconciled else AuditAction.REPLY_SENT,
            {"state": "sending"},
            {"state": "sent", "x_post_id": sent.id, "dry_run": dry},
            mention.workspace_id,
        )
        if mention.state == MentionState.REPLIED:
            return  # answered already (e.g. seen on X by the sync); the first answer stays the response
        kind = "executive" if executive.member_id == reply.written_by_id else "delegate"
        before = mention.state
        mention.state, mention.responded_at, mention.response_x_id = MentionState.REPLIED.value, at, sent.id
        mention.responder_kind, mention.responder_member_id = kind, reply.written_by_id
        mention.claimed_by_id = mention.claim_expires_at = None
        record_event(
            session,
            actor_id=actor.member_id if actor else None,
            actor_label=actor.label if actor else SYSTEM_LABEL,
            workspace_id=mention.workspace_id,
            action=AuditAction.MENTION_REPLIED,
            entity_type="mention",
            entity_id=mention.id,
            before={"state": before},
            after={"state": "replied", "reply_id": reply.id, "responder_kind": kind, "dry_run": dry},
        )


def send_reply(db: Database, actor: Actor | None, x: Platform, reply_id: int, *, now: datetime | None = None) -> None:
    """Send (or resend, or recover) one reply. Errors from X end as a `failed` reply, never raised."""
    now = now or utcnow()
    item = _begin(db, actor, reply_id, now)

    def finish(**outcome: Any) -> None:
        _finish(db, actor, reply_id, now, **outcome)

    deliver(x, item, finish)


def _stuck(now: datetime) -> Any:
    return and_(Reply.state == ReplyState.SENDING.value, Reply.updated_at <= stuck_since(now))


def _due(now: datetime) -> Any:
    return or_(
        and_(Reply.state == ReplyState.APPROVED.value, Reply.updated_at <= now - HANDOFF),
        and_(Reply.state == ReplyState.FAILED.value, Reply.next_attempt_at <= now),
        _stuck(now),
    )


def _claim_next(db: Database, now: datetime, due: Any) -> tuple[int, Outgoing] | None:
    """Claim one due reply no other worker holds (SKIP LOCKED on PostgreSQL), in one transaction."""
    with db.writing() as session:
        reply_id = next_due(session, Reply, due, order_by=(Reply.updated_at,))
        if reply_id is None:
            return None
        return reply_id, _begin_in(session, None, reply_id, now)


def _send_claimed(db: Database, x: Platform, reply_id: int, item: Outgoing, now: datetime) -> None:
    def finish(**outcome: Any) -> None:
        _finish(db, None, reply_id, now, **outcome)

    deliver(x, item, finish)


def send_due_replies(db: Database, x: Platform, *, now: datetime | None = None, limit: int = 50) -> list[int]:
    """For the worker: send up to `limit` due replies (approved and not started, retries whose time came,
    stuck past the lease), one claim per transaction; returns the ids it took."""
    now = now or utcnow()
    taken = []
    for _slot in range(limit):
        claimed = _claim_next(db, now, _due(now))
        if claimed is None:
            break
        taken.append(claimed[0])
        _send_claimed(db, x, *claimed, now)
    return taken


def recover_stuck_replies(db: Database, x: Platform, *, now: datetime | None = None, limit: int = 50) -> list[int]:
    """For the worker: replies left `sending` past the lease are reconciled, then sent if not out."""
    now = now or utcnow()
    taken = []
    for _slot in range(limit):
        claimed = _claim_next(db, now, _stuck(now))
        if claimed is None:
            break
        taken.append(claimed[0])
        _send_claimed(db, x, *claimed, now)
    return taken
