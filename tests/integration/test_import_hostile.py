"""Hostile and broken import files (issue 14, point 10), on the database the run uses (SQLite, or
PostgreSQL with DATABASE_URL): a file with nothing importable is refused with a reason and a non-zero exit
code, a deeply nested or oversized row is a row error while the rest imports, and nothing is half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant import cli, config, i18n
from assistant.errors import InvalidInput
from assistant.services.mentions import import_file
from assistant.storage.models import AuditEvent, Executive, Mention

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
CSV_GOOD = (
    "1,101,True,Mon Oct 30 09:00:00 +0000 2017,@AcmeHelp my order is broken,2,\n"
    "2,AcmeHelp,False,Mon Oct 30 09:30:00 +0000 2017,@101 sorry! DM us,,1\n"
)
UNAUTHORIZED = {
    "errors": [
        {
            "title": "Unauthorized",
            "detail": "The bearer token is invalid or expired.",
            "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
        }
    ]
}
# What X v2 answers (application/problem+json) when a harvest hits the rate limit.
TOO_MANY = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
X_LIMIT = 25_000  # X's longest posts (long posts of paid accounts): a longer text is no post


def _post(post_id: str, text: str = "@AcmeHelp hello", author: str = "101") -> dict:
    return {
        "id": post_id,
        "text": text,
        "author_id": author,
        "created_at": "2026-11-02T10:00:00.000Z",
        "entities": {"mentions": [{"start": 0, "end": 9, "username": "AcmeHelp", "id": "42"}]},
    }


def _page(*posts: dict) -> str:
    return json.dumps({"data": list(posts), "includes": {"users": [{"id": "101", "username": "alice"}]}})


def _state(db) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) or 0 for m in (Mention, Executive, AuditEvent))


def _write(tmp_path: Path, name: str, body: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return path


NOTHING_IMPORTABLE = [
    ("empty.jsonl", "", "the file is empty"),
    ("empty.json", "   \n\n", "the file is empty"),
    ("empty.csv", "", "the file is empty"),
    ("header-only.csv", HEADER, "the file is empty"),
    ("prose.jsonl", "Dear team,\nplease find the mentions attached.\n", "no post could be read"),
    ("prose.json", "<html><body>502 Bad Gateway</body></html>", "no post could be read"),
    ("truncated.json", _page(_post("1"))[:-25], "no post could be read"),
    ("truncated.jsonl", _page(_post("1"))[:-25] + "\n", "no post could be read"),
    ("bad-rows.csv", HEADER + "x,101,True,Mon Oct 30 09:00:00 +0000 2017,@AcmeHelp hi,,\n", "no post could be read"),
    ("not-pages.jsonl", '{"hello": "world"}\n[1, 2]\n', "no post could be read"),
]


@pytest.mark.parametrize(("name", "body", "reason"), NOTHING_IMPORTABLE, ids=[c[0] for c in NOTHING_IMPORTABLE])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_file_with_nothing_importable_is_refused_and_writes_nothing(db, tmp_path, name, body, reason, strict):
    path = _write(tmp_path, name, body)
    with pytest.raises(InvalidInput) as caught:
        import_file(db, path, "AcmeHelp", strict=strict)
    message = str(caught.value)
    assert reason in message or (strict and "line " in message and "Nothing was imported" in message), message
    assert _state(db) == (0, 0, 0)  # no mention, no executive created, no audit event


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_an_x_api_error_page_is_refused_naming_the_error(db, tmp_path, suffix, strict):
    path = _write(tmp_path, "mentions" + suffix, json.dumps(UNAUTHORIZED) + "\n")
    with pytest.raises(InvalidInput) as caught:
        import_file(db, path, "AcmeHelp", strict=strict)
    assert "Unauthorized" in str(caught.value)
    assert "The bearer token is invalid or expired." in str(caught.value)
    assert _state(db) == (0, 0, 0)


def test_a_rate_limit_problem_page_is_refused_naming_status_and_title(db, tmp_path):
    path = _write(tmp_path, "mentions.json", json.dumps(TOO_MANY))
    with pytest.raises(InvalidInput, match="Too Many Requests") as caught:
        import_file(db, path, "AcmeHelp")
    assert "429" in str(caught.value)
    assert _state(db) == (0, 0, 0)


def test_an_error_page_among_good_pages_is_a_row_error_and_the_rest_imports(db, tmp_path):
    body = "\n".join([_page(_post("1")), json.dumps(TOO_MANY), _page(_post("3"))]) + "\n"
    outcome = import_file(db, _write(tmp_path, "harvest.jsonl", body), "AcmeHelp")
    assert outcome.imported == 2
    assert [(e.line, "Too Many Requests" in e.reason) for e in outcome.errors] == [(2, True)]


def test_an_explicit_empty_result_page_is_a_valid_empty_import(db, tmp_path):
    # X's answer when there is nothing new: not an error, an import of nothing.
    path = _write(tmp_path, "nothing-new.json", json.dumps({"meta": {"result_count": 0}}))
    outcome = import_file(db, path, "AcmeHelp")
    assert (outcome.imported, outcome.errors) == (0, [])


def test_a_deeply_nested_line_is_a_row_error_and_the_rest_of_the_file_imports(db, tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    body = "\n".join([_page(_post("1")), deep, _page(_post("3"))]) + "\n"
    outcome = import_file(db, _write(tmp_path, "deep.jsonl", body), "AcmeHelp")
    assert outcome.imported == 2 == _state(db)[0]
    assert [e.line for e in outcome.errors] == [2]
    assert "nested" in outcome.errors[0].reason
    with pytest.raises(InvalidInput, match="line 2"):
        import_file(db, _write(tmp_path, "deep2.jsonl", body), "AcmeHelp", strict=True)


def test_a_deeply_nested_document_is_refused_with_a_reason(db, tmp_path):
    path = _write(tmp_path, "deep.json", '{"data": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(InvalidInput, match="nested"):
        import_file(db, path, "AcmeHelp")
    assert _state(db) == (0, 0, 0)


def test_an_oversized_json_mention_is_a_row_error_and_nothing_over_the_bound_is_stored(db, tmp_path):
    huge = "@AcmeHelp " + "x" * 10_000_000
    at_bound = "@AcmeHelp " + "y" * (X_LIMIT - 10)
    body = "\n".join([_page(_post("1", huge)), _page(_post("2", at_bound), _post("3"))]) + "\n"
    outcome = import_file(db, _write(tmp_path, "huge.jsonl", body), "AcmeHelp")
    assert outcome.imported == 2
    assert [e.line for e in outcome.errors] == [1]
    assert "25,000" in outcome.errors[0].reason
    with db.reading() as session:
        lengths = dict(session.execute(select(Mention.x_post_id, func.length(Mention.text))).all())
    assert lengths == {"2": X_LIMIT, "3": len("@AcmeHelp hello")}


def test_an_oversized_csv_mention_is_a_row_error_and_the_next_rows_import(db, tmp_path):
    over_bound = "@AcmeHelp " + "z" * X_LIMIT  # under the csv module's own field limit
    body = (
        HEADER
        + f"5,102,True,Mon Oct 30 10:00:00 +0000 2017,{'@AcmeHelp ' + 'x' * 10_000_000},,\n"
        + f"6,103,True,Mon Oct 30 10:00:00 +0000 2017,{over_bound},,\n"
        + CSV_GOOD
    )
    outcome = import_file(db, _write(tmp_path, "huge.csv", body), "AcmeHelp")
    assert outcome.imported == 1 == _state(db)[0]
    assert [e.line for e in outcome.errors] == [2, 3]
    assert all("25,000" in e.reason for e in outcome.errors)


@pytest.mark.parametrize("fmt", ["twcs", "x-v2"])
def test_ids_longer_than_the_columns_are_row_errors_on_every_database(db, tmp_path, fmt):
    # PostgreSQL refuses a 31-character id (VARCHAR(30)) and the whole import used to fail with a crash.
    long_id = "1" * 40
    if fmt == "twcs":
        body = HEADER + f"{long_id},101,True,Mon Oct 30 09:00:00 +0000 2017,@AcmeHelp hi,,\n" + CSV_GOOD
        path = _write(tmp_path, "ids.csv", body)
    else:
        body = "\n".join([_page(_post(long_id)), _page(_post("2", author="9" * 40)), _page(_post("3"))])
        path = _write(tmp_path, "ids.jsonl", body)
    outcome = import_file(db, path, "AcmeHelp")
    assert outcome.imported == 1 == _state(db)[0]
    assert len(outcome.errors) == (1 if fmt == "twcs" else 2)


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_file_whose_every_row_is_bad_writes_nothing(db, tmp_path, strict):
    body = "\n".join([_page(_post("1", "x" * 30_000)), "{not json", json.dumps(UNAUTHORIZED)]) + "\n"
    with pytest.raises(InvalidInput):
        import_file(db, _write(tmp_path, "all-bad.jsonl", body), "AcmeHelp", strict=strict)
    assert _state(db) == (0, 0, 0)


def test_the_reason_is_in_french_for_a_french_member(db, tmp_path):
    with i18n.using("fr"), pytest.raises(InvalidInput) as caught:
        import_file(db, _write(tmp_path, "empty.jsonl", ""), "AcmeHelp")
    assert "le fichier est vide" in str(caught.value)
    with i18n.using("fr"), pytest.raises(InvalidInput) as caught:
        import_file(db, _write(tmp_path, "error.json", json.dumps(UNAUTHORIZED)), "AcmeHelp")
    assert "erreur de l'API X" in str(caught.value) and "Unauthorized" in str(caught.value)
    with i18n.using("fr"):
        outcome = import_file(db, _write(tmp_path, "deep.jsonl", "[" * 5000 + "\n" + _page(_post("1"))), "AcmeHelp")
    assert "imbriqué" in outcome.errors[0].reason


@pytest.mark.parametrize("strict", [[], ["--strict"]], ids=["lenient", "strict"])
def test_the_command_exits_non_zero_with_the_reason(db, tmp_path, monkeypatch, capsys, strict):
    monkeypatch.setattr(config, "_db", db)
    empty = _write(tmp_path, "empty.jsonl", "")
    assert cli.main(["mentions", "import", str(empty), "--account", "AcmeHelp", *strict]) != 0
    assert "the file is empty" in capsys.readouterr().err
    error_page = _write(tmp_path, "error.json", json.dumps(UNAUTHORIZED))
    assert cli.main(["mentions", "import", str(error_page), "--account", "AcmeHelp", *strict]) != 0
    err = capsys.readouterr().err
    assert "Unauthorized" in err and "The bearer token is invalid or expired." in err
    assert _state(db) == (0, 0, 0)
    good = _write(tmp_path, "good.jsonl", _page(_post("1")) + "\n")
    assert cli.main(["mentions", "import", str(good), "--account", "AcmeHelp", *strict]) == 0
    assert "imported 1 new mention(s)" in capsys.readouterr().out
