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
_OBFUSCATION_CHARS = frozenset("0134579@$!€*._-|")
_RAW_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:?!.…"
_RUN3 = re.compile(r"(\w)\1{2,}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")


def stem(token: str) -> str:
    """Lower-case and drop a possessive or plural ending, the same for text and lexicons."""
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


def _regex_source(entry: str) -> str:
    if entry.startswith("re:"):
        body = entry[3:]
        if body.startswith("(?i)"):
            return f"(?i:{body[4:]})"
        return f"(?:{body})"
    # 'word*': the word and any ending
    return r"(?i:\b" + re.escape(entry[:-1]) + r"\w*)"


class Matchers:
    """Compiled form of a config's lexicons (built once per config, then shared)."""

    JARGON = "__jargon__"

    def __init__(self, lexicons: Mapping[str, Iterable[str]], jargon: Mapping[str, str]):
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.longest: dict[str, int] = {}  # first token -> longest phrase starting with it
        self.regexes: dict[str, re.Pattern[str]] = {}
        self.luhn: set[str] = set()
        self.words: dict[str, set[str]] = {}  # single-word entries, for de-obfuscation
        self.plain: dict[str, str] = {}  # jargon stem key -> plain words
        for name, entries in lexicons.items():
            sources = []
            for entry in entries:
                if entry == "luhn:":
                    self.luhn.add(name)
                elif entry.startswith("re:") or entry.endswith("*"):
                    sources.append(_regex_source(entry))
                else:
                    self._add_phrase(name, entry)
            if sources:
                self.regexes[name] = re.compile("|".join(sources))
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
        if len(key) == 1:
            self.words.setdefault(name, set()).add(key[0])
        return key

    def scan(self, text: str) -> Scan:
        return Scan(self, text)


class Scan:
    """Matches of one text; phrase hits at once, each regex lexicon on first use."""

    __slots__ = ("m", "text", "toks", "phrase_hits", "cache", "keys")

    def __init__(self, matchers: Matchers, text: str):
        self.m = matchers
        self.text = text
        self.toks = tokens(text)
        self.phrase_hits: dict[str, list[Span]] = {}
        self.keys: dict[Span, str] = {}  # jargon span -> index key
        self.cache: dict[str, list[Span]] = {}
        index, longest, toks = matchers.index, matchers.longest, self.toks
        words = [t for t, _, _ in toks]
        for i, word in enumerate(words):
            n_max = longest.get(word)
            if not n_max:
                continue
            for n in range(min(n_max, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                names = index.get(key)
                if names:
                    span = (toks[i][1], toks[i + n - 1][2])
                    for name in names:
                        self.phrase_hits.setdefault(name, []).append(span)
                    if Matchers.JARGON in names:
                        self.keys[span] = " ".join(key)

    def __getitem__(self, name: str) -> list[Span]:
        hits = self.cache.get(name)
        if hits is None:
            hits = list(self.phrase_hits.get(name, ()))
            pattern = self.m.regexes.get(name)
            if pattern is not None:
                hits.extend(m.span() for m in pattern.finditer(self.text) if m.end() > m.start())
            if name in self.m.luhn:
                hits.extend(c.span() for c in _CARD.finditer(self.text) if _luhn_ok(re.sub(r"\D", "", c.group())))
            self.cache[name] = hits
        return hits

    def obfuscated(self, name: str) -> list[Span]:
        """Single-word entries written as f*ck, sh1t, f.u.c.k, fuuuck or f u c k."""
        words = self.m.words.get(name)
        if not words:
            return []
        hits: list[Span] = []
        for raw in _RAW_TOKEN.finditer(self.text):
            token = raw.group()
            if token[0] in "@#" or "://" in token:
                continue
            core = token.strip(_EDGE_PUNCT)
            if not core or not (_OBFUSCATION_CHARS.intersection(core) or _RUN3.search(core)):
                continue
            offset = raw.start() + token.find(core)
            if any(_matches(variant, words) for variant in _variants(core)):
                hits.append((offset, offset + len(core)))
        hits.extend(self._spaced(words))
        return hits

    def _spaced(self, words: set[str]) -> list[Span]:
        hits: list[Span] = []
        run: list[tuple[str, int, int]] = []
        for tok in [*self.toks, ("", -1, -1)]:
            if len(tok[0]) == 1 and tok[0].isalpha() and (not run or tok[1] - run[-1][2] <= 2):
                run.append(tok)
                continue
            if len(run) >= 3 and "".join(t for t, _, _ in run) in words:
                hits.append((run[0][1], run[-1][2]))
            run = [tok] if len(tok[0]) == 1 and tok[0].isalpha() else []
        return hits


def _variants(core: str) -> set[str]:
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
