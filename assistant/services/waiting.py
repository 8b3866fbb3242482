"""What waits for me: each role's queue at a glance, with the page where it is worked.

Reviewer: posts waiting for review (soonest scheduled first) and posts that failed to publish.
Executive: mentions escalated to them (most urgent first, with the SLA state in words), changes
requested on their posts, posts needing their attention, replies awaiting their approval.
Delegate: the mentions they hold, drafts sent back to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, PostState
from assistant.formatting import countdown
from assistant.i18n import _
from assistant.services.context import Actor, requires
from assistant.services.mentions.views import _hours, _view
from assistant.services.posts.review import review_queue
from assistant.services.replies.approval import approval_queue
from assistant.services.workspace.members import member_names
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, Post, Review

LIMIT = 20


@dataclass(frozen=True)
class WaitingItem:
    kind: str  # post | mention | reply
    id: int
    text: str
    state: str
    when: datetime | None  # the publish time of a post, the time a mention or reply came in
    note: str = ""  # why it waits: the reviewer's comment, the last error, the policy's reasons
    sla: str = ""  # a mention's SLA state in words: "late by 3 h", "due in 40 min"
    timezone: str = "UTC"  # the executive's, for showing `when`


@dataclass(frozen=True)
class WaitingQueue:
    key: str
    heading: str
    page: str  # where it is worked
    items: tuple[WaitingItem, ...]
    opens: str = ""  # the page's query parameter that opens one item (?post=7), when it has one


def _last_comment(session: Session, post_id: int, names: dict[int, str]) -> str:
    review = session.scalar(select(Review).where(Review.post_id == post_id).order_by(Review.id.desc()).limit(1))
    return f"{names.get(review.reviewer_id, '?')}: {review.comment}" if review and review.comment else ""


def _post_item(session: Session, post: Post, names: dict[int, str]) -> WaitingItem:
    note = post.last_error or ""
    if post.state == PostState.CHANGES_REQUESTED:
        note = _last_comment(session, post.id, names)
    text = post.versions[-1].text if post.versions else post.title
    executive = session.get(Executive, post.executive_id)
    return WaitingItem("post", post.id, text, post.state, post.scheduled_at, note, timezone=executive.timezone or "UTC")


def _posts(session: Session, actor: Actor, states: tuple[str, ...], *, mine: bool) -> list[Post]:
    """Posts in these states; `mine`: started by this member, or for the executive this member is."""
    query = select(Post).where(Post.workspace_id == actor.workspace_id, Post.state.in_(states))
    if mine:
        own_executives = select(Executive.id).where(Executive.member_id == actor.member_id)
        query = query.where(or_(Post.created_by_id == actor.member_id, Post.executive_id.in_(own_executives)))
    return list(session.scalars(query.order_by(Post.updated_at.desc(), Post.id.desc()).limit(LIMIT)))


def _replies_awaiting(db: Database, actor: Actor) -> tuple[WaitingItem, ...]:
    """Replies held for this member's approval."""
    return tuple(
        WaitingItem(
            "reply",
            r.id,
            r.text,
            r.state,
            r.created_at,
            f"to @{r.mention_author}, by {r.written_by}" + (f" · {', '.join(r.reasons)}" if r.reasons else ""),
        )
        for r in approval_queue(db, actor)[:LIMIT]
    )


def _escalated(session: Session, actor: Actor, names: dict[int, str]) -> tuple[WaitingItem, ...]:
    """Mentions escalated to the executive this member is (or to an executive with no sign-in of their own),
    the most urgent first: the furthest past their SLA, then the soonest due."""
    now = utcnow()
    hours = _hours(session, actor.workspace_id)
    mine = select(Executive.id).where(
        Executive.workspace_id == actor.workspace_id,
        or_(Executive.member_id == actor.member_id, Executive.member_id.is_(None)),
    )
    rows = session.scalars(
        select(Mention)
        .where(
            Mention.workspace_id == actor.workspace_id,
            Mention.state == MentionState.ESCALATED.value,
            Mention.executive_id.in_(mine),
        )
        .order_by(Mention.posted_at)
        .limit(200)
    )
    views = sorted(
        (_view(m, names, now, hours) for m in rows),
        key=lambda v: (v.sla_remaining_minutes is None, v.sla_remaining_minutes or 0.0, v.posted_at),
    )
    return tuple(
        WaitingItem(
            "mention",
            v.id,
            v.text,
            v.state,
            v.posted_at,
            f"@{v.author_handle} · {v.sla_class}",
            countdown(v.sla_remaining_minutes),
            v.timezone,
        )
        for v in views[:LIMIT]
    )


