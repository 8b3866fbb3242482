"""Long X posts as threads: the author's choice, the workspace policy, the preview, and the publisher's step.

Each part is recorded (text and X id) in its own committed transaction right after X accepts it.
After a crash the rerun reconciles the first unrecorded parts with the account's timeline before
sending anything, then replies to the last part that is out: no part goes out twice, and the
chain stays unbroken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from assistant.checklist.threads import needs_thread, split_thread
from assistant.checklist.xlength import MAX_WEIGHTED_LENGTH, weighted_length
from assistant.domain.roles import Action
from assistant.domain.states import PostState
from assistant.errors import InvalidInput, InvalidTransition
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Post, Workspace
from assistant.x_types import SentPost

if TYPE_CHECKING:
    from assistant.services.publishing import Publisher

SYSTEM_LABEL = "system (publisher)"
_CHOOSABLE = (
    PostState.DRAFT,
    PostState.IN_REVIEW,
    PostState.CHANGES_REQUESTED,
    PostState.APPROVED,
    PostState.SCHEDULED,
    PostState.FAILED,
)


def policy_threads_long_posts(settings: Mapping[str, Any] | None) -> bool:
    """Workspace policy `settings["publishing"]["thread_long_x_posts"]`: every long X post becomes a thread."""
    return bool(((settings or {}).get("publishing") or {}).get("thread_long_x_posts", False))


def goes_out_as_thread(post: Post, workspace: Workspace | None) -> bool:
    return post.platform == "x" and (
        bool(post.publish_as_thread) or policy_threads_long_posts(workspace.settings if workspace else None)
    )


@requires(Action.MANAGE_POLICIES)
def set_thread_policy(db: Database, actor: Actor, thread_long_x_posts: bool) -> None:
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        before = policy_threads_long_posts(workspace.settings)
        publishing = {
            **((workspace.settings or {}).get("publishing") or {}),
            "thread_long_x_posts": thread_long_x_posts,
        }
        workspace.settings = {**(workspace.settings or {}), "publishing": publishing}
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="workspace.thread_policy_changed",
            entity_type="workspace",
            entity_id=workspace.id,
            before={"thread_long_x_posts": before},
            after={"thread_long_x_posts": thread_long_x_posts},
        )


@requires(Action.EDIT_POST)
def set_publish_as_thread(db: Database, actor: Actor, post_id: int, as_thread: bool) -> None:
    """The author's (or reviewer's) choice for a long X post; the text and its approval are unchanged."""
    from assistant.services.posts import post_in_workspace

    with db.writing() as session:
        post = post_in_workspace(session, actor, post_id, lock=True)
        if post.platform != "x":
            raise InvalidInput(f"post {post.id} is for {post.platform}; only X posts go out as threads")
        if PostState(post.state) not in _CHOOSABLE or _sent_parts(post):
            raise InvalidTransition(f"post {post.id} is {post.state}; the thread choice is fixed once publishing began")
        if bool(post.publish_as_thread) == as_thread:
            return
        post.publish_as_thread = as_thread
        record_event(
            session,
            actor_id=actor.member_id,
            actor_label=actor.label,
            workspace_id=actor.workspace_id,
            action="post.thread_choice",
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
    from assistant.services.posts import post_in_workspace

    with db.reading() as session:
        post = post_in_workspace(session, actor, post_id)
        workspace = session.get(Workspace, post.workspace_id)
        text = post.versions[-1].text
        by_policy = policy_threads_long_posts(workspace.settings if workspace else None)
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
            goes_out_as_thread(post, workspace),
            by_policy,
            parts,
            sent,
        )


# -- the publisher's step (no actor: runs inside publishing.publish_due) ----------------------


def _sent_parts(post: Post) -> list[str]:
    return [p["x_post_id"] for p in (post.thread_progress or {}).get("parts") or () if p.get("x_post_id")]


def _progress(db: Database, post_id: int, version: int, text: str) -> list[dict]:
    """The parts to publish, stored before the first one is sent (a rerun uses the same split)."""
    with db.writing() as session:
        post = session.get(Post, post_id)
        progress = post.thread_progress or {}
        if progress.get("version") != version:
            parts = [{"text": p.text, "x_post_id": None} for p in split_thread(text)]
            abandoned = _sent_parts(post)
            post.thread_progress = {"version": version, "parts": parts}
            if abandoned:  # an edited text after a partly sent thread: the new version starts over
                record_event(
                    session,
                    actor_id=None,
                    actor_label=SYSTEM_LABEL,
                    workspace_id=post.workspace_id,
                    action="post.thread_restarted",
                    entity_type="post",
                    entity_id=post.id,
                    before={"sent": abandoned},
                    after={"version": version, "parts": len(parts)},
                )
        return [dict(p) for p in post.thread_progress["parts"]]


def _record(db: Database, post_id: int, index: int, x_post_id: str, now: datetime, *, reconciled: bool) -> None:
    with db.writing() as session:
        post = session.get(Post, post_id)
        progress = dict(post.thread_progress)
        parts = [dict(p) for p in progress["parts"]]
        parts[index]["x_post_id"] = x_post_id
        post.thread_progress = {**progress, "parts": parts}  # a new object, so the JSON change is saved
        post.updated_at = now  # keeps the lease fresh while a long thread goes out
        record_event(
            session,
            actor_id=None,
            actor_label=SYSTEM_LABEL,
            workspace_id=post.workspace_id,
            action="post.thread_part_reconciled" if reconciled else "post.thread_part_sent",
            entity_type="post",
            entity_id=post.id,
            before=None,
            after={"part": index + 1, "of": len(parts), "x_post_id": x_post_id},
        )


def publish_thread(
    db: Database,
    x: Publisher,
    post_id: int,
    *,
    text: str,
    version: int,
    user_id: str,
    since: datetime,
    tried_before: bool,
    now: datetime,
) -> SentPost:
    """Send the parts not yet out, each replying to the previous; returns the first part (the thread's id)."""
    parts = _progress(db, post_id, version, text)
    look = tried_before  # only after an earlier attempt can an unrecorded part already be on X
    previous: str | None = None
    for index, part in enumerate(parts):
        if part["x_post_id"] is None and look:
            found = x.find_own_post(user_id, part["text"], since=since)
            if found is not None:
                part["x_post_id"] = found.id
                _record(db, post_id, index, found.id, now, reconciled=True)
            else:
                look = False  # a later part cannot be out if this one is not
        if part["x_post_id"] is None:
            sent = x.post(part["text"], in_reply_to_id=previous)
            part["x_post_id"] = sent.id
            _record(db, post_id, index, sent.id, now, reconciled=False)
        previous = part["x_post_id"]
    return SentPost(parts[0]["x_post_id"], parts[0]["text"], dry_run=bool(getattr(x, "dry_run", False)))
