"""Import mentions from files (X API v2 pages, the twcs CSV) into the database.

All or nothing: every row and the one audit event are written in a single transaction,
so an error half way leaves no trace. Idempotent: a mention is unique per executive and
X post id, and a re-import inserts nothing; it only fills in a response that an earlier
file did not have. Fast: rows go in as bulk core INSERTs, never through the ORM.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assistant.domain.roles import Action
from assistant.errors import InvalidInput
from assistant.imports import (
    MentionLink,
    RowError,
    derive_mentions,
    derive_twcs_mentions,
    parse_twcs_file,
    parse_x_v2_file,
)
from assistant.response_times import DEFAULT_POLICY, SlaPolicy
from assistant.services.accounts import executive_for_account
from assistant.services.audit import record_event
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Mention, response_micros

Format = Literal["x-v2", "twcs"]
FORMATS: tuple[Format, ...] = ("x-v2", "twcs")
CHUNK = 5000  # rows per executemany: bounded memory, few round trips
IMPORT_CACHE_KIB = 256 * 1024  # SQLite page cache while importing (the default is 2 MiB)
OPEN_STATES = ("new", "claimed", "escalated")
DATETIME_COLUMNS = frozenset({"posted_at", "claim_expires_at", "responded_at"})


@dataclass
class ImportOutcome:
    executive_id: int
    account: str
    format: Format
    created_executive: bool
    mentions_in_file: int
    imported: int  # new rows
    responses_filled: int  # existing mentions that got their response from this file
    answered_in_file: int
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0


def detect_format(path: Path) -> Format:
    """twcs for .csv; X v2 for .json/.jsonl/.ndjson; otherwise sniffed from the first character."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "twcs"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "x-v2"
    with path.open(encoding="utf-8", errors="replace") as stream:
        head = stream.read(1024).lstrip()
    return "x-v2" if head[:1] in ("{", "[") else "twcs"


def read_mentions(path: Path, account: str, fmt: Format, strict: bool) -> tuple[list[MentionLink], list[RowError]]:
    """Parse the file and link mentions of `account` to their responses (pure, no database)."""
    if fmt == "twcs":
        parsed = parse_twcs_file(path, strict=strict)
        return derive_twcs_mentions(account, parsed.records), parsed.errors
    result = parse_x_v2_file(path, strict=strict)
    return derive_mentions(account, result.records), result.errors


# Column order of the rows `mention_values` builds (the upsert's INSERT list).
COLUMNS = (
    "workspace_id",
    "executive_id",
    "x_post_id",
    "author_id",
    "author_handle",
    "author_name",
    "author_followers",
    "author_verified",
    "text",
    "posted_at",
    "conversation_id",
    "in_reply_to_x_id",
    "source",
    "state",
    "sla_class",
    "sla_override",
    "claimed_by_id",
    "claim_expires_at",
    "responded_at",
    "response_x_id",
    "responder_kind",
    "responder_member_id",
    "response_us",
)


