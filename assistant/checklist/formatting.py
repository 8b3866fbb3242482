"""Format rules: platform length, LinkedIn fold, hashtags, links, mentions, all caps."""

from __future__ import annotations

import re

from assistant.checklist.config import ChecklistConfig, LanguageRules, RuleSpec
from assistant.checklist.lexicon_rules import quote
from assistant.checklist.matching import Scan
from assistant.checklist.model import Finding, LengthInfo
from assistant.checklist.xlength import extract_urls, weighted_length

_HASHTAG = re.compile(r"(?<![\w&#＃])[#＃](?!\d+\b)\w+")
_MENTION = re.compile(r"(?<![\w@＠])[@＠]\w{1,15}\b")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’]+\b")
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_CAPS_PAIR = re.compile(r"[A-Z][A-Z'’]")
_CAPS_RUN = re.compile(r"\b[A-Z][A-Z'’]+(?:[\s,.!?:;-]+[A-Z][A-Z'’]+\b)+")


def _emit(findings: list[Finding], spec: RuleSpec | None, match: str, start: int, end: int) -> None:
    if spec is not None and spec.enabled:
        message = spec.message.replace("{match}", match)
        findings.append(Finding(spec.rule, spec.category, spec.severity, message, start, end))


def length_of(text: str, platform: str, config: ChecklistConfig) -> tuple[LengthInfo, int | None]:
    """Platform length and the offset where the text passes the limit (None if it fits)."""
    t = config.thresholds
    if platform == "x":
        xl = weighted_length(text, int(t["x_max_length"]))
        return LengthInfo(xl.weighted, xl.limit, xl.valid), xl.over_at
    limit = int(t["linkedin_max_length"])
    n = len(text)
    return LengthInfo(n, limit, 0 < n <= limit), (limit if n > limit else None)


def _figure(n: int, pack: LanguageRules) -> str:
    return f"{n:,}".replace(",", pack.words["thousands"])


def format_findings(
    config: ChecklistConfig, pack: LanguageRules, scan: Scan, platform: str, length: LengthInfo, over_at: int | None
) -> list[Finding]:
    """Format rules, worded in `pack`'s language (they do not depend on the words of the text)."""
    text, rules, t, words = scan.text, pack.rules, pack.thresholds, pack.words
    findings: list[Finding] = []
    n = len(text)
    if not text.strip():
        _emit(findings, rules.get("format.empty"), "", 0, n)
        return findings
    if over_at is not None:
        limit = _figure(length.limit, pack)
        where = words["x_limit"] if platform == "x" else words["linkedin_limit"].format(limit=limit)
        _emit(findings, rules.get("format.length"), f"{where}: {_figure(length.weighted, pack)}", over_at, n)
    fold = int(t["linkedin_fold"])
    if platform == "linkedin" and n > fold:
        _emit(findings, rules.get("format.fold"), str(fold), 0, fold)
    tags = list(_HASHTAG.finditer(text)) if "#" in text or "＃" in text else []
    max_tags = int(t["x_max_hashtags"] if platform == "x" else t["linkedin_max_hashtags"])
    if len(tags) > max_tags:
        _emit(findings, rules.get("format.hashtags"), str(len(tags)), tags[max_tags].start(), tags[-1].end())
    shorteners = config.matchers.entries.get(f"{pack.language}:shorteners", frozenset())
    for start, url in extract_urls(text) if "." in text else ():
        end = start + len(url)
        host = url.split("://", 1)[-1].split("/", 1)[0].lower()
        if host in shorteners:
            _emit(findings, rules.get("format.shortener"), quote(text, (start, end), "format"), start, end)
        _emit(findings, rules.get("format.link"), quote(text, (start, end), "format"), start, end)
    mentions = list(_MENTION.finditer(text)) if "@" in text or "＠" in text else []
    if len(mentions) > int(t["max_mentions"]):
        _emit(findings, rules.get("format.mentions"), str(len(mentions)), mentions[0].start(), mentions[-1].end())
    for m in mentions:
        _emit(findings, rules.get("format.mention"), m.group(), m.start(), m.end())
    _caps(findings, pack, text)
    return findings


def _caps(findings: list[Finding], pack: LanguageRules, text: str) -> None:
    t = pack.thresholds
    spec = pack.rules.get("format.all_caps")
    if spec is None or not spec.enabled:
        return
    min_words = int(t["all_caps_min_words"])
    if _CAPS_PAIR.search(text) is not None:  # a run needs two capitals in a row
        for run in _CAPS_RUN.finditer(text):
            if len(_CAPS_WORD.findall(run.group())) >= min_words:
                _emit(findings, spec, quote(text, run.span(), "format"), run.start(), run.end())
                return
    upper = len(_UPPER.findall(text))
    ratio, min_letters = t["all_caps_ratio"], t["all_caps_min_letters"]
    # Every capital is a letter, and the ratio needs at least min_letters letters: with fewer
    # capitals than ratio * min_letters it cannot be reached, so the letters are not counted.
    if ratio > 0 and min_letters >= 1 and upper < ratio * min_letters * 0.999999:
        return
    letters = len(_LETTER.findall(text))
    if letters >= min_letters:
        if upper / letters >= ratio:
            _emit(findings, spec, pack.words["caps_share"].format(share=upper * 100 // letters), 0, len(text))
