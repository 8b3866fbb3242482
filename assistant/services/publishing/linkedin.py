"""LinkedIn's copy-ready export, and recording a post published by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import PostState, check_post_transition, state_word
from assistant.errors import InvalidInput, InvalidTransition
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.publishing.schedule import READY_TO_GO
from assistant.storage.db import Database
from assistant.storage.models import Post

LINKEDIN_LIMIT = 3000
LINKEDIN_FOLD = 210  # LinkedIn shows about this much before "…see more"


@dataclass(frozen=True)
class LinkedInExport:
    text: str
    characters: int
    fits: bool
    above_fold: str  # what readers see before "see more"
    ready: bool  # approved or scheduled: fine to copy and post now


def linkedin_text(text: str) -> str:
    """LinkedIn keeps line breaks but not markdown: unify newlines, trim line ends, at most one blank line."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"\*\*(.+?)\*\*", r"\1", joined)  # **bold** would show its asterisks


@requires(Action.VIEW_POSTS)
def linkedin_export(db: Database, actor: Actor, post_id: int) -> LinkedInExport:
    """LinkedIn has no publishing adapter yet: the approved text, formatted to paste by hand."""
    with db.reading() as session:
        post = in_workspace(session, actor, Post, post_id)
        if post.platform != "linkedin":
            raise InvalidInput(_("post {id} is for {platform}, not LinkedIn", id=post.id, platform=post.platform))
        text = linkedin_text(post.versions[-1].text)
        ready = post.state in READY_TO_GO
        return LinkedInExport(text, len(text), len(text) <= LINKEDIN_LIMIT, text[:LINKEDIN_FOLD], ready)


@requires(Action.SCHEDULE_POST)
def mark_posted_by_hand(db: Database, actor: Actor, post_id: int, url: str = "") -> None:
    """Someone pasted the approved LinkedIn post: record it as published, by whom."""
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        if post.platform != "linkedin":
            raise InvalidInput(_("only LinkedIn posts are published by hand; X posts go through the publisher"))
        if post.state not in READY_TO_GO:
            raise InvalidTransition(
                _(
                    "post {id} is {state}; only approved posts can be published",
                    id=post.id,
                    state=state_word(post.state, spaced=False),
                )
            )
        now = utcnow()
        for target in (PostState.PUBLISHING, PostState.PUBLISHED):  # the same two steps as the publisher
            before = PostState(post.state)
            check_post_transition(before, target)
            post.state, post.updated_at = target.value, now
            after = {"state": target.value, "by_hand": True}
            if target == PostState.PUBLISHED:
                post.published_at, post.x_post_id = now, None
                after.update(url=url.strip()[:500], version=post.versions[-1].number)
            record_action(
                session,
                actor,
                action=AuditAction(f"post.{target.value}"),
                entity_type="post",
                entity_id=post.id,
                before={"state": before.value},
                after=after,
            )
