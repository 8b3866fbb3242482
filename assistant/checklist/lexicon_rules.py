"""Rules driven by word lists: disclosure, sensitive, offensive, privacy, legal."""

from __future__ import annotations

import re
from bisect import bisect_right

from assistant.checklist.config import ChecklistConfig, LanguageRules, RuleSpec
from assistant.checklist.matching import Pattern, Scan, Span
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
    """Sentence number of a position; the sentence ends are found on first use (most posts never ask)."""

    __slots__ = ("text", "ends")

    def __init__(self, text: str):
        self.text = text
        self.ends: list[int] | None = None

    def of(self, pos: int) -> int:
        ends = self.ends
        if ends is None:
            ends = self.ends = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        return bisect_right(ends, pos)


def lexicon_findings(spec: RuleSpec, scan: Scan, sentences: Sentences, worded: RuleSpec | None = None) -> list[Finding]:
    """Findings of one rule; messages from `worded` (the same rule in the text's main language) when given."""
    text = scan.text
    worded = worded or spec
    spans: list[Span] = []
    for name in spec.lexicons:
        spans += scan[name]
        if spec.obfuscated:
            spans += scan.obfuscated(name)
    strong: set[Span] = set()
    for name in spec.block_lexicons:
        strong.update(scan[name])
    if strong and spec.block_near:  # e.g. "412M in sales" is a result only in a sentence with a period
        periods = {sentences.of(s) for s, _ in scan[spec.block_near]}
        strong = {span for span in strong if sentences.of(span[0]) in periods}
    spans += strong
    # without a match, only a weak word (next to a figure) can give a finding: none, nothing to do
    if not spans and not any(scan[name] for name in spec.weak_lexicons):
        return []
    if any(scan[name] for name in spec.unless_lexicons):
        return []
    if spec.with_lexicons and not all(scan[name] for name in spec.with_lexicons):
        return []
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
        template = (
            worded.escalated_message if (escalated or span in weak) and worded.escalated_message else worded.message
        )
        message = template.replace("{match}", quote(text, span, spec.category))
        findings.append(Finding(spec.rule, spec.category, severity, message, span[0], span[1]))
    return findings


def run_lexicon_rules(
    config: ChecklistConfig, pack: LanguageRules, scan: Scan, sentences: Sentences, wording: LanguageRules | None = None
) -> list[Finding]:
    """The word-list rules of one language on a text scanned with every language's lists; a rule that
    the main language `wording` also has speaks with its message (a French post read by English rules)."""
    findings: list[Finding] = []
    other = wording is not None and wording is not pack
    phrase_hits = scan.phrase_hits
    for spec, names, patterns in _plan(config, pack):
        # a rule finds something only from a phrase hit or a regex entry whose needed string the text
        # holds: without either, nothing to do (most rules, most posts)
        if patterns is not None and names.isdisjoint(phrase_hits):
            if not patterns or scan.active().isdisjoint(patterns):
                continue
        worded = wording.rules.get(spec.rule) if other else None
        findings += lexicon_findings(spec, scan, sentences, worded)
    return findings


def _plan(
    config: ChecklistConfig, pack: LanguageRules
) -> list[tuple[RuleSpec, frozenset[str], frozenset[Pattern] | None]]:
    """Enabled word-list rules, each with the lists that can start a finding and their regex entries
    (None: the rule always runs, for obfuscated spellings or checked numbers)."""
    plans = config.__dict__.setdefault("_lexicon_plans", {})
    plan = plans.get(pack.language)
    if plan is None:
        m = config.matchers
        plan = []
        for spec in pack.rules.values():
            if not spec.enabled or not spec.lexicons or spec.category in ("authenticity", "format"):
                continue
            names = spec.lexicons + spec.block_lexicons + spec.weak_lexicons
            always = spec.obfuscated or any(m.special(n) for n in names)
            patterns = frozenset(p for n in names for p in m.regexes.get(n, ()))
            plan.append((spec, frozenset(names), None if always else patterns))
        plans[pack.language] = plan
    return plan
