"""The X v2 import's fast paths (issue 14, point 15) read exactly what the plain paths read.

- Page lines are decoded with msgspec keeping only the keys the parser reads; any line off that schema goes
  to json; ordinary pages are read into typed structs (`_typed_page`). Oracle: the same parser with json alone
  (`_fast_page = _typed_page = None`), on random pages and the recordings.
- `derive_mentions` was rewritten for speed. Oracle: the straightforward version it replaced, below.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.imports import ImportedTweet, MentionLink, derive_mentions, parse_x_v2_file, parse_x_v2_lines, x_v2
from tests.shared_data import shared_path

KEYS = [
    "data", "includes", "users", "tweets", "id", "text", "author_id", "created_at", "entities", "mentions",
    "referenced_tweets", "type", "errors", "title", "detail", "status", "meta", "result_count", "username",
    "author", "conversation_id", "in_reply_to_user_id", "public_metrics", "lang",
]  # fmt: skip
leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-11-02T10:00:00.000Z", "2026-11-02T10:00:00+02:00", "replied_to", "42", "acme"])
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=40,
)
post = st.fixed_dictionaries(
    {"id": st.sampled_from(["1", "2", "3", 4]), "author_id": st.sampled_from(["42", "7", 9]),
     "created_at": st.sampled_from(["2026-11-02T10:00:00.000Z", "2026-11-02T11:00:00Z", "nope"])},
    optional={"text": values, "entities": values, "referenced_tweets": values, "conversation_id": values,
              "in_reply_to_user_id": values, "public_metrics": values, "author": values},
)  # fmt: skip
page = st.fixed_dictionaries(
    {}, optional={"data": st.lists(post, max_size=3) | post | values, "includes": values, "meta": values,
                  "errors": values, "title": values},
)  # fmt: skip


def _both(lines: list[str]):
    fast = parse_x_v2_lines(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(x_v2, "_fast_page", None)
        patch.setattr(x_v2, "_typed_page", None)
        plain = parse_x_v2_lines(lines)
    return fast, plain


@settings(max_examples=400, deadline=None)
@given(st.lists(page | values, min_size=1, max_size=5))
def test_the_fast_decoder_gives_what_json_alone_gives(pages):
    assert x_v2._fast_page is not None  # msgspec is installed: the fast path is the one under test
    assert x_v2._typed_page is not None
    fast, plain = _both([json.dumps(p) for p in pages])
    assert fast.records == plain.records
    assert fast.errors == plain.errors
    assert (fast.api_errors, fast.empty_results) == (plain.api_errors, plain.empty_results)


@pytest.mark.parametrize(
    "name", ["twarc-csv_noflat.jsonl", "twarc-csv_mentions_tweet.jsonl", "twarc-csv_two_tweets.jsonl"]
)
def test_the_recordings_read_the_same_both_ways(monkeypatch, name):
    path = shared_path(f"fixtures/x-api/{name}")
    fast = parse_x_v2_file(path)
    with monkeypatch.context() as patch:
        patch.setattr(x_v2, "_fast_page", None)
        patch.setattr(x_v2, "_typed_page", None)
        plain = parse_x_v2_file(path)
    assert fast.records == plain.records and fast.records
    assert fast.errors == plain.errors


def reference_derive(account: str, posts: list[ImportedTweet]) -> list[MentionLink]:
    """The version before the speed work, kept as the oracle."""
    handle = account.strip().lstrip("@")
    ids = {handle} if handle.isdigit() else set()
    names = {handle.lower()} if handle else set()
    for p in posts:
        if p.author_username and p.author_username.lower() in names:
            ids.add(p.author_id)
        elif p.author_id in ids and p.author_username:
            names.add(p.author_username.lower())
    own = {p.id for p in posts if p.author_id in ids or (p.author_username or "").lower() in names}

    def order(p):
        return (p.created_at, len(p.id), p.id)

    earliest: dict[str, ImportedTweet] = {}
    for p in posts:
        if p.id in own and p.replied_to_id is not None:
            current = earliest.get(p.replied_to_id)
            if current is None or order(p) < order(current):
                earliest[p.replied_to_id] = p
    links = []
    for p in posts:
        if p.id in own or p.is_retweet:
            continue
        if (
            any(n.lower() in names for n in p.mentioned_usernames)
            or any(i in ids for i in p.mentioned_ids)
            or p.in_reply_to_user_id in ids
            or p.replied_to_id in own
        ):
            r = earliest.get(p.id)
            links.append(
                MentionLink(
                    p.id, p.author_id, p.author_username, p.created_at, p.text, p.conversation_id, p.line,
                    r.id if r else None, r.created_at if r else None, r.text if r else None,
                )
            )  # fmt: skip
    links.sort(key=lambda link: (link.created_at, len(link.mention_id), link.mention_id))
    return links


small = st.sampled_from(["1", "2", "3", "10", "42", "7"])
handles = st.none() | st.sampled_from(["Acme", "acme", "ACME", "bob", "Eve"])
tweets = st.builds(
    lambda i, a, u, minutes, reply_user, replied, retweeted, names, mentioned: ImportedTweet(
        i, a, u, datetime(2026, 11, 2, tzinfo=UTC) + timedelta(minutes=minutes), f"text {i}", 1, None,
        reply_user, replied, None, retweeted, names, mentioned,
    ),
    st.text("0123456789", min_size=1, max_size=3), small, handles, st.integers(0, 5), st.none() | small,
    st.none() | small, st.none() | small, st.lists(st.sampled_from(["acme", "Acme", "bob"]), max_size=2).map(tuple),
    st.lists(small, max_size=2).map(tuple),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(tweets, max_size=12, unique_by=lambda t: t.id), st.sampled_from(["acme", "@Acme", "42", "7"]))
def test_derive_mentions_matches_the_reference(posts, account):
    assert derive_mentions(account, posts) == reference_derive(account, posts)
