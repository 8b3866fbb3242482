"""The X v2 import's typed page reader (issue 14, point 15) reads exactly what the general path reads.

`_typed_page` reads ordinary pages into msgspec structs and hands any other line to the general path
(`_collect` + `_tweet`). Oracle: the same parser with the fast readers off (`_typed_page = _fast_page = None`),
on pages built to sit on the bounds the general path checks (id and handle lengths, text length, time-stamps,
references, mentions, inline authors, copies in `includes.tweets`).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.imports import parse_x_v2_lines, x_v2
from assistant.imports.records import MAX_HANDLE_CHARS, MAX_ID_CHARS, MAX_TEXT_CHARS

ids = st.sampled_from(["1", "2", "3", "42", "", "9" * MAX_ID_CHARS, "8" * (MAX_ID_CHARS + 1)])
handles = st.sampled_from(["acme", "Bob", "", "h" * MAX_HANDLE_CHARS, "h" * (MAX_HANDLE_CHARS + 1)])
stamps = st.sampled_from(
    ["2026-11-02T10:00:00.000Z", "2026-11-02T10:00:00+02:00", "2026-11-02T10:00:00", "2026-11-02", "", "nope",
     "2026-11-02T10:00:00.123456Z"]
)  # fmt: skip
texts = st.sampled_from(["@acme hello", "", "x" * MAX_TEXT_CHARS, "x" * (MAX_TEXT_CHARS + 1), "caf\u00e9 \u2028"])
maybe = st.none() | ids
ref = st.fixed_dictionaries(
    {}, optional={"type": st.sampled_from(["replied_to", "quoted", "retweeted", "other", ""]) | st.none(), "id": maybe}
)
mention = st.fixed_dictionaries({}, optional={"username": st.none() | handles, "id": maybe})
user = st.fixed_dictionaries({}, optional={"id": maybe, "username": st.none() | handles, "name": st.just("N")})
entities = st.fixed_dictionaries({}, optional={"mentions": st.none() | st.lists(mention, max_size=3)})
post = st.fixed_dictionaries(
    {"id": ids, "author_id": ids, "created_at": stamps},
    optional={
        "text": texts, "conversation_id": maybe, "in_reply_to_user_id": maybe,
        "referenced_tweets": st.none() | st.lists(ref, max_size=3),
        "entities": st.none() | entities,
        "author": st.none() | user, "lang": st.just("en"), "public_metrics": st.just({"like_count": 1}),
    },
)  # fmt: skip
includes = st.fixed_dictionaries(
    {}, optional={"users": st.none() | st.lists(user, max_size=3), "tweets": st.none() | st.lists(post, max_size=2)}
)
page = st.fixed_dictionaries(
    {"data": st.lists(post, max_size=4) | post | st.none()},
    optional={
        "includes": st.none() | includes,
        "meta": st.just({"result_count": 1}),
        "errors": st.just([{"title": "Not Found Error"}]),
    },
)  # fmt: skip


def _both(lines: list[str], strict: bool = False):
    typed = parse_x_v2_lines(lines, strict)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(x_v2, "_typed_page", None)
        patch.setattr(x_v2, "_fast_page", None)
        plain = parse_x_v2_lines(lines, strict)
    return typed, plain


@settings(max_examples=600, deadline=None)
@given(st.lists(page, min_size=1, max_size=4))
def test_the_typed_reader_gives_what_the_general_path_gives(pages):
    assert x_v2._typed_page is not None  # msgspec is installed: the typed reader is the one under test
    typed, plain = _both([json.dumps(p) for p in pages])
    assert typed.records == plain.records
    assert typed.errors == plain.errors
    assert (typed.api_errors, typed.empty_results) == (plain.api_errors, plain.empty_results)


ORDINARY = {
    "data": [
        {"id": "5", "author_id": "42", "created_at": "2026-11-02T10:00:00.000Z", "text": "@acme hi",
         "conversation_id": "5", "entities": {"mentions": [{"username": "acme", "id": "7"}]}},
        {"id": "6", "author_id": "7", "created_at": "2026-11-02T10:05:00.000Z", "text": "@bob thanks",
         "in_reply_to_user_id": "42", "referenced_tweets": [{"type": "replied_to", "id": "5"}]},
    ],
    "includes": {"users": [{"id": "42", "username": "bob"}, {"id": "7", "username": "acme"}],
                 "tweets": [{"id": "5", "author_id": "42", "created_at": "2026-11-02T10:00:00.000Z", "text": "old"}]},
    "meta": {"result_count": 2},
}  # fmt: skip


def test_an_ordinary_page_is_read_by_the_typed_reader():
    posts = x_v2._typed_page(json.dumps(ORDINARY), 3)
    assert posts is not None
    assert [(p.id, p.author_username, p.included, p.line) for p in posts] == [
        ("5", "bob", False, 3),
        ("6", "acme", False, 3),
        ("5", "bob", True, 3),
    ]
    assert posts[1].replied_to_id == "5" and posts[0].mentioned_usernames == ("acme",)
    # And the parse keeps the result row, not the context copy.
    result = parse_x_v2_lines([json.dumps(ORDINARY)])
    assert [(p.id, p.text, p.included) for p in result.records] == [
        ("5", "@acme hi", False),
        ("6", "@bob thanks", False),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"id": 5},  # a number for an id: the general path turns it into text
        {"id": "8" * (MAX_ID_CHARS + 1)},  # over the bound: a row error
        {"created_at": "yesterday"},
        {"text": None},
        {"text": "x" * (MAX_TEXT_CHARS + 1)},
        {"referenced_tweets": "5"},
    ],
)
def test_an_unusual_post_sends_the_line_to_the_general_path(change):
    page = json.loads(json.dumps(ORDINARY))
    page["data"][0].update(change)
    assert x_v2._typed_page(json.dumps(page), 1) is None
    typed, plain = _both([json.dumps(page)])
    assert typed.records == plain.records and typed.errors == plain.errors


def test_strict_mode_refuses_the_same_line():
    page = json.loads(json.dumps(ORDINARY))
    page["data"][1]["author_id"] = ""
    lines = [json.dumps(ORDINARY), json.dumps(page)]
    with pytest.raises(Exception) as typed:
        parse_x_v2_lines(lines, strict=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(x_v2, "_typed_page", None)
        patch.setattr(x_v2, "_fast_page", None)
        with pytest.raises(Exception) as plain:
            parse_x_v2_lines(lines, strict=True)
    assert str(typed.value) == str(plain.value) and "line 2" in str(typed.value)


@pytest.mark.parametrize("name", ["", "h" * (MAX_HANDLE_CHARS + 1)])
def test_a_user_whose_handle_is_off_the_bounds_names_no_author(name):
    page = json.loads(json.dumps(ORDINARY))
    page["includes"]["users"][0]["username"] = name
    posts = x_v2._typed_page(json.dumps(page), 1)
    assert posts is not None and posts[0].author_id == "42" and posts[0].author_username is None
    typed, plain = _both([json.dumps(page)])
    assert typed.records == plain.records
