"""The tamper-evident chain of audit events: each event's hash covers the previous one's.

Two chain versions live side by side (a version per event, so chains written before migration 0014
still verify unchanged):

- version 1 (before 0014): the hash covers the whole event, `before` and `after` included.
- version 2: the hash covers the event's plain fields and a *digest* of its personal fields
  (`before`, `after`): SHA-256 over a random per-event salt and their canonical JSON. Erasing a
  person's data blanks those fields and drops the salt; the digest stays, so the chain still
  verifies, and without the salt the digest cannot be used to confirm a guess of what was erased.

A checkpoint is an (event id, hash) pair kept outside the database (a file written by cron or the
worker): the hash must be found on the chain at that position, so a cut suffix (the event is gone)
and a rebuilt chain (another hash there) both show.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.i18n import _

GENESIS = "0" * 64
CHAIN_VERSION = 2  # what new events are written with


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event."""
    return hashlib.sha256((prev_hash + "\n" + _canonical(payload)).encode("utf-8")).hexdigest()


def personal_digest(salt: str, before: Any, after: Any) -> str:
    """The digest a version-2 hash covers instead of the personal fields themselves."""
    return hashlib.sha256((salt + "\n" + _canonical({"before": before, "after": after})).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


@dataclass(frozen=True)
class ChainedEvent:
    """One stored event as the verifier needs it. `payload` is what the hash covers: the whole event
    (version 1) or its plain fields plus `personal_digest` (version 2)."""

    id: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]
    version: int = 1
    # Version 2, not erased: the salt and the personal fields, to recompute the digest.
    salt: str | None = None
    personal: Mapping[str, Any] | None = None
    erased: bool = False
    # Events an erasure or a retention pass says it blanked (ids), from a verified event.
    erases: tuple[int, ...] = ()


@dataclass
class ChainCheck:
    """What a walk over the chain found."""

    count: int = 0
    head: str = GENESIS
    last_id: int | None = None
    erased: int = 0
    broken: ChainBreak | None = None
    hashes_at: dict[int, str] = field(default_factory=dict)  # the ids asked for (checkpoints) → hash


def verify_chain(events: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> ChainBreak | None:
    """Walk (id, prev_hash, hash, payload) in id order; return the first broken event, if any (version 1)."""
    return walk(ChainedEvent(i, p, h, payload) for i, p, h, payload in events).broken


def walk(events: Iterable[ChainedEvent], watch: Iterable[int] = ()) -> ChainCheck:
    """Check every link, hash and digest in id order; note the hash of the `watch` ids on the way.

    An erased event keeps its link (the next event's prev_hash covers its hash); a version-2 erased
    event also keeps its plain fields proven. Every erased event must be named by a later erasure
    or retention event, so blanking an event's content by hand to hide an edit does not pass."""
    check = ChainCheck()
    wanted = set(watch)
    erased_ids: list[int] = []
    covered: set[int] = set()
    expected_prev = GENESIS
    for ev in events:
        check.count += 1
        if ev.prev_hash != expected_prev:
            check.broken = ChainBreak(
                ev.id, _("its link to the previous event does not match (an event before it was deleted or edited)")
            )
            return check
        if ev.version == 1:
            if not ev.erased and event_hash(ev.prev_hash, ev.payload) != ev.hash:
                check.broken = ChainBreak(ev.id, _("its content no longer matches its hash (the event was edited)"))
                return check
        elif ev.version == 2:
            if event_hash(ev.prev_hash, ev.payload) != ev.hash:
                check.broken = ChainBreak(ev.id, _("its content no longer matches its hash (the event was edited)"))
                return check
            if not ev.erased:
                personal = ev.personal or {}
                digest = personal_digest(ev.salt or "", personal.get("before"), personal.get("after"))
                if ev.salt is None or digest != ev.payload.get("personal_digest"):
                    check.broken = ChainBreak(
                        ev.id, _("its before/after no longer match their digest (the event was edited)")
                    )
                    return check
        else:
            check.broken = ChainBreak(ev.id, _("it has an unknown chain version {version}", version=ev.version))
            return check
        if ev.erased:
            check.erased += 1
            erased_ids.append(ev.id)
        covered.update(ev.erases)
        if ev.id in wanted:
            check.hashes_at[ev.id] = ev.hash
        expected_prev = ev.hash
        check.head, check.last_id = ev.hash, ev.id
    unrecorded = [i for i in erased_ids if i not in covered]
    if unrecorded:
        check.broken = ChainBreak(
            unrecorded[0], _("its content was blanked, but no erasure on the chain names it (the event was edited)")
        )
    return check


@dataclass(frozen=True)
class Checkpoint:
    """A hash kept outside the database: event `event_id` had `hash` at `at` (free text, for people)."""

    at: str
    event_id: int
    hash: str

    def line(self) -> str:
        return f"{self.at} {self.event_id} {self.hash}"


_CHECKPOINT = re.compile(r"^(\S+)\s+(\d+)\s+([0-9a-f]{64})\s*$")


def parse_checkpoints(text: str) -> list[Checkpoint]:
    """Lines '<time> <event id> <hash>' ('#' comments and blank lines skipped); a bad line is refused."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _CHECKPOINT.match(line)
        if match is None:
            raise ValueError(_("line {line} is not '<time> <event id> <hash>': {text}", line=number, text=line[:100]))
        found.append(Checkpoint(match.group(1), int(match.group(2)), match.group(3)))
    return found


def check_checkpoints(check: ChainCheck, checkpoints: Iterable[Checkpoint]) -> ChainBreak | None:
    """Each checkpoint's hash must be on the chain at its event: missing means a cut, another hash a rebuild."""
    for point in checkpoints:
        found = check.hashes_at.get(point.event_id)
        if found is None:
            return ChainBreak(
                point.event_id,
                _(
                    "the checkpoint of {at} names event {id}, which is no longer on the chain"
                    " (events were cut from the end, or the chain was rebuilt)",
                    at=point.at,
                    id=point.event_id,
                ),
            )
        if found != point.hash:
            return ChainBreak(
                point.event_id,
                _(
                    "the checkpoint of {at} kept another hash for event {id} (the chain was rebuilt)",
                    at=point.at,
                    id=point.event_id,
                ),
            )
    return None
