"""Posts and their versions: drafting, editing, review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action, Role
from assistant.domain.states import PostState, check_post_transition
from assistant.errors import InvalidInput, NotFound, PermissionDenied
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.services.workspace import executive_in_workspace
from assistant.storage.db import Database
from assistant.storage.models import Member, Post, PostVersion, Review

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


def member_names(session: Session, workspace_id: int) -> dict[int, str]:
    return dict(session.execute(select(Member.id, Member.display_name)
                                .where(Member.workspace_id == workspace_id)).all())


def _post_view(session: Session, post: Post, names: dict[int, str] | None = None) -> PostView:
    names = names if names is not None else member_names(session, post.workspace_id)
    versions = tuple(
        VersionView(v.number, v.text, v.authorship, names.get(v.author_id, "?"), v.ai_model,
                    f"{v.prompt_name}@{v.prompt_version}" if v.prompt_name else None, v.verdict, v.created_at)
        for v in post.versions
    )
    return PostView(post.id, post.executive_id, post.platform, post.state, post.title,
                    versions[-1].text if versions else "", names.get(post.created_by_id, "?"), post.updated_at,
                    post.scheduled_at, versions)


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
    record_event(session, actor_id=actor.member_id, actor_label=actor.label, workspace_id=actor.workspace_id,
                 action=action, entity_type="post", entity_id=post.id, before=before, after=after)


def _post_in_workspace(session: Session, actor: Actor, post_id: int) -> Post:
    post = session.get(Post, post_id)
    if post is None or post.workspace_id != actor.workspace_id:
        raise NotFound(f"no post {post_id} in this workspace")
    return post


def _add_version(session: Session, actor: Actor, post: Post, text: str, *, authorship: str,
                 ai: dict | None = None) -> PostVersion:
    number = (max((v.number for v in post.versions), default=0)) + 1
    ai = ai or {}
    version = PostVersion(post_id=post.id, number=number, text=text, authorship=authorship,
                          author_id=actor.member_id, ai_provider=ai.get("provider"), ai_model=ai.get("model"),
                          prompt_name=ai.get("prompt_name"), prompt_version=ai.get("prompt_version"),
                          edited_ratio=ai.get("edited_ratio"), findings=[], created_at=utcnow())
    session.add(version)
    post.versions.append(version)
    post.updated_at = version.created_at
    return version


@requires(Action.DRAFT_POST)
def create_draft(db: Database, actor: Actor, executive_id: int, platform: str, text: str, *,
                 title: str = "", ai: dict | None = None) -> PostView:
    """Start a post. `ai` names provider/model/prompt when the text came from a model."""
    text = _check_text(text, platform)
    with db.writing() as session:
        executive_in_workspace(session, actor, executive_id)
        now = utcnow()
        post = Post(workspace_id=actor.workspace_id, executive_id=executive_id, platform=platform,
                    state=PostState.DRAFT.value, title=title.strip()[:200] or text[:60], created_by_id=actor.member_id,
                    created_at=now, updated_at=now)
        session.add(post)
        session.flush()
        version = _add_version(session, actor, post, text, authorship=_authorship(actor, bool(ai)), ai=ai)
        _audit(session, actor, "post.drafted", post, None,
               {"state": post.state, "version": version.number, "authorship": version.authorship})
        session.flush()
        return _post_view(session, post)


@requires(Action.EDIT_POST)
def edit_post(db: Database, actor: Actor, post_id: int, text: str) -> PostView:
    """A new version. Editing an approved or scheduled text voids the approval."""
    with db.writing() as session:
        post = _post_in_workspace(session, actor, post_id)
        text = _check_text(text, post.platform)
        if post.state in (PostState.PUBLISHING, PostState.PUBLISHED, PostState.REJECTED):
            raise InvalidInput(f"post {post.id} is {post.state} and can no longer be edited")
        before = post.state
        authorship = "reviewer" if Role.REVIEWER in actor.roles and post.state == PostState.IN_REVIEW else \
            _authorship(actor, False)
        version = _add_version(session, actor, post, text, authorship=authorship)
        if post.state in (PostState.APPROVED, PostState.SCHEDULED):
            post.state = PostState.DRAFT.value
            post.scheduled_at = None
        _audit(session, actor, "post.edited", post, {"state": before},
               {"state": post.state, "version": version.number})
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
        post = _post_in_workspace(session, actor, post_id)
        _move(session, actor, post, PostState.IN_REVIEW, "post.submitted")
        return _post_view(session, post)


_DECISIONS = {"approve": PostState.APPROVED, "request_changes": PostState.CHANGES_REQUESTED,
              "reject": PostState.REJECTED}


@requires(Action.REVIEW_POST)
def review_post(db: Database, actor: Actor, post_id: int, decision: str, comment: str = "") -> PostView:
    """Approve, request changes or reject the latest version. Nobody approves their own text."""
    if decision not in _DECISIONS:
        raise InvalidInput(f"unknown decision {decision!r}; use approve, request_changes or reject")
    if decision != "approve" and not comment.strip():
        raise InvalidInput("say what should change (or why it is rejected) in the comment")
    with db.writing() as session:
        post = _post_in_workspace(session, actor, post_id)
        latest = post.versions[-1]
        if decision == "approve" and any(v.author_id == actor.member_id for v in post.versions):
            raise PermissionDenied("you wrote or edited this text, so someone else must approve it")
        _move(session, actor, post, _DECISIONS[decision], f"post.{decision}", version=latest.number,
              comment=comment.strip())
        session.add(Review(post_id=post.id, version_id=latest.id, reviewer_id=actor.member_id, decision=decision,
                           comment=comment.strip(), created_at=utcnow()))
        return _post_view(session, post)


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
        rows = session.execute(select(Post.state, func.count()).where(Post.workspace_id == actor.workspace_id)
                               .group_by(Post.state))
        return {state: n for state, n in rows}
