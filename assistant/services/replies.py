"""Replies on the executive's behalf: drafted in their voice, checked, decided by the delegation
policy (send, approval, escalate), approved or rejected in one step, sent once (reply_sending).

The mention is someone else's text: it only ever reaches the drafter as the thing to answer,
and nothing a mention says changes who may send what (the policy reads its class and topics).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.checklist import check_text
from assistant.clock import utcnow
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState, check_reply_transition
from assistant.drafting import voice_fidelity
from assistant.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from assistant.services import delegation, drafting
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.reply_sending import send_reply
from assistant.services.reply_views import ReplyView, reply_view
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Mention, Reply

MAX_REPLY = 2_000
WAITING = (ReplyState.PENDING_APPROVAL.value, ReplyState.APPROVED.value, ReplyState.SENDING.value)


@dataclass(frozen=True)
class SubmitOutcome:
    reply: ReplyView
    decision: delegation.Decision


def _held_mention(session: Session, actor: Actor, mention_id: int, now: datetime) -> Mention:
    """Only the member holding a live claim answers a mention: two people never answer the same one."""
    m = session.get(Mention, mention_id)
    if m is None or m.workspace_id != actor.workspace_id:
        raise NotFound(f"no mention {mention_id} in this workspace")
    if (
        m.state != MentionState.CLAIMED
        or m.claimed_by_id != actor.member_id
        or not m.claim_expires_at
        or m.claim_expires_at <= now
    ):
        raise Conflict(f"claim mention {mention_id} first (or again: claims expire) before replying to it")
    return m


def _reply(session: Session, actor: Actor, reply_id: int) -> Reply:
    r = session.get(Reply, reply_id)
    m = session.get(Mention, r.mention_id) if r else None
    if r is None or m.workspace_id != actor.workspace_id:
        raise NotFound(f"no reply {reply_id} in this workspace")
    return r


def _is_executive(executive: Executive, actor: Actor) -> bool:
    # An executive with no linked sign-in is acted for by members holding the executive role.
    return Role.EXECUTIVE in actor.roles and executive.member_id in (None, actor.member_id)


@requires(Action.DRAFT_REPLY)
def draft_replies(
    db: Database, actor: Actor, drafter: Any, mention_id: int, notes: str = "", *, now: datetime | None = None
) -> list[drafting.CheckedDraft]:
    """Three checked drafts in the executive's voice, signed as the policy asks."""
    now = now or utcnow()
    with db.reading() as session:
        m = _held_mention(session, actor, mention_id, now)
        executive, policy = session.get(Executive, m.executive_id), delegation.load_policy(session, actor.workspace_id)
        thread = _thread_text(session, m)
        mention_text, author, executive_id = m.text, f"@{m.author_handle}", m.executive_id
    sign = "" if _is_executive(executive, actor) else delegation.signature_for(policy, actor.display_name)
    profile = drafting.voice_profile(db, actor, executive_id)
    result = drafter.reply(mention_text, author, profile, context=thread, notes=notes.strip()[:MAX_REPLY])
    drafting.record_generation(db, actor, result.record)
    config = drafting.checklist_config(db, actor.workspace_id)
    out = []
    for d in result.drafts:
        d = replace(d, text=delegation.signed(d.text, sign))
        out.append(
            drafting.CheckedDraft(
                d,
                check_text(d.text, "x", config, at=now),
                d.fidelity if d.fidelity is not None else voice_fidelity(d.text, profile),
                result.record,
            )
        )
    return out


def _thread_text(session: Session, m: Mention) -> str:
    """Earlier posts of the conversation we know of, oldest first (context, never instructions)."""
    if not m.conversation_id:
        return ""
    rows = session.scalars(
        select(Mention)
        .where(
            Mention.executive_id == m.executive_id,
            Mention.conversation_id == m.conversation_id,
            Mention.posted_at < m.posted_at,
        )
        .order_by(Mention.posted_at)
        .limit(5)
    )
    return "\n".join(f"@{r.author_handle}: {r.text}" for r in rows)


