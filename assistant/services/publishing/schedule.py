"""When a post goes out: a time in the executive's zone, a retry, and expiry when it is too late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, or_, select

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import PostState, state_word
from assistant.errors import InvalidInput, InvalidTransition
from assistant.i18n import _
from assistant.services.audit.log import record_action, record_event
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.posts.views import PostView, _post_view
from assistant.services.workspace.policies import review_policy_of
from assistant.storage.db import Database
from assistant.storage.models import Executive, Post

SYSTEM_LABEL = "system (publisher)"
# Approved and waiting for its time (or for a person to post it on LinkedIn).
READY_TO_GO = (PostState.APPROVED.value, PostState.SCHEDULED.value)
# What the Review page lists below the queue: past review, on its way out or out.
AFTER_REVIEW = (*READY_TO_GO, PostState.FAILED.value, PostState.PUBLISHED.value)
_WAITING = (PostState.DRAFT.value, PostState.IN_REVIEW.value, PostState.CHANGES_REQUESTED.value)


def _system_event(session, post: Post, action: AuditAction, before: str, after: dict) -> None:
    record_event(
        session,
        actor_id=None,
        actor_label=SYSTEM_LABEL,
        workspace_id=post.workspace_id,
        action=action,
        entity_type="post",
        entity_id=post.id,
        before={"state": before},
        after=after,
    )


@requires(Action.SCHEDULE_POST)
def schedule_post(db: Database, actor: Actor, post_id: int, when: datetime, *, now: datetime | None = None) -> PostView:
    """Set the publish time; a naive `when` is the executive's wall-clock time. An approved post
    becomes `scheduled`; a post still in review keeps its state and expires if not approved in time."""
    now = now or utcnow()
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        executive = session.get(Executive, post.executive_id)
        at = local_to_utc(when, executive.timezone)
        if at < now - timedelta(minutes=1):
            raise InvalidInput(
                _(
                    "{when} ({zone}) is in the past; pick a later time",
                    when=f"{when:%Y-%m-%d %H:%M}",
                    zone=executive.timezone,
                )
            )
        state = PostState(post.state)
        if state not in (PostState.APPROVED, PostState.SCHEDULED, *map(PostState, _WAITING)):
            raise InvalidTransition(
                _(
                    "post {id} is {state}; only posts not yet published get a time",
                    id=post.id,
                    state=state_word(state.value, spaced=False),
                )
            )
        before = {"state": state.value, "scheduled_at": post.scheduled_at}
        post.scheduled_at, post.updated_at = at, now
        if state == PostState.APPROVED:
            post.state = PostState.SCHEDULED.value
        record_action(
            session,
            actor,
            action=AuditAction.POST_SCHEDULED if state == PostState.APPROVED else AuditAction.POST_TIME_SET,
            entity_type="post",
            entity_id=post.id,
            before=before,
            after={"state": post.state, "scheduled_at": at, "timezone": executive.timezone},
        )
        return _post_view(session, post)


@requires(Action.SCHEDULE_POST)
def retry_publishing(db: Database, actor: Actor, post_id: int, *, now: datetime | None = None) -> PostView:
    """A failed post goes out at the next worker run (after a timeline check), with fresh attempts."""
    now = now or utcnow()
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        if post.state != PostState.FAILED:
            raise InvalidTransition(
                _(
                    "post {id} is {state}; only failed posts are retried",
                    id=post.id,
                    state=state_word(post.state, spaced=False),
                )
            )
        post.next_attempt_at, post.publish_attempts, post.updated_at = now, 0, now
        record_action(
            session,
            actor,
            action=AuditAction.POST_RETRY_REQUESTED,
            entity_type="post",
            entity_id=post.id,
            before={"state": post.state, "last_error": post.last_error},
            after={"next_attempt_at": now},
        )
        return _post_view(session, post)


def expire_overdue(db: Database, *, now: datetime | None = None, workspace_id: int | None = None) -> list[int]:
    """Posts whose time passed before approval expire; approved ones far too late expire too."""
    now = now or utcnow()
    expired = []
    with db.writing() as session:
        query = select(Post).where(
            Post.scheduled_at.is_not(None),
            Post.scheduled_at <= now,
            Post.state.in_((*_WAITING, PostState.SCHEDULED.value)),
        )
        if workspace_id is not None:
            query = query.where(Post.workspace_id == workspace_id)
        # Only the posts to expire are locked, SKIP LOCKED: the due ones stay free for the workers' claims
        # (locking them all would hide them from every other worker), and a claimed one is not waited for.
        late = {
            ws: now - timedelta(minutes=review_policy_of(session, ws).late_limit_minutes)
            for ws in session.scalars(query.with_only_columns(Post.workspace_id).distinct())
        }
        over = or_(
            Post.state != PostState.SCHEDULED.value,
            *(and_(Post.workspace_id == ws, Post.scheduled_at <= cut) for ws, cut in late.items()),
        )
        for post in session.scalars(query.where(over).order_by(Post.id).with_for_update(skip_locked=True)):
            if post.state == PostState.SCHEDULED:
                limit = timedelta(minutes=review_policy_of(session, post.workspace_id).late_limit_minutes)
                if post.scheduled_at > now - limit:
                    continue  # due: publish_due sends it
                reason = f"not published within {limit} of its time (was the worker running?)"
            else:
                reason = "not approved by its publish time"
            before = post.state
            post.state, post.updated_at, post.last_error = PostState.EXPIRED.value, now, reason
            _system_event(session, post, AuditAction.POST_EXPIRED, before, {"state": post.state, "reason": reason})
            expired.append(post.id)
    return expired


def local_to_utc(when: datetime, timezone: str) -> datetime:
    """A naive `when` is wall-clock time in `timezone`; times skipped by a DST change are refused."""
    if when.tzinfo is not None:
        return when.astimezone(UTC)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_("unknown time zone '{zone}'; fix the executive's profile", zone=timezone)) from None
    aware = when.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != when:
        raise InvalidInput(
            _(
                "{when} does not exist in {zone} (the clocks skip it); pick another time",
                when=f"{when:%Y-%m-%d %H:%M}",
                zone=timezone,
            )
        )
    return aware.astimezone(UTC)  # an ambiguous autumn time takes its first occurrence (fold=0)
