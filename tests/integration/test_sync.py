"""`sync` through tweepy itself: recorded X responses, full-field pages, 429s and 5xx, run twice."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import func, select

from assistant.services.mentions import SyncProgress, sync_executive
from assistant.storage.models import AuditEvent, Mention, SyncState
from assistant.x import XAccount, XCredentials
from tests.x_replay import Replay, twarc_page

pytestmark = pytest.mark.shared

NOW = datetime(2021, 4, 9, 12, 0, tzinfo=UTC)
EMPTY = {"meta": {"result_count": 0}}


@pytest.fixture
def account() -> XAccount:
    return XAccount(XCredentials(bearer_token="bearer-not-real"), sleep=lambda s: None, clock=lambda: NOW)


@pytest.fixture
def replay(account: XAccount) -> Replay:
    return Replay().mount_on(account.session)


def _mentions_page() -> dict:
    page = twarc_page("twarc-csv_noflat.jsonl")
    page["meta"].pop("next_token")  # the last page
    return page


def _reply(reply_id: str, to_id: str, at: str) -> dict:
    return {
        "data": [
            {
                "id": reply_id,
                "author_id": "42",
                "text": "@someone thanks, on it",
                "created_at": at,
                "referenced_tweets": [{"type": "replied_to", "id": to_id}],
            }
        ],
        "meta": {"result_count": 1, "newest_id": reply_id},
    }


def _count(db) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Mention)) or 0


def _since(db, stream: str) -> str | None:
    with db.reading() as session:
        state = session.get(SyncState, (1, stream))
        return state.since_id if state else None


def test_recorded_mentions_response_is_read_with_since_id_and_progress(db, team, account, replay):
    replay.cassette("tweepy_test_client_get_users_mentions.yaml").cassette("tweepy_test_client_get_users_tweets.yaml")
    seen: list[SyncProgress] = []

    outcome = sync_executive(db, account, team.executive_id, max_pages=1, progress=seen.append, now=NOW)

    assert [replay.path(0), replay.path(1)] == ["/2/users/42/mentions", "/2/users/42/tweets"]
    assert "since_id" not in replay.params(0)
    assert [(p.stream, p.page, p.posts) for p in seen] == [("mentions", 1, 10), ("own_posts", 1, 2)]
    # tweepy's recording lacks created_at, so nothing can be stored; both pages say more exist.
    assert outcome.new_mentions == 0 and outcome.complete == {"mentions": False, "own_posts": False}
    assert _since(db, "mentions") is None


def test_full_field_page_is_stored_and_a_second_run_changes_nothing(db, team, account, replay):
    page = _mentions_page()
    expected = {
        t["id"] for t in page["data"] if not any(r["type"] == "retweeted" for r in t.get("referenced_tweets", []))
    }
    replay.respond(200, page).respond(200, EMPTY)

    first = sync_executive(db, account, team.executive_id, now=NOW)

    assert first.new_mentions == len(expected) == 53 and first.complete == {"mentions": True, "own_posts": True}
    with db.reading() as session:
        rows = {m.x_post_id: m for m in session.scalars(select(Mention))}
    assert set(rows) == expected
    sample = rows[next(iter(expected))]
    assert sample.source == "x" and sample.state == "new" and sample.author_handle and sample.posted_at.tzinfo
    assert _since(db, "mentions") == "1380242611781386245"

    replay.respond(200, EMPTY).respond(200, EMPTY)
    second = sync_executive(db, account, team.executive_id, now=NOW)
    assert replay.params(2)["since_id"] == "1380242611781386245"
    assert second.new_mentions == 0 and _count(db) == 53
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1  # quiet runs write nothing


def test_replies_made_outside_the_app_answer_their_mention(db, team, account, replay):
    page = _mentions_page()
    target = next(t for t in page["data"] if "referenced_tweets" not in t)
    replay.respond(200, page).respond(200, _reply("1380300000000000001", target["id"], "2021-04-08T20:00:00.000Z"))

    outcome = sync_executive(db, account, team.executive_id, now=NOW)

    assert outcome.answers_found == 1
    with db.reading() as session:
        mention = session.scalars(select(Mention).where(Mention.x_post_id == target["id"])).one()
    assert (mention.responder_kind, mention.state, mention.response_x_id) == (
        "outside",
        "replied",
        "1380300000000000001",
    )
    assert mention.responded_at == datetime(2021, 4, 8, 20, 0, tzinfo=UTC)
    # An earlier own reply found later wins; a later one changes nothing.
    replay.respond(200, EMPTY).respond(200, _reply("1380300000000000002", target["id"], "2021-04-08T21:00:00.000Z"))
    assert sync_executive(db, account, team.executive_id, now=NOW).answers_found == 0


def test_a_reply_recorded_by_the_app_is_not_overwritten(db, team, account, replay):
    page = _mentions_page()
    target = next(t for t in page["data"] if "referenced_tweets" not in t)
    replay.respond(200, page).respond(200, EMPTY)
    sync_executive(db, account, team.executive_id, now=NOW)
    with db.writing() as session:
        mention = session.scalars(select(Mention).where(Mention.x_post_id == target["id"])).one()
        mention.responder_kind, mention.state = "delegate", "replied"
        mention.responded_at = datetime(2021, 4, 8, 22, 0, tzinfo=UTC)
    replay.respond(200, EMPTY).respond(200, _reply("1380300000000000003", target["id"], "2021-04-08T20:30:00.000Z"))
    assert sync_executive(db, account, team.executive_id, now=NOW).answers_found == 0


def test_rate_limit_stops_reports_the_reset_and_the_next_run_resumes(db, team, account, replay):
    reset = int(NOW.timestamp()) + 900
    replay.respond(200, _mentions_page())
    replay.problem(429, "Too Many Requests", headers={"x-rate-limit-reset": str(reset), "x-rate-limit-remaining": "0"})

    outcome = sync_executive(db, account, team.executive_id, now=NOW)

    assert outcome.rate_limited and outcome.retry_after_seconds == pytest.approx(900)
    assert outcome.resets_at == datetime.fromtimestamp(reset, UTC)
    assert "resets at 2021-04-09 12:15:00 UTC" in outcome.summary()
    assert outcome.new_mentions == 53 and _since(db, "mentions") and _since(db, "own_posts") is None
    with db.reading() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert event.action == "mentions.synced" and event.after["rate_limited"] is True

    replay.respond(200, EMPTY).respond(
        200, _reply("1380300000000000009", _mentions_page()["data"][1]["id"], "2021-04-08T20:00:00.000Z")
    )
    again = sync_executive(db, account, team.executive_id, now=NOW)
    assert not again.rate_limited and again.complete == {"mentions": True, "own_posts": True}
    assert "since_id" not in replay.params(3)  # own_posts never finished, so it starts over


def test_server_errors_and_network_failures_are_retried_then_reported(db, team, account, replay):
    replay.problem(503, "Service Unavailable").fail(requests.ConnectionError("reset by peer"))
    replay.respond(200, _mentions_page()).respond(200, EMPTY)
    assert sync_executive(db, account, team.executive_id, now=NOW).new_mentions == 53

    for _ in range(4):
        replay.problem(503, "Service Unavailable")
    with pytest.raises(Exception, match="Could not read mentions: X answered HTTP 503 after 4 attempts"):
        sync_executive(db, account, team.executive_id, now=NOW)
    assert _count(db) == 53


def test_an_interrupted_page_loop_keeps_what_was_stored_and_duplicates_nothing(db, team, account, replay):
    first = _mentions_page()
    first["meta"]["next_token"] = "more"
    second = copy.deepcopy(first)
    second["meta"].pop("next_token")
    replay.respond(200, first).fail(requests.ConnectionError("gone"))
    replay.fail(requests.ConnectionError("gone")).fail(requests.ConnectionError("gone"))
    replay.fail(requests.ConnectionError("gone"))
    with pytest.raises(Exception, match="network error"):
        sync_executive(db, account, team.executive_id, now=NOW)
    assert _count(db) == 53 and _since(db, "mentions") is None
    replay.respond(200, first).respond(200, second).respond(200, EMPTY)
    assert sync_executive(db, account, team.executive_id, now=NOW).new_mentions == 0
    assert _count(db) == 53 and _since(db, "mentions") == "1380242611781386245"
