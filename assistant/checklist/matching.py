"""Lexicon matching: one tokenisation pass for every word list, regexes only when asked.

Plain entries go into a phrase index keyed by token tuples (whole words, case-insensitive,
simple plurals), so hundreds of entries cost one dictionary lookup per word; 'word*' and
're:' entries become one compiled expression per lexicon, run lazily.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

Span = tuple[int, int]

_TOKEN = re.compile(r"\w+(?:['’\-/]\w+)*|[#$%@+:]")
_NO_STEM = frozenset(
    {"news", "series", "species", "always", "sometimes", "perhaps", "whereas", "yes", "ios", "its", "has"}
)
# Obfuscation: l33t digits and symbols standing for letters, masks, separators.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "€": "e"}
)
# Where an obfuscated word may be: a symbol or digit touching a letter, a letter three
# times, or letters split by dots; the whole whitespace-delimited token is then read.
_OBF_HINT = re.compile(r"[^\W\d_][0134579@$!€*|]|[0134579@$!€*|][^\W\d_]|([^\W\d_])\1\1|[^\W\d_][._\-][^\W\d_][._\-]")
_DIGIT = re.compile(r"\d")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:?!.…"
_RUN3 = re.compile(r"(\w)\1{2,}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")


_STEMS: dict[str, str] = {}


def stem(token: str) -> str:
    """Lower-case and drop a possessive or plural ending, the same for text and lexicons."""
    cached = _STEMS.get(token)
    if cached is None:
        if len(_STEMS) > 200_000:  # words repeat: a bounded memo is most of the speed
            _STEMS.clear()
        cached = _STEMS[token] = _stem(token)
    return cached


def _stem(token: str) -> str:
    t = token.lower().replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    if t in _NO_STEM:
        return t
    if len(t) > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if len(t) > 3 and t[-1] == "s" and t[-2] not in "su'" and not t.endswith("is"):
        return t[:-1]
    return t


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_NEEDS = re.compile(r"^\(\?#needs:([^)]*)\)")


class Pattern:
    """A regex entry, skipped unless the text holds one of its `(?#needs:a|b)` strings."""

    __slots__ = ("regex", "needs", "digit")

    def __init__(self, entry: str):
        if entry.startswith("re:"):
            body = entry[3:]
        else:  # 'word*': the word and any ending
            body = r"(?i)\b" + re.escape(entry[:-1]) + r"\w*"
        needs = _NEEDS.match(body)
        self.needs: tuple[str, ...] = ()
        self.digit = False
        if needs:
            body = body[needs.end() :]
            wanted = needs.group(1).lower().split("|")
            self.digit = "\\d" in wanted
            self.needs = tuple(w for w in wanted if w != "\\d")
        self.regex = re.compile(body)

    def spans(self, text: str, lowered: str, has_digit: bool) -> list[Span]:
        if (self.needs or self.digit) and not ((self.digit and has_digit) or any(n in lowered for n in self.needs)):
            return []
        return [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]


class Matchers:
    """Compiled form of a config's lexicons (built once per config, then shared)."""

    JARGON = "__jargon__"

    def __init__(self, lexicons: Mapping[str, Iterable[str]], jargon: Mapping[str, str]):
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.longest: dict[str, int] = {}  # first token -> longest phrase starting with it
        self.regexes: dict[str, list[Pattern]] = {}
        self.prefixes: set[tuple[str, ...]] = set()  # every proper prefix of a phrase
        self.luhn: set[str] = set()
        self.words: dict[str, set[str]] = {}  # single-word entries, for de-obfuscation
        self.plain: dict[str, str] = {}  # jargon stem key -> plain words
        for name, entries in lexicons.items():
            patterns = []
            for entry in entries:
                if entry == "luhn:":
                    self.luhn.add(name)
                elif entry.startswith("re:") or entry.endswith("*"):
                    patterns.append(Pattern(entry))
                else:
                    self._add_phrase(name, entry)
            if patterns:
                self.regexes[name] = patterns
        self.entries = {name: frozenset(e.lower() for e in entries) for name, entries in lexicons.items()}
        for phrase, plain in jargon.items():
            key = self._add_phrase(self.JARGON, phrase)
            if key:
                self.plain[" ".join(key)] = plain

    def _add_phrase(self, name: str, phrase: str) -> tuple[str, ...]:
        key = tuple(t for t, _, _ in tokens(phrase))
        if not key:
            return key
        names = self.index.setdefault(key, [])
        if name not in names:
            names.append(name)
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        self.prefixes.update(key[:n] for n in range(1, len(key)))
        if len(key) == 1:
            self.words.setdefault(name, set()).add(key[0])
        return key

    def scan(self, text: str) -> Scan:
        return Scan(self, text)


