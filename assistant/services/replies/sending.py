"""Sending a reply on X exactly once (the publishing pattern, applied to replies).

Three steps: the reply becomes `sending` in a committed transaction, X is called, then the
reply becomes `sent` (and its mention `replied`) or `failed`. A crash between the call and
the last step leaves `sending`; the next attempt first looks for the text on the account's
timeline (`find_own_post`, bounded by the first attempt's audit time) and records what it
finds instead of posting again. Failures keep the text: nothing is ever lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from assistant.clock import utcnow
from assistant.domain.states import MentionState, ReplyState
from assistant.errors import Conflict, ExternalServiceError, InvalidTransition, NotFound, ReplyNotAllowed
from assistant.services.audit.log import record_event
from assistant.services.context import Actor
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Mention, Reply
from assistant.x_types import SentPost, XPost

SYSTEM_LABEL = "system (reply sender)"


LEASE = timedelta(minutes=10)  # longer than the adapter's own retries: older `sending` rows were interrupted


_STARTS = (ReplyState.DRAFT.value, ReplyState.APPROVED.value, ReplyState.FAILED.value, ReplyState.SENDING.value)


def _event(session, actor: Actor | None, reply: Reply, action: str, before: dict, after: dict, workspace_id: int):
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
            AuditEvent.action == "reply.sending",
        )
        .order_by(AuditEvent.id)
        .limit(1)
    )


def _begin(db: Database, actor: Actor | None, reply_id: int, now: datetime):
    """Commit `sending` before any call to X; a conditional UPDATE lets exactly one caller through."""
    with db.writing() as session:
        reply = session.get(Reply, reply_id)
        if reply is None:
            raise NotFound(f"no reply {reply_id}")
        mention = session.get(Mention, reply.mention_id)
        before, stale = reply.state, reply.state == ReplyState.SENDING and reply.updated_at <= now - LEASE
        if before not in _STARTS or (before == ReplyState.SENDING and not stale):
            if before == ReplyState.SENDING:
                raise Conflict(f"reply {reply_id} is being sent right now; wait a moment and reload")
            raise InvalidTransition(f"reply {reply_id} is {before}; only draft, approved or failed replies are sent")
        won = (
            session.execute(
                update(Reply)
                .where(Reply.id == reply_id, Reply.state == before, Reply.updated_at == reply.updated_at)
                .values(
                    state=ReplyState.SENDING.value,
                    updated_at=now,
                    sent_by_id=actor.member_id if actor else reply.sent_by_id,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )
        if not won:
            raise Conflict(f"reply {reply_id} was just sent or changed by someone else; reload")
        tried_before = first_attempt_at(session, reply_id) is not None
        session.refresh(reply)
        _event(
            session,
            actor,
            reply,
            "reply.sending",
            {"state": before},
            {"state": "sending", "in_reply_to": mention.x_post_id},
            mention.workspace_id,
        )
        executive = session.get(Executive, reply.executive_id)
        since = first_attempt_at(session, reply_id) or now
        return reply.text, mention.x_post_id, executive.x_user_id, since, tried_before


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
        if error is not None:
            reply.state, reply.last_error, reply.updated_at = ReplyState.FAILED.value, str(error), now
            _event(
                session,
                actor,
                reply,
                "reply.send_failed",
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
            "reply.reconciled" if reconciled else "reply.sent",
            {"state": "sending"},
            {"state": "sent", "x_post_id": sent.id, "dry_run": dry},
            mention.workspace_id,
        )
        if mention.state == MentionState.REPLIED:
            return  # answered already (e.g. seen on X by the sync); the first answer stays the response
        executive = session.get(Executive, reply.executive_id)
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
            action="mention.replied",
            entity_type="mention",
            entity_id=mention.id,
            before={"state": before},
            after={"state": "replied", "reply_id": reply.id, "responder_kind": kind, "dry_run": dry},
        )


def send_reply(db: Database, actor: Actor | None, x: Any, reply_id: int, *, now: datetime | None = None) -> None:
    """Send (or resend, or recover) one reply. Errors from X end as a `failed` reply, never raised."""
    now = now or utcnow()
    text, in_reply_to, user_id, since, tried_before = _begin(db, actor, reply_id, now)
    try:
        if tried_before:  # an earlier attempt may have gone out: look before posting again
            found = x.find_own_post(user_id or _me(x), text, since=since)
            if found is not None:
                _finish(db, actor, reply_id, now, sent=found, reconciled=True)
                return
        sent = x.post(text, in_reply_to_id=in_reply_to)
    except ExternalServiceError as exc:
        _finish(db, actor, reply_id, now, error=exc)
        return
    except Exception as exc:  # an unmapped failure stays retryable; the timeline check guards the retry
        _finish(db, actor, reply_id, now, error=ExternalServiceError(f"unexpected error while sending: {exc!r}"))
        return
    _finish(db, actor, reply_id, now, sent=sent)


def _me(x: Any) -> str:
    me = getattr(x, "me", None)
    return me().id if callable(me) else "dry-run"


def recover_stuck_replies(db: Database, x: Any, *, now: datetime | None = None) -> list[int]:
    """For the worker: replies left `sending` past the lease are reconciled, then sent if not out."""
    now = now or utcnow()
    with db.reading() as session:
        stuck = list(
            session.scalars(
                select(Reply.id).where(Reply.state == ReplyState.SENDING.value, Reply.updated_at <= now - LEASE)
            )
        )
    for reply_id in stuck:
        try:
            send_reply(db, None, x, reply_id, now=now)
        except Conflict:
            continue  # another worker took it
    return stuck
