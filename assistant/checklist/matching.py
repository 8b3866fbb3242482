"""Lexicon matching: one tokenisation pass for every word list, regexes only when asked.

Plain entries go into a phrase index keyed by token tuples (whole words, case-insensitive,
simple plurals), so hundreds of entries cost one dictionary lookup per word; 'word*' and
're:' entries become one compiled expression per lexicon, run lazily.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import ahocorasick

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
# `_OBF_HINT` says it in one expression; `_hint_positions` finds the same tokens faster, from
# the symbols and the triples (the tests hold it to `_OBF_HINT`).
_OBF_HINT = re.compile(r"[^\W\d_][0134579@$!€*|]|[0134579@$!€*|][^\W\d_]|([^\W\d_])\1\1|[^\W\d_][._\-][^\W\d_][._\-]")
_OBF_SYMBOL = re.compile(r"[0134579@$!€*|._\-]")
_TRIPLE = re.compile(r"(?s)(.)\1\1")
_LETTER = re.compile(r"[^\W\d_]")
_SEPARATORS = "._-"
_DIGIT = re.compile(r"\d")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>,;:?!.…"
_RUN3 = re.compile(r"(\w)\1{2,}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
# French social-security number (NIR): sex, year, month, department (2A/2B in Corsica), commune,
# order, then a two-digit key; spaces, dots or dashes between the groups.
_NIR = re.compile(
    r"(?<![\w])([12])[ .-]?(\d{2})[ .-]?(\d{2})[ .-]?(\d{2}|2[abAB])[ .-]?(\d{3})[ .-]?(\d{3})[ .-]?(\d{2})(?![\w])"
)
_IBAN = re.compile(r"(?<![\w])([A-Z]{2})(\d{2})((?:[ ]?[A-Z0-9]){11,30})(?![\w])")
# French elision: l'attentat, d'affaires, qu'il, jusqu'au → the word itself
_ELISION = re.compile(r"^(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])'(?=\w)")


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
    if "'" in t:
        t = _ELISION.sub("", t)
    t = _fold(t)  # "prévisions" and "previsions" are one word
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
    """(stem, start, end) of each word, `#`, `$`, `%`, `@`, `+` and `:` of the text."""
    found: list[tuple[str, int, int]] = []
    append, find, get = found.append, text.find, _STEMS.get
    pos = 0
    # findall is much cheaper than finditer; a token's text first appears after the previous
    # token exactly where the match starts (any earlier occurrence would have matched there).
    for word in _TOKEN.findall(text):
        s = get(word)
        if s is None:
            s = stem(word)
        pos = find(word, pos)
        end = pos + len(word)
        append((s, pos, end))
        pos = end
    return found


def _hint_positions(text: str) -> list[int]:
    """Sorted positions where `_OBF_HINT` matches, at least one in each whitespace-delimited
    token that holds a match (which is all `_candidates` needs)."""
    letter = _LETTER.match
    found = []
    for m in _OBF_SYMBOL.finditer(text):
        q = m.start()
        if text[q] in _SEPARATORS:  # letter, separator, letter, separator
            if q and letter(text, q - 1) and letter(text, q + 1) and text[q + 2 : q + 3] in _SEPARATORS:
                if q + 2 < len(text):
                    found.append(q - 1)
        elif q and letter(text, q - 1):  # letter then symbol
            found.append(q - 1)
        elif letter(text, q + 1):  # symbol then letter
            found.append(q)
    for m in _TRIPLE.finditer(text):
        if letter(text, m.start()):
            found.append(m.start())
    found.sort()
    return found


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _nir_ok(m: re.Match[str]) -> bool:
    sex, year, month, dept, commune, order, key = m.groups()
    dept = dept.upper().replace("2A", "19").replace("2B", "18")  # Corsica, as the key is computed
    if not (1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99):
        return False
    number = int(sex + year + month + dept + commune + order)
    return 97 - number % 97 == int(key)


def _iban_ok(m: re.Match[str]) -> bool:
    country, check, rest = m.groups()
    body = rest.replace(" ", "")
    moved = body + country + check
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


_NEEDS = re.compile(r"^\(\?#needs:([^)]*)\)")


def _gate(body: str) -> re.Pattern[str] | None:
    """A looser expression that is fast to search for, or None.

    It is the entry without its leading assertions (`\b`, look-arounds), so wherever the
    entry matches the gate matches at the same place; with a leading `x{m,n}` written
    `x x{m-1,n-1}`, its first item is one character class, which `re` scans for quickly.
    Searching the gate first skips texts (and the text before the first place) the entry
    cannot match. Built with the `re` module's own parser; on any doubt, no gate.
    """
    try:
        from re import _compiler, _parser
        from re import _constants as c

        parsed = _parser.parse(body)
        data = list(parsed.data)
        while data and data[0][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
            data.pop(0)
        if not data:
            return None
        op, av = data[0]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
            low, high, item = av
            rest = (op, (low - 1, high if high == c.MAXREPEAT else high - 1, item))
            data[0:1] = [item[0], rest]
            op = item[0][0]
        if op not in (c.LITERAL, c.IN):
            return None
        parsed.data = data
        return _compiler.compile(parsed, parsed.state.flags)
    except Exception:  # noqa: BLE001 - a missing gate only costs speed
        return None


class Pattern:
    """A regex entry, skipped unless the text holds one of its `(?#needs:a|b)` strings."""

    __slots__ = ("regex", "needs", "digit", "groups", "gate")

    def __init__(self, entry: str):
        if entry.startswith("re:"):
            body = entry[3:]
        else:  # 'word*': the word and any ending
            body = r"(?i)\b" + re.escape(entry[:-1]) + r"\w*"
        # Each leading (?#needs:a|b) is a group: the text must hold one string of every group
        # ("\d": a digit) for the entry to be tried; the first group indexes it.
        groups: list[tuple[tuple[str, ...], bool]] = []
        needs = _NEEDS.match(body)
        while needs:
            body = body[needs.end() :]
            wanted = needs.group(1).lower().split("|")
            groups.append((tuple(w for w in wanted if w != "\\d"), "\\d" in wanted))
            needs = _NEEDS.match(body)
        self.groups = tuple(groups)
        self.needs, self.digit = groups[0] if groups else ((), False)
        self.regex = re.compile(body)
        self.gate = _gate(body)

    def ok(self, present: frozenset[str], has_digit: bool) -> bool:
        """Whether the text holds what every needs group asks for."""
        return all((digit and has_digit) or not present.isdisjoint(needs) for needs, digit in self.groups)

    def spans(self, text: str, lowered: str, has_digit: bool, present: frozenset[str] | None = None) -> list[Span]:
        """Matches in `text`; `present` is the set of every pattern's needs found in the text (one
        Aho-Corasick pass per text, `Matchers.needs_in`), else each need is looked for here."""
        if self.groups:
            if present is None:
                present = frozenset(n for needs, _ in self.groups for n in needs if n in lowered)
            if not self.ok(present, has_digit):
                return []
        start = 0
        if self.gate is not None:
            first = self.gate.search(text)
            if first is None:
                return []
            start = first.start()  # no match of the entry starts before the gate's first one
        return [m.span() for m in self.regex.finditer(text, start) if m.end() > m.start()]


FUNCTION_WORDS = "function_words"


class Matchers:
    """Compiled form of a config's lexicons (built once per config, then shared)."""

    JARGON = "__jargon__"

    def __init__(self, lexicons: Mapping[str, Iterable[str]], jargon: Mapping[str, Mapping[str, str]]):
        """`lexicons` by (qualified) name; `jargon` by language: phrase → plain words."""
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.longest: dict[str, int] = {}  # first token -> longest phrase starting with it
        self.regexes: dict[str, list[Pattern]] = {}
        self.prefixes: set[tuple[str, ...]] = set()  # every proper prefix of a phrase
        self.luhn: set[str] = set()
        self.nir: set[str] = set()
        self.iban: set[str] = set()
        self.words: dict[str, set[str]] = {}  # single-word entries, for de-obfuscation
        self.plain: dict[str, dict[str, str]] = {}  # language -> jargon stem key -> plain words
        # the phrase index as a word trie: node = [lexicon names ending here, next word -> node]
        self.trie: dict[str, list] = {}
        # Function words ("the", "nous") only say which languages a text mixes: counted from the
        # tokens, kept out of the phrase index (they are a third of a text's words).
        self.function_words: dict[str, frozenset[str]] = {}
        for name, entries in lexicons.items():
            if name.endswith(":" + FUNCTION_WORDS):
                self.function_words[name.split(":", 1)[0]] = frozenset(
                    key[0] for key in (tuple(t for t, _, _ in tokens(e)) for e in entries) if len(key) == 1
                )
                continue
            patterns = []
            for entry in entries:
                if entry == "luhn:":
                    self.luhn.add(name)
                elif entry == "nir:":
                    self.nir.add(name)
                elif entry == "iban:":
                    self.iban.add(name)
                elif entry.startswith("re:") or entry.endswith("*"):
                    patterns.append(Pattern(entry))
                else:
                    self._add_phrase(name, entry)
            if patterns:
                self.regexes[name] = patterns
        # Hundreds of regex entries each need a string ("prévi", "code wifi", "%"): one automaton finds
        # which of them a text holds in one pass, instead of one substring search per entry.
        self.by_need: dict[str, list[Pattern]] = {}
        self.ungated: list[Pattern] = []  # entries without a need: always tried
        self.digit_patterns: list[Pattern] = []
        every_need: set[str] = set()
        for patterns in self.regexes.values():
            for p in patterns:
                for need in p.needs:
                    self.by_need.setdefault(need, []).append(p)
                if p.digit:
                    self.digit_patterns.append(p)
                if not p.groups:
                    self.ungated.append(p)
                every_need.update(n for needs, _ in p.groups for n in needs)
        self.needs_automaton = None
        if every_need:
            automaton = ahocorasick.Automaton()
            for need in every_need:
                automaton.add_word(need, need)
            automaton.make_automaton()
            self.needs_automaton = automaton
        self.entries = {name: frozenset(e.lower() for e in entries) for name, entries in lexicons.items()}
        self.jargon_names = frozenset(self.jargon_name(language) for language in jargon)
        for language, phrases in jargon.items():
            plain_words = self.plain.setdefault(language, {})
            for phrase, plain in phrases.items():
                key = self._add_phrase(self.jargon_name(language), phrase)
                if key:
                    plain_words[" ".join(key)] = plain

    @classmethod
    def jargon_name(cls, language: str) -> str:
        return f"{language}:{cls.JARGON}"

    def special(self, name: str) -> bool:
        """Lists with a checked-number entry (card, NIR, IBAN): they always need a look at the text."""
        return name in self.luhn or name in self.nir or name in self.iban

    def _add_phrase(self, name: str, phrase: str) -> tuple[str, ...]:
        key = tuple(t for t, _, _ in tokens(phrase))
        if not key:
            return key
        names = self.index.setdefault(key, [])
        if name not in names:
            names.append(name)
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        level, node = self.trie, None
        for word in key:
            node = level.get(word)
            if node is None:
                node = level[word] = [[], {}]
            level = node[1]
        node[0] = names  # the same list as the index's
        self.prefixes.update(key[:n] for n in range(1, len(key)))
        if len(key) == 1:
            self.words.setdefault(name, set()).add(key[0])
        return key

    def function_word_count(self, words: list[str], language: str) -> int:
        """How many of a text's words (stems) are function words of `language`."""
        known = self.function_words.get(language)
        return sum(1 for w in words if w in known) if known else 0

    def needs_in(self, lowered: str) -> frozenset[str]:
        """Every regex entry's need that occurs in the (lower-cased) text."""
        if self.needs_automaton is None:
            return frozenset()
        return frozenset(need for _end, need in self.needs_automaton.iter(lowered))

    def runnable(self, lowered: str, has_digit: bool) -> tuple[frozenset[str], set[Pattern]]:
        """The needs a text holds, and the regex entries worth trying on it (their need is there)."""
        present = self.needs_in(lowered)
        candidates = set(self.digit_patterns) if has_digit else set()
        for need in present:
            candidates.update(self.by_need.get(need, ()))
        active = {p for p in candidates if len(p.groups) == 1 or p.ok(present, has_digit)}
        active.update(self.ungated)
        return present, active

    def scan(self, text: str) -> Scan:
        return Scan(self, text)


