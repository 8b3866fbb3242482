"""Per-workspace checklist configuration: pure data, built by `assistant.checklist.loader`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.checklist.model import Severity

if TYPE_CHECKING:
    from assistant.checklist.matching import Matchers


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule: its category, whether it runs, its severity and its message templates."""

    rule: str
    category: str
    severity: Severity
    message: str
    enabled: bool = True
    escalate: Severity | None = None  # severity when `escalate_near` is in the same sentence
    escalated_message: str = ""
    escalate_near: str = ""
    lexicons: tuple[str, ...] = ()
    block_lexicons: tuple[str, ...] = ()  # matches that take the escalated severity at once
    weak_lexicons: tuple[str, ...] = ()  # ambiguous words: count only next to `escalate_near`
    with_lexicons: tuple[str, ...] = ()  # all of these must also match (e.g. newsjacking)
    unless_lexicons: tuple[str, ...] = ()  # any of these silences the rule (e.g. #ad)
    obfuscated: bool = False  # also match l33t / f*ck / s.h.i.t spellings


@dataclass(frozen=True, slots=True)
class BlackoutWindow:
    """A quiet period: posts meant to go out in [start, end) escalate (aware datetimes)."""

    name: str
    start: datetime
    end: datetime

    def covers(self, at: datetime) -> bool:
        return self.start <= at < self.end


@dataclass(frozen=True, slots=True)
class AttestedItem:
    """An item a person signs on each post version (the four readers, facts, links, tags)."""

    key: str
    label: str
    help: str = ""
    required: bool = True


@dataclass(frozen=True)
class ChecklistConfig:
    """Everything the engine needs; immutable so one instance can serve every request."""

    rules: Mapping[str, RuleSpec]
    lexicons: Mapping[str, tuple[str, ...]]
    jargon: Mapping[str, str]
    thresholds: Mapping[str, float]
    blackout: tuple[BlackoutWindow, ...] = ()
    attested_items: tuple[AttestedItem, ...] = ()
    name: str = "default"

    def __post_init__(self) -> None:
        for attr in ("rules", "lexicons", "jargon", "thresholds"):
            object.__setattr__(self, attr, MappingProxyType(dict(getattr(self, attr))))

    def threshold(self, key: str) -> float:
        return self.thresholds[key]

    @cached_property
    def matchers(self) -> Matchers:
        """Lexicons compiled once per config (regexes and a phrase index)."""
        from assistant.checklist.matching import Matchers

        return Matchers(self.lexicons, self.jargon)
