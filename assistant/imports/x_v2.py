"""X API v2 pages (as the API, twarc and tweepy's raw responses write them) -> ImportedTweet.

Accepted layouts: JSONL with one page per line (`data`, `includes.users`,
`includes.tweets`, `meta`); one JSON page; a JSON array of pages. A line that holds a
single post object (with `id` and `text`, no `data`) is read as a one-post page.
Posts in `includes.tweets` are kept too (marked `included`): they are the posts that
results reply to or quote, which is where an account's answered mentions live.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.i18n import _
from assistant.imports.files import read_utf8
from assistant.imports.records import ImportedTweet, ParseResult, RowError, refuse


def parse_x_v2_lines(lines: Iterable[str], strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse JSONL pages; each line's number is used in RowErrors."""
    return _collect(_pages_from_lines(lines), strict)


def parse_x_v2_document(text: str, strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse one JSON document (a page or an array of pages); errors name line 1 and the page."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        error = RowError(
            exc.lineno, _("not valid JSON ({problem} at column {column})", problem=exc.msg, column=exc.colno)
        )
        if strict:
            raise refuse(error.line, error.reason) from None
        return ParseResult(errors=[error])
    pages = document if isinstance(document, list) else [document]
    return _collect(((1, page, f"page {i + 1}: ") for i, page in enumerate(pages)), strict)


def parse_x_v2_file(path: str | Path, strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse a .json or .jsonl file (sniffed from the first character when the suffix says neither)."""
    path = Path(path)
    text = read_utf8(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return parse_x_v2_lines(io.StringIO(text), strict)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return parse_x_v2_document(text, strict)
    lines = text.splitlines()
    if len([line for line in lines if line.strip()]) <= 1:
        return parse_x_v2_document(text, strict)
    return parse_x_v2_lines(lines, strict)


def _pages_from_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any, str] | RowError]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), ""
        except json.JSONDecodeError as exc:
            yield RowError(
                number, _("not valid JSON ({problem} at column {column})", problem=exc.msg, column=exc.colno)
            )


def _collect(pages: Iterable[tuple[int, Any, str] | RowError], strict: bool) -> ParseResult[ImportedTweet]:
    result: ParseResult[ImportedTweet] = ParseResult()
    by_id: dict[str, int] = {}

    def fail(error: RowError) -> None:
        if strict:
            raise refuse(error.line, error.reason)
        result.errors.append(error)

    for item in pages:
        if isinstance(item, RowError):
            fail(item)
            continue
        line, page, where = item
        if not isinstance(page, Mapping):
            fail(
                RowError(
                    line, where + _("expected a JSON object (an X API v2 page), found {kind}", kind=type(page).__name__)
                )
            )
            continue
        if "data" not in page and "id" in page and "text" in page:
            page = {"data": [page], "includes": {"users": [page["author"]]} if "author" in page else {}}
        data = page.get("data") or []
        if isinstance(data, Mapping):
            data = [data]
        includes = page.get("includes") or {}
        usernames = {
            str(u["id"]): str(u["username"])
            for u in includes.get("users") or ()
            if isinstance(u, Mapping) and "id" in u and "username" in u
        }
        for group, included in ((data, False), (includes.get("tweets") or (), True)):
            label = "includes.tweets" if included else "data"
            for index, raw in enumerate(group):
                tweet = _tweet(raw, usernames, line, included)
                if isinstance(tweet, str):
                    fail(RowError(line, f"{where}{label}[{index}]: {tweet}"))
                    continue
                seen = by_id.get(tweet.id)
                if seen is None:
                    by_id[tweet.id] = len(result.records)
                    result.records.append(tweet)
                elif result.records[seen].included and not included:
                    result.records[seen] = tweet  # the full result row beats the context copy
    return result


def _tweet(raw: Any, usernames: Mapping[str, str], line: int, included: bool) -> ImportedTweet | str:
    """The post, or the reason it cannot be read."""
    if not isinstance(raw, Mapping):
        return _("a post must be a JSON object")
    post_id = raw.get("id")
    if not post_id:
        return _("the post has no id")
    author_id = raw.get("author_id")
    if not author_id:
        return _("post {id} has no author_id (request the expansion author_id)", id=post_id)
    stamp = raw.get("created_at")
    if not stamp:
        return _("post {id} has no created_at (request tweet.fields=created_at)", id=post_id)
    try:
        created_at = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return _("post {id} has created_at {stamp}, not an ISO 8601 time", id=post_id, stamp=repr(stamp))
    created_at = created_at.replace(tzinfo=UTC) if created_at.tzinfo is None else created_at.astimezone(UTC)
    refs: dict[str, str] = {}
    for ref in raw.get("referenced_tweets") or ():
        if isinstance(ref, Mapping) and ref.get("type") and ref.get("id"):
            refs.setdefault(str(ref["type"]), str(ref["id"]))
    mentions = (raw.get("entities") or {}).get("mentions") or ()
    author_id = str(author_id)
    return ImportedTweet(
        id=str(post_id),
        author_id=author_id,
        author_username=usernames.get(author_id) or _author_username(raw),
        created_at=created_at,
        text=str(raw.get("text", "")),
        line=line,
        conversation_id=_opt(raw.get("conversation_id")),
        in_reply_to_user_id=_opt(raw.get("in_reply_to_user_id")),
        replied_to_id=refs.get("replied_to"),
        quoted_id=refs.get("quoted"),
        retweeted_id=refs.get("retweeted"),
        mentioned_usernames=tuple(str(m["username"]) for m in mentions if m.get("username")),
        mentioned_ids=tuple(str(m["id"]) for m in mentions if m.get("id")),
        included=included,
    )


def _author_username(raw: Mapping[str, Any]) -> str | None:
    # twarc's flattened lines carry the author inline.
    author = raw.get("author")
    return str(author["username"]) if isinstance(author, Mapping) and author.get("username") else None


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
