"""The import parsers against hostile shapes (issue 14, point 10): never a crash, a row error with its line,
the bounds the storage and the Inbox rely on, and the reasons in English and French."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import i18n
from assistant.imports import parse_twcs_lines, parse_x_v2_document, parse_x_v2_lines
from assistant.imports.records import MAX_HANDLE_CHARS, MAX_ID_CHARS, MAX_TEXT_CHARS, nothing_to_import
from assistant.storage.models import Mention

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def _post(**fields: object) -> dict:
    post = {"id": "7", "author_id": "1", "text": "@acme hi", "created_at": "2026-11-02T10:00:00Z"}
    post.update(fields)
    return post


def _page(*posts: dict) -> str:
    return json.dumps({"data": list(posts)})


def test_the_bounds_fit_the_columns_and_x():
    # X: post ids have at most 19 digits, handles 15 characters, long posts 25,000 characters.
    assert MAX_TEXT_CHARS == 25_000
    assert 19 <= MAX_ID_CHARS <= min(Mention.__table__.c[c].type.length for c in ("x_post_id", "author_id"))
    assert 15 <= MAX_HANDLE_CHARS <= Mention.__table__.c.author_handle.type.length


def test_text_at_the_bound_is_kept_and_one_more_character_is_a_row_error():
    result = parse_x_v2_lines([_page(_post(text="a" * MAX_TEXT_CHARS)), _page(_post(id="8", text="a" * 25_001))])
    assert [t.id for t in result.records] == ["7"]
    assert [(e.line, "more than 25,000 characters" in e.reason) for e in result.errors] == [(2, True)]


def test_a_text_that_is_not_a_string_is_a_row_error_not_a_stored_repr():
    result = parse_x_v2_lines([_page(_post(text=[[["a"]]])), _page(_post(id="8", text={"a": 1}))])
    assert result.records == [] and [e.line for e in result.errors] == [1, 2]
    assert all("not a string" in e.reason for e in result.errors)


def test_ids_and_handles_over_the_bounds_are_row_errors():
    lines = [
        _page(_post(id="1" * 31)),
        _page(_post(id="8", author_id="2" * 31)),
        _page(_post(id="9", conversation_id=["x"])),
        _page(_post(id="10", referenced_tweets=[{"type": "replied_to", "id": "3" * 31}])),
        _page(_post(id="11", author={"username": "h" * 51})),
        _page(_post(id="12", author_id=12, conversation_id=34)),  # numbers are fine ids
    ]
    result = parse_x_v2_lines(lines)
    assert [(e.line) for e in result.errors] == [1, 2, 3, 4]
    assert [(t.id, t.author_id, t.conversation_id, t.author_username) for t in result.records] == [
        ("11", "1", None, None),  # an oversized handle is not kept: the author is shown by id
        ("12", "12", "34", None),
    ]


def test_a_deep_line_is_a_row_error_and_the_next_line_is_read():
    result = parse_x_v2_lines(["[" * 100_000 + "]" * 100_000, '{"data": {"x": ' * 3000 + "}" * 3000, _page(_post())])
    assert [t.id for t in result.records] == ["7"]
    assert [e.line for e in result.errors] == [1, 2]
    assert all("nested too deeply" in e.reason for e in result.errors)


def test_api_error_pages_are_named_whatever_their_shape():
    lines = [
        json.dumps({"errors": [{"title": "Unauthorized", "detail": "Bad token.", "type": "about:blank"}]}),
        json.dumps({"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}),
        json.dumps({"errors": [{"code": 89, "message": "Invalid or expired token."}]}),  # the v1.1 shape
    ]
    result = parse_x_v2_lines(lines)
    reasons = [e.reason for e in result.errors]
    assert "Unauthorized: Bad token." in reasons[0]
    assert "Too Many Requests (429)" in reasons[1]
    assert "Invalid or expired token. (89)" in reasons[2]
    assert len(result.api_errors) == 3
    assert "Unauthorized: Bad token." in nothing_to_import(result)


def test_partial_errors_beside_data_are_not_row_errors():
    # X lists a suspended mentioned user in `errors` next to the posts: the page is good.
    page = {"data": [_post()], "errors": [{"title": "Forbidden", "detail": "User has been suspended: [x]."}]}
    result = parse_x_v2_lines([json.dumps(page)])
    assert ([t.id for t in result.records], result.errors, nothing_to_import(result)) == (["7"], [], None)


def test_nothing_to_import_reasons():
    assert "the file is empty" in nothing_to_import(parse_x_v2_lines(["", "  "]))
    assert nothing_to_import(parse_x_v2_document('{"meta": {"result_count": 0}}')) is None
    reason = nothing_to_import(parse_x_v2_lines(["{nope", "[1]"]))
    assert reason.startswith("no post could be read from the file (2 bad rows; first: line 1: not valid JSON")
    assert nothing_to_import(parse_twcs_lines([HEADER])) is not None


def test_csv_field_over_the_csv_module_limit_is_a_row_error():
    rows = [
        HEADER,
        "1,101,True,Mon Oct 30 09:00:00 +0000 2017," + "x" * 200_000 + ",,\n",
        "2,101,True,Mon Oct 30 09:00:00 +0000 2017,@acme ok,,\n",
    ]
    result = parse_twcs_lines(rows)
    assert [t.id for t in result.records] == ["2"]
    assert [(e.line, "25,000" in e.reason) for e in result.errors] == [(2, True)]


def test_french_reasons():
    with i18n.using("fr"):
        deep = parse_x_v2_lines(["[" * 5000])
        long = parse_x_v2_lines([_page(_post(text="a" * 25_001))])
        error = parse_x_v2_lines([json.dumps({"errors": [{"title": "Unauthorized", "detail": "Bad token."}]})])
        empty = nothing_to_import(parse_x_v2_lines([]))
        none_read = nothing_to_import(parse_x_v2_lines(["{nope"]))
        csv_long = parse_twcs_lines([HEADER, "1,101,True,Mon Oct 30 09:00:00 +0000 2017," + "x" * 200_000 + ",,\n"])
    assert deep.errors[0].reason == "JSON imbriqué trop profondément pour être une page de l'API X"
    assert long.errors[0].reason == (
        "data[0]: publication 7 : le texte dépasse 25 000 caractères, la taille maximale d'une publication X"
    )
    assert error.errors[0].reason == "l'API X a renvoyé une erreur au lieu de publications : Unauthorized: Bad token."
    assert empty == "le fichier est vide : aucune publication à importer ; rien n'a été importé"
    assert none_read.startswith(
        "aucune publication n'a pu être lue dans le fichier (1 ligne invalide : ligne 1 : JSON invalide"
    )
    assert "25 000 caractères" in csv_long.errors[0].reason


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)
keys = st.sampled_from(
    [
        "data",
        "includes",
        "users",
        "tweets",
        "id",
        "text",
        "author_id",
        "created_at",
        "entities",
        "mentions",
        "referenced_tweets",
        "type",
        "errors",
        "title",
        "detail",
        "meta",
        "result_count",
        "username",
        "author",
        "conversation_id",
        "in_reply_to_user_id",
    ]
)
shaped = st.recursive(
    st.none() | st.integers() | st.text(max_size=20) | st.just("2026-11-02T10:00:00Z"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(json_values, shaped), min_size=1, max_size=6))
def test_any_json_shape_gives_records_or_row_errors_never_a_crash(pages):
    lines = [json.dumps(p) for p in pages]
    result = parse_x_v2_lines(lines)
    assert all(1 <= e.line <= len(lines) and e.reason for e in result.errors)
    for tweet in result.records:
        assert isinstance(tweet.text, str) and len(tweet.text) <= MAX_TEXT_CHARS
        assert isinstance(tweet.id, str) and 0 < len(tweet.id) <= MAX_ID_CHARS
    document = parse_x_v2_document(json.dumps(pages))
    assert all(e.reason for e in document.errors)
