"""The pure X values: parsing API v2 JSON, comparing texts, wording refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.errors import InvalidInput, RateLimited
from assistant.x_types import (
    DuplicatePost,
    ReplyNotAllowed,
    XAuthError,
    page_from_v2,
    parse_x_time,
    refusal_error,
    same_text,
    user_from_v2,
)


@pytest.mark.parametrize(
    "raw",
    ["2022-11-07T18:11:04.000Z", "2022-11-07T18:11:04Z", "2022-11-07T19:11:04+01:00", "2022-11-07T18:11:04"],
)
def test_x_times_are_aware_utc_with_or_without_milliseconds(raw: str) -> None:
    assert parse_x_time(raw) == datetime(2022, 11, 7, 18, 11, 4, tzinfo=UTC)


def test_a_garbled_time_is_invalid_input_naming_the_value() -> None:
    with pytest.raises(InvalidInput, match="yesterday"):
        parse_x_time("yesterday")


def test_verified_type_counts_as_verified() -> None:
    assert user_from_v2({"id": "1", "username": "a", "name": "A", "verified_type": "business"}).verified
    assert not user_from_v2({"id": "1", "username": "a", "name": "A", "verified_type": "none"}).verified


def test_a_single_post_response_parses_as_a_one_post_page() -> None:
    page = page_from_v2({"data": {"id": "5", "text": "hi"}})
    assert [p.id for p in page.posts] == ["5"] and page.posts[0].created_at is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_same_text_ignores_x_escaping(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert same_text(text, escaped)


def test_same_text_still_tells_different_posts_apart() -> None:
    assert same_text("see https://example.com/a now", "see https://t.co/xyz now")
    assert not same_text("we grew 10%", "we grew 12%")


def test_refusals_map_to_specific_errors() -> None:
    assert isinstance(refusal_error(429, "Too Many Requests", retry_after=30.0), RateLimited)
    assert isinstance(
        refusal_error(403, "You attempted to reply to a Tweet that is deleted or not visible to you."), ReplyNotAllowed
    )
    assert isinstance(
        refusal_error(403, "You are not allowed to create a Tweet with duplicate content."), DuplicatePost
    )
    assert isinstance(refusal_error(401, "Unauthorized"), XAuthError)
    other = refusal_error(404, "Not Found")
    assert not other.retryable and "HTTP 404" in str(other)
