"""Approving a reply held by the delegation policy (and sending it at once), or rejecting it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.checklist import check_text
from assistant.clock import utcnow
from assistant.domain import delegation
from assistant.domain.audit_actions import AuditAction
from assistant.domain.policies import approver_word
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState, check_reply_transition, state_word
from assistant.errors import InvalidInput, InvalidTransition, PermissionDenied
from assistant.i18n import _
from assistant.ports import Platform
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.replies.compose import _audit, _clean, _is_executive
from assistant.services.replies.sending import send_reply
from assistant.services.replies.views import ReplyView, reply_view
from assistant.services.workspace.policies import checklist_config, delegation_policy_of
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Member, Mention, Reply


def _may_approve(session: Session, actor: Actor, r: Reply) -> None:
    executive = session.get(Executive, r.executive_id)
    approver = delegation_policy_of(session, actor.workspace_id).approver
    as_executive, as_reviewer = _is_executive(executive, actor), Role.REVIEWER in actor.roles
    if r.written_by_id == actor.member_id:
        raise PermissionDenied(_("nobody approves their own reply; ask the executive or a reviewer"))
    allowed = {"executive": as_executive, "reviewer": as_reviewer, "either": as_executive or as_reviewer}[approver]
    if not allowed:
        raise PermissionDenied(
            _(
                "the delegation policy says replies are approved by the {approver}; {email} is not that person",
                approver=approver_word(approver),
                email=actor.email,
            )
        )


def _signed_as_writer(session: Session, actor: Actor, r: Reply, text: str) -> str:
    """An approver's edit keeps the writer's signature, once (the executive's own replies carry none)."""
    writer = session.get(Member, r.written_by_id)
    if writer is None or r.authorship != "delegate":
        return text
    policy = delegation_policy_of(session, actor.workspace_id)
    return delegation.signed(text, delegation.signature_for(policy, writer.display_name))


@requires(Action.APPROVE_REPLY)
def approve_reply(
    db: Database, actor: Actor, reply_id: int, x: Platform, *, text: str | None = None, now: datetime | None = None
) -> ReplyView:
    """Approve (optionally with the approver's edit) and send at once: one click."""
    now = now or utcnow()
    with db.writing() as session:
        config = checklist_config(session, actor.workspace_id)
        r = in_workspace(session, actor, Reply, reply_id)
        check_reply_transition(ReplyState(r.state), ReplyState.APPROVED)
        _may_approve(session, actor, r)
        after: dict[str, Any] = {"state": "approved"}
        edited = _signed_as_writer(session, actor, r, _clean(text)) if text is not None else r.text
        if edited != r.text:
            check = check_text(edited, "x", config, at=now)
            if check.verdict == "block":
                raise InvalidInput(_("the checklist blocks the edited reply; fix the highlighted passages"))
            after.update(edited_from=r.text, text=edited)
            r.text, r.verdict, r.findings = edited, check.verdict, [f.to_dict() for f in check.findings]
        r.state, r.approved_by_id, r.updated_at = ReplyState.APPROVED.value, actor.member_id, now
        _audit(session, actor, "reply", r.id, AuditAction.REPLY_APPROVED, {"state": "pending_approval"}, after)
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
        r = in_workspace(session, actor, Reply, reply_id)
        check_reply_transition(ReplyState(r.state), ReplyState.REJECTED)
        _may_approve(session, actor, r)
        r.state, r.approved_by_id, r.updated_at = ReplyState.REJECTED.value, None, now
        _audit(
            session,
            actor,
            "reply",
            r.id,
            AuditAction.REPLY_REJECTED,
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
                AuditAction.MENTION_RELEASED,
                {"state": "claimed"},
                {"state": "new", "reason": "its reply was rejected"},
            )
        return reply_view(session, r)


@requires(Action.DRAFT_REPLY)
def retry_reply(db: Database, actor: Actor, reply_id: int, x: Platform, *, now: datetime | None = None) -> ReplyView:
    """Send a failed (or interrupted) reply again; the timeline is checked first, so never twice."""
    with db.reading() as session:
        state = in_workspace(session, actor, Reply, reply_id).state
    if state not in (ReplyState.FAILED.value, ReplyState.SENDING.value):  # drafts go through the policy first
        raise InvalidTransition(
            _("reply {id} is {state}; only failed replies are retried", id=reply_id, state=state_word(state))
        )
    send_reply(db, actor, x, reply_id, now=now)
    with db.reading() as session:
        return reply_view(session, session.get(Reply, reply_id))


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
            AuditEvent.action == AuditAction.REPLY_SUBMITTED_FOR_APPROVAL,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return tuple((after or {}).get("reasons") or ())
