"""Shared steps for review and publishing tests: a post taken to a given state through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.services import posts, publishing
from assistant.x_types import DryRunX, SentPost, XPost

PLAIN = "Spent the morning with our Lyon team. They cut rework by a third and nobody asked permission."


def approved_post(db, team, text: str = PLAIN, platform: str = "x", *, author=None, reviewer=None) -> int:
    author = author or team.actor(Role.EXECUTIVE)
    reviewer = reviewer or team.actor(Role.REVIEWER)
    post = posts.create_draft(db, author, team.executive_id, platform, text)
    posts.submit_for_review(db, author, post.id)
    posts.review_post(db, reviewer, post.id, "approve")
    return post.id


def scheduled_post(
    db, team, text: str = PLAIN, *, at: datetime | None = None, platform: str = "x", now: datetime | None = None
) -> tuple[int, datetime]:
    reviewer = team.actor(Role.REVIEWER)
    post_id = approved_post(db, team, text, platform, reviewer=reviewer)
    at = at or utcnow() + timedelta(minutes=30)
    publishing.schedule_post(db, reviewer, post_id, at, now=now)
    return post_id, at


class RecordingX(DryRunX):
    """A dry-run account that counts every post call (the double-post detector) and can be told to crash."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.crash_after_post = False

    def post(self, text: str, in_reply_to_id: str | None = None) -> SentPost:
        self.calls.append(text)
        sent = super().post(text, in_reply_to_id)
        if self.crash_after_post:
            raise Crash("the process died right after X accepted the post")
        return sent

    def find_own_post(self, user_id: str, text: str, since: datetime) -> XPost | None:
        return super().find_own_post(user_id, text, since)


class Crash(BaseException):
    """Not an Exception: like a killed process, nothing in the service may catch it."""
