"""Posts and their versions: drafting, editing (a reviewer's edit is a new version), review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action, Role
from assistant.domain.states import PostState, check_post_transition
from assistant.errors import InvalidInput, NotFound, PermissionDenied
from assistant.services import review as rules
from assistant.services.attestations import checklist_config, missing_required
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.members import member_names
from assistant.services.policies import with_ai_disclosure
from assistant.services.threads import goes_out_as_thread
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Post, PostVersion, Review, Workspace

PLATFORMS = ("x", "linkedin")
MAX_TEXT = 40_000  # far beyond any platform limit; bounds what a paste can store


@dataclass(frozen=True)
class VersionView:
    number: int
    text: str
    authorship: str
    author: str
    ai_model: str | None
    prompt: str | None
    verdict: str | None
    created_at: datetime
    findings: tuple[dict, ...] = ()


@dataclass(frozen=True)
class PostView:
    id: int
    executive_id: int
    platform: str
    state: str
    title: str
    text: str
    created_by: str
    updated_at: datetime
    scheduled_at: datetime | None
    versions: tuple[VersionView, ...]
    created_at: datetime | None = None
    published_at: datetime | None = None
    x_post_id: str | None = None
    last_error: str | None = None
    publish_attempts: int = 0
    next_attempt_at: datetime | None = None

    @property
    def dry_run(self) -> bool:
        """Published by the dry-run publisher: nothing reached X."""
        return bool(self.x_post_id and self.x_post_id.startswith("dryrun-"))


def _post_view(session: Session, post: Post, names: dict[int, str] | None = None) -> PostView:
    names = names if names is not None else member_names(session, post.workspace_id)
    versions = tuple(
        VersionView(
            v.number,
            v.text,
            v.authorship,
            names.get(v.author_id, "?"),
            v.ai_model,
            f"{v.prompt_name}@{v.prompt_version}" if v.prompt_name else None,
            v.verdict,
            v.created_at,
            tuple(v.findings or ()),
        )
        for v in post.versions
    )
    return PostView(
        post.id,
        post.executive_id,
        post.platform,
        post.state,
        post.title,
        versions[-1].text if versions else "",
        names.get(post.created_by_id, "?"),
        post.updated_at,
        post.scheduled_at,
        versions,
        post.created_at,
        post.published_at,
        post.x_post_id,
        post.last_error,
        post.publish_attempts or 0,
        post.next_attempt_at,
    )


def _checklist(session: Session, post: Post, text: str) -> tuple[str | None, list[dict]]:
    """Findings of the workspace's checklist for this text, stored on the version."""
    config = checklist_config(session, post.workspace_id)
    if config is None:  # no engine available: the version keeps no findings
        return None, []
    from assistant.checklist import check_text

    result = check_text(text, post.platform, config, at=post.scheduled_at)
    return result.verdict, [f.to_dict() for f in result.findings]


def _check_text(text: str, platform: str) -> str:
    if platform not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}; choose one of {', '.join(PLATFORMS)}")
    text = text.strip()
    if not text:
        raise InvalidInput("the post is empty; write something first")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"the post has {len(text):,} characters; the limit here is {MAX_TEXT:,}")
    return text


def _authorship(actor: Actor, ai_assisted: bool) -> str:
    if ai_assisted:
        return "ai_assisted"
    if Role.EXECUTIVE in actor.roles:
        return "executive"
    return "delegate" if Role.DELEGATE in actor.roles else "reviewer"


def _audit(session: Session, actor: Actor, action: str, post: Post, before: dict | None, after: dict) -> None:
    record_event(
        session,
        actor_id=actor.member_id,
        actor_label=actor.label,
        workspace_id=actor.workspace_id,
        action=action,
        entity_type="post",
        entity_id=post.id,
        before=before,
        after=after,
    )


