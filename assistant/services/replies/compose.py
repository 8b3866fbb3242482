"""Replies on the executive's behalf: drafted in their voice, checked, decided by the delegation
policy (send, approval, escalate), approved or rejected in one step, sent once (reply_sending).

The mention is someone else's text: it only ever reaches the drafter as the thing to answer,
and nothing a mention says changes who may send what (the policy reads its class and topics).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.checklist import MAX_REPLY_CHARS, check_text
from assistant.clock import utcnow
from assistant.domain import delegation
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState, check_reply_transition, state_word
from assistant.drafting import voice_fidelity
from assistant.errors import Conflict, InvalidInput, InvalidTransition
from assistant.formatting import number
from assistant.i18n import _
from assistant.ports import Drafter, Platform
from assistant.services import drafting
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.replies.sending import send_reply
from assistant.services.replies.views import ReplyView, reply_view
from assistant.services.workspace.policies import checklist_config, delegation_policy_of
from assistant.services.workspace.voice import voice_profile
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, Reply, ReplyVersion

MAX_REPLY = MAX_REPLY_CHARS  # the hard bound of issue 14 (assistant/domain/limits.py says why)


@dataclass(frozen=True)
class SubmitOutcome:
    reply: ReplyView
    decision: delegation.Decision


def _held_mention(session: Session, actor: Actor, mention_id: int, now: datetime) -> Mention:
    """Only the member holding a live claim answers a mention: two people never answer the same one."""
    m = in_workspace(session, actor, Mention, mention_id)
    if (
        m.state != MentionState.CLAIMED
        or m.claimed_by_id != actor.member_id
        or not m.claim_expires_at
        or m.claim_expires_at <= now
    ):
        raise Conflict(_("claim mention {id} first (or again: claims expire) before replying to it", id=mention_id))
    return m


def _is_executive(executive: Executive, actor: Actor) -> bool:
    # An executive with no linked sign-in is acted for by members holding the executive role.
    return Role.EXECUTIVE in actor.roles and executive.member_id in (None, actor.member_id)


@requires(Action.DRAFT_REPLY)
def draft_replies(
    db: Database, actor: Actor, drafter: Drafter, mention_id: int, notes: str = "", *, now: datetime | None = None
) -> list[drafting.CheckedDraft]:
    """Three checked drafts in the executive's voice, without the signature: the reply box holds what the
    writer says, and submitting signs it once (`reply_policy(...).outgoing(text)` previews what goes out)."""
    now = now or utcnow()
    with db.reading() as session:
        m = _held_mention(session, actor, mention_id, now)
        executive, policy = session.get(Executive, m.executive_id), delegation_policy_of(session, actor.workspace_id)
        thread = _thread_text(session, m)
        mention_text, author, executive_id = m.text, f"@{m.author_handle}", m.executive_id
    sign = "" if _is_executive(executive, actor) else delegation.signature_for(policy, actor.display_name)
    profile = voice_profile(db, actor, executive_id)
    result = drafter.reply(mention_text, author, profile, context=thread, notes=notes.strip()[:MAX_REPLY])
    drafting.record_generation(db, actor, result.record)
    with db.reading() as session:
        config = checklist_config(session, actor.workspace_id)
    out = []
    for d in result.drafts:
        d = replace(d, text=delegation.unsigned(d.text, sign))
        out.append(
            drafting.CheckedDraft(
                d,
                check_text(delegation.signed(d.text, sign), "x", config, at=now),
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
    x: Platform,
    *,
    ai_assisted: bool = False,
    reply_id: int | None = None,
    now: datetime | None = None,
) -> SubmitOutcome:
    """Store the reply and let the policy decide: sent now, waiting for approval, or escalated.
    With `reply_id`, a withdrawn or failed reply of this mention is revised instead of a new one."""
    now = now or utcnow()
    text = _clean(text)
    with db.writing() as session:
        config = checklist_config(session, actor.workspace_id)
        m = _held_mention(session, actor, mention_id, now)
        executive = session.get(Executive, m.executive_id)
        policy = delegation_policy_of(session, actor.workspace_id)
        by_executive = _is_executive(executive, actor)
        if not by_executive:
            text = delegation.signed(text, delegation.signature_for(policy, actor.display_name))
        check = check_text(text, "x", config, at=now)
        findings = [f.to_dict() for f in check.findings]
        decision = delegation.decide(
            policy,
            sla_class=delegation.class_for_policy(m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id),
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
        add_version(session, r, actor.member_id, now)
        _audit(
            session,
            actor,
            "reply",
            r.id,
            AuditAction.REPLY_DRAFTED,
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
            escalate(session, actor, m, r, decision, now)
        elif decision.outcome == "approval":
            check_reply_transition(ReplyState.DRAFT, ReplyState.PENDING_APPROVAL)
            r.state = ReplyState.PENDING_APPROVAL.value
            _audit(
                session,
                actor,
                "reply",
                r.id,
                AuditAction.REPLY_SUBMITTED_FOR_APPROVAL,
                {"state": "draft"},
                {"state": r.state, "approver": decision.approver, "reasons": list(decision.reasons)},
            )
        reply_id = r.id
    if decision.outcome == "send":
        send_reply(db, actor, x, reply_id, now=now)
    with db.reading() as session:
        return SubmitOutcome(reply_view(session, session.get(Reply, reply_id), decision.reasons), decision)


def escalate(
    session: Session, actor: Actor, m: Mention, r: Reply, decision: delegation.Decision, now: datetime
) -> None:
    """The policy sends the mention to the executive, with this reply as a suggestion (the mark stays: only the
    executive dismisses it)."""
    before = m.state
    m.state, m.claimed_by_id, m.claim_expires_at = MentionState.ESCALATED.value, None, None
    m.escalated_at = now
    _audit(
        session,
        actor,
        "mention",
        m.id,
        AuditAction.MENTION_ESCALATED,
        {"state": before},
        {"state": "escalated", "reason": "; ".join(decision.reasons), "suggested_reply": r.id},
    )


def add_version(session: Session, r: Reply, author_id: int, now: datetime) -> int:
    """Record the reply's current text as its next version, by `author_id`; returns the version's number."""
    number = (session.scalar(select(func.max(ReplyVersion.number)).where(ReplyVersion.reply_id == r.id)) or 0) + 1
    session.add(
        ReplyVersion(
            reply_id=r.id,
            number=number,
            text=r.text,
            author_id=author_id,
            verdict=r.verdict,
            findings=list(r.findings or []),
            created_at=now,
        )
    )
    session.flush()
    return number


def _revised(session: Session, actor: Actor, reply_id: int, m: Mention) -> Reply:
    r = in_workspace(session, actor, Reply, reply_id)
    if r.mention_id != m.id or r.state not in (ReplyState.DRAFT.value, ReplyState.FAILED.value):
        raise Conflict(
            _(
                "reply {id} is {state} (or of another mention); only drafts and failed replies are revised",
                id=reply_id,
                state=state_word(r.state, spaced=False),
            )
        )
    return r


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("the reply is empty; write it or pick a draft first"))
    if len(text) > MAX_REPLY:
        raise InvalidInput(_("the reply has {count} characters; X allows 280", count=number(len(text))))
    return text


def _audit(session: Session, actor: Actor, entity: str, entity_id: int, action: AuditAction, before, after) -> None:
    record_action(session, actor, action, entity, entity_id, before, after)


@requires(Action.DRAFT_REPLY)
def withdraw_reply(db: Database, actor: Actor, reply_id: int, *, now: datetime | None = None) -> ReplyView:
    """A failed reply back to draft (its text kept), e.g. after X refused it: edit and submit anew."""
    now = now or utcnow()
    with db.writing() as session:
        r = in_workspace(session, actor, Reply, reply_id)
        if r.state != ReplyState.FAILED:  # a held reply is approved or rejected, not taken back to send
            raise InvalidTransition(
                _("reply {id} is {state}; only failed replies are edited", id=reply_id, state=state_word(r.state))
            )
        before, r.state, r.updated_at = r.state, ReplyState.DRAFT.value, now
        _audit(session, actor, "reply", r.id, AuditAction.REPLY_WITHDRAWN, {"state": before}, {"state": "draft"})
        return reply_view(session, r)
