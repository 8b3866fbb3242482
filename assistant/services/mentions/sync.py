"""Bring mentions in from X, and notice replies the account made outside the app.

Two streams per executive, each with its own `since_id` in `sync_state` (shared by every
process): `mentions` (get_users_mentions) and `own_posts` (get_users_tweets, replies
included). Each page is written in its own transaction with INSERT ... ON CONFLICT, so a
run interrupted anywhere can simply run again: nothing is duplicated and nothing is lost.
A stream's since_id only moves once the stream was read to its end; after a 429 the run
stops, says when X's limit resets, and the next run picks up the same window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.states import OPEN_MENTION_STATES as OPEN_STATES
from assistant.errors import InvalidInput, RateLimited
from assistant.i18n import _
from assistant.ports import Platform
from assistant.response_times import DEFAULT_POLICY, SlaPolicy
from assistant.services.audit.log import record_event
from assistant.services.mentions.storing import write_rows
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, SyncState, response_micros
from assistant.x_types import XPage, XPost, XUser

ACTOR_LABEL = "system (X sync)"


@dataclass(frozen=True)
class SyncProgress:
    """Reported after every page, for a progress bar in the UI or a line on the console."""

    executive_id: int
    stream: str  # mentions | own_posts
    page: int
    posts: int  # posts read so far in this stream
    stored: int  # mentions added or answers found so far in this stream


@dataclass
class SyncOutcome:
    executive_id: int
    new_mentions: int = 0
    answers_found: int = 0
    pages: int = 0
    rate_limited: bool = False
    retry_after_seconds: float | None = None
    resets_at: datetime | None = None
    complete: dict[str, bool] = field(default_factory=dict)  # stream -> read to its end

    def summary(self) -> str:
        text = _(
            "{new} new mention(s), {answers} answer(s) found outside the app",
            new=self.new_mentions,
            answers=self.answers_found,
        )
        if not all(self.complete.values()):
            text += _("; X has more posts than --max-pages pages: run again with a higher --max-pages")
        if self.rate_limited:
            when = f"{self.resets_at:%Y-%m-%d %H:%M:%S} UTC" if self.resets_at else _("later")
            text += _("; X rate limit reached, it resets at {when}: run sync again then", when=when)
        return text


Progress = Callable[[SyncProgress], None]


def _since(session: Session, executive_id: int, stream: str) -> str | None:
    state = session.get(SyncState, (executive_id, stream))
    return state.since_id if state else None


def _save_since(db: Database, executive_id: int, stream: str, since_id: str, now: datetime) -> None:
    with db.writing() as session:
        state = session.get(SyncState, (executive_id, stream))
        if state is None:
            session.add(SyncState(executive_id=executive_id, stream=stream, since_id=since_id, updated_at=now))
        elif state.since_id is None or _id_key(since_id) > _id_key(state.since_id):
            state.since_id, state.updated_at = since_id, now


def _id_key(post_id: str) -> tuple[int, str]:
    return (len(post_id), post_id)  # numeric order of digit strings, without int() on odd ids


def mention_row(post: XPost, author: XUser | None, executive: Executive, policy: SlaPolicy) -> dict[str, Any]:
    handle = author.username if author else ""
    return {
        "workspace_id": executive.workspace_id,
        "executive_id": executive.id,
        "x_post_id": post.id,
        "author_id": post.author_id or "",
        "author_handle": handle,
        "author_name": author.name if author else "",
        "author_followers": author.followers_count if author else None,
        "author_verified": bool(author and author.verified),
        "text": post.text,
        "posted_at": post.created_at,
        "conversation_id": post.conversation_id,
        "in_reply_to_x_id": post.replied_to_id,
        "source": "x",
        "state": "new",
        "sla_class": policy.assign(handle or None, post.author_id, post.text),
        "sla_override": False,
        "claimed_by_id": None,
        "claim_expires_at": None,
        "responded_at": None,
        "response_x_id": None,
        "responder_kind": None,
        "responder_member_id": None,
        "response_us": None,
    }


def _store_mentions(db: Database, executive: Executive, user_id: str, page: XPage, policy: SlaPolicy) -> int:
    """Mentions of this page (not retweets, not the account's own posts); returns how many were new."""
    rows = [
        mention_row(p, page.user(p.author_id), executive, policy)
        for p in page.posts
        if not p.is_retweet and p.author_id != user_id and p.created_at is not None
    ]
    if not rows:
        return 0
    with db.writing() as session:
        before = session.scalar(select(func.count()).where(Mention.executive_id == executive.id)) or 0
        write_rows(session, rows)
        return (session.scalar(select(func.count()).where(Mention.executive_id == executive.id)) or 0) - before


def _store_answers(db: Database, executive_id: int, page: XPage) -> int:
    """The account's replies: the earliest one answers its mention, unless the app already recorded one."""
    found = 0
    replies = [p for p in page.posts if p.replied_to_id and p.created_at is not None]
    if not replies:
        return 0
    with db.writing() as session:
        for post in replies:
            # The stored response time needs the mention's own time-stamp (a bulk UPDATE skips the ORM listener).
            posted = session.scalar(
                select(Mention.posted_at).where(
                    Mention.executive_id == executive_id, Mention.x_post_id == post.replied_to_id
                )
            )
            if posted is None:
                continue
            result = session.execute(
                update(Mention)
                .where(
                    Mention.executive_id == executive_id,
                    Mention.x_post_id == post.replied_to_id,
                    or_(
                        Mention.responded_at.is_(None),
                        (Mention.responder_kind == "outside") & (Mention.responded_at > post.created_at),
                    ),
                )
                .values(
                    responded_at=post.created_at,
                    response_x_id=post.id,
                    responder_kind="outside",
                    response_us=response_micros(posted, post.created_at),
                    state=_replied_if_open(),
                )
                .execution_options(synchronize_session=False)
            )
            found += max(result.rowcount or 0, 0)
    return found


def _replied_if_open() -> Any:
    return case((or_(*(Mention.state == s for s in OPEN_STATES)), "replied"), else_=Mention.state)


def _user_id(db: Database, x: Platform, executive: Executive) -> str:
    if executive.x_user_id:
        return executive.x_user_id
    if not executive.x_handle:
        raise InvalidInput(_("executive '{name}' has no X handle or user id; set one in Settings", name=executive.name))
    user_id = x.user(executive.x_handle).id
    with db.writing() as session:  # remembered: one lookup per account, ever
        session.get(Executive, executive.id).x_user_id = user_id
    return user_id


def sync_executive(
    db: Database,
    x: Platform,
    executive_id: int,
    *,
    max_pages: int = 10,
    policy: SlaPolicy = DEFAULT_POLICY,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> SyncOutcome:
    """Read new mentions, then the account's own posts; stop at a rate limit and say when it resets."""
    now = now or utcnow()
    with db.reading() as session:
        executive = session.get(Executive, executive_id)
        if executive is None:
            raise InvalidInput(_("no executive {id}", id=executive_id))
        session.expunge(executive)
    outcome = SyncOutcome(executive_id)
    try:
        user_id = _user_id(db, x, executive)
        for stream in ("mentions", "own_posts"):
            with db.reading() as session:
                since = _since(session, executive_id, stream)
            read = x.mentions if stream == "mentions" else x.own_posts
            newest: str | None = None
            posts = stored = 0
            page = None
            for number, page in enumerate(read(user_id, since_id=since, max_pages=max_pages), start=1):
                newest = newest or page.newest_id or (max((p.id for p in page.posts), key=_id_key, default=None))
                if stream == "mentions":
                    added = _store_mentions(db, executive, user_id, page, policy)
                    outcome.new_mentions += added
                else:
                    added = _store_answers(db, executive_id, page)
                    outcome.answers_found += added
                posts, stored = posts + len(page.posts), stored + added
                outcome.pages += 1
                if progress is not None:
                    progress(SyncProgress(executive_id, stream, number, posts, stored))
            # Stopped by max_pages with more to read: keep since_id so the next run sees the rest.
            outcome.complete[stream] = page is None or not page.next_token
            if newest is not None and outcome.complete[stream]:
                _save_since(db, executive_id, stream, newest, now)
    except RateLimited as exc:
        outcome.rate_limited = True
        outcome.retry_after_seconds = exc.retry_after
        outcome.resets_at = now + timedelta(seconds=exc.retry_after) if exc.retry_after is not None else None
    if outcome.new_mentions or outcome.answers_found or outcome.rate_limited:
        with db.writing() as session:
            record_event(
                session,
                actor_id=None,
                actor_label=ACTOR_LABEL,
                workspace_id=executive.workspace_id,
                action=AuditAction.MENTIONS_SYNCED,
                entity_type="executive",
                entity_id=executive_id,
                after={
                    "new_mentions": outcome.new_mentions,
                    "answers_found": outcome.answers_found,
                    "pages": outcome.pages,
                    "rate_limited": outcome.rate_limited,
                    "resets_at": outcome.resets_at,
                },
            )
    return outcome


def sync_all(db: Database, x: Platform, **options: Any) -> list[SyncOutcome]:
    """Every executive with an X account; stops at the first rate limit (the limit is per app)."""
    with db.reading() as session:
        ids = list(
            session.scalars(
                select(Executive.id)
                .where(or_(Executive.x_handle.is_not(None), Executive.x_user_id.is_not(None)))
                .order_by(Executive.id)
            )
        )
    outcomes = []
    for executive_id in ids:
        outcome = sync_executive(db, x, executive_id, **options)
        outcomes.append(outcome)
        if outcome.rate_limited:
            break
    return outcomes