def post_in_workspace(session: Session, actor: Actor, post_id: int, *, lock: bool = False) -> Post:
    query = select(Post).where(Post.id == post_id)
    post = session.scalar(query.with_for_update() if lock else query)
    if post is None or post.workspace_id != actor.workspace_id:
        raise NotFound(f"no post {post_id} in this workspace")
    return post


_post_in_workspace = post_in_workspace


def _add_version(
    session: Session, actor: Actor, post: Post, text: str, *, authorship: str, ai: dict | None = None
) -> PostVersion:
    number = (max((v.number for v in post.versions), default=0)) + 1
    ai = ai or {}
    verdict, findings = _checklist(session, post, text)
    version = PostVersion(
        post_id=post.id,
        number=number,
        text=text,
        authorship=authorship,
        author_id=actor.member_id,
        ai_provider=ai.get("provider"),
        ai_model=ai.get("model"),
        prompt_name=ai.get("prompt_name"),
        prompt_version=ai.get("prompt_version"),
        edited_ratio=ai.get("edited_ratio"),
        verdict=verdict,
        findings=findings,
        created_at=utcnow(),
    )
    session.add(version)
    post.versions.append(version)
    post.updated_at = version.created_at
    return version


@requires(Action.DRAFT_POST)
def create_draft(
    db: Database, actor: Actor, executive_id: int, platform: str, text: str, *, title: str = "", ai: dict | None = None
) -> PostView:
    """Start a post. `ai` names provider/model/prompt when the text came from a model."""
    text = _check_text(text, platform)
    with db.writing() as session:
        executive_in_workspace(session, actor, executive_id)
        text = with_ai_disclosure(session, actor.workspace_id, text, ai)
        now = utcnow()
        post = Post(
            workspace_id=actor.workspace_id,
            executive_id=executive_id,
            platform=platform,
            state=PostState.DRAFT.value,
            title=title.strip()[:200] or text[:60],
            created_by_id=actor.member_id,
            created_at=now,
            updated_at=now,
        )
        session.add(post)
        session.flush()
        version = _add_version(session, actor, post, text, authorship=_authorship(actor, bool(ai)), ai=ai)
        _audit(
            session,
            actor,
            "post.drafted",
            post,
            None,
            {"state": post.state, "version": version.number, "authorship": version.authorship},
        )
        session.flush()
        return _post_view(session, post)


@requires(Action.EDIT_POST)
def edit_post(db: Database, actor: Actor, post_id: int, text: str) -> PostView:
    """A new version. A reviewer's edit during review is recorded as theirs and shown to the author
    as a diff; editing an approved, scheduled, failed or expired text voids the approval (back to draft)."""
    with db.writing() as session:
        post = post_in_workspace(session, actor, post_id, lock=True)
        text = _check_text(text, post.platform)
        if post.state in (PostState.PUBLISHING, PostState.PUBLISHED, PostState.REJECTED):
            raise InvalidInput(f"post {post.id} is {post.state} and can no longer be edited")
        if text == post.versions[-1].text:
            raise InvalidInput("nothing changed; edit the text first")
        before = post.state
        authorship = (
            "reviewer"
            if Role.REVIEWER in actor.roles and post.state == PostState.IN_REVIEW
            else _authorship(actor, False)
        )
        version = _add_version(session, actor, post, text, authorship=authorship)
        if post.state in (PostState.APPROVED, PostState.SCHEDULED, PostState.FAILED, PostState.EXPIRED):
            check_post_transition(PostState(post.state), PostState.DRAFT)
            if post.state == PostState.EXPIRED:
                post.scheduled_at = None  # its time has passed; the reviewer sets a new one
            post.state = PostState.DRAFT.value
            post.publish_attempts, post.publish_started_at, post.next_attempt_at = 0, None, None
            post.last_error = None
        _audit(
            session,
            actor,
            "post.edited",
            post,
            {"state": before},
            {"state": post.state, "version": version.number, "authorship": authorship},
        )
        session.flush()
        return _post_view(session, post)