class Scan:
    """Matches of one text; phrase hits at once, each regex lexicon on first use."""

    __slots__ = (
        "m",
        "text",
        "toks",
        "words",
        "phrase_hits",
        "cache",
        "keys",
        "lowered",
        "has_digit",
        "_obf",
        "_present",
    )

    def __init__(self, matchers: Matchers, text: str):
        self.m = matchers
        self.text = text
        self.toks = toks = tokens(text)
        self.phrase_hits: dict[str, list[Span]] = {}
        self.keys: dict[Span, str] = {}  # jargon span -> index key
        self.cache: dict[str, list[Span]] = {}
        self.lowered = text.lower()
        self.has_digit = _DIGIT.search(text) is not None
        self._obf: list[tuple[Span, set[str]]] | None = None
        self._present: tuple[frozenset[str], set[Pattern]] | None = None
        phrase_hits, keys, jargon = self.phrase_hits, self.keys, matchers.jargon_names
        self.words = words = [t for t, _, _ in toks]
        count = len(words)
        # every phrase of the index that starts at word i: walk the trie word by word
        for i, node in enumerate(map(matchers.trie.get, words)):
            if node is None:  # no phrase starts with this word (most words)
                continue
            j = i
            while True:
                names, children = node
                if names:
                    span = (toks[i][1], toks[j][2])
                    for name in names:
                        hits = phrase_hits.get(name)
                        if hits is None:
                            phrase_hits[name] = [span]
                        else:
                            hits.append(span)
                    if not jargon.isdisjoint(names):
                        keys[span] = " ".join(words[i : j + 1])
                j += 1
                if not children or j >= count:
                    break
                node = children.get(words[j])
                if node is None:
                    break

    def active(self) -> set[Pattern]:
        """The regex entries worth trying on this text (computed once)."""
        if self._present is None:
            self._present = self.m.runnable(self.lowered, self.has_digit)
        return self._present[1]

    def __getitem__(self, name: str) -> list[Span]:
        hits = self.cache.get(name)
        if hits is None:
            hits = list(self.phrase_hits.get(name, ()))
            patterns = self.m.regexes.get(name)
            if patterns:
                if self._present is None:
                    self._present = self.m.runnable(self.lowered, self.has_digit)
                present, active = self._present
                for pattern in patterns:
                    if pattern in active:
                        hits.extend(pattern.spans(self.text, self.lowered, self.has_digit, present))
            if name in self.m.luhn:
                hits.extend(c.span() for c in _CARD.finditer(self.text) if _luhn_ok(re.sub(r"\D", "", c.group())))
            if name in self.m.nir and self.has_digit:
                hits.extend(c.span() for c in _NIR.finditer(self.text) if _nir_ok(c))
            if name in self.m.iban and self.has_digit:
                hits.extend(c.span() for c in _IBAN.finditer(self.text) if _iban_ok(c))
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
        for at in _hint_positions(text):
            if at < seen:
                continue
            start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
            end = min(i for i in (text.find(" ", at), text.find("\n", at), len(text)) if i >= 0)
            seen = end
            token = text[start:end]
            if token[0] in "@#" or "://" in token:
                continue
            core = token.strip(_EDGE_PUNCT)
            if core:
                offset = start + token.find(core)
                found.append(((offset, offset + len(core)), _variants(core)))
        # runs of three or more one-letter words, at most two characters apart: "f u c k"
        toks, words = self.toks, self.words
        run: list[tuple[str, int, int]] = []
        previous = -2
        for i in [i for i, w in enumerate(words) if len(w) == 1 and w.isalpha()]:
            tok = toks[i]
            if run and i == previous + 1 and tok[1] - run[-1][2] <= 2:
                run.append(tok)
            else:
                if len(run) >= 3:
                    found.append(((run[0][1], run[-1][2]), {"".join(t for t, _, _ in run)}))
                run = [tok]
            previous = i
        if len(run) >= 3:
            found.append(((run[0][1], run[-1][2]), {"".join(t for t, _, _ in run)}))
        return found


