"""Publishing through the real tweepy adapter on recorded-style X answers: 429, 5xx, timeouts, crashes.

Every test counts the POSTs that reached the (replayed) X: a post must go out exactly once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from assistant.services import posts, publishing
from assistant.services.publishing import LEASE
from assistant.storage.models import AuditEvent
from assistant.x import XAccount, XCredentials
from tests.publishing_helpers import PLAIN, Crash, scheduled_post
from tests.x_replay import Replay

NOW = datetime(2031, 5, 6, 7, 0, tzinfo=UTC)
TOKENS = {"api_key": "k-1", "api_secret": "s-2", "access_token": "t-3", "access_token_secret": "ts-4"}
ME = {"data": {"id": "42", "name": "Test Executive", "username": "testexec"}}


def timeline(*posts: tuple[str, str]) -> dict:
    data = [{"id": i, "text": t, "author_id": "42", "created_at": "2031-05-06T07:00:01.000Z"} for i, t in posts]
    return {"data": data, "meta": {"result_count": len(data)}} if data else {"meta": {"result_count": 0}}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def account(sleeps) -> XAccount:
    return XAccount(XCredentials(**TOKENS), attempts=2, sleep=sleeps.append, clock=lambda: NOW)


@pytest.fixture
def replay(account) -> Replay:
    return Replay().mount_on(account.session)


def _posts_sent(replay: Replay) -> int:
    return sum(1 for i, r in enumerate(replay.requests) if r.method == "POST" and replay.path(i) == "/2/tweets")


def _due(db, team) -> int:
    post_id, _ = scheduled_post(db, team, at=NOW + timedelta(minutes=1), now=NOW)
    return post_id


def _view(db, team, post_id):
    from assistant.domain.roles import Role

    return posts.get_post(db, team.actor(Role.REVIEWER), post_id)


def test_a_due_post_is_published_once_with_the_publishing_row_written_first(db, team, account, replay):
    post_id = _due(db, team)
    assert publishing.publish_due(db, account, now=NOW).published == []  # not due yet
    replay.respond(201, {"data": {"id": "1500", "text": PLAIN}})
    report = publishing.publish_due(db, account, now=NOW + timedelta(minutes=2))
    assert report.published == [post_id] and not report.dry_run
    view = _view(db, team, post_id)
    assert (view.state, view.x_post_id, view.dry_run) == ("published", "1500", False)
    with db.reading() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == str(post_id)).order_by(AuditEvent.id)
        ).all()
    assert actions[-2:] == ["post.publishing", "post.published"]
    assert publishing.publish_due(db, account, now=NOW + timedelta(hours=1)).published == []
    assert _posts_sent(replay) == 1


def test_429_waits_for_the_reset_then_checks_the_timeline_and_publishes(db, team, account, replay):
    post_id = _due(db, team)
    later = NOW + timedelta(minutes=2)
    reset = int((NOW + timedelta(minutes=15)).timestamp())
    replay.problem(429, "Too Many Requests", headers={"x-rate-limit-reset": str(reset)})
    report = publishing.publish_due(db, account, now=later)
    view = _view(db, team, post_id)
    assert report.failed == [post_id] and view.state == "failed" and "429" in view.last_error
    assert view.next_attempt_at == datetime.fromtimestamp(reset, UTC) + (later - NOW)  # reset seen from X's clock
    assert publishing.publish_due(db, account, now=later + timedelta(minutes=5)).published == []  # still waiting
    replay.respond(200, timeline()).respond(201, {"data": {"id": "1501", "text": PLAIN}})
    report = publishing.publish_due(db, account, now=view.next_attempt_at)
    assert report.published == [post_id] and _posts_sent(replay) == 2  # the 429 one was refused, not posted
    assert replay.path(-2) == "/2/users/42/tweets"


def test_5xx_and_timeouts_are_retried_then_failed_with_the_error_kept_and_a_retry_action(
    db, team, account, replay, sleeps
):
    from assistant.domain.roles import Role

    post_id = _due(db, team)
    replay.problem(503, "Service Unavailable").respond(200, ME).respond(200, timeline())
    replay.fail(requests.ReadTimeout("read timed out"))
    report = publishing.publish_due(db, account, now=NOW + timedelta(minutes=2))
    view = _view(db, team, post_id)
    assert report.failed == [post_id] and view.state == "failed" and sleeps == [2.0]
    assert "after 2 attempts" in view.last_error and "not be posted twice" in view.last_error
    assert view.next_attempt_at is not None  # automatic retry with backoff
    # A person asks for a retry now; the timeline shows the timed-out attempt did go out.
    publishing.retry_publishing(db, team.actor(Role.REVIEWER), post_id, now=NOW + timedelta(minutes=3))
    replay.respond(200, timeline(("1502", PLAIN)))
    report = publishing.publish_due(db, account, now=NOW + timedelta(minutes=3))
    assert report.reconciled == [post_id] and _view(db, team, post_id).x_post_id == "1502"
    assert _posts_sent(replay) == 2  # both attempts of the first pass, none after


def test_a_refusal_is_not_retried_automatically(db, team, account, replay):
    post_id = _due(db, team)
    replay.problem(403, "You are not permitted to perform this action.", title="Forbidden")
    publishing.publish_due(db, account, now=NOW + timedelta(minutes=2))
    view = _view(db, team, post_id)
    assert view.state == "failed" and view.next_attempt_at is None and "403" in view.last_error
    assert publishing.publish_due(db, account, now=NOW + timedelta(days=1)).failed == []


class _CrashingAccount:
    """The real adapter, but the process 'dies' right before or right after X accepts the post."""

    dry_run = False

    def __init__(self, account: XAccount, *, before: bool):
        self.account, self.before = account, before

    def post(self, text, in_reply_to_id=None):
        if self.before:
            raise Crash("killed before the call")
        self.account.post(text, in_reply_to_id)
        raise Crash("killed after X accepted the post, before the database update")

    def find_own_post(self, user_id, text, since):
        return self.account.find_own_post(user_id, text, since)


@pytest.mark.parametrize("before", [False, True], ids=["crash-after-the-call", "crash-before-the-call"])
def test_a_crash_around_the_x_call_never_posts_twice(db, team, account, replay, before):
    post_id = _due(db, team)
    first_run = NOW + timedelta(minutes=2)
    if not before:
        replay.respond(201, {"data": {"id": "1503", "text": PLAIN}})
    with pytest.raises(Crash):
        publishing.publish_due(db, _CrashingAccount(account, before=before), now=first_run)
    assert _view(db, team, post_id).state == "publishing"  # the row committed before the call survives
    # A restart inside the lease leaves it alone (another worker may still be mid-call).
    assert publishing.publish_due(db, account, now=first_run + LEASE / 2).recovered == []
    # After the lease: recovered, the timeline is read, and only a missing post is sent.
    if before:
        replay.respond(200, timeline()).respond(201, {"data": {"id": "1504", "text": PLAIN}})
    else:
        replay.respond(200, timeline(("1503", PLAIN)))
    report = publishing.publish_due(db, account, now=first_run + LEASE + timedelta(seconds=1))
    assert report.recovered == [post_id]
    view = _view(db, team, post_id)
    assert view.state == "published" and view.x_post_id == ("1504" if before else "1503")
    assert _posts_sent(replay) == 1
