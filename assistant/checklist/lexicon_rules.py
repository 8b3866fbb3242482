"""Rules driven by word lists: disclosure, sensitive, offensive, privacy, legal."""

from __future__ import annotations

import re
from bisect import bisect_right

from assistant.checklist.config import ChecklistConfig, RuleSpec
from assistant.checklist.matching import Scan, Span
from assistant.checklist.model import Finding

_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_MASKED_CATEGORIES = frozenset({"privacy"})  # never echo a secret back in a message


def quote(text: str, span: Span, category: str) -> str:
    s = text[span[0] : span[1]].strip()
    if category in _MASKED_CATEGORIES and len(s) > 6:
        return f"'{s[:4]}…'"
    return f"'{s[:40]}…'" if len(s) > 40 else f"'{s}'"


def _non_overlapping(spans: list[Span]) -> list[Span]:
    """Longest first at each start; drop spans inside an earlier one."""
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


class Sentences:
    def __init__(self, text: str):
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def of(self, pos: int) -> int:
        return bisect_right(self.ends, pos)


def lexicon_findings(spec: RuleSpec, scan: Scan, sentences: Sentences) -> list[Finding]:
    text = scan.text
    if any(scan[name] for name in spec.unless_lexicons):
        return []
    if spec.with_lexicons and not all(scan[name] for name in spec.with_lexicons):
        return []
    spans: list[Span] = []
    for name in spec.lexicons:
        spans += scan[name]
        if spec.obfuscated:
            spans += scan.obfuscated(name)
    strong: set[Span] = set()
    for name in spec.block_lexicons:
        strong.update(scan[name])
    spans += strong
    near: set[int] = set()
    if spec.escalate and spec.escalate_near and (spans or spec.weak_lexicons):
        near = {sentences.of(s) for s, _ in scan[spec.escalate_near]}
    weak: set[Span] = set()
    if near:
        for name in spec.weak_lexicons:
            weak.update(s for s in scan[name] if sentences.of(s[0]) in near)
        spans += weak
    if not spans:
        return []
    spans = _non_overlapping(spans)
    if spec.with_lexicons:  # one finding for the combination, on the first match
        spans = spans[:1]
    findings = []
    for span in spans:
        # a weak word next to a figure is worth a warning with the figure message, never a block
        escalated = span not in weak and (
            any(s[0] < span[1] and span[0] < s[1] for s in strong) or sentences.of(span[0]) in near
        )
        severity = spec.escalate if escalated and spec.escalate else spec.severity
        template = spec.escalated_message if (escalated or span in weak) and spec.escalated_message else spec.message
        message = template.replace("{match}", quote(text, span, spec.category))
        findings.append(Finding(spec.rule, spec.category, severity, message, span[0], span[1]))
    return findings


def run_lexicon_rules(config: ChecklistConfig, scan: Scan) -> list[Finding]:
    sentences = Sentences(scan.text)
    findings: list[Finding] = []
    for spec in config.rules.values():
        if spec.enabled and spec.lexicons and spec.category not in ("authenticity", "format"):
            findings += lexicon_findings(spec, scan, sentences)
    return findings
