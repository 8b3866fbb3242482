"""Import mentions from files (X API v2 pages, the twcs CSV) into the database.

All or nothing: every row and the one audit event are written in a single transaction,
so an error half way leaves no trace. Idempotent: a mention is unique per executive and
X post id, and a re-import inserts nothing; it only fills in a response that an earlier
file did not have. Fast: rows go in as bulk core INSERTs, never through the ORM.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.errors import InvalidInput
from assistant.i18n import _
from assistant.imports import (
    MentionLink,
    ParseResult,
    RowError,
    derive_mentions,
    derive_twcs_mentions,
    parse_twcs_file,
    parse_x_v2_file,
)
from assistant.imports.records import nothing_to_import
from assistant.response_times import DEFAULT_POLICY, SlaPolicy
from assistant.response_times.sla import SlaRule
from assistant.services.audit.log import record_event
from assistant.services.context import Actor, requires
from assistant.services.mentions.storing import COLUMNS, _collector_paused, sqlite_stamp, write_rows, write_values
from assistant.services.workspace.executives import executive_for_account
from assistant.storage.db import Database
from assistant.storage.models import Mention, response_micros

Format = Literal["x-v2", "twcs"]


FORMATS: tuple[Format, ...] = ("x-v2", "twcs")


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
    """Parse the file and link mentions of `account` to their responses (pure, no database).

    A file that gives no post at all (empty, not JSON, truncated, an X API error answer, every row bad) is
    refused with the reason, strict or not: it must not pass as "imported 0 new mention(s)"."""
    if fmt == "twcs":
        parsed = parse_twcs_file(path, strict=strict)
        _refuse_if_nothing(parsed)
        return derive_twcs_mentions(account, parsed.records), parsed.errors
    result = parse_x_v2_file(path, strict=strict)
    _refuse_if_nothing(result)
    return derive_mentions(account, result.records), result.errors


def _refuse_if_nothing(parsed: ParseResult[Any]) -> None:
    reason = nothing_to_import(parsed)
    if reason is not None:
        raise InvalidInput(reason)


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


# The columns of `mention_values` that vary per imported row; the others are the same on every row and go into
# the SQL as constants (`write_values`).
SQLITE_VARYING = (
    "x_post_id",
    "author_id",
    "author_handle",
    "text",
    "posted_at",
    "conversation_id",
    "state",
    "sla_class",
    "responded_at",
    "response_x_id",
    "responder_kind",
    "response_us",
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def sqlite_mention_values(
    links: Sequence[MentionLink], workspace_id: int, executive_id: int, policy: SlaPolicy
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """`mention_values` for SQLite split in two: (the constant columns and their values, the rows of
    SQLITE_VARYING), with the same stored values. Done in bulk: time-stamps become integer microseconds once
    (response_us is their difference, as `response_micros` computes it) and text through numpy, a few times
    faster than `isoformat` per value; the SLA class is looked up once per distinct text when no rule names
    authors (then the text alone decides it)."""
    sample = mention_values([_constant_row()], workspace_id, executive_id, policy, sqlite_stamp)[0]
    constants = {name: value for name, value in zip(COLUMNS, sample, strict=True) if name not in SQLITE_VARYING}
    if not all(
        link.created_at.tzinfo is UTC and (link.responded_at is None or link.responded_at.tzinfo is UTC)
        for link in links
    ):
        # Not the parsers' aware UTC: the per-value path converts as `sqlite_stamp` does.
        keep = [COLUMNS.index(name) for name in SQLITE_VARYING]
        full = mention_values(links, workspace_id, executive_id, policy, sqlite_stamp)
        return constants, [tuple(row[i] for i in keep) for row in full]
    epoch, unit = _EPOCH, _MICROSECOND
    posted_us = [(link.created_at - epoch) // unit for link in links]
    responded_us = [(link.responded_at - epoch) // unit for link in links if link.responded_at is not None]
    next_text, next_us = iter(_stamps(responded_us)).__next__, iter(responded_us).__next__
    classify, rows = _classifier(policy), []
    for link, posted, posted_text in zip(links, posted_us, _stamps(posted_us), strict=True):
        if link.responded_at is None:
            responded = micros = None
        else:
            responded, micros = next_text(), max(next_us() - posted, 0)
        answered = link.response_id is not None
        rows.append(
            (
                link.mention_id,
                link.author_id,
                link.author_username or "",
                link.text,
                posted_text,
                link.conversation_id,
                "replied" if answered else "new",
                classify(link.author_username, link.author_id, link.text),
                responded,
                link.response_id,
                "outside" if answered else None,
                micros,
            )
        )
    return constants, rows


def _constant_row() -> MentionLink:
    return MentionLink("", "", None, _EPOCH, "", None, 0)


def _stamps(micros: list[int]) -> list[str]:
    """Integer microseconds since 1970 (UTC) -> `sqlite_stamp` text, in bulk."""
    if not micros:
        return []
    import numpy

    moments = numpy.array(micros, dtype="int64").astype("datetime64[us]")
    texts = numpy.datetime_as_string(moments, unit="us")  # YYYY-MM-DDTHH:MM:SS.ffffff
    if texts.dtype == numpy.dtype("<U26"):  # fixed width: the "T" becomes a space in the array, in one go
        texts.view("<u4").reshape(len(texts), 26)[:, 10] = ord(" ")
        return texts.tolist()
    return [text.replace("T", " ") for text in texts.tolist()]  # pragma: no cover - big-endian machines


def _classifier(policy: SlaPolicy) -> Callable[[str | None, str | None, str], str]:
    """`policy.assign` (no override), memoised on the text when no rule looks at the author."""
    if type(policy) is not SlaPolicy or any(type(r) is not SlaRule or r.authors for r in policy.rules):
        return policy.assign
    assign, known = policy.assign, {}

    def by_text(author_username: str | None, author_id: str | None, text: str) -> str:
        found = known.get(text)
        if found is None:
            found = known[text] = assign(None, None, text)
        return found

    return by_text


def mention_rows(
    links: Iterable[MentionLink], workspace_id: int, executive_id: int, policy: SlaPolicy
) -> list[dict[str, Any]]:
    """`mention_values` as dicts (the PostgreSQL path binds by name)."""
    return [dict(zip(COLUMNS, row, strict=True)) for row in mention_values(links, workspace_id, executive_id, policy)]


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
        raise InvalidInput(
            _("no file '{path}'; pass the path of an X API v2 .json/.jsonl or a twcs .csv file", path=str(path))
        )
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InvalidInput(_("unknown format '{format}'; use one of {formats}", format=fmt, formats=", ".join(FORMATS)))
    with _collector_paused():
        links, errors = read_mentions(path, account, fmt, strict)
        with db.writing() as session:
            executive, created = executive_for_account(session, account, create=create_executive)
            before_total, before_answered, top_id = _counts(session, executive.id)
            if session.get_bind().dialect.name == "sqlite":
                constants, rows = sqlite_mention_values(links, executive.workspace_id, executive.id, policy)
                write_values(session, SQLITE_VARYING, rows, constants)
            else:
                rows = mention_rows(links, executive.workspace_id, executive.id, policy)
                write_rows(session, rows)
            after_total, after_answered, _unused = _counts(session, executive.id)
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
                action=AuditAction.MENTIONS_IMPORTED,
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
        executive, _created = executive_for_account(session, account, create=False)
        if executive.workspace_id != actor.workspace_id:
            raise InvalidInput(_("the X account '{account}' belongs to another workspace", account=account))
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
