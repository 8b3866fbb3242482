"""`check_text`: run every enabled rule of a workspace's config on one post. Pure and fast.

The text is tokenised once against every language's word lists; the rules of the language
Lingua detects then run (every language's when it is unsure: a mixed or very short text),
and the messages are worded in the text's main language.
"""

from __future__ import annotations

from datetime import datetime

from assistant import i18n, language
from assistant.checklist.authenticity import authenticity
from assistant.checklist.config import ChecklistConfig, LanguageRules
from assistant.checklist.formatting import format_findings, length_of
from assistant.checklist.lexicon_rules import Sentences, run_lexicon_rules
from assistant.checklist.matching import Scan
from assistant.checklist.model import PLATFORMS, CheckResult, Finding
from assistant.errors import InvalidInput

_RANK = {"block": 0, "warn": 1, "info": 2}


def check_text(
    text: str, platform: str, config: ChecklistConfig, at: datetime | None = None, lang: str | None = None
) -> CheckResult:
    """Check one post for `platform` ("x" or "linkedin").

    `at` is the intended publish time (timezone-aware); a time inside a blackout window
    adds a finding and turns disclosure warnings into blocks. `lang` forces the language
    (e.g. the CLI's --language); by default it is detected.
    """
    if platform not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}: use one of {', '.join(PLATFORMS)}")
    if not isinstance(text, str):
        raise InvalidInput("the post text must be a string")
    codes = config.codes
    if lang is not None and lang in codes:
        main, running = lang, (lang,)
    else:
        fallback = i18n.current_language()
        main, running = language.reading(text, codes, fallback if fallback in codes else codes[0])
    scan = config.matchers.scan(text)
    if len(running) < len(codes) and lang is None:
        running = _also_mixed_in(scan, config, running)
    wording = config.language(main)
    packs = tuple(config.languages[c] for c in running)
    if wording not in packs:
        packs = (wording, *packs)
    length, over_at = length_of(text, platform, config)
    sentences = Sentences(text)
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for pack in sorted(packs, key=lambda p: p is not wording):  # the main language's wording wins
        for f in run_lexicon_rules(config, pack, scan, sentences, wording):
            if (f.rule, f.start, f.end) not in seen:
                seen.add((f.rule, f.start, f.end))
                findings.append(f)
    score, style = authenticity(config, packs, scan, wording)
    findings += style
    findings += format_findings(config, wording, scan, platform, length, over_at)
    findings = _blackout(findings, wording, text, config, at)
    findings.sort(key=lambda f: (f.start, _RANK[f.severity], f.rule))
    return CheckResult(tuple(findings), length, platform, score, main)


def _also_mixed_in(scan: Scan, config: ChecklistConfig, running: tuple[str, ...]) -> tuple[str, ...]:
    """Add each language whose function words ("the", "nous"...) the text holds enough of:
    a post that switches language after its first lines is read by both rule sets."""
    found = list(running)
    for code, pack in config.languages.items():
        if code not in found and config.matchers.function_word_count(scan.words, code) >= pack.thresholds.get(
            "mixed_min_function_words", 3
        ):
            found.append(code)
    return tuple(found)


def _blackout(
    findings: list[Finding], pack: LanguageRules, text: str, config: ChecklistConfig, at: datetime | None
) -> list[Finding]:
    spec = pack.rules.get("disclosure.blackout")
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
