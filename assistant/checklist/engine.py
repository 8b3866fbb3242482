"""`check_text`: run every enabled rule of a workspace's config on one post. Pure and fast."""

from __future__ import annotations

from datetime import datetime

from assistant.checklist.authenticity import authenticity
from assistant.checklist.config import ChecklistConfig
from assistant.checklist.formatting import format_findings, length_of
from assistant.checklist.lexicon_rules import run_lexicon_rules
from assistant.checklist.model import PLATFORMS, CheckResult, Finding
from assistant.errors import InvalidInput

_RANK = {"block": 0, "warn": 1, "info": 2}


def check_text(text: str, platform: str, config: ChecklistConfig, at: datetime | None = None) -> CheckResult:
    """Check one post for `platform` ("x" or "linkedin").

    `at` is the intended publish time (timezone-aware); a time inside a blackout window
    adds a finding and turns disclosure warnings into blocks.
    """
    if platform not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}: use one of {', '.join(PLATFORMS)}")
    if not isinstance(text, str):
        raise InvalidInput("the post text must be a string")
    scan = config.matchers.scan(text)
    length, over_at = length_of(text, platform, config)
    findings = run_lexicon_rules(config, scan)
    score, style = authenticity(config, scan)
    findings += style
    findings += format_findings(config, scan, platform, length, over_at)
    findings = _blackout(findings, config, text, at)
    findings.sort(key=lambda f: (f.start, _RANK[f.severity], f.rule))
    return CheckResult(tuple(findings), length, platform, score)


def _blackout(findings: list[Finding], config: ChecklistConfig, text: str, at: datetime | None) -> list[Finding]:
    spec = config.rules.get("disclosure.blackout")
    if at is None or spec is None or not spec.enabled:
        return findings
    if at.tzinfo is None:
        raise InvalidInput("the publish time must be timezone-aware (e.g. UTC)")
    window = next((w for w in config.blackout if w.covers(at)), None)
    if window is None:
        return findings
    escalated = [
        Finding(f.rule, f.category, "block", f.message, f.start, f.end)
        if f.category == "disclosure" and f.severity == "warn"
        else f
        for f in findings
    ]
    message = spec.message.replace("{match}", window.name)
    escalated.append(Finding(spec.rule, spec.category, spec.severity, message, 0, len(text)))
    return escalated
