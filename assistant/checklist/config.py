"""Per-workspace checklist configuration: pure data, built by `assistant.checklist.loader`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    block_near: str = ""  # when set, a block_lexicons match counts only with this list in its sentence
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


# Words the engine puts into messages, per language (a language file may give its own under "words").
DEFAULT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "x_limit": "X (280 weighted characters)",
        "linkedin_limit": "LinkedIn ({limit} characters)",
        "caps_share": "{share}% of letters",
        "authenticity_score": " (authenticity score {score}/100)",
        "plain_word": "a plain word",
        "thousands": ",",
    }
)


@dataclass(frozen=True)
class LanguageRules:
    """One language's rules, jargon, thresholds, attested items and message words.

    Lexicon names in `rules` are qualified with the language ("fr:figure"): every language's
    word lists live in one `Matchers`, so a text is tokenised once whatever runs on it.
    """

    language: str
    rules: Mapping[str, RuleSpec]
    jargon: Mapping[str, str]
    thresholds: Mapping[str, float]
    attested_items: tuple[AttestedItem, ...] = ()
    words: Mapping[str, str] = field(default_factory=lambda: DEFAULT_WORDS)

    def __post_init__(self) -> None:
        for attr in ("rules", "jargon", "thresholds", "words"):
            object.__setattr__(self, attr, MappingProxyType(dict(getattr(self, attr))))


@dataclass(frozen=True)
class ChecklistConfig:
    """Everything the engine needs, for every language; immutable so one instance serves every request."""

    languages: Mapping[str, LanguageRules]  # the source language (English) first
    lexicons: Mapping[str, tuple[str, ...]]  # qualified names: "en:figure", "fr:figure"
    blackout: tuple[BlackoutWindow, ...] = ()
    name: str = "default"

    def __post_init__(self) -> None:
        for attr in ("languages", "lexicons"):
            object.__setattr__(self, attr, MappingProxyType(dict(getattr(self, attr))))

    @property
    def source(self) -> LanguageRules:
        return next(iter(self.languages.values()))

    def language(self, code: str | None) -> LanguageRules:
        """The rules of a language, the source language's when it has none."""
        return self.languages.get(code or "", self.source)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.languages)

    @property
    def rules(self) -> Mapping[str, RuleSpec]:
        """Every rule id once: the source language's spec, then rules only another language has."""
        merged: dict[str, RuleSpec] = {}
        for pack in reversed(tuple(self.languages.values())):
            merged.update(pack.rules)
        return MappingProxyType(merged)

    @property
    def thresholds(self) -> Mapping[str, float]:
        return self.source.thresholds

    def threshold(self, key: str) -> float:
        return self.source.thresholds[key]

    @property
    def attested_items(self) -> tuple[AttestedItem, ...]:
        return self.source.attested_items

    @cached_property
    def matchers(self) -> Matchers:
        """Lexicons of every language compiled once per config (regexes and a phrase index)."""
        from assistant.checklist.matching import Matchers

        return Matchers(self.lexicons, {code: pack.jargon for code, pack in self.languages.items()})
