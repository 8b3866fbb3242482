"""Simulated X failures through tweepy's own transport: what a user or the worker gets back."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
import requests

from assistant.errors import DuplicatePost, ExternalServiceError, RateLimited, ReplyNotAllowed, XAuthError
from assistant.x import XAccount, XCredentials
from tests.x_replay import Replay

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SECRETS = {
    "bearer_token": "BEARER-s3cr3t-0001",
    "api_key": "APIKEY-s3cr3t-0002",
    "api_secret": "APISECRET-s3cr3t-0003",
    "access_token": "ACCESS-s3cr3t-0004",
    "access_token_secret": "ACCESSSECRET-s3cr3t-0005",
}
PAGE = {
    "data": [{"id": "20", "text": "@ceo hello", "author_id": "7", "created_at": "2024-05-01T11:59:00.000Z"}],
    "meta": {"result_count": 1, "newest_id": "20"},
}
REPLY_RESTRICTED = (
    "Reply to this conversation is not allowed because you have not been mentioned or otherwise "
    "engaged by the author of the post you are replying to."
)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def account(sleeps: list[float]) -> XAccount:
    return XAccount(XCredentials(**SECRETS), attempts=4, backoff=2.0, sleep=sleeps.append, clock=lambda: NOW)


@pytest.fixture
def replay(account: XAccount) -> Replay:
    return Replay().mount_on(account.session)


def assert_secret_free(text: str) -> None:
    for secret in SECRETS.values():
        assert secret not in text


def test_429_becomes_rate_limited_with_the_reset_time(account: XAccount, replay: Replay) -> None:
    reset = int(NOW.timestamp()) + 420
    replay.problem(429, "Too Many Requests", "Too Many Requests", headers={"x-rate-limit-reset": str(reset)})

    with pytest.raises(RateLimited) as caught:
        next(account.mentions("1"))

    assert caught.value.retry_after == 420
    assert caught.value.retryable
    assert "429" in str(caught.value) and "420 s" in str(caught.value)
    assert len(replay.requests) == 1  # never sleeps through a rate limit window itself


def test_429_without_reset_header_still_rate_limited(account: XAccount, replay: Replay) -> None:
    replay.problem(429, "Too Many Requests")

    with pytest.raises(RateLimited) as caught:
        next(account.mentions("1"))

    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_with_backoff_then_succeed(
    account: XAccount, replay: Replay, sleeps: list[float], status: int
) -> None:
    replay.problem(status, "Service Unavailable").problem(status, "Service Unavailable").respond(200, PAGE)

    page = next(account.mentions("1"))

    assert [p.id for p in page.posts] == ["20"]
    assert len(replay.requests) == 3
    assert sleeps == [2.0, 4.0]


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectTimeout("connect timed out"),
        requests.ReadTimeout("read timed out"),
        requests.ConnectionError("connection reset by peer"),
    ],
)
def test_network_failures_are_retried(
    account: XAccount, replay: Replay, sleeps: list[float], failure: Exception
) -> None:
    replay.fail(failure).respond(200, PAGE)

    assert next(account.mentions("1")).posts[0].author_id == "7"
    assert sleeps == [2.0]


def test_persistent_outage_gives_a_retryable_error_after_all_attempts(
    account: XAccount, replay: Replay, sleeps: list[float]
) -> None:
    for _ in range(4):
        replay.problem(503, "Service Unavailable")

    with pytest.raises(ExternalServiceError) as caught:
        next(account.mentions("1"))

    assert caught.value.retryable and not isinstance(caught.value, RateLimited)
    assert "HTTP 503 after 4 attempts" in str(caught.value)
    assert len(replay.requests) == 4 and sleeps == [2.0, 4.0, 8.0]


def test_timeouts_to_the_end_say_x_did_not_answer(account: XAccount, replay: Replay) -> None:
    for _ in range(4):
        replay.fail(requests.ReadTimeout("read timed out"))

    with pytest.raises(ExternalServiceError, match="did not answer in time"):
        next(account.mentions("1"))


def test_401_names_the_settings_to_check_and_is_not_retried(
    account: XAccount, replay: Replay, sleeps: list[float]
) -> None:
    replay.problem(401, "Unauthorized", "Unauthorized")

    with pytest.raises(XAuthError) as caught:
        next(account.mentions("1"))

    message = str(caught.value)
    assert not caught.value.retryable
    assert "X_BEARER_TOKEN" in message and "credentials" in message
    assert_secret_free(message)
    assert_secret_free(repr(caught.value))
    assert len(replay.requests) == 1 and sleeps == []


def test_403_on_an_endpoint_explains_permission_and_tier(account: XAccount, replay: Replay) -> None:
    replay.problem(
        403,
        "When authenticating requests to the Twitter API v2 endpoints, you must use keys "
        "and tokens from a Twitter developer App that is attached to a Project.",
        "Client Forbidden",
    )

    with pytest.raises(XAuthError, match="access tier"):
        next(account.mentions("1"))


def test_200_with_only_errors_is_reported(account: XAccount, replay: Replay) -> None:
    replay.respond(200, {"errors": [{"title": "Not Found Error", "detail": "Could not find user with id: [9]."}]})

    with pytest.raises(ExternalServiceError, match="Could not find user"):
        next(account.mentions("9"))


def test_reply_restriction_explains_that_nothing_was_lost(account: XAccount, replay: Replay) -> None:
    replay.problem(403, REPLY_RESTRICTED, "Forbidden")

    with pytest.raises(ReplyNotAllowed) as caught:
        account.post("@someone thanks, we are on it", in_reply_to_id="1578516295611748353")

    message = str(caught.value)
    assert not caught.value.retryable
    assert "Nothing was lost" in message and "reply text is kept" in message
    assert json.loads(replay.requests[0].body or b"") == {
        "text": "@someone thanks, we are on it",
        "reply": {"in_reply_to_tweet_id": "1578516295611748353"},
    }
    assert len(replay.requests) == 1


def test_reply_to_a_deleted_post_is_also_explained(account: XAccount, replay: Replay) -> None:
    replay.respond(
        403,
        {
            "errors": [
                {"code": 385, "message": "You attempted to reply to a Tweet that is deleted or not visible to you."}
            ]
        },
    )

    with pytest.raises(ReplyNotAllowed, match="deleted, not visible"):
        account.post("@someone thanks", in_reply_to_id="1")


@pytest.mark.parametrize("status", [400, 403])
def test_duplicate_content_is_a_clear_error(account: XAccount, replay: Replay, status: int) -> None:
    replay.problem(status, "You are not allowed to create a Tweet with duplicate content.", "Forbidden")

    with pytest.raises(DuplicatePost, match="already posted exactly the same text"):
        account.post("Same words as yesterday")
    assert len(replay.requests) == 1


def test_secrets_never_reach_messages_reprs_or_debug_logs(
    account: XAccount, replay: Replay, caplog: pytest.LogCaptureFixture
) -> None:
    # Even if X echoed a token back, the message must not carry it.
    replay.problem(400, f"Invalid token {SECRETS['bearer_token']} / {SECRETS['access_token']}")
    caplog.set_level(logging.DEBUG)

    with pytest.raises(ExternalServiceError) as caught:
        account.post("hello")

    assert_secret_free(str(caught.value))
    assert "[redacted]" in str(caught.value)
    assert_secret_free(repr(account))
    assert_secret_free(repr(XCredentials(**SECRETS)))
    assert_secret_free(caplog.text)
    assert "Authorization" in replay.requests[0].headers  # the token was sent, just never shown
