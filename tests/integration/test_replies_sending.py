"""Sending replies through tweepy against recorded and simulated X answers: nothing lost, never twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from assistant.domain.roles import Role
from assistant.services import mentions, replies
from assistant.services.replies import sending as replies_sending
from assistant.storage.models import Mention, Reply
from assistant.x import XAccount, XCredentials
from tests.integration.test_replies import NOON_PARIS, add_mention, link_executive
from tests.x_replay import Replay

USER_TOKENS = {"api_key": "k-1", "api_secret": "s-2", "access_token": "t-3", "access_token_secret": "ts-4"}
RESTRICTED = (
    "Reply to this conversation is not allowed because you have not been mentioned or otherwise "
    "engaged by the author of the post you are replying to."
)


def timeline(*posts: tuple[str, str]) -> dict:
    data = [{"id": i, "text": t, "author_id": "42", "created_at": "2026-11-24T11:00:01.000Z"} for i, t in posts]
    return {"data": data, "meta": {"result_count": len(data)}} if data else {"meta": {"result_count": 0}}


@pytest.fixture
def account() -> XAccount:
    # One attempt per call: the adapter's own retries are tested with the adapter; here the reply's lifecycle.
    return XAccount(
        XCredentials(bearer_token="b-0", **USER_TOKENS), attempts=1, sleep=lambda s: None, clock=lambda: NOON_PARIS
    )


@pytest.fixture
def replay(account) -> Replay:
    return Replay().mount_on(account.session)


@pytest.fixture
def delegate(db, team):
    link_executive(db, team, team.actor(Role.EXECUTIVE))
    return team.actor(Role.DELEGATE, email="sam.patel@test.example")


def submit(db, team, delegate, account, text="Thanks for the kind words!"):
    mention_id = add_mention(db, team)
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    return mention_id, replies.submit_reply(db, delegate, mention_id, text, account, now=NOON_PARIS).reply


def posts(replay: Replay) -> list[dict]:
    return [json.loads(r.body) for r in replay.requests if r.method == "POST"]


@pytest.mark.shared
def test_recorded_create_tweet_sends_the_reply_to_the_mention(db, team, delegate, account, replay):
    replay.cassette("tweepy_test_client_create_and_delete_tweet.yaml")
    mention_id, sent = submit(db, team, delegate, account)
    assert (sent.state, sent.x_post_id, sent.dry_run) == ("sent", "1456012973835788293", False)
    assert posts(replay) == [{"text": "Thanks for the kind words! ^SP", "reply": {"in_reply_to_tweet_id": "2001"}}]
    with db.reading() as session:
        assert session.get(Mention, mention_id).response_x_id == "1456012973835788293"


def test_the_reply_restriction_is_explained_and_nothing_is_lost(db, team, delegate, account, replay):
    replay.problem(403, RESTRICTED, title="Forbidden")
    mention_id, failed = submit(db, team, delegate, account)
    assert failed.state == "failed" and failed.text == "Thanks for the kind words! ^SP"
    assert "only accounts they mentioned" in failed.last_error and "Nothing was lost" in failed.last_error
    with db.reading() as session:
        assert session.get(Mention, mention_id).state == "claimed"  # still open: nobody answered it
    # The delegate edits the kept text and sends it again (X lets it through this time).
    replies.withdraw_reply(db, delegate, failed.id, now=NOON_PARIS)
    replay.respond(200, timeline())  # the timeline check: the refused reply is not there
    replay.respond(201, {"data": {"id": "501", "text": "Thanks! ^SP"}})
    again = replies.submit_reply(db, delegate, mention_id, "Thanks!", account, reply_id=failed.id, now=NOON_PARIS)
    assert (again.reply.id, again.reply.state, again.reply.x_post_id) == (failed.id, "sent", "501")


def test_rate_limit_keeps_the_reply_and_a_retry_sends_it_once(db, team, delegate, account, replay):
    reset = int((NOON_PARIS + timedelta(minutes=15)).timestamp())
    replay.problem(429, "Too Many Requests", headers={"x-rate-limit-reset": str(reset)})
    _, failed = submit(db, team, delegate, account)
    assert failed.state == "failed" and "rate limit" in failed.last_error and "900 s" in failed.last_error
    replay.respond(200, timeline()).respond(201, {"data": {"id": "502", "text": failed.text}})
    sent = replies.retry_reply(db, delegate, failed.id, account, now=NOON_PARIS + timedelta(minutes=16))
    assert sent.state == "sent" and len(posts(replay)) == 2  # the refused attempt and the one that went out


def test_a_server_error_is_retryable_and_the_timeline_is_checked_first(db, team, delegate, account, replay):
    replay.problem(503, "Service Unavailable")
    _, failed = submit(db, team, delegate, account)
    assert failed.state == "failed" and "will not be posted twice" in failed.last_error
    replay.respond(200, timeline()).respond(201, {"data": {"id": "503", "text": failed.text}})
    assert replies.retry_reply(db, delegate, failed.id, account, now=NOON_PARIS).x_post_id == "503"
    assert [replay.path(i) for i in range(len(replay.requests))] == ["/2/tweets", "/2/users/42/tweets", "/2/tweets"]


def test_a_timeout_after_x_accepted_the_reply_is_reconciled_not_resent(db, team, delegate, account, replay):
    replay.fail(requests.ReadTimeout("read timed out"))
    mention_id, failed = submit(db, team, delegate, account)
    assert failed.state == "failed"
    replay.respond(200, timeline(("504", "Thanks for the kind words! ^SP")))
    found = replies.retry_reply(db, delegate, failed.id, account, now=NOON_PARIS)
    assert (found.state, found.x_post_id) == ("sent", "504") and len(posts(replay)) == 1
    with db.reading() as session:
        m = session.get(Mention, mention_id)
        assert m.state == "replied" and m.responded_at == datetime(2026, 11, 24, 11, 0, 1, tzinfo=UTC)


class Crash(BaseException):
    """The process dies: not an error the service could catch."""


def test_a_crash_between_the_call_and_the_database_never_sends_twice(db, team, delegate, account, replay, monkeypatch):
    real_finish = replies_sending._finish

    def crash(*args, **kwargs):
        raise Crash()

    monkeypatch.setattr(replies_sending, "_finish", crash)
    replay.respond(201, {"data": {"id": "505", "text": "Thanks for the kind words! ^SP"}})
    with pytest.raises(Crash):
        submit(db, team, delegate, account)
    with db.reading() as session:
        [stuck] = session.query(Reply).all()
        assert stuck.state == "sending"  # committed before the call
    monkeypatch.setattr(replies_sending, "_finish", real_finish)
    # Within the lease nobody touches it (the sender may still be running).
    assert replies.recover_stuck_replies(db, account, now=NOON_PARIS + timedelta(minutes=1)) == []
    replay.respond(200, timeline(("505", "Thanks for the kind words! ^SP")))
    later = NOON_PARIS + replies.LEASE + timedelta(seconds=1)
    assert replies.recover_stuck_replies(db, account, now=later) == [stuck.id]
    with db.reading() as session:
        reply = session.get(Reply, stuck.id)
        assert (reply.state, reply.x_post_id) == ("sent", "505")
    assert len(posts(replay)) == 1


def test_a_reply_being_sent_cannot_be_sent_again_meanwhile(db, team, delegate, account, replay, monkeypatch):
    monkeypatch.setattr(replies_sending, "_finish", lambda *a, **k: (_ for _ in ()).throw(Crash()))
    replay.respond(201, {"data": {"id": "506", "text": "x"}})
    with pytest.raises(Crash):
        submit(db, team, delegate, account)
    with db.reading() as session:
        reply_id = session.query(Reply).one().id
    with pytest.raises(Exception, match="being sent right now"):
        replies.retry_reply(db, delegate, reply_id, account, now=NOON_PARIS + timedelta(minutes=1))
