"""Compose's own work in progress: drafts and posts sent back for changes, each with the reviewer's last word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from assistant.checklist.model import Finding
from assistant.domain.roles import Action
from assistant.domain.states import state_word
from assistant.errors import InvalidTransition
from assistant.i18n import _
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.posts.drafts import REOPENABLE
from assistant.services.posts.views import PostView, _post_view
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Post, Review


@dataclass(frozen=True)
class ReopenedPost:
    post: PostView
    comment: str  # the reviewer's last request for changes; "" for a draft never sent back
    reviewer: str
    reviewed_version: int | None  # the version that comment is about
    reviewed_at: datetime | None
    reviewed_text: str  # the text the reviewer read
    findings: tuple[Finding, ...]  # the checklist's findings on that text, to highlight in it
    as_thread: bool = False  # the author's choice to send a long X post as a numbered thread


def _reopened(session: Session, post: Post, names: dict[int, str]) -> ReopenedPost:
    view = _post_view(session, post, names)
    review = session.scalars(
        select(Review)
        .where(Review.post_id == post.id, Review.decision == "request_changes")
        .order_by(Review.id.desc())
        .limit(1)
    ).first()
    seen = next((v for v in post.versions if review is not None and v.id == review.version_id), post.versions[-1])
    return ReopenedPost(
        view,
        review.comment if review else "",
        names.get(review.reviewer_id, "?") if review else "",
        seen.number if review else None,
        review.created_at if review else None,
        seen.text,
        tuple(_finding(f) for f in seen.findings or ()),
        bool(post.publish_as_thread),
    )


def _finding(stored: dict) -> Finding:
    return Finding(
        stored.get("rule", ""),
        stored.get("category", ""),
        stored.get("severity", "info"),
        stored.get("message", ""),
        int(stored.get("start", 0)),
        int(stored.get("end", 0)),
    )


@requires(Action.EDIT_POST)
def reopenable_posts(db: Database, actor: Actor, limit: int = 50) -> list[ReopenedPost]:
    """Drafts and posts sent back for changes, sent back first, then the most recently touched."""
    sent_back_first = case((Post.state == "changes_requested", 0), else_=1)
    with db.reading() as session:
        rows = session.scalars(
            select(Post)
            .where(Post.workspace_id == actor.workspace_id, Post.state.in_(REOPENABLE))
            .order_by(sent_back_first, Post.updated_at.desc(), Post.id.desc())
            .limit(limit)
        )
        names = member_names(session, actor.workspace_id)
        return [_reopened(session, post, names) for post in rows]


@requires(Action.EDIT_POST)
def reopen_post(db: Database, actor: Actor, post_id: int) -> ReopenedPost:
    """One draft or post sent back for changes, to load into the editor (a deep link `?post=<id>`)."""
    with db.reading() as session:
        post = in_workspace(session, actor, Post, post_id)
        if post.state not in REOPENABLE:
            raise InvalidTransition(
                _(
                    "post {id} is {state}; Compose reopens drafts and posts sent back"
                    " for changes (find it on the Review page or on the home page)",
                    id=post.id,
                    state=state_word(post.state),
                )
            )
        return _reopened(session, post, member_names(session, post.workspace_id))
