"""The engine's fast paths give exactly what the simple ones give.

The simple code each fast path replaced is kept here as the oracle: tokens from `finditer`,
the phrase index walked by tuple keys, obfuscation hints from `_OBF_HINT`, every regex entry
run from the start of the text without a gate, the X overflow index weighed character by
character, and the all-caps rule counting every letter. The engine is run both ways on the
labelled corpus and on generated texts, and every finding must be the same.
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checklist import check_text, formatting, matching, xlength
from assistant.checklist.loader import config_from_mapping, load_config
from assistant.checklist.matching import _OBF_HINT, _TOKEN, Matchers, Pattern, Scan, stem

CORPUS = Path(__file__).resolve().parents[1] / "data" / "checklist_corpus.jsonl"
AT = datetime(2025, 1, 1, tzinfo=UTC)


def old_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def old_phrases(matchers: Matchers, toks: list[tuple[str, int, int]]) -> tuple[dict, dict]:
    hits: dict[str, list] = {}
    keys: dict = {}
    words = [t for t, _, _ in toks]
    for i, word in enumerate(words):
        n_max = matchers.longest.get(word)
        if not n_max:
            continue
        for n in range(1, min(n_max, len(words) - i) + 1):
            key = tuple(words[i : i + n])
            names = matchers.index.get(key)
            if names:
                span = (toks[i][1], toks[i + n - 1][2])
                for name in names:
                    hits.setdefault(name, []).append(span)
                if matchers.jargon_names & set(names):  # any language's jargon list
                    keys[span] = " ".join(key)
            if key not in matchers.prefixes:
                break
    return hits, keys


def old_spans(self: Pattern, text: str, lowered: str, has_digit: bool, present=None) -> list[tuple[int, int]]:
    # the simple path ignores the automaton's `present` set: each need is a substring search
    if (self.needs or self.digit) and not ((self.digit and has_digit) or any(n in lowered for n in self.needs)):
        return []
    return [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]


def old_candidates(self: Scan) -> list:
    found: list = []
    text, seen = self.text, -1
    for hint in _OBF_HINT.finditer(text):
        if hint.start() < seen:
            continue
        start = max(text.rfind(" ", 0, hint.start()), text.rfind("\n", 0, hint.start())) + 1
        end = min(i for i in (text.find(" ", hint.start()), text.find("\n", hint.start()), len(text)) if i >= 0)
        seen = end
        token = text[start:end]
        if token[0] in "@#" or "://" in token:
            continue
        core = token.strip(matching._EDGE_PUNCT)
        if core:
            offset = start + token.find(core)
            found.append(((offset, offset + len(core)), matching._variants(core)))
    run: list = []
    for tok in [*self.toks, ("", -1, -1)]:
        single = len(tok[0]) == 1 and tok[0].isalpha()
        if single and (not run or tok[1] - run[-1][2] <= 2):
            run.append(tok)
            continue
        if len(run) >= 3:
            found.append(((run[0][1], run[-1][2]), {"".join(t for t, _, _ in run)}))
        run = [tok] if single else []
    return found


def old_caps(findings: list, config, text: str) -> None:
    t = config.thresholds
    spec = config.rules.get("format.all_caps")
    if spec is None or not spec.enabled:
        return
    for run in formatting._CAPS_RUN.finditer(text):
        if len(formatting._CAPS_WORD.findall(run.group())) >= int(t["all_caps_min_words"]):
            formatting._emit(findings, spec, formatting.quote(text, run.span(), "format"), run.start(), run.end())
            return
    letters = len(formatting._LETTER.findall(text))
    if letters >= t["all_caps_min_letters"]:
        upper = len(formatting._UPPER.findall(text))
        if upper / letters >= t["all_caps_ratio"]:
            share = config.words["caps_share"].format(share=upper * 100 // letters)  # the pack's own words
            formatting._emit(findings, spec, share, 0, len(text))


def old_scan_init(self: Scan, matchers: Matchers, text: str) -> None:
    self.m, self.text = matchers, text
    self.toks = old_tokens(text)
    self.words = [t for t, _, _ in self.toks]
    self.phrase_hits, self.keys = old_phrases(matchers, self.toks)
    self.cache = {}
    self.lowered = text.lower()
    self.has_digit = re.search(r"\d", text) is not None
    self._obf = None
    self._present = None  # old_spans ignores it


def old_first_over(text: str, a: int, b: int, weight: int, max_scaled: int, heavy=None) -> int:
    return xlength._first_over_slow(text, a, b, weight, max_scaled)


def simple_paths() -> ExitStack:
    stack = ExitStack()
    stack.enter_context(patch.object(Scan, "__init__", old_scan_init))
    stack.enter_context(patch.object(Scan, "_candidates", old_candidates))
    stack.enter_context(patch.object(Pattern, "spans", old_spans))
    stack.enter_context(patch.object(formatting, "_caps", old_caps))
    stack.enter_context(patch.object(xlength, "_first_over", old_first_over))
    stack.enter_context(patch.object(xlength, "extract_urls", xlength._extract_urls))
    stack.enter_context(patch.object(formatting, "extract_urls", xlength._extract_urls))
    return stack


CONFIGS = [
    load_config(),
    config_from_mapping(
        {
            "rules": {"disclosure.stock": "block"},
            "thresholds": {"authenticity_warn_below": 90, "all_caps_ratio": 0.3, "all_caps_min_letters": 5},
            "lexicons": {"codenames": ["Project Falcon"], "profanity": {"add": ["frak"]}},
            "blackout": [{"name": "Q", "start": "2020-01-01T00:00Z", "end": "2030-01-01T00:00Z"}],
        }
    ),
]


def results(text: str) -> list[dict]:
    return [check_text(text, platform, config, at=AT).to_dict() for config in CONFIGS for platform in ("x", "linkedin")]


def both_ways(text: str) -> tuple[list[dict], list[dict]]:
    fast = results(text)
    with simple_paths():
        simple = results(text)
    return fast, simple


def corpus_texts() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def test_corpus_findings_are_those_of_the_simple_paths() -> None:
    texts = corpus_texts()
    texts += [" ".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]  # long, over the X limit
    for text in texts:
        fast, simple = both_ways(text)
        assert fast == simple, text


FRAGMENTS = [
    *"aeiou stk.-_*@$!1034579|€\n\t#:'’/()ABCDEFGHÀÉ",
    *["f*ck", "s.h.i.t", "sh1t", "fuuuck", "f u c k", "a b c", "Falcon", "Project Falcon", "frak"],
    *["$TSLA", " 12,000 ", "$4.2 billion", "40%", "250,000 vehicles", "funding secured", "per share"],
    *["ssn 123-45-6789", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32", "+44 20 7946 0958"],
    *["(555) 123-4567", "10 Downing Street", "jane@example.com", "AKIA" + "A" * 16, "ghp_" + "a" * 36],
    *["http://bit.ly/x ", "example.com/a", "🚀", "👨‍👩‍👧", "日本語", "é", "İ", "ß", "½", "²", "٣"],
    *["leverage", "synergy", "we are thrilled to announce", "in today's fast-paced world", "#ad"],
    *["layoffs", "earthquake", "use my code", "you idiot", "the best phone in the world", "is a fraud"],
    *["TOTALLY AMAZING NEWS EVERYONE", "CEO", "AI", "...", "!!!", "---", "aaa", "1-2-3"],
]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=60))
def test_generated_findings_are_those_of_the_simple_paths(parts: list[str]) -> None:
    text = "".join(parts)
    fast, simple = both_ways(text)
    assert fast == simple


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40))
def test_tokens_and_obfuscation_hints_match_the_simple_paths(parts: list[str]) -> None:
    text = "".join(parts)
    assert matching.tokens(text) == old_tokens(text)
    scan = CONFIGS[0].matchers.scan(text)
    assert scan._candidates() == old_candidates(scan)
    hits, keys = old_phrases(CONFIGS[0].matchers, old_tokens(text))
    assert scan.phrase_hits == hits and scan.keys == keys


@settings(max_examples=800, deadline=None)
@given(st.text(st.sampled_from("ab 1é日🚀\u0301"), max_size=400), st.integers(1, 300))
def test_overflow_index_matches_the_character_walk(text: str, limit: int) -> None:
    fast = xlength.weighted_length(text, limit)
    with patch.object(xlength, "_first_over", old_first_over):
        assert xlength.weighted_length(text, limit) == fast
