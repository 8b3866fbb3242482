"""Long X posts as threads through the real tweepy adapter on replayed X answers.

Each part replies to the previous one; a crash mid-thread is reconciled with the timeline,
so a rerun sends only the parts that are not out yet.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from assistant.checklist import weighted_length
from assistant.checklist.threads import split_thread
from assistant.domain.roles import Role
from assistant.errors import InvalidTransition, PermissionDenied
from assistant.services import posts, publishing, workspace
from assistant.services.publishing import LEASE
from assistant.storage.models import AuditEvent
from assistant.x import XAccount, XCredentials
from tests.publishing_helpers import Crash, RecordingX
from tests.x_replay import Replay

NOW = datetime(2031, 5, 6, 7, 0, tzinfo=UTC)
TOKENS = {"api_key": "k-1", "api_secret": "s-2", "access_token": "t-3", "access_token_secret": "ts-4"}
LONG = " ".join(
    [
        "Ten years ago we started Lumengrid in a garage with two used inverters and a lot of stubbornness.",
        "Today we ship home storage to forty states, and I want to say thank you properly.",
        "To our Dayton night shift: you found a way to cut cell rework by a third, and nobody asked you to.",
        "To our installers: you kept going through the worst permitting year we have ever had.",
        "To our customers who sent us their inverter model numbers, all four thousand of you: it worked.",
        "The next ten years will be about the grid itself. We will need every one of you for that.",
        "Thank you for a decade.",
    ]
)


@pytest.fixture
def account() -> XAccount:
    return XAccount(XCredentials(**TOKENS), attempts=2, sleep=lambda s: None, clock=lambda: NOW)


@pytest.fixture
def replay(account) -> Replay:
    return Replay().mount_on(account.session)


def _long_post(db, team, *, choose_thread: bool = True) -> int:
    author, reviewer = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    post = posts.create_draft(db, author, team.executive_id, "x", LONG)
    if choose_thread:
        posts.set_publish_as_thread(db, author, post.id, True)
    posts.submit_for_review(db, author, post.id)
    # The checklist blocks anything over 280 for X; the reviewer overrides it knowing it is a thread.
    posts.review_post(db, reviewer, post.id, "approve", override_reason="goes out as a numbered thread")
    publishing.schedule_post(db, reviewer, post.id, NOW + timedelta(minutes=1), now=NOW)
    return post.id


def _posted(replay: Replay) -> list[dict]:
    return [
        json.loads(r.body)
        for i, r in enumerate(replay.requests)
        if r.method == "POST" and replay.path(i) == "/2/tweets"
    ]


def _timeline(*items: tuple[str, str]) -> dict:
    data = [{"id": i, "text": t, "author_id": "42", "created_at": "2031-05-06T07:02:01.000Z"} for i, t in items]
    return {"data": data, "meta": {"result_count": len(data)}} if data else {"meta": {"result_count": 0}}


def _view(db, team, post_id):
    return posts.get_post(db, team.actor(Role.REVIEWER), post_id)


def test_the_text_splits_into_three_parts_that_fit():
    parts = split_thread(LONG)
    assert weighted_length(LONG).weighted > 280 and len(parts) == 3
    assert all(weighted_length(p.text).weighted <= 280 for p in parts)


def test_a_three_part_thread_is_posted_as_three_chained_replies(db, team, account, replay):
    post_id = _long_post(db, team)
    parts = [p.text for p in split_thread(LONG)]
    for n in range(3):
        replay.respond(201, {"data": {"id": f"200{n + 1}", "text": parts[n]}})
    report = publishing.publish_due(db, account, now=NOW + timedelta(minutes=2))
    assert report.published == [post_id] and report.failed == []
    sent = _posted(replay)
    assert [s["text"] for s in sent] == parts and parts[0].endswith(" 1/3")
    assert "reply" not in sent[0]
    assert [s["reply"]["in_reply_to_tweet_id"] for s in sent[1:]] == ["2001", "2002"]
    view = _view(db, team, post_id)
    assert (view.state, view.x_post_id) == ("published", "2001")  # the thread is known by its first part
    preview = posts.thread_preview(db, team.actor(Role.REVIEWER), post_id)
    assert preview.sent == ("2001", "2002", "2003")
    with db.reading() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == str(post_id)).order_by(AuditEvent.id)
        ).all()
    assert actions[-5:] == ["post.publishing", *["post.thread_part_sent"] * 3, "post.published"]


class _DiesAfterPart:
    """The real adapter, but the process dies right after X accepted part `n` (before it is recorded)."""

    dry_run = False

    def __init__(self, account: XAccount, n: int):
        self.account, self.n, self.calls = account, n, 0

    def post(self, text, in_reply_to_id=None):
        sent = self.account.post(text, in_reply_to_id)
        self.calls += 1
        if self.calls == self.n:
            raise Crash(f"killed after X accepted part {self.n}")
        return sent

    def find_own_post(self, user_id, text, since):
        return self.account.find_own_post(user_id, text, since)


def test_a_crash_after_part_two_then_a_rerun_posts_only_part_three(db, team, account, replay):
    post_id = _long_post(db, team)
    parts = [p.text for p in split_thread(LONG)]
    first_run = NOW + timedelta(minutes=2)
    replay.respond(201, {"data": {"id": "3001", "text": parts[0]}})
    replay.respond(201, {"data": {"id": "3002", "text": parts[1]}})
    with pytest.raises(Crash):
        publishing.publish_due(db, _DiesAfterPart(account, 2), now=first_run)
    view = _view(db, team, post_id)
    assert view.state == "publishing"
    assert posts.thread_preview(db, team.actor(Role.REVIEWER), post_id).sent == ("3001", None, None)
    # The rerun after the lease: part 2 is found on the timeline, part 3 is not, so only part 3 is sent.
    replay.respond(200, _timeline(("3002", parts[1]), ("3001", parts[0])))
    replay.respond(200, _timeline(("3002", parts[1]), ("3001", parts[0])))
    replay.respond(201, {"data": {"id": "3003", "text": parts[2]}})
    report = publishing.publish_due(db, account, now=first_run + LEASE + timedelta(seconds=1))
    assert report.recovered == [post_id] and report.published == [post_id]
    sent = _posted(replay)
    assert [s["text"] for s in sent] == parts  # each part exactly once
    assert sent[2]["reply"]["in_reply_to_tweet_id"] == "3002"
    assert _view(db, team, post_id).x_post_id == "3001"
    assert posts.thread_preview(db, team.actor(Role.REVIEWER), post_id).sent == ("3001", "3002", "3003")
    assert publishing.publish_due(db, account, now=first_run + timedelta(hours=1)).published == []


def test_a_failure_mid_thread_retries_only_the_missing_parts(db, team):
    post_id = _long_post(db, team)
    x = RecordingX()
    original = x.post

    def flaky(text, in_reply_to_id=None):
        if text.endswith(" 3/3") and len(x.calls) == 2:
            x.calls.append(text)
            from assistant.errors import ExternalServiceError

            raise ExternalServiceError("X answered 503 three times")
        return original(text, in_reply_to_id)

    x.post = flaky
    report = publishing.publish_due(db, x, now=NOW + timedelta(minutes=2))
    view = _view(db, team, post_id)
    assert report.failed == [post_id] and view.state == "failed" and view.next_attempt_at is not None
    report = publishing.publish_due(db, x, now=view.next_attempt_at)
    assert report.published == [post_id]
    assert [c[-4:] for c in x.calls] == [" 1/3", " 2/3", " 3/3", " 3/3"]  # parts 1 and 2 were never re-sent


def test_a_long_post_without_the_thread_choice_is_refused_before_any_call(db, team, account, replay):
    post_id = _long_post(db, team, choose_thread=False)
    report = publishing.publish_due(db, account, now=NOW + timedelta(minutes=2))
    view = _view(db, team, post_id)
    assert report.failed == [post_id] and view.state == "failed" and view.next_attempt_at is None
    assert "publish as a thread" in view.last_error and replay.requests == []


def test_the_workspace_policy_threads_every_long_post_in_dry_run(db, team):
    post_id = _long_post(db, team, choose_thread=False)
    workspace.set_thread_policy(db, team.actor(Role.ADMIN), True)
    preview = posts.thread_preview(db, team.actor(Role.REVIEWER), post_id)
    assert preview.needed and preview.as_thread and preview.by_policy and len(preview.parts) == 3
    x = RecordingX()
    report = publishing.publish_due(db, x, now=NOW + timedelta(minutes=2))
    assert report.published == [post_id] and report.dry_run and len(x.calls) == 3
    assert [s.in_reply_to_id for s in x.sent[1:]] == [x.sent[0].id, x.sent[1].id]
    assert _view(db, team, post_id).dry_run


def test_the_thread_choice_is_guarded(db, team):
    post_id = _long_post(db, team)
    with pytest.raises(PermissionDenied):
        workspace.set_thread_policy(db, team.actor(Role.REVIEWER), True)
    publishing.publish_due(db, RecordingX(), now=NOW + timedelta(minutes=2))
    with pytest.raises(InvalidTransition):
        posts.set_publish_as_thread(db, team.actor(Role.EXECUTIVE), post_id, False)


def test_a_long_post_chosen_as_a_thread_needs_no_override_but_one_that_is_not_does(db, team):
    from assistant.errors import InvalidInput
    from assistant.services import posts

    author, reviewer = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER)
    as_thread = posts.create_draft(db, author, team.executive_id, "x", LONG)
    posts.set_publish_as_thread(db, author, as_thread.id, True)
    single = posts.create_draft(db, author, team.executive_id, "x", LONG)
    for post in (as_thread, single):
        posts.submit_for_review(db, author, post.id)
    assert posts.review_detail(db, reviewer, as_thread.id).needs_override is False
    assert posts.review_detail(db, reviewer, single.id).needs_override is True
    assert posts.review_post(db, reviewer, as_thread.id, "approve").state == "approved"
    with pytest.raises(InvalidInput, match="format.length"):
        posts.review_post(db, reviewer, single.id, "approve")
