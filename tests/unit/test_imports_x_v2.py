"""Importing X API v2 pages (real twarc recordings) and finding the account's mentions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.errors import InvalidInput
from assistant.imports import derive_mentions, parse_x_v2_document, parse_x_v2_file, parse_x_v2_lines
from tests.shared_data import shared_path

BREAKING911_ID = "375721095"


def real_page() -> dict:
    return json.loads(shared_path("fixtures/x-api/twarc-csv_noflat.jsonl").read_text(encoding="utf-8"))


def test_a_real_page_yields_results_and_their_context_posts_with_authors() -> None:
    result = parse_x_v2_file(shared_path("fixtures/x-api/twarc-csv_noflat.jsonl"))
    assert result.errors == []
    results = [t for t in result.records if not t.included]
    assert len(results) == 100  # the page's `data`
    assert {t.id for t in result.records if t.included} <= {str(t["id"]) for t in real_page()["includes"]["tweets"]}
    reply = next(t for t in result.records if t.id == "1380242413445337098")
    assert reply.author_username == "GForrester406"
    assert reply.created_at == datetime(2021, 4, 8, 19, 33, 29, tzinfo=UTC)
    assert reply.replied_to_id == "1380226330034372610" and reply.in_reply_to_user_id == BREAKING911_ID
    assert reply.mentioned_usernames == ("Breaking911",)
    assert reply.mentioned_ids == ()  # this 2021 recording predates mention ids
    assert reply.conversation_id == "1380226330034372610"


def test_retweets_and_quotes_keep_their_references() -> None:
    result = parse_x_v2_file(shared_path("fixtures/x-api/twarc-csv_mentions_tweet.jsonl"))
    retweet = next(t for t in result.records if t.id == "1589681856941002753")
    assert retweet.is_retweet and retweet.retweeted_id == "1589671906718134272"
    assert retweet.mentioned_ids == ("1221317221714157569",)  # the 2023 recording has them
    quote = next(
        t
        for t in parse_x_v2_file(shared_path("fixtures/x-api/twarc-csv_noflat.jsonl")).records
        if t.id == "1380242403009966082"
    )
    assert quote.quoted_id == "1380226330034372610" and not quote.is_retweet


def test_mentions_of_an_account_are_replies_and_at_mentions_but_never_retweets() -> None:
    tweets = parse_x_v2_file(shared_path("fixtures/x-api/twarc-csv_noflat.jsonl")).records
    mentions = derive_mentions("@breaking911", tweets)
    ids = [m.mention_id for m in mentions]
    assert "1380242413445337098" in ids  # "@Breaking911 Why didn't Biden..." replies to it
    retweets_of_it = [t.id for t in tweets if t.is_retweet and "Breaking911" in t.mentioned_usernames]
    assert retweets_of_it and not set(retweets_of_it) & set(ids)
    assert all(not m.answered for m in mentions)  # the account's own posts are not in this page
    assert [m.mention_id for m in derive_mentions(BREAKING911_ID, tweets)] == ids  # by id, same answer


def test_the_accounts_earliest_reply_is_the_response() -> None:
    page = real_page()
    mention_id = "1380242413445337098"
    page["data"] += [
        _reply("9000000000000000002", "2021-04-08T19:50:00.000Z", mention_id),
        _reply("9000000000000000001", "2021-04-08T19:40:00.000Z", mention_id),  # earlier, listed later
    ]
    page["includes"]["users"].append({"id": BREAKING911_ID, "username": "Breaking911", "name": "Breaking911"})
    tweets = parse_x_v2_lines([json.dumps(page)]).records
    link = next(m for m in derive_mentions("Breaking911", tweets) if m.mention_id == mention_id)
    assert link.response_id == "9000000000000000001"
    assert link.responded_at == datetime(2021, 4, 8, 19, 40, tzinfo=UTC)
    # The account's own replies are not mentions of it.
    assert not {"9000000000000000001", "9000000000000000002"} & {
        m.mention_id for m in derive_mentions("Breaking911", tweets)
    }


def _reply(post_id: str, created_at: str, to: str) -> dict:
    return {
        "id": post_id,
        "author_id": BREAKING911_ID,
        "created_at": created_at,
        "text": "@GForrester406 thanks",
        "referenced_tweets": [{"type": "replied_to", "id": to}],
        "in_reply_to_user_id": "815773577014349824",
    }


def test_malformed_lines_and_posts_are_skipped_with_line_and_reason() -> None:
    good = {"data": [{"id": "1", "author_id": "7", "created_at": "2021-01-01T00:00:00.000Z", "text": "hi"}]}
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps({"data": [{"id": "2", "author_id": "7", "text": "x"}]}),
        json.dumps({"data": [{"id": "3", "author_id": "7", "created_at": "yesterday", "text": "x"}]}),
    ]
    result = parse_x_v2_lines(lines)
    assert [t.id for t in result.records] == ["1"]
    assert [(e.line, e.reason.split(" (")[0]) for e in result.errors] == [
        (2, "not valid JSON"),
        (4, "data[0]: post 2 has no created_at"),
        (5, "data[0]: post 3 has created_at 'yesterday', not an ISO 8601 time"),
    ]


def test_strict_mode_refuses_the_file_naming_the_first_bad_line() -> None:
    good = json.dumps({"data": [{"id": "1", "author_id": "7", "created_at": "2021-01-01T00:00:00Z", "text": "hi"}]})
    with pytest.raises(InvalidInput, match=r"^line 2: not valid JSON.*--strict"):
        parse_x_v2_lines([good, "[1,", "also bad"], strict=True)


def test_a_json_file_with_an_array_of_pages_is_read_too(tmp_path: Path) -> None:
    page = real_page()
    path = tmp_path / "pages.json"
    path.write_text(json.dumps([page, page], indent=2), encoding="utf-8")
    result = parse_x_v2_file(path)
    assert len([t for t in result.records if not t.included]) == 100  # the same posts twice count once
    assert parse_x_v2_document("[1]").errors[0].reason.startswith("page 1: expected a JSON object")
