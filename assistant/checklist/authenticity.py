"""Authenticity: jargon, press-release tone and stock AI phrasing, with a 0-100 score.

Each hit costs penalty points scaled to the post's length (a jargon word hurts a short
post more than a long one); below the threshold the hits become warnings.
"""

from __future__ import annotations

from assistant.checklist.config import ChecklistConfig
from assistant.checklist.lexicon_rules import quote
from assistant.checklist.matching import Matchers, Scan, Span
from assistant.checklist.model import Finding

_KINDS = (
    ("authenticity.jargon", Matchers.JARGON, "authenticity_penalty_jargon"),
    ("authenticity.press_release", "press_release", "authenticity_penalty_press_release"),
    ("authenticity.ai_phrasing", "ai_phrasing", "authenticity_penalty_ai_phrasing"),
)


def authenticity(config: ChecklistConfig, scan: Scan) -> tuple[int, list[Finding]]:
    t = config.thresholds
    hits: list[tuple[str, Span]] = []
    penalty = 0.0
    taken: list[Span] = []
    for rule, lexicon, penalty_key in _KINDS:
        spec = config.rules.get(rule)
        if spec is None or not spec.enabled:
            continue
        for span in sorted(scan[lexicon], key=lambda s: (s[0], -s[1])):
            if any(s[0] < span[1] and span[0] < s[1] for s in taken):
                continue
            taken.append(span)
            hits.append((rule, span))
            penalty += t[penalty_key]
    words = max(len(scan.toks), t["authenticity_reference_words"])
    scale = t["authenticity_reference_words"] / words
    score = max(0, round(100 - t["authenticity_points_per_penalty"] * penalty * scale))
    findings = []
    for rule, span in hits:
        spec = config.rules[rule]
        severity = spec.escalate if spec.escalate and score < t["authenticity_warn_below"] else spec.severity
        message = spec.message.replace("'{match}'", quote(scan.text, span, "authenticity"))
        if "{plain}" in message:
            message = message.replace("{plain}", config.matchers.plain.get(scan.keys.get(span, ""), "a plain word"))
        message += f" (authenticity score {score}/100)"
        findings.append(Finding(rule, spec.category, severity, message, span[0], span[1]))
    return score, findings
