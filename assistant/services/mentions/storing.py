"""Writing mention rows fast: bulk core INSERT ... ON CONFLICT, in chunks, never through the ORM."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assistant.domain.states import OPEN_MENTION_STATES as OPEN_STATES
from assistant.storage.models import Mention

SqlLiteral = str | int | bool | None
CHUNK = 5000  # rows per executemany: bounded memory, few round trips
IMPORT_CACHE_KIB = 256 * 1024  # SQLite page cache while importing (the default is 2 MiB)
DATETIME_COLUMNS = frozenset({"posted_at", "claim_expires_at", "responded_at"})
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


def write_values(
    session: Session,
    columns: Sequence[str],
    values: Sequence[tuple[Any, ...]],
    constants: Mapping[str, SqlLiteral] | None = None,
) -> None:
    """SQLite: rows as tuples in `columns` order, time-stamps already in storage format (`sqlite_stamp`).
    `constants`: columns with the same value on every row, written into the SQL once instead of bound per row
    (binding is most of the driver's executemany cost; the stored values are the same)."""
    connection, stmt = session.connection(), _sqlite_upsert(list(columns), constants or {})
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


def _sqlite_upsert(columns: list[str], constants: Mapping[str, SqlLiteral]) -> str:
    """The SQL of `upsert_statement` for SQLite, with positional parameters (and `constants` as literals)."""
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    names = [*constants, *columns]
    for name in names:
        if name not in COLUMNS:  # names go into the SQL text: only known columns
            raise ValueError(f"unknown mention column {name!r}")
    slots = [_sql_literal(value) for value in constants.values()] + ["?"] * len(columns)
    return (
        f"INSERT INTO mentions ({', '.join(names)}) VALUES ({', '.join(slots)}) "
        "ON CONFLICT (executive_id, x_post_id) DO UPDATE SET responded_at = excluded.responded_at, "
        "response_x_id = excluded.response_x_id, responder_kind = excluded.responder_kind, "
        "response_us = excluded.response_us, "
        f"state = CASE WHEN mentions.state IN ({states}) THEN 'replied' ELSE mentions.state END "
        "WHERE mentions.responded_at IS NULL AND excluded.responded_at IS NOT NULL"
    )


def _sql_literal(value: SqlLiteral) -> str:
    """A constant as SQLite would store it bound: None NULL, bools and ints as integers, text quoted."""
    if value is None:
        return "NULL"
    if type(value) is bool or type(value) is int:
        return str(int(value))
    if type(value) is str:
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"not a SQL constant: {value!r}")


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
