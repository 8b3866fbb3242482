"""Authenticity: jargon, press-release tone and stock AI phrasing, with a 0-100 score.

Each hit costs penalty points scaled to the post's length (a jargon word hurts a short
post more than a long one); below the threshold the hits become warnings.
"""

from __future__ import annotations

from assistant.checklist.config import ChecklistConfig, LanguageRules
from assistant.checklist.lexicon_rules import quote
from assistant.checklist.matching import Matchers, Scan, Span
from assistant.checklist.model import Finding

_KINDS = (
    ("authenticity.jargon", Matchers.JARGON, "authenticity_penalty_jargon"),
    ("authenticity.press_release", "press_release", "authenticity_penalty_press_release"),
    ("authenticity.ai_phrasing", "ai_phrasing", "authenticity_penalty_ai_phrasing"),
)


def authenticity(
    config: ChecklistConfig, packs: tuple[LanguageRules, ...], scan: Scan, wording: LanguageRules
) -> tuple[int, list[Finding]]:
    """One score over the hits of every language that reads the text; thresholds and the
    score's words from `wording` (the text's main language)."""
    t = wording.thresholds
    hits: list[tuple[LanguageRules, str, Span]] = []
    penalty = 0.0
    taken: list[Span] = []
    for pack in packs:
        for rule, lexicon, penalty_key in _KINDS:
            spec = pack.rules.get(rule)
            if spec is None or not spec.enabled:
                continue
            name = Matchers.jargon_name(pack.language) if lexicon == Matchers.JARGON else f"{pack.language}:{lexicon}"
            for span in sorted(scan[name], key=lambda s: (s[0], -s[1])):
                if any(s[0] < span[1] and span[0] < s[1] for s in taken):
                    continue
                taken.append(span)
                hits.append((pack, rule, span))
                penalty += t[penalty_key]
    if not hits:
        return 100, []
    words = max(len(scan.toks), t["authenticity_reference_words"])
    scale = t["authenticity_reference_words"] / words
    score = max(0, round(100 - t["authenticity_points_per_penalty"] * penalty * scale))
    findings = []
    for pack, rule, span in hits:
        spec = pack.rules[rule]
        severity = spec.escalate if spec.escalate and score < t["authenticity_warn_below"] else spec.severity
        message = spec.message.replace("'{match}'", quote(scan.text, span, "authenticity"))
        if "{plain}" in message:
            plain = config.matchers.plain.get(pack.language, {}).get(scan.keys.get(span, ""))
            message = message.replace("{plain}", plain or pack.words["plain_word"])
        message += pack.words["authenticity_score"].format(score=score)
        findings.append(Finding(rule, spec.category, severity, message, span[0], span[1]))
    return score, findings
