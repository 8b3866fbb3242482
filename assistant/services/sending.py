"""The one exactly-once sender: whatever goes out (a post, a thread part, a reply) goes out once.

Every send is the same four steps. The caller's *claim* commits the row in its sending state with
one conditional UPDATE (`claim_row`), so exactly one process wins, before any network call. Then
`deliver` calls the platform: when an earlier attempt may already be out (the row was claimed
before), it first looks for the text on the account's own timeline and *reconciles* what it finds
instead of posting again. The caller's *finish* records the outcome (sent, reconciled or failed,
the text always kept). A process that dies between the call and finish leaves the row in its
sending state; after `LEASE` it is stuck (`stuck_since`) and the next run retries it, looking first.

Several workers share the due rows: `next_due` picks one with `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so each worker takes a different row instead of queueing behind the same one; the
claim's conditional UPDATE still decides in the same transaction. SQLite has one writer at a time
(write transactions begin IMMEDIATE), so there the plain SELECT in the write transaction is enough.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.errors import ExternalServiceError
from assistant.ports import Platform
from assistant.x_types import SentPost, XPost

# Longer than the adapter's own retries: a row still in its sending state after this was interrupted.
LEASE = timedelta(minutes=10)

Outcome = Literal["sent", "reconciled", "failed"]


@dataclass(frozen=True)
class Outgoing:
    """What a claim hands the sender."""

    text: str
    user_id: str | None  # the account's id, when the executive's profile knows it
    since: datetime  # when the first attempt began: the timeline is searched from there
    tried_before: bool  # an earlier attempt may already be out
    in_reply_to_id: str | None = None


class Finish(Protocol):
    def __call__(
        self,
        *,
        sent: SentPost | XPost | None = None,
        error: ExternalServiceError | None = None,
        reconciled: bool = False,
    ) -> None: ...


def claim_row(session: Session, model: Any, row_id: int, *conditions: Any, **values: Any) -> bool:
    """Move one row into its sending state if `conditions` still hold: one conditional UPDATE decides a race."""
    statement = update(model).where(model.id == row_id, *conditions).values(**values)
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount == 1


def next_due(session: Session, model: Any, *conditions: Any, order_by: tuple[Any, ...] = ()) -> int | None:
    """The id of one due row no other transaction holds, locked until this transaction ends (or None).
    PostgreSQL skips rows another worker is claiming; SQLite ignores the clause (it has one writer)."""
    query = select(model.id).where(*conditions).order_by(*order_by, model.id).limit(1)
    return session.scalar(query.with_for_update(skip_locked=True))


def stuck_since(now: datetime) -> datetime:
    """Rows in their sending state last touched before this were interrupted."""
    return now - LEASE


def account_id(platform: Platform, known: str | None) -> str:
    """The account whose timeline is searched: the profile's id, else the platform's own answer."""
    if known:
        return known
    me = getattr(platform, "me", None)  # a bare test double may not answer; the dry run does
    return me().id if callable(me) else "dry-run"


def deliver(
    platform: Platform,
    item: Outgoing,
    finish: Finish,
    *,
    send: Callable[[], SentPost] | None = None,
    doing: str = "sending",
) -> Outcome:
    """Call the platform for a claimed item and finish it; every failure ends in `finish(error=...)`.
    `send` replaces the single post (a thread reconciles part by part itself)."""
    try:
        found = None
        if send is None and item.tried_before:  # an earlier attempt may have gone out: look first
            found = platform.find_own_post(account_id(platform, item.user_id), item.text, since=item.since)
        if found is not None:
            finish(sent=found, reconciled=True)
            return "reconciled"
        sent = send() if send is not None else platform.post(item.text, in_reply_to_id=item.in_reply_to_id)
    except ExternalServiceError as exc:
        finish(error=exc)
        return "failed"
    except Exception as exc:  # a bug or an unmapped failure stays retryable: the timeline check guards the retry
        finish(error=ExternalServiceError(f"unexpected error while {doing}: {exc!r}"))
        return "failed"
    finish(sent=sent)
    return "sent"
