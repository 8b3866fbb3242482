"""What the team sees of posts: each with its versions, who wrote them and how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from assistant.domain.roles import Action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Post


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
        return _post_view(session, in_workspace(session, actor, Post, post_id))


@requires(Action.VIEW_POSTS)
def count_posts_by_state(db: Database, actor: Actor) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(
            select(Post.state, func.count()).where(Post.workspace_id == actor.workspace_id).group_by(Post.state)
        )
        return {state: n for state, n in rows}