def _move(session: Session, actor: Actor, post: Post, target: PostState, action: str, **extra: object) -> None:
    current = PostState(post.state)
    check_post_transition(current, target)
    post.state = target.value
    post.updated_at = utcnow()
    _audit(session, actor, action, post, {"state": current.value}, {"state": target.value, **extra})


@requires(Action.SUBMIT_FOR_REVIEW)
def submit_for_review(db: Database, actor: Actor, post_id: int) -> PostView:
    with db.writing() as session:
        post = post_in_workspace(session, actor, post_id, lock=True)
        _move(session, actor, post, PostState.IN_REVIEW, "post.submitted", version=post.versions[-1].number)
        return _post_view(session, post)


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
        raise InvalidInput(f"unknown decision {decision!r}; use approve, request_changes or reject")
    if decision != "approve" and not comment.strip():
        raise InvalidInput("say what should change (or why it is rejected) in the comment")
    with db.writing() as session:
        post = post_in_workspace(session, actor, post_id, lock=True)
        check_post_transition(PostState(post.state), _DECISIONS[decision])
        latest = post.versions[-1]
        now = utcnow()
        if decision != "approve":
            _move(
                session,
                actor,
                post,
                _DECISIONS[decision],
                f"post.{decision}",
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
        raise PermissionDenied("you wrote or edited this text, so someone else must approve it")
    if actor.member_id in rules.approvers_of(session, latest.id):
        raise InvalidInput(f"you already approved version {latest.number}; it needs another approver")
    policy = rules.load_policy(session, post.workspace_id)
    blocks = rules.block_findings(latest.findings, goes_out_as_thread(post, session.get(Workspace, post.workspace_id)))
    if blocks and not override:
        raise InvalidInput(
            f"version {latest.number} has {len(blocks)} blocking finding(s) "
            f"({', '.join(sorted({f.get('rule', '?') for f in blocks}))}); fix the text, or "
            "approve with a written override reason"
        )
    if policy.require_attestations:
        missing = missing_required(session, latest, post.workspace_id)
        if missing:
            raise InvalidInput("sign the checklist first: " + ", ".join(i.label for i in missing))
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
    approvers = rules.approvers_of(session, latest.id)
    needed = rules.approvals_needed(policy, latest.findings)
    extra = {"version": latest.number, "comment": comment, "approvals": len(approvers), "needed": needed}
    if blocks:
        extra["override_reason"] = override
    if len(approvers) < needed:  # multi-step: stays in review, the approval is recorded
        _audit(session, actor, "post.approval_recorded", post, {"state": post.state}, {"state": post.state, **extra})
        return
    _move(session, actor, post, PostState.APPROVED, "post.approve", **extra)
    if post.scheduled_at is not None and post.scheduled_at > now:
        _move(session, actor, post, PostState.SCHEDULED, "post.scheduled", scheduled_at=post.scheduled_at)


@requires(Action.VIEW_POSTS)
def list_posts(db: Database, actor: Actor, *, states: tuple[str, ...] = (), limit: int = 200) -> list[PostView]:
    with db.reading() as session:
        query = select(Post).where(Post.workspace_id == actor.workspace_id)
        if states:
            query = query.where(Post.state.in_(states))
        soonest_first = case((Post.scheduled_at.is_(None), 1), else_=0)
        query = query.order_by(soonest_first, Post.scheduled_at, Post.updated_at.desc()).limit(limit)
        names = member_names(session, actor.workspace_id)
        return [_post_view(session, p, names) for p in session.scalars(query)]


@requires(Action.VIEW_POSTS)
def get_post(db: Database, actor: Actor, post_id: int) -> PostView:
    with db.reading() as session:
        return _post_view(session, _post_in_workspace(session, actor, post_id))


@requires(Action.VIEW_POSTS)
def count_posts_by_state(db: Database, actor: Actor) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(
            select(Post.state, func.count()).where(Post.workspace_id == actor.workspace_id).group_by(Post.state)
        )
        return {state: n for state, n in rows}
