"""Plain records that the import parsers produce; no database, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

from assistant.errors import InvalidInput

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


@dataclass(frozen=True, slots=True)
class ImportedTweet:
    """One post as read from a file. Field names follow `assistant.x_types.XPost` where they overlap."""

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
        f"line {line}: {reason}. Nothing was imported: fix the row, or import without --strict to skip bad rows."
    )