@requires(Action.DRAFT_REPLY)
def submit_reply(
    db: Database,
    actor: Actor,
    mention_id: int,
    text: str,
    x: Any,
    *,
    ai_assisted: bool = False,
    reply_id: int | None = None,
    now: datetime | None = None,
) -> SubmitOutcome:
    """Store the reply and let the policy decide: sent now, waiting for approval, or escalated.
    With `reply_id`, a withdrawn or failed reply of this mention is revised instead of a new one."""
    now = now or utcnow()
    text = _clean(text)
    config = drafting.checklist_config(db, actor.workspace_id)
    with db.writing() as session:
        m = _held_mention(session, actor, mention_id, now)
        executive = session.get(Executive, m.executive_id)
        policy = delegation.load_policy(session, actor.workspace_id)
        by_executive = _is_executive(executive, actor)
        if not by_executive:
            text = delegation.signed(text, delegation.signature_for(policy, actor.display_name))
        check = check_text(text, "x", config, at=now)
        findings = [f.to_dict() for f in check.findings]
        decision = delegation.decide(
            policy,
            sla_class=m.sla_class,
            mention_text=m.text,
            findings=findings,
            written_by_executive=by_executive,
            local_now=now.astimezone(ZoneInfo(executive.timezone)),
        )
        authorship = ("ai_assisted" if ai_assisted else "executive") if by_executive else "delegate"
        r = _revised(session, actor, reply_id, m) if reply_id is not None else None
        before = {"state": r.state, "text": r.text} if r else None
        if r is None:
            r = Reply(mention_id=m.id, executive_id=m.executive_id, created_at=now)
            session.add(r)
        r.text, r.state, r.authorship, r.written_by_id = text, ReplyState.DRAFT.value, authorship, actor.member_id
        r.verdict, r.findings, r.updated_at, r.approved_by_id, r.last_error = check.verdict, findings, now, None, None
        session.flush()
        _audit(
            session,
            actor,
            "reply",
            r.id,
            "reply.drafted",
            before,
            {
                "state": "draft",
                "mention": m.id,
                "authorship": authorship,
                "ai_assisted": ai_assisted,
                "verdict": check.verdict,
                "decision": decision.outcome,
                "reasons": list(decision.reasons),
            },
        )
        if decision.outcome == "escalate":
            before = m.state
            m.state, m.claimed_by_id, m.claim_expires_at = MentionState.ESCALATED.value, None, None
            _audit(
                session,
                actor,
                "mention",
                m.id,
                "mention.escalated",
                {"state": before},
                {"state": "escalated", "reason": "; ".join(decision.reasons), "suggested_reply": r.id},
            )
        elif decision.outcome == "approval":
            check_reply_transition(ReplyState.DRAFT, ReplyState.PENDING_APPROVAL)
            r.state = ReplyState.PENDING_APPROVAL.value
            _audit(
                session,
                actor,
                "reply",
                r.id,
                "reply.submitted_for_approval",
                {"state": "draft"},
                {"state": r.state, "approver": decision.approver, "reasons": list(decision.reasons)},
            )
        reply_id = r.id
    if decision.outcome == "send":
        send_reply(db, actor, x, reply_id, now=now)
    with db.reading() as session:
        return SubmitOutcome(reply_view(session, session.get(Reply, reply_id), decision.reasons), decision)


def _revised(session: Session, actor: Actor, reply_id: int, m: Mention) -> Reply:
    r = _reply(session, actor, reply_id)
    if r.mention_id != m.id or r.state not in (ReplyState.DRAFT.value, ReplyState.FAILED.value):
        raise Conflict(
            f"reply {reply_id} is {r.state} (or of another mention); only drafts and failed replies are revised"
        )
    return r


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("the reply is empty; write it or pick a draft first")
    if len(text) > MAX_REPLY:
        raise InvalidInput(f"the reply has {len(text):,} characters; X allows 280")
    return text


def _audit(session: Session, actor: Actor, entity: str, entity_id: int, action: str, before, after) -> None:
    record_event(
        session,
        actor_id=actor.member_id,
        actor_label=actor.label,
        workspace_id=actor.workspace_id,
        action=action,
        entity_type=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )


def _may_approve(session: Session, actor: Actor, r: Reply) -> None:
    executive = session.get(Executive, r.executive_id)
    approver = delegation.load_policy(session, actor.workspace_id).approver
    as_executive, as_reviewer = _is_executive(executive, actor), Role.REVIEWER in actor.roles
    if r.written_by_id == actor.member_id:
        raise PermissionDenied("nobody approves their own reply; ask the executive or a reviewer")
    allowed = {"executive": as_executive, "reviewer": as_reviewer, "either": as_executive or as_reviewer}[approver]
    if not allowed:
        raise PermissionDenied(
            f"the delegation policy says replies are approved by the {approver}; {actor.email} is not that person"
        )


