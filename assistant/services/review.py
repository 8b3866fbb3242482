"""Review rules: the workspace review policy, approvals per version, block overrides, diffs.

The guarded use cases live in `posts` (review_post) and here (queue, detail, policy);
the helpers without a guard run inside a caller's transaction.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from assistant.domain.roles import Action
from assistant.domain.states import PostState
from assistant.errors import InvalidInput
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.threads import goes_out_as_thread
from assistant.storage.db import Database
from assistant.storage.models import Attestation, Post, PostVersion, Review, Workspace


@dataclass(frozen=True)
class ReviewPolicy:
    """Per workspace, under `settings["review"]`. Defaults: one approver, a second one for disclosure."""

    approvals_required: int = 1
    second_approver_categories: tuple[str, ...] = ("disclosure",)
    require_attestations: bool = False
    # An approved post this late (worker down, say) expires instead of going out stale.
    late_limit_minutes: int = 24 * 60

    def to_dict(self) -> dict:
        data = asdict(self)
        data["second_approver_categories"] = list(self.second_approver_categories)
        return data


def policy_from_settings(settings: dict | None) -> ReviewPolicy:
    raw = dict((settings or {}).get("review") or {})
    default = ReviewPolicy()
    try:
        return ReviewPolicy(
            approvals_required=max(1, int(raw.get("approvals_required", default.approvals_required))),
            second_approver_categories=tuple(raw.get("second_approver_categories", default.second_approver_categories)),
            require_attestations=bool(raw.get("require_attestations", default.require_attestations)),
            late_limit_minutes=max(1, int(raw.get("late_limit_minutes", default.late_limit_minutes))),
        )
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"the workspace review policy is malformed ({exc}); fix it in Settings") from None


def load_policy(session: Session, workspace_id: int) -> ReviewPolicy:
    workspace = session.get(Workspace, workspace_id)
    return policy_from_settings(workspace.settings if workspace else None)


@requires(Action.VIEW_POSTS)
def get_review_policy(db: Database, actor: Actor) -> ReviewPolicy:
    with db.reading() as session:
        return load_policy(session, actor.workspace_id)


@requires(Action.MANAGE_POLICIES)
def set_review_policy(db: Database, actor: Actor, **changes: object) -> ReviewPolicy:
    unknown = set(changes) - set(ReviewPolicy.__dataclass_fields__)
    if unknown:
        raise InvalidInput(f"unknown review policy field(s): {', '.join(sorted(unknown))}")
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        before = load_policy(session, actor.workspace_id)
        merged = {**before.to_dict(), **changes}
        policy = policy_from_settings({"review": merged})
        workspace.settings = {**(workspace.settings or {}), "review": policy.to_dict()}
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="workspace.review_policy_changed",
            entity_type="workspace",
            entity_id=workspace.id,
            before=before.to_dict(),
            after=policy.to_dict(),
        )
        return policy


# -- rules applied to one version ------------------------------------------------------------


def block_findings(findings: list[dict], as_thread: bool = False) -> list[dict]:
    """Blocking findings; a post going out as a thread is not blocked by its overall length."""
    return [
        f
        for f in findings or ()
        if f.get("severity") == "block" and not (as_thread and f.get("rule") == "format.length")
    ]


def approvals_needed(policy: ReviewPolicy, findings: list[dict]) -> int:
    """A second approver when the version has a warn/block finding in a sensitive category."""
    flagged = any(
        f.get("category") in policy.second_approver_categories and f.get("severity") in ("block", "warn")
        for f in findings or ()
    )
    return policy.approvals_required + (1 if flagged else 0)


def approvers_of(session: Session, version_id: int) -> set[int]:
    rows = session.scalars(
        select(Review.reviewer_id).where(Review.version_id == version_id, Review.decision == "approve")
    )
    return set(rows)


def is_fully_approved(session: Session, post: Post, version: PostVersion) -> bool:
    """The publishing gate: enough distinct approvers of this exact version, none of them its authors."""
    authors = {v.author_id for v in post.versions}
    approvers = approvers_of(session, version.id) - authors
    needed = approvals_needed(load_policy(session, post.workspace_id), version.findings)
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


# -- what the review page shows ----------------------------------------------------------------


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
    from assistant.services.members import member_names
    from assistant.services.posts import post_in_workspace

    with db.reading() as session:
        post = post_in_workspace(session, actor, post_id)
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
            approvals_needed(load_policy(session, post.workspace_id), latest.findings),
            bool(block_findings(latest.findings, goes_out_as_thread(post, session.get(Workspace, post.workspace_id)))),
            signed,
            [
                ReviewEntry(
                    names.get(r.reviewer_id, "?"), r.decision, r.comment, by_id.get(r.version_id, 0), r.created_at
                )
                for r in reviews
            ],
        )
