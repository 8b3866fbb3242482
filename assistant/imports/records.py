"""Plain records that the import parsers produce; no database, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, NamedTuple, TypeVar

from assistant.domain.limits import MAX_POST_CHARS
from assistant.errors import InvalidInput
from assistant.i18n import _, n_

# Bounds on what a file may bring in (issue 14). A text longer than X's longest post (MAX_POST_CHARS in
# assistant/domain/limits.py; 280 otherwise) cannot be a post: a 10 MB "mention" made every Inbox view send
# 20 MB. Ids fit the VARCHAR(30) columns (X ids have at most 19 digits; PostgreSQL refused longer ones and the
# whole import failed), handles the VARCHAR(50) one (X handles have at most 15 characters).
MAX_TEXT_CHARS = MAX_POST_CHARS
MAX_ID_CHARS = 30
MAX_HANDLE_CHARS = 50

# An @handle not glued to a preceding word character ("mail@x.com" is no mention).
# Compiled once: it runs on every row of million-row imports.
MENTION_PATTERN = re.compile(r"(?<![A-Za-z0-9_])@([A-Za-z0-9_]+)")


@dataclass(frozen=True, slots=True)
class RowError:
    """A skipped row: the file line it starts on and why it was refused."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportedTweet(NamedTuple):
    """One post as read from a file. Field names follow `assistant.x_types.XPost` where they overlap.

    A NamedTuple, not a frozen dataclass: an X v2 import builds one per post, and a tuple is built several
    times faster while staying immutable."""

    id: str
    author_id: str
    author_username: str | None
    created_at: datetime  # aware UTC
    text: str
    line: int  # where it was read, for messages
    conversation_id: str | None = None
    in_reply_to_user_id: str | None = None
    replied_to_id: str | None = None
    quoted_id: str | None = None
    retweeted_id: str | None = None
    mentioned_usernames: tuple[str, ...] = ()
    mentioned_ids: tuple[str, ...] = ()
    # True when the post only came as context (X `includes.tweets`), not as a result row.
    included: bool = False

    @property
    def is_retweet(self) -> bool:
        return self.retweeted_id is not None


class TwcsTweet(NamedTuple):
    """One row of the "Customer Support on Twitter" CSV (ids normalised: '3.0' -> '3').

    A NamedTuple, not a frozen dataclass: a million-row file builds one per row, and a
    tuple is built several times faster while staying immutable."""

    id: str
    author_id: str
    inbound: bool
    created_at: datetime  # aware UTC
    text: str
    response_ids: tuple[str, ...]
    in_response_to_id: str | None
    line: int
    mentioned_usernames: tuple[str, ...] = ()


T = TypeVar("T")


@dataclass
class ParseResult(Generic[T]):
    """What a parser read: the good records, and the rows it skipped with their reasons."""

    records: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # X API error answers found instead of pages ("Unauthorized: ...", "Too Many Requests (429)").
    api_errors: list[str] = field(default_factory=list)
    # Pages that say there is nothing (`meta.result_count` 0): X's answer when nothing is new, not an error.
    empty_results: int = 0


def nothing_to_import(result: ParseResult[Any]) -> str | None:
    """Why a file that gave no post at all cannot be imported, or None when it may be (it has posts, or it is
    X's explicit "no result" page). A file of errors must not pass as "imported 0 new mention(s)"."""
    if result.records:
        return None
    if result.api_errors:
        return _(
            "the file is an X API error response, not posts: {errors}; nothing was imported",
            errors="; ".join(result.api_errors[:3]),
        )
    if result.errors:
        first = result.errors[0]
        return n_(
            "no post could be read from the file ({count} bad row: line {line}: {reason}); nothing was imported",
            "no post could be read from the file ({count} bad rows; first: line {line}: {reason}); "
            "nothing was imported",
            len(result.errors),
            line=first.line,
            reason=first.reason,
        )
    if result.empty_results:
        return None
    return _("the file is empty: no post to import; nothing was imported")


class MentionLink(NamedTuple):
    """A mention of the account and its response (the account's earliest reply), if any (a NamedTuple: one
    per mention of million-row imports)."""

    mention_id: str
    author_id: str
    author_username: str | None
    created_at: datetime
    text: str
    conversation_id: str | None
    line: int
    response_id: str | None = None
    responded_at: datetime | None = None
    response_text: str | None = None

    @property
    def answered(self) -> bool:
        return self.response_id is not None


def refuse(line: int, reason: str) -> InvalidInput:
    """The strict-mode error: names the first bad line and what to do."""
    return InvalidInput(
        _(
            "line {line}: {reason}. Nothing was imported: fix the row, or import without --strict to skip bad rows.",
            line=line,
            reason=reason,
        )
    )
