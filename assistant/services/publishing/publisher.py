"""Publishing: nothing unapproved goes out, and nothing goes out twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assistant.checklist.threads import needs_thread
from assistant.checklist.xlength import MAX_WEIGHTED_LENGTH, weighted_length
from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import PostState
from assistant.errors import ExternalServiceError, RateLimited
from assistant.i18n import _
from assistant.ports import Platform
from assistant.services.context import Actor, requires
from assistant.services.posts.review import is_fully_approved
from assistant.services.posts.threads import goes_out_as_thread
from assistant.services.publishing.schedule import _system_event, expire_overdue
from assistant.services.publishing.threads import publish_thread
from assistant.services.sending import Outgoing, account_id, claim_row, deliver, next_due, stuck_since
from assistant.services.workspace.policies import thread_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Executive, Post
from assistant.x_types import SentPost, XPost

MAX_ATTEMPTS = 5  # automatic attempts; then the post waits for a person's Retry


@dataclass
class PublishReport:
    published: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    reconciled: list[int] = field(default_factory=list)  # found already out on X, not posted again
    recovered: list[int] = field(default_factory=list)  # stuck in `publishing`, turned into a retry
    expired: list[int] = field(default_factory=list)
    dry_run: bool = False
    # Why each failed post failed (refused before any call, or X's error): the page says it, not just "failed 1".
    reasons: dict[int, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people: 'Published 1, failed 1 (post #4: the text to publish is not approved)'."""
        line = _(
            "Published {published}, failed {failed}",
            published=len(self.published) + len(self.reconciled),
            failed=len(self.failed),
        )
        if self.failed:
            reasons = (
                _("post #{id}: {reason}", id=i, reason=self.reasons[i] if i in self.reasons else _("see the post"))
                for i in self.failed
            )
            line += " (" + "; ".join(reasons) + ")"
        return line + (" " + _("(dry run)") if self.dry_run else "")


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def recover_stuck(db: Database, *, now: datetime | None = None, workspace_id: int | None = None) -> list[int]:
    """`publishing` rows older than the lease: the process died mid-publish. Retry them now;
    the retry checks the timeline first, so a post that did go out is recorded, not repeated."""
    now = now or utcnow()
    recovered = []
    with db.writing() as session:
        query = select(Post).where(Post.state == PostState.PUBLISHING.value, Post.updated_at <= stuck_since(now))
        if workspace_id is not None:
            query = query.where(Post.workspace_id == workspace_id)
        for post in session.scalars(query.with_for_update(skip_locked=True)):
            post.state, post.next_attempt_at, post.updated_at = PostState.FAILED.value, now, now
            post.last_error = "publishing was interrupted; the timeline is checked before trying again"
            _system_event(
                session,
                post,
                AuditAction.POST_PUBLISH_INTERRUPTED,
                PostState.PUBLISHING.value,
                {"state": post.state, "reason": post.last_error},
            )
            recovered.append(post.id)
    return recovered


@dataclass(frozen=True)
class _Claim:
    text: str
    user_id: str | None
    started: datetime
    tried_before: bool
    version: int
    as_thread: bool  # a long X post goes out as a numbered thread


def _due(now: datetime) -> Any:
    return or_(
        and_(Post.state == PostState.SCHEDULED.value, Post.scheduled_at <= now),
        and_(Post.state == PostState.FAILED.value, Post.next_attempt_at <= now),
    )


def _claim_next(db: Database, now: datetime, workspace_id: int | None) -> tuple[int, _Claim | str] | None:
    """Claim the next due X post no other worker holds (SKIP LOCKED): N workers take N different posts."""
    with db.writing() as session:
        where = [Post.platform == "x", _due(now)]
        if workspace_id is not None:
            where.append(Post.workspace_id == workspace_id)
        post_id = next_due(session, Post, *where, order_by=(Post.scheduled_at,))
        if post_id is None:
            return None
        claim = _claim_in(session, post_id, now)
        return None if claim is None else (post_id, claim)  # None: the row is locked, so never in practice


def _claim_in(session: Session, post_id: int, now: datetime) -> _Claim | str | None:
    """Commit the `publishing` row before any call to X; a conditional UPDATE lets one worker win.
    None: another worker has it; a string: refused, and why."""
    post = session.get(Post, post_id)
    before, tried_before = post.state, post.publish_started_at is not None
    due = _due(now)
    won = claim_row(
        session,
        Post,
        post_id,
        due,
        state=PostState.PUBLISHING.value,
        updated_at=now,
        next_attempt_at=None,
        publish_attempts=Post.publish_attempts + 1,
        publish_started_at=Post.publish_started_at if post.publish_started_at else now,
    )
    if not won:
        return None
    session.refresh(post)
    version = post.versions[-1]
    if not is_fully_approved(session, post, version):  # belt and braces: never publish unapproved text
        post.state, post.last_error = PostState.FAILED.value, "the text to publish is not approved"
        _system_event(session, post, AuditAction.POST_PUBLISH_REFUSED, before, {"state": post.state})
        return post.last_error
    executive = session.get(Executive, post.executive_id)
    as_thread = goes_out_as_thread(post, thread_policy_of(session, post.workspace_id))
    # The audit event last: its head-row lock orders every writer, so it is held only until the commit.
    _system_event(
        session,
        post,
        AuditAction.POST_PUBLISHING,
        before,
        {"state": post.state, "version": version.number, "attempt": post.publish_attempts},
    )
    return _Claim(version.text, executive.x_user_id, post.publish_started_at, tried_before, version.number, as_thread)


