"""The tamper-evident chain of audit events: each event's hash covers the previous one's."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def event_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(events: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> ChainBreak | None:
    """Walk (id, prev_hash, hash, payload) in id order; return the first broken event, if any."""
    expected_prev = GENESIS
    for event_id, prev_hash, stored_hash, payload in events:
        if prev_hash != expected_prev:
            return ChainBreak(
                event_id, "its link to the previous event does not match (an event before it was deleted or edited)"
            )
        if event_hash(prev_hash, payload) != stored_hash:
            return ChainBreak(event_id, "its content no longer matches its hash (the event was edited)")
        expected_prev = stored_hash
    return None
