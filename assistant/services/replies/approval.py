"""Approving a reply held by the delegation policy (and sending it at once), or rejecting it.

An approver who changes the text makes a new version, by the approver: it is checked, run through the delegation
policy again and waits for someone else's approval (nobody approves a text they wrote or edited, as for posts).
The writer's signature goes out once, whoever edited; the record names every author."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.checklist import check_text
from assistant.clock import utcnow
from assistant.domain import delegation
from assistant.domain.audit_actions import AuditAction
from assistant.domain.policies import approver_word
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState, check_reply_transition, state_word
from assistant.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from assistant.i18n import _
from assistant.ports import Platform
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.mentions.inbox import released_state
from assistant.services.replies.compose import _audit, _clean, _is_executive, add_version, escalate
from assistant.services.replies.sending import send_reply
from assistant.services.replies.views import ReplyView, authors_of, reply_view, versions_of
from assistant.services.workspace.policies import checklist_config, delegation_policy_of
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Executive, Member, Mention, Reply


def _approves(approver: str, as_executive: bool, as_reviewer: bool) -> bool:
    return {"executive": as_executive, "reviewer": as_reviewer, "either": as_executive or as_reviewer}[approver]


def _may_decide(session: Session, actor: Actor, r: Reply) -> None:
    """The delegation policy names this member as an approver (approving, rejecting or editing)."""
    executive = session.get(Executive, r.executive_id)
    approver = delegation_policy_of(session, actor.workspace_id).approver
    if not _approves(approver, _is_executive(executive, actor), Role.REVIEWER in actor.roles):
        raise PermissionDenied(
            _(
                "the delegation policy says replies are approved by the {approver}; {email} is not that person",
                approver=approver_word(approver),
                email=actor.email,
            )
        )


def _may_approve(session: Session, actor: Actor, r: Reply) -> None:
    if r.written_by_id == actor.member_id:
        raise PermissionDenied(_("nobody approves their own reply; ask the executive or a reviewer"))
    if actor.member_id in authors_of(session, r):
        raise PermissionDenied(_("you edited this reply, so someone else must approve it"))
    _may_decide(session, actor, r)


def _someone_else_approves(session: Session, r: Reply, excluded: set[int]) -> bool:
    """Whether an active member other than `excluded` may approve this reply under the policy."""
    executive = session.get(Executive, r.executive_id)
    approver = delegation_policy_of(session, executive.workspace_id).approver
    members = session.scalars(
        select(Member).where(Member.workspace_id == executive.workspace_id, Member.active.is_(True))
    )
    for member in members:
        roles = {row.role for row in member.role_rows}
        as_executive = Role.EXECUTIVE in roles and executive.member_id in (None, member.id)
        if member.id not in excluded and _approves(approver, as_executive, Role.REVIEWER in roles):
            return True
    return False


def _signed_as_writer(session: Session, actor: Actor, r: Reply, text: str) -> str:
    """An approver's edit keeps the writer's signature, once (the executive's own replies carry none)."""
    writer = session.get(Member, r.written_by_id)
    if writer is None or r.authorship != "delegate":
        return text
    policy = delegation_policy_of(session, actor.workspace_id)
    return delegation.signed(text, delegation.signature_for(policy, writer.display_name))


def _edit(session: Session, actor: Actor, r: Reply, text: str, now: datetime) -> None:
    """The approver's text becomes a new version by the approver: checked, decided by the policy again (as for a
    delegate's reply: the writer's words and signature are still in it), and held for someone else's approval."""
    m, executive = session.get(Mention, r.mention_id), session.get(Executive, r.executive_id)
    policy = delegation_policy_of(session, actor.workspace_id)
    check = check_text(text, "x", checklist_config(session, actor.workspace_id), at=now)
    findings = [f.to_dict() for f in check.findings]
    decision = delegation.decide(  # a blocking finding stops the edit here, before anything is written
        policy,
        sla_class=delegation.class_for_policy(m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id),
        mention_text=m.text,
        findings=findings,
        written_by_executive=False,
        local_now=now.astimezone(ZoneInfo(executive.timezone)),
    )
    authors = authors_of(session, r) | {actor.member_id}
    if decision.outcome != "escalate" and not _someone_else_approves(session, r, authors):
        raise InvalidInput(
            _(
                "nobody else may approve your edit under the delegation policy; approve the reply as it is, "
                "or reject it (and answer in person)"
            )
        )
    if not versions_of(session, r.id):  # a reply from before versions were kept: its text is the writer's
        add_version(session, r, r.written_by_id, r.created_at)
    before = {"state": r.state, "text": r.text}
    r.text, r.verdict, r.findings, r.approved_by_id, r.updated_at = text, check.verdict, findings, None, now
    number = add_version(session, r, actor.member_id, now)
    edit_reason = _("edited by {name}: someone else approves the new version", name=actor.display_name)
    if decision.outcome == "escalate":
        check_reply_transition(ReplyState(r.state), ReplyState.DRAFT)
        r.state = ReplyState.DRAFT.value
    after = {"state": r.state, "text": text, "version": number, "written_by": r.written_by_id}
    _audit(session, actor, "reply", r.id, AuditAction.REPLY_EDITED, before, after | {"edited_by": actor.member_id})
    if decision.outcome == "escalate":
        escalate(session, actor, m, r, decision, now)
        return
    reasons = [*decision.reasons, edit_reason] if decision.outcome == "approval" else [edit_reason]
    _audit(
        session,
        actor,
        "reply",
        r.id,
        AuditAction.REPLY_SUBMITTED_FOR_APPROVAL,
        {"state": r.state},
        {"state": r.state, "approver": policy.approver, "reasons": reasons, "version": number},
    )


@requires(Action.APPROVE_REPLY)
def approve_reply(
    db: Database,
    actor: Actor,
    reply_id: int,
    x: Platform,
    *,
    text: str | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> ReplyView:
    """Approve the reply as it stands and send it at once: one click. A `text` that changes it is the approver's
    edit instead: a new version, checked and decided by the policy again, left for someone else's approval (nothing
    is sent). `version` is the version the approver saw; a newer one (edited meanwhile) is a Conflict."""
    now = now or utcnow()
    with db.writing() as session:
        r = in_workspace(session, actor, Reply, reply_id, lock=True)
        check_reply_transition(ReplyState(r.state), ReplyState.APPROVED)
        versions = versions_of(session, r.id)
        current = versions[-1].number if versions else 1
        if version is not None and version != current:
            raise Conflict(
                _(
                    "reply {id} changed since you read it (version {current} now); read it again before approving",
                    id=reply_id,
                    current=current,
                )
            )
        edited = _signed_as_writer(session, actor, r, _clean(text)) if text is not None else r.text
        if edited != r.text:
            _may_decide(session, actor, r)
            _edit(session, actor, r, edited, now)
            return reply_view(session, r)
        _may_approve(session, actor, r)
        after: dict[str, Any] = {"state": "approved", "version": current}
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
        r = in_workspace(session, actor, Reply, reply_id, lock=True)
        check_reply_transition(ReplyState(r.state), ReplyState.REJECTED)
        _may_decide(session, actor, r)  # an editor may still stop the reply: nothing goes out
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
            m.state, m.claimed_by_id, m.claim_expires_at = released_state(m), None, None
            _audit(
                session,
                actor,
                "mention",
                m.id,
                AuditAction.MENTION_RELEASED,
                {"state": "claimed"},
                {"state": m.state, "reason": "its reply was rejected"},
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