def _finish(
    db: Database,
    post_id: int,
    now: datetime,
    *,
    sent: SentPost | XPost | None = None,
    error: ExternalServiceError | None = None,
    reconciled: bool = False,
) -> None:
    with db.writing() as session:
        post = session.get(Post, post_id)
        if post.state != PostState.PUBLISHING:  # someone recovered it meanwhile; their retry reconciles
            return
        if sent is not None:
            dry = bool(getattr(sent, "dry_run", False))
            post.state, post.x_post_id, post.published_at = PostState.PUBLISHED.value, sent.id, now
            post.last_error, post.next_attempt_at, post.updated_at = None, None, now
            _system_event(
                session,
                post,
                AuditAction.POST_RECONCILED if reconciled else AuditAction.POST_PUBLISHED,
                PostState.PUBLISHING.value,
                {"state": post.state, "x_post_id": sent.id, "dry_run": dry},
            )
            return
        retry_at = None
        if error.retryable and post.publish_attempts < MAX_ATTEMPTS:
            wait = error.retry_after if isinstance(error, RateLimited) and error.retry_after is not None else None
            retry_at = now + (timedelta(seconds=wait) if wait is not None else _backoff(post.publish_attempts))
        post.state, post.last_error, post.next_attempt_at, post.updated_at = (
            PostState.FAILED.value,
            str(error),
            retry_at,
            now,
        )
        _system_event(
            session,
            post,
            AuditAction.POST_PUBLISH_FAILED,
            PostState.PUBLISHING.value,
            {"state": post.state, "error": str(error), "attempt": post.publish_attempts, "next_attempt_at": retry_at},
        )


def _publish_claimed(
    db: Database, x: Platform, post_id: int, c: _Claim | str, now: datetime, report: PublishReport
) -> None:
    if isinstance(c, str):  # refused before any call: a failure the report must count and explain
        report.failed.append(post_id)
        report.reasons[post_id] = c
        return
    item = Outgoing(c.text, c.user_id, c.started, c.tried_before)

    def finish(**outcome: Any) -> None:
        _finish(db, post_id, now, **outcome)

    send = None
    if needs_thread(c.text):  # over X's limit: a thread if chosen, else refused before any call

        def send() -> SentPost:
            if not c.as_thread:
                raise ExternalServiceError(
                    _(
                        "the text is {count} weighted characters, over X's {limit}; shorten it, "
                        "or choose 'publish as a thread' and retry",
                        count=weighted_length(c.text).weighted,
                        limit=MAX_WEIGHTED_LENGTH,
                    ),
                    retryable=False,
                )
            return publish_thread(
                db,
                x,
                post_id,
                text=c.text,
                version=c.version,
                now=now,
                user_id=account_id(x, c.user_id),
                since=c.started,
                tried_before=c.tried_before,
            )

    outcome = deliver(x, item, finish, send=send, doing="publishing")
    {"sent": report.published, "reconciled": report.reconciled, "failed": report.failed}[outcome].append(post_id)
    if outcome == "failed":
        with db.reading() as session:
            report.reasons[post_id] = session.get(Post, post_id).last_error or "see the post"


def due_post_ids(db: Database, now: datetime, *, workspace_id: int | None = None, limit: int = 50) -> list[int]:
    """X posts due now: scheduled ones whose time came, failed ones whose retry time came."""
    with db.reading() as session:
        query = select(Post.id).where(
            Post.platform == "x",
            or_(
                and_(Post.state == PostState.SCHEDULED.value, Post.scheduled_at <= now),
                and_(Post.state == PostState.FAILED.value, Post.next_attempt_at <= now),
            ),
        )
        if workspace_id is not None:
            query = query.where(Post.workspace_id == workspace_id)
        return list(session.scalars(query.order_by(Post.scheduled_at, Post.id).limit(limit)))


def publish_due(
    db: Database, x: Platform, *, now: datetime | None = None, workspace_id: int | None = None, limit: int = 50
) -> PublishReport:
    """One publisher pass: recover stuck rows, expire what is overdue, publish what is due."""
    now = now or utcnow()
    report = PublishReport(dry_run=bool(getattr(x, "dry_run", False)))
    report.recovered = recover_stuck(db, now=now, workspace_id=workspace_id)
    report.expired = expire_overdue(db, now=now, workspace_id=workspace_id)
    for _slot in range(limit):  # one claim per transaction: a crash strands one post, not a batch
        claimed = _claim_next(db, now, workspace_id)
        if claimed is None:
            break
        _publish_claimed(db, x, *claimed, now, report)
    return report


@requires(Action.SCHEDULE_POST)
def publish_due_now(db: Database, actor: Actor, platform: Platform, *, now: datetime | None = None) -> PublishReport:
    """From the review page: one pass for this workspace with the configured account (or dry run)."""
    return publish_due(db, platform, now=now, workspace_id=actor.workspace_id)
