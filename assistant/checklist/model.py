"""What the checklist returns: findings with spans, a verdict, the platform length."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["block", "warn", "info"]
Verdict = Literal["block", "needs_review", "ok"]
SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
CATEGORIES = ("disclosure", "sensitive", "offensive", "privacy", "legal", "authenticity", "format")
PLATFORMS = ("x", "linkedin")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the text; `start`/`end` are character (code point) offsets."""

    rule: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int

    def to_dict(self) -> dict:
        # explicit, not dataclasses.asdict: this runs for every finding of a batch
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class LengthInfo:
    """Length as the platform counts it (X: twitter-text weighted length)."""

    weighted: int
    limit: int
    valid: bool

    def to_dict(self) -> dict:
        return {"weighted": self.weighted, "limit": self.limit, "valid": self.valid}


@dataclass(frozen=True, slots=True)
class CheckResult:
    findings: tuple[Finding, ...]
    length: LengthInfo
    platform: str
    authenticity_score: int = 100
    language: str = "en"  # the text's main language: the one its messages are worded in
    verdict: Verdict = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", verdict_of(self.findings))

    def by_category(self, category: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.category == category)

    def to_dict(self) -> dict:
        """The shape `check --json` writes: verdict, findings, length, authenticity score."""
        return {
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "length": self.length.to_dict(),
            "platform": self.platform,
            "authenticity_score": self.authenticity_score,
            "language": self.language,
        }


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """`block` if any finding blocks, `needs_review` if any warns, else `ok`."""
    severities = {f.severity for f in findings}
    if "block" in severities:
        return "block"
    if "warn" in severities:
        return "needs_review"
    return "ok"
