"""Review: approve, request changes or reject a version; approvals per version, block overrides, diffs."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.approval import approvals_needed, block_findings
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import PostState, check_post_transition
from assistant.errors import InvalidInput, PermissionDenied
from assistant.i18n import _
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.posts.drafts import _audit, _move
from assistant.services.posts.signoff import missing_required
from assistant.services.posts.threads import goes_out_as_thread
from assistant.services.posts.views import PostView, _post_view
from assistant.services.workspace.members import member_names
from assistant.services.workspace.policies import review_policy_of, thread_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Attestation, Post, PostVersion, Review

_DECISIONS = {
    "approve": PostState.APPROVED,
    "request_changes": PostState.CHANGES_REQUESTED,
    "reject": PostState.REJECTED,
}


@requires(Action.REVIEW_POST)
def review_post(
    db: Database, actor: Actor, post_id: int, decision: str, comment: str = "", *, override_reason: str = ""
) -> PostView:
    """Approve, request changes or reject the latest version. Nobody approves their own text; a
    `block` finding needs `override_reason`; the workspace policy may ask for a second approver."""
    if decision not in _DECISIONS:
        raise InvalidInput(
            _("unknown decision '{decision}'; use approve, request_changes or reject", decision=decision)
        )
    if decision != "approve" and not comment.strip():
        raise InvalidInput(_("say what should change (or why it is rejected) in the comment"))
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        check_post_transition(PostState(post.state), _DECISIONS[decision])
        latest = post.versions[-1]
        now = utcnow()
        if decision != "approve":
            _move(
                session,
                actor,
                post,
                _DECISIONS[decision],
                AuditAction(f"post.{decision}"),
                version=latest.number,
                comment=comment.strip(),
            )
            session.add(
                Review(
                    post_id=post.id,
                    version_id=latest.id,
                    reviewer_id=actor.member_id,
                    decision=decision,
                    comment=comment.strip(),
                    created_at=now,
                )
            )
            return _post_view(session, post)
        _approve(session, actor, post, latest, comment.strip(), override_reason.strip())
        return _post_view(session, post)


def _approve(session: Session, actor: Actor, post: Post, latest: PostVersion, comment: str, override: str) -> None:
    if any(v.author_id == actor.member_id for v in post.versions):
        raise PermissionDenied(_("you wrote or edited this text, so someone else must approve it"))
    if actor.member_id in approvers_of(session, latest.id):
        raise InvalidInput(_("you already approved version {number}; it needs another approver", number=latest.number))
    policy = review_policy_of(session, post.workspace_id)
    blocks = block_findings(latest.findings, goes_out_as_thread(post, thread_policy_of(session, post.workspace_id)))
    if blocks and not override:
        raise InvalidInput(
            _(
                "version {number} has {count} blocking finding(s) ({rules}); fix the text, or "
                "approve with a written override reason",
                number=latest.number,
                count=len(blocks),
                rules=", ".join(sorted({f.get("rule", "?") for f in blocks})),
            )
        )
    if policy.require_attestations:
        missing = missing_required(session, latest, post.workspace_id)
        if missing:
            raise InvalidInput(_("sign the checklist first: {items}", items=", ".join(i.label for i in missing)))
    now = utcnow()
    if blocks:
        session.add(
            Review(
                post_id=post.id,
                version_id=latest.id,
                reviewer_id=actor.member_id,
                decision="override_block",
                comment=override,
                created_at=now,
            )
        )
    session.add(
        Review(
            post_id=post.id,
            version_id=latest.id,
            reviewer_id=actor.member_id,
            decision="approve",
            comment=comment,
            created_at=now,
        )
    )
    session.flush()
    approvers = approvers_of(session, latest.id)
    needed = approvals_needed(policy, latest.findings)
    extra = {"version": latest.number, "comment": comment, "approvals": len(approvers), "needed": needed}
    if blocks:
        extra["override_reason"] = override
    if len(approvers) < needed:  # multi-step: stays in review, the approval is recorded
        _audit(
            session,
            actor,
            AuditAction.POST_APPROVAL_RECORDED,
            post,
            {"state": post.state},
            {"state": post.state, **extra},
        )
        return
    _move(session, actor, post, PostState.APPROVED, AuditAction.POST_APPROVE, **extra)
    if post.scheduled_at is not None and post.scheduled_at > now:
        _move(session, actor, post, PostState.SCHEDULED, AuditAction.POST_SCHEDULED, scheduled_at=post.scheduled_at)


def approvers_of(session: Session, version_id: int) -> set[int]:
    rows = session.scalars(
        select(Review.reviewer_id).where(Review.version_id == version_id, Review.decision == "approve")
    )
    return set(rows)


def is_fully_approved(session: Session, post: Post, version: PostVersion) -> bool:
    """The publishing gate: enough distinct approvers of this exact version, none of them its authors."""
    authors = {v.author_id for v in post.versions}
    approvers = approvers_of(session, version.id) - authors
    needed = approvals_needed(review_policy_of(session, post.workspace_id), version.findings)
    return len(approvers) >= needed


def last_reviewed_version(session: Session, post: Post) -> PostVersion | None:
    """The version the latest review decision was about (what the reviewer saw last time)."""
    version_id = session.scalar(
        select(Review.version_id).where(Review.post_id == post.id).order_by(Review.id.desc()).limit(1)
    )
    return next((v for v in post.versions if v.id == version_id), None)


_TOKENS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff as (op, text) with op in equal / insert / delete; whitespace kept."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            out.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("insert", "".join(b[j1:j2])))
        if tag == "equal":
            out.append(("equal", "".join(a[i1:i2])))
    return out


@dataclass(frozen=True)
class ReviewEntry:
    reviewer: str
    decision: str
    comment: str
    version: int
    created_at: datetime


@dataclass(frozen=True)
class ReviewDetail:
    post_id: int
    version: int
    diff_base: int | None  # the version last reviewed, or the previous one
    diff: list[tuple[str, str]]
    findings: list[dict]
    verdict: str | None
    approvals: list[str]
    approvals_needed: int
    needs_override: bool
    signed: dict[str, tuple[str, datetime]]  # item key -> (who, when)
    history: list[ReviewEntry] = field(default_factory=list)


@requires(Action.REVIEW_POST)
def review_queue(db: Database, actor: Actor, limit: int = 200) -> list[int]:
    """Post ids waiting for review: soonest scheduled first, then the oldest."""
    with db.reading() as session:
        no_time_last = case((Post.scheduled_at.is_(None), 1), else_=0)
        query = (
            select(Post.id)
            .where(Post.workspace_id == actor.workspace_id, Post.state == PostState.IN_REVIEW.value)
            .order_by(no_time_last, Post.scheduled_at, Post.created_at, Post.id)
            .limit(limit)
        )
        return list(session.scalars(query))


@requires(Action.VIEW_POSTS)
def review_detail(db: Database, actor: Actor, post_id: int) -> ReviewDetail:
    """Diff since the last reviewed version, findings, approvals and signatures of the latest version."""

    with db.reading() as session:
        post = in_workspace(session, actor, Post, post_id)
        latest = post.versions[-1]
        names = member_names(session, post.workspace_id)
        base = last_reviewed_version(session, post)
        if base is None or base.id == latest.id:
            base = post.versions[-2] if len(post.versions) > 1 else None
        reviews = session.scalars(select(Review).where(Review.post_id == post.id).order_by(Review.id)).all()
        by_id = {v.id: v.number for v in post.versions}
        signed = {
            a.item_key: (names.get(a.signed_by_id, "?"), a.signed_at)
            for a in session.scalars(select(Attestation).where(Attestation.version_id == latest.id))
        }
        approvals = sorted(names.get(m, "?") for m in approvers_of(session, latest.id))
        return ReviewDetail(
            post.id,
            latest.number,
            base.number if base else None,
            text_diff(base.text, latest.text) if base else [("equal", latest.text)],
            list(latest.findings or []),
            latest.verdict,
            approvals,
            approvals_needed(review_policy_of(session, post.workspace_id), latest.findings),
            bool(
                block_findings(latest.findings, goes_out_as_thread(post, thread_policy_of(session, post.workspace_id)))
            ),
            signed,
            [
                ReviewEntry(
                    names.get(r.reviewer_id, "?"), r.decision, r.comment, by_id.get(r.version_id, 0), r.created_at
                )
                for r in reviews
            ],
        )