def mention_values(
    links: Iterable[MentionLink],
    workspace_id: int,
    executive_id: int,
    policy: SlaPolicy,
    stamp: Callable[[datetime], Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Rows in COLUMNS order; the SLA class comes from the policy's rules, responses found in files are
    'outside'. `stamp` converts time-stamps for the driver (SQLite text); None keeps datetimes."""
    assign, rows = policy.assign, []
    for link in links:
        posted, responded = link.created_at, link.responded_at
        answered = link.response_id is not None
        micros = response_micros(posted, responded)
        if stamp is not None:
            posted, responded = stamp(posted), (None if responded is None else stamp(responded))
        rows.append(
            (
                workspace_id,
                executive_id,
                link.mention_id,
                link.author_id,
                link.author_username or "",
                "",
                None,
                False,
                link.text,
                posted,
                link.conversation_id,
                None,
                "import",
                "replied" if answered else "new",
                assign(link.author_username, link.author_id, link.text),
                False,
                None,
                None,
                responded,
                link.response_id,
                "outside" if answered else None,
                None,
                micros,
            )
        )
    return rows


def mention_rows(
    links: Iterable[MentionLink], workspace_id: int, executive_id: int, policy: SlaPolicy
) -> list[dict[str, Any]]:
    """`mention_values` as dicts (the PostgreSQL path binds by name)."""
    return [dict(zip(COLUMNS, row, strict=True)) for row in mention_values(links, workspace_id, executive_id, policy)]


def upsert_statement(session: Session) -> Any:
    """INSERT ... ON CONFLICT (executive_id, x_post_id): keep the row, but learn a response it lacked."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Mention)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[Mention.executive_id, Mention.x_post_id],
        set_={
            "responded_at": new.responded_at,
            "response_x_id": new.response_x_id,
            "responder_kind": new.responder_kind,
            "response_us": new.response_us,
            # OR of equalities, not IN: an expanding IN cannot run in an executemany.
            "state": case((or_(*(Mention.state == s for s in OPEN_STATES)), "replied"), else_=Mention.state),
        },
        where=Mention.responded_at.is_(None) & new.responded_at.is_not(None),
    )


def write_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk upsert in chunks, inside the caller's transaction."""
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        # The driver's executemany with values pre-converted: several times faster than per-value binding.
        columns = list(rows[0])
        stamps = [i for i, name in enumerate(columns) if name in DATETIME_COLUMNS]
        write_values(session, columns, [_sqlite_values(row, stamps) for row in rows])
        return
    connection, stmt = session.connection(), upsert_statement(session)
    for start in range(0, len(rows), CHUNK):
        _write_chunk(connection, stmt, rows[start : start + CHUNK])


def write_values(session: Session, columns: Sequence[str], values: Sequence[tuple[Any, ...]]) -> None:
    """SQLite: rows as tuples in `columns` order, time-stamps already in storage format (`sqlite_stamp`)."""
    connection, stmt = session.connection(), _sqlite_upsert(list(columns))
    # A big file touches every index all over: with SQLite's default 2 MB page cache, pages of the
    # indexes are evicted and read back again and again. A larger cache for this write only.
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        for start in range(0, len(values), CHUNK):
            _write_chunk(connection, stmt, values[start : start + CHUNK])
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def _write_chunk(connection: Any, stmt: Any, chunk: Sequence[Any]) -> None:
    # A separate function so tests can make it fail half way through an import.
    if isinstance(stmt, str):
        connection.exec_driver_sql(stmt, list(chunk))
    else:
        connection.execute(stmt, list(chunk))


def _sqlite_upsert(columns: list[str]) -> str:
    """The SQL of `upsert_statement` for SQLite, with positional parameters."""
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    return (
        f"INSERT INTO mentions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        "ON CONFLICT (executive_id, x_post_id) DO UPDATE SET responded_at = excluded.responded_at, "
        "response_x_id = excluded.response_x_id, responder_kind = excluded.responder_kind, "
        "response_us = excluded.response_us, "
        f"state = CASE WHEN mentions.state IN ({states}) THEN 'replied' ELSE mentions.state END "
        "WHERE mentions.responded_at IS NULL AND excluded.responded_at IS NOT NULL"
    )


def sqlite_stamp(moment: datetime) -> str:
    """UTCDateTime's storage format on SQLite: naive UTC, always with microseconds."""
    if moment.tzinfo is not UTC:  # the parsers' time-stamps are UTC already: no utcoffset() call per value
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ", "microseconds")[:26]


def _sqlite_values(row: dict[str, Any], stamps: list[int]) -> tuple[Any, ...]:
    # Bools bind as ints; time-stamps as UTCDateTime would store them.
    values = list(row.values())  # a list while patching, a tuple for the driver
    for i in stamps:
        if values[i] is not None:
            values[i] = sqlite_stamp(values[i])
    return tuple(values)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while a file becomes rows: a million acyclic tuples would make it rescan
    the growing heap again and again (~15% of an import), and nothing here builds cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _counts(session: Session, executive_id: int) -> tuple[int, int, int]:
    """(mentions, answered, highest row id) of the executive."""
    total, answered, top = session.execute(
        select(func.count(), func.count(Mention.responded_at), func.max(Mention.id)).where(
            Mention.executive_id == executive_id
        )
    ).one()
    return int(total), int(answered), int(top or 0)


def import_file(
    db: Database,
    path: str | Path,
    account: str,
    *,
    fmt: Format | None = None,
    strict: bool = False,
    policy: SlaPolicy = DEFAULT_POLICY,
    actor_id: int | None = None,
    actor_label: str = "system (import)",
    create_executive: bool = True,
) -> ImportOutcome:
    """Import one file for one account (unguarded: the CLI runs as the system; the UI goes through
    `import_mentions`). Raises InvalidInput on a bad file, or on the first bad row with `strict`."""
    started = time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no file {str(path)!r}; pass the path of an X API v2 .json/.jsonl or a twcs .csv file")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    with _collector_paused():
        links, errors = read_mentions(path, account, fmt, strict)
        with db.writing() as session:
            executive, created = executive_for_account(session, account, create=create_executive)
            before_total, before_answered, top_id = _counts(session, executive.id)
            if session.get_bind().dialect.name == "sqlite":
                rows: Sequence[Any] = mention_values(links, executive.workspace_id, executive.id, policy, sqlite_stamp)
                write_values(session, COLUMNS, rows)
            else:
                rows = mention_rows(links, executive.workspace_id, executive.id, policy)
                write_rows(session, rows)
            after_total, after_answered, _ = _counts(session, executive.id)
            # New rows have higher ids: answers among them are not "filled in" ones.
            answered_new = (
                session.scalar(
                    select(func.count()).where(
                        Mention.executive_id == executive.id, Mention.id > top_id, Mention.responded_at.is_not(None)
                    )
                )
                or 0
            )
            outcome = ImportOutcome(
                executive_id=executive.id,
                account=account,
                format=fmt,
                created_executive=created,
                mentions_in_file=len(rows),
                imported=after_total - before_total,
                responses_filled=after_answered - before_answered - answered_new,
                answered_in_file=sum(1 for link in links if link.response_id is not None),
                errors=errors,
            )
            record_event(
                session,
                actor_id=actor_id,
                actor_label=actor_label,
                workspace_id=executive.workspace_id,
                action="mentions.imported",
                entity_type="executive",
                entity_id=executive.id,
                after={
                    "file": path.name,
                    "format": fmt,
                    "mentions_in_file": len(rows),
                    "imported": outcome.imported,
                    "responses_filled": outcome.responses_filled,
                    "skipped_rows": len(errors),
                    "created_executive": created,
                },
            )
    outcome.seconds = time.perf_counter() - started
    return outcome


@requires(Action.IMPORT_MENTIONS)
def import_mentions(
    db: Database,
    actor: Actor,
    path: str | Path,
    account: str,
    *,
    fmt: Format | None = None,
    strict: bool = False,
    policy: SlaPolicy = DEFAULT_POLICY,
) -> ImportOutcome:
    """The guarded import for the app: only into an executive of the actor's workspace."""
    with db.reading() as session:
        executive, _ = executive_for_account(session, account, create=False)
        if executive.workspace_id != actor.workspace_id:
            raise InvalidInput(f"the X account {account!r} belongs to another workspace")
    return import_file(
        db,
        path,
        account,
        fmt=fmt,
        strict=strict,
        policy=policy,
        actor_id=actor.member_id,
        actor_label=actor.label,
        create_executive=False,
    )
