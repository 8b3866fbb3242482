"""The "Customer Support on Twitter" CSV -> TwcsTweet, with per-row errors.

Columns (by header name, in any order; an unnamed leading index column is ignored):
tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id.
Ids may be written as floats ('3.0'); response_tweet_id may list several ('5,7');
created_at looks like 'Tue Oct 31 22:10:47 +0000 2017'.

Lines are split on '\\n' only: the real data has bare carriage returns inside unquoted
texts (old Mac line breaks), which would otherwise cut a row in two. They are read as
line breaks in the text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from operator import itemgetter
from pathlib import Path
from typing import Any

from assistant.errors import InvalidInput
from assistant.i18n import _
from assistant.imports.files import read_utf8
from assistant.imports.records import (
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    MENTION_PATTERN,
    ParseResult,
    RowError,
    TwcsTweet,
    refuse,
)

COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
_MONTHS = {
    m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}
_MONTH_TEXT = {m: f"{i:02d}" for m, i in _MONTHS.items()}
_from_iso = datetime.fromisoformat
_BOOLEANS = {"True": True, "False": False, "true": True, "false": False, "1": True, "0": False}
_CR = "\ue000"  # private-use stand-in for a bare CR while the csv module reads the line
_OFFSETS: dict[str, timezone] = {"+0000": UTC}


def parse_twcs_file(path: str | Path, strict: bool = False) -> ParseResult[TwcsTweet]:
    text = read_utf8(path)
    if text.count("\r") == text.count("\r\n"):
        # No bare CR anywhere: the csv module can read the text directly, no per-line protection pass.
        return _parse(csv.reader(io.StringIO(text, newline="\n")), strict)
    # newline="\n": only LF ends a line (see the module docstring).
    return parse_twcs_lines(io.StringIO(text, newline="\n"), strict)


def parse_twcs_lines(lines: Iterable[str], strict: bool = False) -> ParseResult[TwcsTweet]:
    """Parse the CSV from lines that keep their line endings (a file opened with newline='\\n')."""
    return _parse(csv.reader(_protect_bare_cr(lines)), strict)


def _parse(reader: Any, strict: bool) -> ParseResult[TwcsTweet]:
    # Hot loop (a million rows): locals only, fast paths for canonical values, errors through _check_row.
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InvalidInput(_("line 1: the header is not readable CSV ({problem})", problem=str(exc))) from None
    if header is None:
        raise InvalidInput(_("the file is empty: expected a header line with {columns}", columns=", ".join(COLUMNS)))
    names = [name.strip() for name in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise InvalidInput(
            _(
                "line 1: the header lacks {missing}; a twcs file has the columns {columns}",
                missing=", ".join(missing),
                columns=", ".join(COLUMNS),
            )
        )
    width = len(names)
    fields = itemgetter(*(names.index(c) for c in COLUMNS))
    result: ParseResult[TwcsTweet] = ParseResult()
    records, errors = result.records, result.errors
    seen: dict[str, int] = {}
    booleans, find_mentions, time_of, new_tweet = _BOOLEANS, MENTION_PATTERN.findall, parse_twcs_time, TwcsTweet
    first_line = reader.line_num + 1
    next_row = reader.__next__
    while True:
        try:
            row = next_row()
        except StopIteration:
            break
        except csv.Error as exc:
            # The csv module's own field limit (131,072 characters) or a broken row: this row only.
            line, first_line = first_line, reader.line_num + 1
            reason = _csv_problem(exc)
            if strict:
                raise refuse(line, reason) from None
            errors.append(RowError(line, reason))
            continue
        line, first_line = first_line, reader.line_num + 1
        try:
            if len(row) != width:
                if not row or row == [""]:
                    continue  # blank line
                raise ValueError(
                    _(
                        "expected {width} fields, found {count} (an unquoted comma or line break?)",
                        width=width,
                        count=len(row),
                    )
                )
            tweet_id, author, inbound, created, text, responses, in_response = fields(row)
            # Canonical ids ('123', no leading zero) are taken as they are; anything else goes through _id.
            if not (tweet_id.isdigit() and tweet_id.isascii() and tweet_id[0] != "0"):
                tweet_id = _id(tweet_id, "tweet_id")
            if len(tweet_id) > MAX_ID_CHARS:
                raise ValueError(_too_long("tweet_id"))
            if tweet_id in seen:
                raise ValueError(
                    _("tweet_id {id} appears again (first on line {line})", id=tweet_id, line=seen[tweet_id])
                )
            if not author or author[0].isspace() or author[-1].isspace():
                author = author.strip()
                if not author:
                    raise ValueError(_("author_id is empty"))
            if len(author) > MAX_ID_CHARS:
                raise ValueError(_too_long("author_id"))
            if len(text) > MAX_TEXT_CHARS:
                raise ValueError(_text_too_long())
            flag = booleans.get(inbound)
            if flag is None:
                flag = booleans.get(inbound.strip())
                if flag is None:
                    raise ValueError(_("inbound is {value}, expected True or False", value=_shown(inbound)))
            if _CR in text:
                text = text.replace(_CR, "\n")
            moment = time_of(created)
            if responses:
                responses = _ids(responses, "response_tweet_id")
            if in_response:
                in_response = _one_id(in_response)
                if in_response is not None and len(in_response) > MAX_ID_CHARS:
                    raise ValueError(_too_long("in_response_to_tweet_id"))
            tweet = new_tweet(
                tweet_id,
                author,
                flag,
                moment,
                text,
                responses or (),
                in_response or None,
                line,
                tuple(find_mentions(text)) if "@" in text else (),
            )
        except ValueError as exc:
            if strict:
                raise refuse(line, str(exc)) from None
            errors.append(RowError(line, str(exc)))
            continue
        seen[tweet_id] = line
        records.append(tweet)
    return result


def _ids(value: str, column: str) -> tuple[str, ...]:
    if value.isdigit() and value.isascii() and value[0] != "0" and len(value) <= MAX_ID_CHARS:
        return (value,)
    value = value.strip()
    ids = tuple(_id(r, column) for r in value.split(",")) if value else ()
    if any(len(i) > MAX_ID_CHARS for i in ids):
        raise ValueError(_too_long(column))
    return ids


def _shown(value: str) -> str:
    """A cell quoted in a message, cut short: a hostile 10 MB cell must not become a 10 MB message."""
    return repr(value) if len(value) <= 60 else repr(value[:60]) + "…"


def _too_long(column: str) -> str:
    return _("{column} has more than {limit} characters", column=column, limit=MAX_ID_CHARS)


def _text_too_long() -> str:
    return _("the text has more than 25,000 characters, the size of X's longest posts")


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return _text_too_long()  # only a text can be that long
    return _("the row is not readable CSV ({problem})", problem=str(exc))


def _one_id(value: str) -> str | None:
    if value.isdigit() and value.isascii() and value[0] != "0":
        return value
    value = value.strip()
    return _id(value, "in_response_to_tweet_id") if value else None


def _protect_bare_cr(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if "\r" in line:
            body = line.rstrip("\r\n")
            if "\r" in body:
                line = body.replace("\r", _CR) + line[len(body) :]
        yield line


def _id(value: str, column: str) -> str:
    text = value.strip()
    if text.endswith(".0"):  # pandas wrote integer ids as floats
        text = text[:-2]
    if not text.isdigit() or not text.isascii():
        raise ValueError(_("{column} {value} is not a numeric tweet id", column=column, value=_shown(value)))
    return text.lstrip("0") or "0"


def parse_twcs_time(value: str) -> datetime:
    """'Tue Oct 31 22:10:47 +0000 2017' -> aware UTC: fixed positions for that exact shape, else split."""
    # The fast path only takes what the general one reads the same way: single spaces, a letters-only
    # weekday, UTC. fromisoformat (C, ~3x faster than datetime(int(...), ...)) accepts ASCII digits
    # only, so a sign, a space or any other odd character in a number sends it the long way too.
    if (
        len(value) == 30
        and value[19:26] == " +0000 "
        and value[3] == value[7] == value[10] == " "
        and (value[:3].isalpha())
    ):
        month = _MONTH_TEXT.get(value[4:7])
        if month is not None:
            try:
                return _from_iso(f"{value[26:30]}-{month}-{value[8:10]}T{value[11:19]}+00:00")
            except ValueError:
                pass
    return _parse_time_general(value)


def _parse_time_general(value: str) -> datetime:
    try:
        _weekday, month, day, clock, offset, year = value.split()
        hour, minute, second = clock.split(":")
        zone = _OFFSETS.get(offset) or _offset(offset)
        moment = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except (ValueError, KeyError):
        raise ValueError(
            _("created_at {value} is not like 'Tue Oct 31 22:10:47 +0000 2017'", value=_shown(value))
        ) from None
    return moment if zone is UTC else moment.astimezone(UTC)


def _offset(text: str) -> timezone:
    if len(text) != 5 or text[0] not in "+-" or not text[1:].isdigit():
        raise ValueError(text)
    delta = timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))
    zone = _OFFSETS[text] = timezone(-delta if text[0] == "-" else delta)
    return zone
