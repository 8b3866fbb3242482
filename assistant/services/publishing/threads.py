"""Sending a thread: each part recorded right after X accepts it, so a rerun never repeats one."""

from __future__ import annotations

from datetime import datetime

from assistant.checklist.threads import split_thread
from assistant.domain.audit_actions import AuditAction
from assistant.ports import Platform
from assistant.services.audit.log import record_event
from assistant.services.posts.threads import _sent_parts
from assistant.services.publishing.schedule import SYSTEM_LABEL
from assistant.storage.db import Database
from assistant.storage.models import Post
from assistant.x_types import SentPost


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
                    action=AuditAction.POST_THREAD_RESTARTED,
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
            action=AuditAction.POST_THREAD_PART_RECONCILED if reconciled else AuditAction.POST_THREAD_PART_SENT,
            entity_type="post",
            entity_id=post.id,
            before=None,
            after={"part": index + 1, "of": len(parts), "x_post_id": x_post_id},
        )


def publish_thread(
    db: Database,
    x: Platform,
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
