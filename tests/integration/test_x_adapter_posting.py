"""Posting through tweepy: the recorded create call, no double posts after unclear failures, dry run."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests

from assistant.errors import ExternalServiceError, InvalidInput, RateLimited, XAuthError
from assistant.ports import Platform
from assistant.x import DryRunX, XAccount, XCredentials, x_account_from_settings
from assistant.x_types import SentPost
from tests.x_replay import Replay

NOW = datetime(2021, 11, 3, 21, 38, tzinfo=UTC)
USER_TOKENS = {"api_key": "k-1", "api_secret": "s-2", "access_token": "t-3", "access_token_secret": "ts-4"}
ME = {"data": {"id": "783214", "name": "Twitter", "username": "Twitter"}}
TEXT = "Proud of the team & what we shipped today: https://example.com/launch"


def timeline(*posts: tuple[str, str]) -> dict[str, object]:
    data = [{"id": i, "text": t, "author_id": "783214", "created_at": "2021-11-03T21:38:39.000Z"} for i, t in posts]
    return {"data": data, "meta": {"result_count": len(data)}} if data else {"meta": {"result_count": 0}}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def account(sleeps: list[float]) -> XAccount:
    return XAccount(XCredentials(bearer_token="b-0", **USER_TOKENS), sleep=sleeps.append, clock=lambda: NOW)


@pytest.fixture
def replay(account: XAccount) -> Replay:
    return Replay().mount_on(account.session)


@pytest.mark.shared
def test_recorded_create_tweet_returns_the_new_post(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_create_and_delete_tweet.yaml")

    sent = account.post("Test Tweet")

    assert sent == SentPost("1456012973835788293", "Test Tweet", dry_run=False)
    request = replay.requests[0]
    assert (request.method, replay.path(0)) == ("POST", "/2/tweets")
    assert json.loads(request.body or b"") == {"text": "Test Tweet"}
    assert request.headers["Authorization"].startswith("OAuth ")  # user context, not the bearer token


def test_unconfirmed_post_found_on_the_timeline_is_not_sent_again(
    account: XAccount, replay: Replay, sleeps: list[float]
) -> None:
    # X timed out after receiving the post; the timeline (escaped, t.co link) shows it went out.
    replay.fail(requests.ReadTimeout("read timed out")).respond(200, ME)
    replay.respond(200, timeline(("99", "Proud of the team &amp; what we shipped today: https://t.co/abc")))

    sent = account.post(TEXT)

    assert sent.id == "99" and not sent.dry_run
    assert [(r.method, replay.path(i)) for i, r in enumerate(replay.requests)] == [
        ("POST", "/2/tweets"),
        ("GET", "/2/users/me"),
        ("GET", "/2/users/783214/tweets"),
    ]
    assert sleeps == [2.0]


def test_unconfirmed_post_absent_from_the_timeline_is_retried(account: XAccount, replay: Replay) -> None:
    replay.problem(503, "Service Unavailable").respond(200, ME).respond(200, timeline())
    replay.respond(201, {"data": {"id": "100", "text": TEXT}})

    assert account.post(TEXT).id == "100"
    assert [r.method for r in replay.requests].count("POST") == 2


def test_duplicate_after_an_unconfirmed_attempt_resolves_to_the_earlier_post(account: XAccount, replay: Replay) -> None:
    replay.problem(503, "Service Unavailable").respond(200, ME).respond(200, timeline())  # not visible yet
    replay.problem(403, "You are not allowed to create a Tweet with duplicate content.", "Forbidden")
    replay.respond(200, timeline(("101", TEXT)))

    assert account.post(TEXT).id == "101"


def test_giving_up_on_a_post_says_it_will_not_be_posted_twice(account: XAccount, replay: Replay) -> None:
    replay.problem(500, "Internal").respond(200, ME)
    for _ in range(3):
        replay.respond(200, timeline()).problem(500, "Internal")

    with pytest.raises(ExternalServiceError) as caught:
        account.post(TEXT)

    assert caught.value.retryable
    assert "will not be posted twice" in str(caught.value)
    assert [r.method for r in replay.requests].count("POST") == 4


def test_rate_limited_post_is_not_retried_here(account: XAccount, replay: Replay) -> None:
    replay.problem(429, "Too Many Requests", headers={"x-rate-limit-reset": str(int(NOW.timestamp()) + 60)})

    with pytest.raises(RateLimited) as caught:
        account.post(TEXT)

    assert caught.value.retry_after == 60 and len(replay.requests) == 1


def test_posting_without_user_tokens_is_refused_before_any_request() -> None:
    account = XAccount(XCredentials(bearer_token="b-0"))
    replay = Replay().mount_on(account.session)

    with pytest.raises(XAuthError, match="X_ACCESS_TOKEN_SECRET"):
        account.post(TEXT)
    assert replay.requests == []
    assert account.can_read and not account.can_post


def test_dry_run_is_labelled_deterministic_and_offline() -> None:
    x = DryRunX()

    first = x.post(TEXT)
    again = DryRunX().post(TEXT)
    reply = x.post("@ana thanks!", in_reply_to_id="42")

    assert first.dry_run and first.id.startswith("dryrun-")
    assert again == first  # a retried dry-run publish keeps its id
    assert reply.id != first.id and reply.in_reply_to_id == "42"
    assert x.find_own_post("me", TEXT, since=NOW) is not None
    assert "dry run" in repr(x)


def test_both_publishers_satisfy_the_publishing_interface(account: XAccount) -> None:
    publishers: list[Platform] = [account, DryRunX()]
    assert all(callable(p.post) for p in publishers)


def test_factory_without_any_key_gives_dry_run() -> None:
    assert isinstance(x_account_from_settings({}), DryRunX)
    assert isinstance(x_account_from_settings({"X_BEARER_TOKEN": "  ", "X_API_KEY": ""}), DryRunX)


def test_factory_builds_read_only_or_full_accounts() -> None:
    read_only = x_account_from_settings({"X_BEARER_TOKEN": "b-0"})
    full = x_account_from_settings(
        {"X_API_KEY": "k-1", "X_API_SECRET": "s-2", "X_ACCESS_TOKEN": "t-3", "X_ACCESS_TOKEN_SECRET": "ts-4"},
        attempts=2,
    )

    assert isinstance(read_only, XAccount) and read_only.can_read and not read_only.can_post
    assert isinstance(full, XAccount) and full.can_read and full.can_post
    assert "t-3" not in repr(full) and "ts-4" not in repr(full)


def test_factory_names_missing_keys_without_echoing_values() -> None:
    with pytest.raises(InvalidInput) as caught:
        x_account_from_settings({"X_API_KEY": "key-value-1", "X_ACCESS_TOKEN": "token-value-2"})

    message = str(caught.value)
    assert "X_API_SECRET" in message and "X_ACCESS_TOKEN_SECRET" in message
    assert "key-value-1" not in message and "token-value-2" not in message
