"""The current time, aware UTC, in one place (tests pass `now=` instead of patching)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
