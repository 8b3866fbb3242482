"""The fast twcs parser reads exactly what the plain one (the oracle) reads: same records, same RowErrors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import InvalidInput
from assistant.imports import parse_twcs_file, parse_twcs_lines, parse_twcs_time
from tests.shared_data import shared_path
from tests.unit import twcs_oracle

COLUMNS = twcs_oracle.COLUMNS
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _lines(text: str) -> list[str]:
    return io.StringIO(text, newline="\n").readlines()


def _outcome(parse, *args):
    """Records and errors, or the refusal's message under strict mode."""
    try:
        result = parse(*args)
    except InvalidInput as exc:
        return str(exc)
    return result.records, result.errors


def _stamp(moment: datetime) -> str:
    return f"{DAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day:02d} {moment:%H:%M:%S} +0000 {moment.year}"


def test_the_real_sample_reads_the_same_as_the_oracle() -> None:
    path = shared_path("datasets/twcs_sample.csv")
    ours = parse_twcs_file(path)
    with path.open(encoding="utf-8-sig", newline="\n") as stream:
        theirs = twcs_oracle.parse_twcs_lines(stream)
    assert (ours.records, ours.errors) == (theirs.records, theirs.errors)
    assert len(ours.records) == 5000


canonical = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(_stamp)
# Characters that can fool a fixed-position reader: other digits, signs, odd spaces, separators.
ODD = "0123456789 +-:\t\u00a0\u0663\uff11AbcOctFebx."


@st.composite
def mutated(draw) -> str:
    text = list(draw(canonical))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(("replace", "insert", "delete")))
        if action == "delete" and len(text) > 1:
            del text[i]
        elif action == "insert":
            text.insert(i, draw(st.sampled_from(ODD)))
        else:
            text[i] = draw(st.sampled_from(ODD))
    return "".join(text)


SPECIAL = (
    "Tue Oct 31 24:00:00 +0000 2017",
    "Wed Feb 29 10:00:00 +0000 2017",
    "Tue Oct 31 22:10:60 +0000 2017",
    "Tue Oct 31 22:10:47 +0130 2017",
    "Tue Oct 31 22:10:47 -0800 2017",
    "Tue Oct  1 22:10:47 +0000 2017",
    "Tue Oct 31 22:10:47 +0000 0000",
    "123 Oct 31 22:10:47 +0000 2017",
    "Tue Oct 3\u0663 22:10:47 +0000 2017",
    "Tue Oct 31 2:10:47 +0000 20170",
    " Tue Oct 31 22:10:47 +0000 2017",
    "Tue Oct +1 22:10:47 +0000 2017",
)
stamps = st.one_of(canonical, mutated(), st.sampled_from(SPECIAL))


def _time_outcome(parse, value: str):
    try:
        return parse(value)
    except ValueError as exc:
        return str(exc)


@given(stamps)
@settings(max_examples=400, deadline=None)
def test_time_stamps_parse_as_the_oracle_parses_them(value: str) -> None:
    ours, theirs = _time_outcome(parse_twcs_time, value), _time_outcome(twcs_oracle.parse_twcs_time, value)
    assert ours == theirs
    if isinstance(ours, datetime):
        assert ours.tzinfo == UTC and ours.utcoffset() == theirs.utcoffset()


ids = st.one_of(st.integers(0, 10**19).map(str), st.sampled_from(("007", "3.0", " 5 ", "x", "", "\u0663", "0", "12a")))
id_lists = st.one_of(st.just(""), ids, st.lists(ids, min_size=2, max_size=3).map(",".join))
row = st.fixed_dictionaries(
    {
        "tweet_id": st.one_of(st.integers(1, 40).map(str), ids),
        "author_id": st.sampled_from(("AcmeHelp", "115712", " acmehelp ", "", "\u00a0x")),
        "inbound": st.sampled_from(("True", "False", " True", "true", "1", "0", "maybe", "")),
        "created_at": stamps,
        "text": st.text(alphabet='ab @_,"\r\n\ue000x1', max_size=20),
        "response_tweet_id": id_lists,
        "in_response_to_tweet_id": st.one_of(st.just(""), ids),
    }
)


@given(st.lists(row, max_size=12), st.permutations(COLUMNS), st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_files_parse_as_the_oracle_parses_them(rows, order, strict, crlf) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(order)
    for fields in rows:
        writer.writerow([fields[name] for name in order])
    text = out.getvalue()
    expected = _outcome(twcs_oracle.parse_twcs_lines, _lines(text), strict)
    assert _outcome(parse_twcs_lines, _lines(text), strict) == expected


@pytest.mark.parametrize("crlf", [False, True])
@given(rows=st.lists(row, max_size=8))
@settings(max_examples=100, deadline=None)
def test_whole_files_take_the_same_path_to_the_same_records(tmp_path_factory, crlf, rows) -> None:
    # parse_twcs_file skips the bare-CR pass when the file has none: it must not change a thing.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(COLUMNS)
    for fields in rows:
        writer.writerow([fields[name] for name in COLUMNS])
    path = tmp_path_factory.mktemp("twcs") / "file.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    assert _outcome(parse_twcs_file, path) == _outcome(twcs_oracle.parse_twcs_lines, _lines(out.getvalue()))
