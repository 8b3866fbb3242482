"""Long X posts as threads: the author's choice, the workspace policy and the preview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assistant.checklist.threads import needs_thread, split_thread
from assistant.checklist.xlength import MAX_WEIGHTED_LENGTH, weighted_length
from assistant.domain.audit_actions import AuditAction
from assistant.domain.policies import ThreadPolicy
from assistant.domain.roles import Action
from assistant.domain.states import PostState, state_word
from assistant.errors import InvalidInput, InvalidTransition
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.workspace.policies import thread_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Post

_CHOOSABLE = (
    PostState.DRAFT,
    PostState.IN_REVIEW,
    PostState.CHANGES_REQUESTED,
    PostState.APPROVED,
    PostState.SCHEDULED,
    PostState.FAILED,
)


def goes_out_as_thread(post: Post, policy: ThreadPolicy) -> bool:
    """An X post goes out as a thread when its author chose so or the workspace policy says every long one does."""
    return post.platform == "x" and (bool(post.publish_as_thread) or policy.thread_long_x_posts)


@requires(Action.EDIT_POST)
def set_publish_as_thread(db: Database, actor: Actor, post_id: int, as_thread: bool) -> None:
    """The author's (or reviewer's) choice for a long X post; the text and its approval are unchanged."""
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        choose_thread(session, actor, post, as_thread)


def choose_thread(session: Session, actor: Actor, post: Post, as_thread: bool) -> None:
    """Record the thread choice inside the caller's transaction (Compose sets it with the new post)."""
    if post.platform != "x":
        raise InvalidInput(
            _("post {id} is for {platform}; only X posts go out as threads", id=post.id, platform=post.platform)
        )
    if PostState(post.state) not in _CHOOSABLE or _sent_parts(post):
        raise InvalidTransition(
            _(
                "post {id} is {state}; the thread choice is fixed once publishing began",
                id=post.id,
                state=state_word(post.state, spaced=False),
            )
        )
    if bool(post.publish_as_thread) == as_thread:
        return
    post.publish_as_thread = as_thread
    record_action(
        session,
        actor,
        action=AuditAction.POST_THREAD_CHOICE,
        entity_type="post",
        entity_id=post.id,
        before={"publish_as_thread": not as_thread},
        after={"publish_as_thread": as_thread},
    )


@dataclass(frozen=True)
class ThreadPreview:
    weighted: int  # of the whole text
    limit: int
    needed: bool  # too long for one post
    as_thread: bool  # it will go out as a thread (author's choice or workspace policy)
    by_policy: bool
    parts: tuple[tuple[str, int], ...]  # (text as posted, weighted length)
    sent: tuple[str | None, ...] = ()  # X id per part, once publishing began


@requires(Action.VIEW_POSTS)
def thread_preview(db: Database, actor: Actor, post_id: int) -> ThreadPreview:
    """How the latest text would be split, and which parts are already out."""
    with db.reading() as session:
        post = in_workspace(session, actor, Post, post_id)
        policy = thread_policy_of(session, post.workspace_id)
        text = post.versions[-1].text
        parts = tuple((p.text, weighted_length(p.text).weighted) for p in split_thread(text))
        progress = post.thread_progress or {}
        sent = (
            tuple(p.get("x_post_id") for p in progress.get("parts") or ())
            if progress.get("version") == post.versions[-1].number
            else ()
        )
        return ThreadPreview(
            weighted_length(text).weighted,
            MAX_WEIGHTED_LENGTH,
            needs_thread(text),
            goes_out_as_thread(post, policy),
            policy.thread_long_x_posts,
            parts,
            sent,
        )


def _sent_parts(post: Post) -> list[str]:
    return [p["x_post_id"] for p in (post.thread_progress or {}).get("parts") or () if p.get("x_post_id")]
