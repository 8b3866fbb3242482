"""`python -m assistant check` on hostile input (issue 14 points 6 and 10).

Before: a deeply nested JSON line stopped the whole `--jsonl` batch with a RecursionError
(exit 1, a traceback, the lines after it never checked); a text of any size was checked
(a 1 MB post of "a." never finished); an empty input exited 0 having checked nothing.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import i18n
from assistant.checklist import MAX_CHECK_CHARS
from assistant.commands import check as check_command
from assistant.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
NESTED = b"[" * 100_000  # well under the line bound, far deeper than the JSON parser's stack


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "check", *args], input=stdin, cwd=ROOT, capture_output=True, timeout=300
    )


def _line(item_id: str, text: str) -> bytes:
    return json.dumps({"id": item_id, "text": text}).encode()


def test_the_bound_is_the_longest_post_x_accepts() -> None:
    assert MAX_CHECK_CHARS == 25_000


def test_jsonl_reports_each_hostile_line_and_checks_the_good_ones() -> None:
    lines = [
        _line("first", "Thanks to the whole team for a great launch."),
        b"not json at all",
        NESTED,
        b'{"id": "deep", "text": "hi", "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        _line("long", "a." * 12_501),  # 25,002 characters: one over the bound... and the old attack
        b'{"id": "huge", "text": "' + b"a" * (check_command.MAX_LINE_BYTES + 10) + b'"}',
        _line("last", "See you all at the meetup tomorrow."),
    ]
    done = run("--jsonl", stdin=b"\n".join(lines) + b"\n")
    assert b"Traceback" not in done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert done.returncode == 4  # some lines could not be checked
    assert [row.get("line") for row in out] == [None, 2, 3, 4, 5, 6, None]
    assert out[0]["id"] == "first" and out[0]["verdict"] == "ok"
    assert out[-1]["id"] == "last" and out[-1]["verdict"] == "ok"
    assert "not JSON" in out[1]["error"]
    assert out[2]["error"] == "line 3: the JSON is nested too deeply to read"
    assert out[3]["error"] == "line 4: the JSON is nested too deeply to read"
    assert out[4]["id"] == "long"
    assert out[4]["error"] == (
        "line 5: the text has 25,002 characters, over the 25,000 a post can hold: it was not checked"
    )
    assert out[5]["error"] == "line 6: the text is over 25,000 characters, the most a post can hold: it was not checked"


def test_a_text_at_the_bound_is_still_checked() -> None:
    done = run("--jsonl", stdin=_line("edge", "a" * MAX_CHECK_CHARS) + b"\n")
    (row,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert row["id"] == "edge" and row["length"] == {"weighted": 25_000, "limit": 280, "valid": False}


def test_an_input_with_nothing_to_check_is_an_error() -> None:
    empty = run("--jsonl", stdin=b"\n \n")
    assert empty.returncode == 2
    assert "nothing to check: the input is empty" in empty.stderr.decode()
    all_bad = run("--jsonl", stdin=b"nope\n" + NESTED + b"\n")
    assert all_bad.returncode == 2 and len(all_bad.stdout.splitlines()) == 2
    assert "none of the 2 lines could be checked" in all_bad.stderr.decode()


def test_a_single_text_over_the_bound_is_refused_unchecked() -> None:
    over = run("-", stdin=b"a." * 12_501)
    assert over.returncode == 2 and over.stdout == b""
    assert "the text has 25,002 characters, over the 25,000 a post can hold" in over.stderr.decode()
    huge = run("-", stdin=b"a." * 500_000)  # 1 MB: refused after reading 100 kB, never parsed
    assert huge.returncode == 2
    assert "the text is over 25,000 characters" in huge.stderr.decode()
    at_bound = run("--json", "-", stdin=b"a" * MAX_CHECK_CHARS + b"\n")
    assert json.loads(at_bound.stdout)["length"]["weighted"] == MAX_CHECK_CHARS


def _batch_in_french(data: bytes, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    from assistant.checklist.loader import load_config

    with i18n.using("fr"):
        code = check_command._run_batch(io.BytesIO(data), "x", load_config())
    assert code == 4
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_row_errors_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    data = b"\n".join(
        [
            _line("ok", "Merci à toute l'équipe."),
            b"pas du json",
            NESTED,
            b"[1, 2]",
            b'{"id": "x"}',
            _line("long", "a" * 30_000),
            b'{"id": "huge", "text": "' + b"a" * (check_command.MAX_LINE_BYTES + 1) + b'"}',
            b'{"id": "bad", "text": "caf\xe9"}',
        ]
    )
    out = _batch_in_french(data, capsys)
    errors = [row.get("error") for row in out[1:]]
    assert errors == [
        "ligne 2 : pas du JSON (Expecting value en colonne 1)",
        "ligne 3 : le JSON est imbriqué trop profondément pour être lu",
        "ligne 4 : la ligne n'est pas un objet JSON",
        "ligne 5 : « text » manquant (une chaîne de caractères)",
        "ligne 6 : le texte compte 30\u202f000 caractères, au-delà des 25\u202f000 qu'une publication peut contenir :"
        " il n'a pas été contrôlé",
        "ligne 7 : le texte dépasse 25\u202f000 caractères, le maximum d'une publication : il n'a pas été contrôlé",
        "la ligne 8 n'est pas en UTF-8 (octet 27) : réencodez le fichier en UTF-8",
    ]


def test_nothing_to_check_in_french() -> None:
    from assistant.checklist.loader import load_config

    with i18n.using("fr"):
        with pytest.raises(InvalidInput) as empty:
            check_command._run_batch(io.BytesIO(b""), "x", load_config())
        assert str(empty.value) == (
            'rien à contrôler : l\'entrée est vide ; donnez un objet JSON par ligne, {"id": 1, "text": "..."}'
        )
        with pytest.raises(InvalidInput) as one:
            check_command._run_batch(io.BytesIO(b"nope\n"), "x", load_config())
        assert (
            str(one.value) == "rien à contrôler : la seule ligne n'a pas pu être contrôlée (son erreur est ci-dessus)"
        )
        with pytest.raises(InvalidInput) as many:
            check_command._run_batch(io.BytesIO(b"nope\nnope\nnope\n"), "x", load_config())
        assert str(many.value) == (
            "rien à contrôler : aucune des 3 lignes n'a pu être contrôlée (l'erreur de chacune est ci-dessus)"
        )