@requires(Action.VIEW_POSTS)
def what_waits_for(db: Database, actor: Actor) -> list[WaitingQueue]:
    """The queues for this member's roles, in the order they are worked; empty queues are kept (shown as such)."""
    queues: list[WaitingQueue] = []
    ids = review_queue(db, actor, limit=LIMIT) if Role.REVIEWER in actor.roles else []
    with db.reading() as session:
        names = member_names(session, actor.workspace_id)
        if Role.REVIEWER in actor.roles:
            by_id = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(ids)))} if ids else {}
            queues.append(
                WaitingQueue(
                    "review",
                    _("Posts waiting for your review"),
                    "pages/review.py",
                    tuple(_post_item(session, by_id[i], names) for i in ids),
                    opens="open",
                )
            )
            failed = _posts(session, actor, (PostState.FAILED.value,), mine=False)
            queues.append(
                WaitingQueue(
                    "failed",
                    _("Posts that failed to publish"),
                    "pages/review.py",
                    tuple(_post_item(session, p, names) for p in failed),
                    opens="open",
                )
            )
        if actor.roles & {Role.EXECUTIVE, Role.DELEGATE}:
            sent_back = _posts(session, actor, (PostState.CHANGES_REQUESTED.value,), mine=True)
            heading = (
                _("Changes requested on your posts") if Role.EXECUTIVE in actor.roles else _("Drafts sent back to you")
            )
            queues.append(
                WaitingQueue(
                    "changes",
                    heading,
                    "pages/compose.py",
                    tuple(_post_item(session, p, names) for p in sent_back),
                    opens="post",
                )
            )
        if Role.EXECUTIVE in actor.roles and actor.can(Action.VIEW_MENTIONS):
            queues.append(
                WaitingQueue(
                    "escalated",
                    _("Mentions escalated to you"),
                    "pages/inbox.py",
                    _escalated(session, actor, names),
                    opens="mention",
                )
            )
        if Role.EXECUTIVE in actor.roles:
            attention = _posts(
                session, actor, (PostState.DRAFT.value, PostState.FAILED.value, PostState.EXPIRED.value), mine=True
            )
            queues.append(
                WaitingQueue(
                    "attention",
                    _("Posts needing your attention"),
                    "pages/compose.py",
                    tuple(_post_item(session, p, names) for p in attention),
                    opens="post",
                )
            )
        if Role.DELEGATE in actor.roles:
            now = utcnow()
            held = session.scalars(
                select(Mention)
                .where(
                    Mention.workspace_id == actor.workspace_id,
                    Mention.state == "claimed",
                    Mention.claimed_by_id == actor.member_id,
                    Mention.claim_expires_at > now,
                )
                .order_by(Mention.posted_at)
                .limit(LIMIT)
            )
            queues.append(
                WaitingQueue(
                    "mentions",
                    _("Mentions you hold"),
                    "pages/inbox.py",
                    tuple(
                        WaitingItem(
                            "mention",
                            m.id,
                            m.text,
                            m.state,
                            m.posted_at,
                            f"@{m.author_handle}",
                            timezone=session.get(Executive, m.executive_id).timezone or "UTC",
                        )
                        for m in held
                    ),
                    opens="mention",
                )
            )
    if actor.can(Action.APPROVE_REPLY) and actor.roles & {Role.EXECUTIVE, Role.REVIEWER}:
        queues.append(
            WaitingQueue("replies", _("Replies awaiting your approval"), "pages/inbox.py", _replies_awaiting(db, actor))
        )
    return queues
