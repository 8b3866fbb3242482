"""SLA classes: how fast each kind of mention must be answered, and whether it was.

A mention gets a class by rules (author lists, then keywords; the first matching rule
wins) unless a person stored an override for it. Its state is computed on the class's
clock (calendar or business) at a given `now`, so the same function serves the report,
the inbox countdowns and the at-risk list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal

from assistant.errors import InvalidInput
from assistant.response_times.business_hours import BusinessHours, business_minutes, calendar_minutes

Clock = Literal["calendar", "business"]
SlaState = Literal["met", "breached", "at_risk", "on_track"]
DEFAULT_CLASS = "default"


@dataclass(frozen=True)
class SlaClass:
    """A target: answer within `target_minutes` on `clock`; at risk from `at_risk_fraction` of it."""

    name: str
    target_minutes: float
    clock: Clock = "calendar"
    at_risk_fraction: float = 0.75

    def __post_init__(self) -> None:
        if self.target_minutes <= 0:
            raise InvalidInput(f"SLA class {self.name!r}: the target must be a positive number of minutes")
        if self.clock not in ("calendar", "business"):
            raise InvalidInput(f"SLA class {self.name!r}: clock must be 'calendar' or 'business'")
        if not 0 < self.at_risk_fraction <= 1:
            raise InvalidInput(f"SLA class {self.name!r}: at_risk_fraction must be in (0, 1]")


@dataclass(frozen=True)
class SlaRule:
    """Assigns `sla_class` to mentions whose author is listed or whose text has a keyword.

    Authors are usernames (without '@', any case) or numeric ids; keywords match whole
    words or phrases, case-insensitively.
    """

    sla_class: str
    authors: frozenset[str] = field(default_factory=frozenset)
    keywords: tuple[str, ...] = ()

    @cached_property
    def _authors(self) -> frozenset[str]:
        return frozenset(a.lstrip("@").lower() for a in self.authors)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        # Compiled once per rule: assignment runs for every imported mention.
        words = [re.escape(k.strip()) for k in self.keywords if k.strip()]
        if not words:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)

    def matches(self, author_username: str | None, author_id: str | None, text: str) -> bool:
        if self._authors and (
            (author_username is not None and author_username.lower() in self._authors)
            or (author_id is not None and author_id in self._authors)
        ):
            return True
        pattern = self._pattern
        return pattern is not None and pattern.search(text) is not None


@dataclass(frozen=True)
class SlaPolicy:
    """The workspace's classes and rules; `default` applies when no rule matches."""

    classes: tuple[SlaClass, ...]
    rules: tuple[SlaRule, ...] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.classes]
        if len(set(names)) != len(names):
            raise InvalidInput("SLA classes must have distinct names")
        if DEFAULT_CLASS not in names:
            raise InvalidInput(f"an SLA policy needs a {DEFAULT_CLASS!r} class for unmatched mentions")
        for rule in self.rules:
            if rule.sla_class not in names:
                raise InvalidInput(f"SLA rule names unknown class {rule.sla_class!r}; known: {', '.join(names)}")

    def get(self, name: str) -> SlaClass:
        for sla_class in self.classes:
            if sla_class.name == name:
                return sla_class
        raise InvalidInput(f"unknown SLA class {name!r}; known: {', '.join(c.name for c in self.classes)}")

    def assign(self, author_username: str | None, author_id: str | None, text: str, override: str | None = None) -> str:
        """The class name for a mention: the stored override, else the first matching rule."""
        if override is not None:
            return self.get(override).name
        for rule in self.rules:
            if rule.matches(author_username, author_id, text):
                return rule.sla_class
        return DEFAULT_CLASS


DEFAULT_POLICY = SlaPolicy(
    classes=(
        SlaClass("press", 60),
        SlaClass("investor", 120, "business"),
        SlaClass("vip", 120),
        SlaClass("complaint", 240),
        SlaClass(DEFAULT_CLASS, 480, "business"),
    ),
    rules=(
        SlaRule("press", keywords=("journalist", "reporter", "press inquiry", "for a story", "comment on")),
        SlaRule("investor", keywords=("shareholder", "investor", "earnings", "dividend")),
        SlaRule("complaint", keywords=("refund", "broken", "terrible", "worst", "complaint", "still waiting")),
    ),
)


@dataclass(frozen=True)
class SlaStatus:
    state: SlaState
    elapsed_minutes: float
    target_minutes: float
    remaining_minutes: float  # negative once breached; for answered mentions, slack left at answer time


def elapsed_minutes(created_at: datetime, until: datetime, clock: Clock, hours: BusinessHours | None = None) -> float:
    """Minutes from `created_at` to `until` on the given clock (never negative)."""
    if clock == "business":
        if hours is None:
            raise InvalidInput("the business clock needs business hours (days, hours, time zone)")
        return business_minutes(created_at, until, hours)
    return max(calendar_minutes(created_at, until), 0.0)


def sla_status(
    sla_class: SlaClass,
    created_at: datetime,
    responded_at: datetime | None,
    now: datetime,
    hours: BusinessHours | None = None,
) -> SlaStatus:
    """Met / breached for answered mentions; breached / at risk / on track for open ones."""
    until = responded_at if responded_at is not None else now
    elapsed = elapsed_minutes(created_at, until, sla_class.clock, hours)
    target = sla_class.target_minutes
    remaining = target - elapsed
    if responded_at is not None:
        state: SlaState = "met" if elapsed <= target else "breached"
    elif elapsed > target:
        state = "breached"
    elif elapsed >= sla_class.at_risk_fraction * target:
        state = "at_risk"
    else:
        state = "on_track"
    return SlaStatus(state, elapsed, target, remaining)


def unanswered_age(
    created_at: datetime, now: datetime, clock: Clock = "calendar", hours: BusinessHours | None = None
) -> float:
    """How long an unanswered mention has been waiting, in minutes on the given clock."""
    return elapsed_minutes(created_at, now, clock, hours)