_VARIANTS: dict[str, set[str]] = {}


def _variants(core: str) -> set[str]:
    found = _VARIANTS.get(core)
    if found is None:
        if len(_VARIANTS) > 50_000:
            _VARIANTS.clear()
        found = _VARIANTS[core] = _readings(core)
    return found


def _fold(text: str) -> str:
    """Accents off, as `stem` does, so a masked 'enc*lé' meets the folded word list."""
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def _readings(core: str) -> set[str]:
    base = _ELISION.sub("", _fold(core.lower().replace("’", "'")))  # d'enc*lés → enc*les
    stripped = re.sub(r"(?<=\w)[._\-|](?=\w)", "", base)
    out = {stripped, stripped.translate(_LEET)}
    out |= {_RUN3.sub(r"\1", v) for v in list(out)} | {_RUN3.sub(r"\1\1", v) for v in list(out)}
    return out


def _matches(variant: str, words: set[str]) -> bool:
    if "*" in variant:
        if variant.strip("*") == "":
            return False
        # the masked word, or its plural ('enc*lés')
        for v in {variant, variant[:-1] if variant.endswith("s") and len(variant) > 3 else variant}:
            mask = re.compile(re.escape(v).replace(r"\*", r"\w"))
            if any(len(w) == len(v) and mask.fullmatch(w) for w in words):
                return True
        return False
    return stem(variant) in words