class Scan:
    """Matches of one text; phrase hits at once, each regex lexicon on first use."""

    __slots__ = ("m", "text", "toks", "phrase_hits", "cache", "keys", "lowered", "has_digit", "_obf")

    def __init__(self, matchers: Matchers, text: str):
        self.m = matchers
        self.text = text
        self.toks = tokens(text)
        self.phrase_hits: dict[str, list[Span]] = {}
        self.keys: dict[Span, str] = {}  # jargon span -> index key
        self.cache: dict[str, list[Span]] = {}
        self.lowered = text.lower()
        self.has_digit = _DIGIT.search(text) is not None
        self._obf: list[tuple[Span, set[str]]] | None = None
        index, longest, prefixes, toks = matchers.index, matchers.longest, matchers.prefixes, self.toks
        words = [t for t, _, _ in toks]
        for i, word in enumerate(words):
            n_max = longest.get(word)
            if not n_max:
                continue
            for n in range(1, min(n_max, len(words) - i) + 1):
                key = tuple(words[i : i + n])
                names = index.get(key)
                if names:
                    span = (toks[i][1], toks[i + n - 1][2])
                    for name in names:
                        self.phrase_hits.setdefault(name, []).append(span)
                    if Matchers.JARGON in names:
                        self.keys[span] = " ".join(key)
                if key not in prefixes:
                    break

    def __getitem__(self, name: str) -> list[Span]:
        hits = self.cache.get(name)
        if hits is None:
            hits = list(self.phrase_hits.get(name, ()))
            for pattern in self.m.regexes.get(name, ()):
                hits.extend(pattern.spans(self.text, self.lowered, self.has_digit))
            if name in self.m.luhn:
                hits.extend(c.span() for c in _CARD.finditer(self.text) if _luhn_ok(re.sub(r"\D", "", c.group())))
            self.cache[name] = hits
        return hits

    def obfuscated(self, name: str) -> list[Span]:
        """Single-word entries written as f*ck, sh1t, f.u.c.k, fuuuck or f u c k."""
        words = self.m.words.get(name)
        if not words:
            return []
        if self._obf is None:
            self._obf = self._candidates()
        return [span for span, variants in self._obf if any(_matches(v, words) for v in variants)]

    def _candidates(self) -> list[tuple[Span, set[str]]]:
        """Tokens that look obfuscated, with their readings (computed once per text)."""
        found: list[tuple[Span, set[str]]] = []
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
            core = token.strip(_EDGE_PUNCT)
            if core:
                offset = start + token.find(core)
                found.append(((offset, offset + len(core)), _variants(core)))
        run: list[tuple[str, int, int]] = []
        for tok in [*self.toks, ("", -1, -1)]:
            single = len(tok[0]) == 1 and tok[0].isalpha()
            if single and (not run or tok[1] - run[-1][2] <= 2):
                run.append(tok)
                continue
            if len(run) >= 3:
                found.append(((run[0][1], run[-1][2]), {"".join(t for t, _, _ in run)}))
            run = [tok] if single else []
        return found


_VARIANTS: dict[str, set[str]] = {}


def _variants(core: str) -> set[str]:
    found = _VARIANTS.get(core)
    if found is None:
        if len(_VARIANTS) > 50_000:
            _VARIANTS.clear()
        found = _VARIANTS[core] = _readings(core)
    return found


def _readings(core: str) -> set[str]:
    base = core.lower()
    stripped = re.sub(r"(?<=\w)[._\-|](?=\w)", "", base)
    out = {stripped, stripped.translate(_LEET)}
    out |= {_RUN3.sub(r"\1", v) for v in list(out)} | {_RUN3.sub(r"\1\1", v) for v in list(out)}
    return out


def _matches(variant: str, words: set[str]) -> bool:
    if "*" in variant:
        if variant.strip("*") == "":
            return False
        mask = re.compile(re.escape(variant).replace(r"\*", r"\w"))
        return any(len(w) == len(variant) and mask.fullmatch(w) for w in words)
    return stem(variant) in words