@requires(Action.APPROVE_REPLY)
def approve_reply(
    db: Database, actor: Actor, reply_id: int, x: Any, *, text: str | None = None, now: datetime | None = None
) -> ReplyView:
    """Approve (optionally with the approver's edit) and send at once: one click."""
    now = now or utcnow()
    config = drafting.checklist_config(db, actor.workspace_id)
    with db.writing() as session:
        r = _reply(session, actor, reply_id)
        check_reply_transition(ReplyState(r.state), ReplyState.APPROVED)
        _may_approve(session, actor, r)
        after: dict[str, Any] = {"state": "approved"}
        if text is not None and _clean(text) != r.text:
            check = check_text(_clean(text), "x", config, at=now)
            if check.verdict == "block":
                raise InvalidInput("the checklist blocks the edited reply; fix the highlighted passages")
            after.update(edited_from=r.text, text=_clean(text))
            r.text, r.verdict, r.findings = _clean(text), check.verdict, [f.to_dict() for f in check.findings]
        r.state, r.approved_by_id, r.updated_at = ReplyState.APPROVED.value, actor.member_id, now
        _audit(session, actor, "reply", r.id, "reply.approved", {"state": "pending_approval"}, after)
    send_reply(db, actor, x, reply_id, now=now)
    with db.reading() as session:
        return reply_view(session, session.get(Reply, reply_id))


@requires(Action.APPROVE_REPLY)
def reject_reply(
    db: Database, actor: Actor, reply_id: int, reason: str = "", *, now: datetime | None = None
) -> ReplyView:
    """The reply is not sent; its mention goes back to the inbox for someone to answer differently."""
    now = now or utcnow()
    with db.writing() as session:
        r = _reply(session, actor, reply_id)
        check_reply_transition(ReplyState(r.state), ReplyState.REJECTED)
        _may_approve(session, actor, r)
        r.state, r.approved_by_id, r.updated_at = ReplyState.REJECTED.value, None, now
        _audit(
            session,
            actor,
            "reply",
            r.id,
            "reply.rejected",
            {"state": "pending_approval"},
            {"state": "rejected", "reason": reason},
        )
        m = session.get(Mention, r.mention_id)
        if m.state == MentionState.CLAIMED:
            m.state, m.claimed_by_id, m.claim_expires_at = MentionState.NEW.value, None, None
            _audit(
                session,
                actor,
                "mention",
                m.id,
                "mention.released",
                {"state": "claimed"},
                {"state": "new", "reason": "its reply was rejected"},
            )
        return reply_view(session, r)


@requires(Action.DRAFT_REPLY)
def retry_reply(db: Database, actor: Actor, reply_id: int, x: Any, *, now: datetime | None = None) -> ReplyView:
    """Send a failed (or interrupted) reply again; the timeline is checked first, so never twice."""
    with db.reading() as session:
        state = _reply(session, actor, reply_id).state
    if state not in (ReplyState.FAILED.value, ReplyState.SENDING.value):  # drafts go through the policy first
        raise InvalidTransition(f"reply {reply_id} is {state.replace('_', ' ')}; only failed replies are retried")
    send_reply(db, actor, x, reply_id, now=now)
    with db.reading() as session:
        return reply_view(session, session.get(Reply, reply_id))


@requires(Action.DRAFT_REPLY)
def withdraw_reply(db: Database, actor: Actor, reply_id: int, *, now: datetime | None = None) -> ReplyView:
    """A failed reply back to draft (its text kept), e.g. after X refused it: edit and submit anew."""
    now = now or utcnow()
    with db.writing() as session:
        r = _reply(session, actor, reply_id)
        if r.state != ReplyState.FAILED:  # a held reply is approved or rejected, not taken back to send
            raise InvalidTransition(f"reply {reply_id} is {r.state.replace('_', ' ')}; only failed replies are edited")
        before, r.state, r.updated_at = r.state, ReplyState.DRAFT.value, now
        _audit(session, actor, "reply", r.id, "reply.withdrawn", {"state": before}, {"state": "draft"})
        return reply_view(session, r)


@requires(Action.APPROVE_REPLY)
def approval_queue(db: Database, actor: Actor) -> list[ReplyView]:
    """Replies waiting for this member's approval, oldest first."""
    with db.reading() as session:
        rows = session.scalars(
            select(Reply)
            .join(Mention, Mention.id == Reply.mention_id)
            .where(Mention.workspace_id == actor.workspace_id, Reply.state == ReplyState.PENDING_APPROVAL.value)
            .order_by(Reply.created_at)
        )
        out = []
        for r in rows:
            try:
                _may_approve(session, actor, r)
            except PermissionDenied:
                continue
            out.append(reply_view(session, r, _reasons(session, r.id)))
        return out


def _reasons(session: Session, reply_id: int) -> tuple[str, ...]:
    """Why the policy held it, as recorded when it was submitted."""
    after = session.scalar(
        select(AuditEvent.after)
        .where(
            AuditEvent.entity_type == "reply",
            AuditEvent.entity_id == str(reply_id),
            AuditEvent.action == "reply.submitted_for_approval",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return tuple((after or {}).get("reasons") or ())
