"""The twcs parser as it was before the fast paths (commit c04f2df), kept verbatim as the oracle
that tests/unit/test_imports_twcs_oracle.py compares the fast parser with."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone

from assistant.errors import InvalidInput
from assistant.imports.records import MENTION_PATTERN, ParseResult, RowError, TwcsTweet, refuse

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
_BOOLEANS = {"True": True, "False": False, "true": True, "false": False, "1": True, "0": False}
_CR = "\ue000"  # private-use stand-in for a bare CR while the csv module reads the line
_OFFSETS: dict[str, timezone] = {"+0000": UTC}


def parse_twcs_lines(lines: Iterable[str], strict: bool = False) -> ParseResult[TwcsTweet]:
    """Parse the CSV from lines that keep their line endings (a file opened with newline='\\n')."""
    reader = csv.reader(_protect_bare_cr(lines))
    header = next(reader, None)
    if header is None:
        raise InvalidInput("the file is empty: expected a header line with " + ", ".join(COLUMNS))
    names = [name.strip() for name in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise InvalidInput(
            f"line 1: the header lacks {', '.join(missing)}; a twcs file has the columns {', '.join(COLUMNS)}"
        )
    width = len(names)
    i_id, i_author, i_inbound, i_created, i_text, i_resp, i_in_resp = (names.index(c) for c in COLUMNS)
    result: ParseResult[TwcsTweet] = ParseResult()
    seen: dict[str, int] = {}
    first_line = reader.line_num + 1
    for row in reader:
        line, first_line = first_line, reader.line_num + 1
        try:
            if len(row) != width:
                if not row or row == [""]:
                    continue  # blank line
                raise ValueError(f"expected {width} fields, found {len(row)} (an unquoted comma or line break?)")
            tweet_id = _id(row[i_id], "tweet_id")
            if tweet_id in seen:
                raise ValueError(f"tweet_id {tweet_id} appears again (first on line {seen[tweet_id]})")
            author = row[i_author].strip()
            if not author:
                raise ValueError("author_id is empty")
            inbound = _BOOLEANS.get(row[i_inbound].strip())
            if inbound is None:
                raise ValueError(f"inbound is {row[i_inbound]!r}, expected True or False")
            text = row[i_text]
            if _CR in text:
                text = text.replace(_CR, "\n")
            responses = row[i_resp].strip()
            in_response = row[i_in_resp].strip()
            tweet = TwcsTweet(
                id=tweet_id,
                author_id=author,
                inbound=inbound,
                created_at=parse_twcs_time(row[i_created]),
                text=text,
                response_ids=tuple(_id(r, "response_tweet_id") for r in responses.split(",")) if responses else (),
                in_response_to_id=_id(in_response, "in_response_to_tweet_id") if in_response else None,
                line=line,
                mentioned_usernames=tuple(MENTION_PATTERN.findall(text)) if "@" in text else (),
            )
        except ValueError as exc:
            if strict:
                raise refuse(line, str(exc)) from None
            result.errors.append(RowError(line, str(exc)))
            continue
        seen[tweet_id] = line
        result.records.append(tweet)
    return result


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
        raise ValueError(f"{column} {value!r} is not a numeric tweet id")
    return text.lstrip("0") or "0"


def parse_twcs_time(value: str) -> datetime:
    """'Tue Oct 31 22:10:47 +0000 2017' -> aware UTC (hand-rolled: strptime is 5x slower)."""
    try:
        _, month, day, clock, offset, year = value.split()
        hour, minute, second = clock.split(":")
        zone = _OFFSETS.get(offset) or _offset(offset)
        moment = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except (ValueError, KeyError):
        raise ValueError(f"created_at {value!r} is not like 'Tue Oct 31 22:10:47 +0000 2017'") from None
    return moment if zone is UTC else moment.astimezone(UTC)


def _offset(text: str) -> timezone:
    if len(text) != 5 or text[0] not in "+-" or not text[1:].isdigit():
        raise ValueError(text)
    delta = timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))
    zone = _OFFSETS[text] = timezone(-delta if text[0] == "-" else delta)
    return zone
