"""Import mentions from files (X API v2 pages, the twcs CSV) into the database.

All or nothing: every row and the one audit event are written in a single transaction,
so an error half way leaves no trace. Idempotent: a mention is unique per executive and
X post id, and a re-import inserts nothing; it only fills in a response that an earlier
file did not have. Fast: rows go in as bulk core INSERTs, never through the ORM.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
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
from assistant.storage.models import Mention

Format = Literal["x-v2", "twcs"]
FORMATS: tuple[Format, ...] = ("x-v2", "twcs")
CHUNK = 5000  # rows per executemany: bounded memory, few round trips
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


def mention_rows(links: Iterable[MentionLink], workspace_id: int, executive_id: int,
                 policy: SlaPolicy) -> list[dict[str, Any]]:
    """Table rows; the SLA class comes from the policy's rules, responses found in files are 'outside'."""
    rows = []
    for link in links:
        answered = link.response_id is not None
        rows.append({
            "workspace_id": workspace_id, "executive_id": executive_id, "x_post_id": link.mention_id,
            "author_id": link.author_id, "author_handle": link.author_username or "", "author_name": "",
            "author_followers": None, "author_verified": False, "text": link.text, "posted_at": link.created_at,
            "conversation_id": link.conversation_id, "in_reply_to_x_id": None, "source": "import",
            "state": "replied" if answered else "new",
            "sla_class": policy.assign(link.author_username, link.author_id, link.text), "sla_override": False,
            "claimed_by_id": None, "claim_expires_at": None, "responded_at": link.responded_at,
            "response_x_id": link.response_id, "responder_kind": "outside" if answered else None,
            "responder_member_id": None,
        })
    return rows


def upsert_statement(session: Session) -> Any:
    """INSERT ... ON CONFLICT (executive_id, x_post_id): keep the row, but learn a response it lacked."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Mention)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[Mention.executive_id, Mention.x_post_id],
        set_={"responded_at": new.responded_at, "response_x_id": new.response_x_id,
              "responder_kind": new.responder_kind,
              # OR of equalities, not IN: an expanding IN cannot run in an executemany.
              "state": case((or_(*(Mention.state == s for s in OPEN_STATES)), "replied"), else_=Mention.state)},
        where=Mention.responded_at.is_(None) & new.responded_at.is_not(None),
    )


def write_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk upsert in chunks, inside the caller's transaction."""
    connection = session.connection()
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        # The driver's executemany with values pre-converted: several times faster than per-value binding.
        columns = list(rows[0])
        stmt: Any = _sqlite_upsert(columns)
        stamps = [i for i, name in enumerate(columns) if name in DATETIME_COLUMNS]
        values: Sequence[Any] = [_sqlite_values(row, stamps) for row in rows]
    else:
        stmt, values = upsert_statement(session), rows
    for start in range(0, len(values), CHUNK):
        _write_chunk(connection, stmt, values[start:start + CHUNK])


def _write_chunk(connection: Any, stmt: Any, chunk: Sequence[Any]) -> None:
    # A separate function so tests can make it fail half way through an import.
    if isinstance(stmt, str):
        connection.exec_driver_sql(stmt, list(chunk))
    else:
        connection.execute(stmt, list(chunk))


def _sqlite_upsert(columns: list[str]) -> str:
    """The SQL of `upsert_statement` for SQLite, with positional parameters."""
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    return (f"INSERT INTO mentions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            "ON CONFLICT (executive_id, x_post_id) DO UPDATE SET responded_at = excluded.responded_at, "
            "response_x_id = excluded.response_x_id, responder_kind = excluded.responder_kind, "
            f"state = CASE WHEN mentions.state IN ({states}) THEN 'replied' ELSE mentions.state END "
            "WHERE mentions.responded_at IS NULL AND excluded.responded_at IS NOT NULL")


def _sqlite_values(row: dict[str, Any], stamps: list[int]) -> tuple[Any, ...]:
    # UTCDateTime's storage format on SQLite: naive UTC, always with microseconds (bools bind as ints).
    values = list(row.values())  # a list while patching, a tuple for the driver
    for i in stamps:
        moment = values[i]
        if moment is not None:
            if moment.utcoffset():
                moment = moment.astimezone(UTC)
            values[i] = moment.isoformat(" ", "microseconds")[:26]
    return tuple(values)


def _counts(session: Session, executive_id: int) -> tuple[int, int, int]:
    """(mentions, answered, highest row id) of the executive."""
    total, answered, top = session.execute(
        select(func.count(), func.count(Mention.responded_at), func.max(Mention.id))
        .where(Mention.executive_id == executive_id)).one()
    return int(total), int(answered), int(top or 0)


def import_file(db: Database, path: str | Path, account: str, *, fmt: Format | None = None, strict: bool = False,
                policy: SlaPolicy = DEFAULT_POLICY, actor_id: int | None = None, actor_label: str = "system (import)",
                create_executive: bool = True) -> ImportOutcome:
    """Import one file for one account (unguarded: the CLI runs as the system; the UI goes through
    `import_mentions`). Raises InvalidInput on a bad file, or on the first bad row with `strict`."""
    started = time.perf_counter()
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no file {str(path)!r}; pass the path of an X API v2 .json/.jsonl or a twcs .csv file")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    links, errors = read_mentions(path, account, fmt, strict)
    with db.writing() as session:
        executive, created = executive_for_account(session, account, create=create_executive)
        rows = mention_rows(links, executive.workspace_id, executive.id, policy)
        before_total, before_answered, top_id = _counts(session, executive.id)
        write_rows(session, rows)
        after_total, after_answered, _ = _counts(session, executive.id)
        # New rows have higher ids: answers among them are not "filled in" ones.
        answered_new = session.scalar(select(func.count()).where(
            Mention.executive_id == executive.id, Mention.id > top_id, Mention.responded_at.is_not(None))) or 0
        outcome = ImportOutcome(
            executive_id=executive.id, account=account, format=fmt, created_executive=created,
            mentions_in_file=len(rows), imported=after_total - before_total,
            responses_filled=after_answered - before_answered - answered_new,
            answered_in_file=sum(1 for r in rows if r["responded_at"] is not None), errors=errors)
        record_event(session, actor_id=actor_id, actor_label=actor_label, workspace_id=executive.workspace_id,
                     action="mentions.imported", entity_type="executive", entity_id=executive.id,
                     after={"file": path.name, "format": fmt, "mentions_in_file": len(rows),
                            "imported": outcome.imported,
                            "responses_filled": outcome.responses_filled, "skipped_rows": len(errors),
                            "created_executive": created})
    outcome.seconds = time.perf_counter() - started
    return outcome


@requires(Action.IMPORT_MENTIONS)
def import_mentions(db: Database, actor: Actor, path: str | Path, account: str, *, fmt: Format | None = None,
                    strict: bool = False, policy: SlaPolicy = DEFAULT_POLICY) -> ImportOutcome:
    """The guarded import for the app: only into an executive of the actor's workspace."""
    with db.reading() as session:
        executive, _ = executive_for_account(session, account, create=False)
        if executive.workspace_id != actor.workspace_id:
            raise InvalidInput(f"the X account {account!r} belongs to another workspace")
    return import_file(db, path, account, fmt=fmt, strict=strict, policy=policy, actor_id=actor.member_id,
                       actor_label=actor.label, create_executive=False)
