"""X (Twitter) weighted length, exactly as the reference twitter-text counts it, but fast.

The reference (twitter-text-parser 3.0.0, "discounted emoji" config v3) walks the text
character by character and runs a 2,500-way emoji alternation at every position: about
1.6 ms for a 280-character post. This module produces the same `weightedLength` and
`valid` (tests prove it on the conformance suite and on generated texts) by
- skipping the emoji search for ASCII text (no emoji alternative is pure ASCII) and
  guarding it with a look-ahead on the characters an emoji can start with;
- summing weights of plain runs in bulk instead of per character.
Indices are code points, like the reference.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from assistant.checklist import _xpatterns as P

MAX_WEIGHTED_LENGTH = 280
SCALE = 100
DEFAULT_WEIGHT = 200  # code points outside the light ranges, and every emoji
LIGHT_WEIGHT = 100
URL_LENGTH = 23  # every URL counts as a t.co link
MAX_URL_LENGTH = 4096
MAX_TCO_SLUG_LENGTH = 40

# Code points outside these ranges weigh DEFAULT_WEIGHT (config v3 "ranges").
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_INVALID = re.compile("[\ufffe\ufeff\uffff]")
_URL = re.compile(P.EXTRACT_URL, P.EXTRACT_URL_FLAGS)
_URL_HINT = re.compile(P.URL_HINT, P.EXTRACT_URL_FLAGS)
_ASCII_DOMAIN = re.compile(P.VALID_ASCII_DOMAIN, P.VALID_ASCII_DOMAIN_FLAGS)
_TCO = re.compile(P.VALID_TCO_URL, P.VALID_TCO_URL_FLAGS)
_BAD_PRECEDING = re.compile(P.INVALID_URL_PRECEDING)
_NON_ASCII = re.compile("[^\x00-\x7f]")
_ASCII_FIRST = frozenset("#*0123456789")  # keycaps: "1" + U+FE0F + U+20E3
_CLASS_ITEM = re.compile(r"\\U([0-9a-fA-F]{8})(?:-\\U([0-9a-fA-F]{8}))?")
# Emoji alternatives grouped by first character, compiled group by group when first met.
_by_first: dict[str, re.Pattern[str] | str] | None = None


@dataclass(frozen=True, slots=True)
class XLength:
    """Weighted length of a post on X; `over_at` is where the text passes the limit."""

    weighted: int
    valid: bool
    limit: int = MAX_WEIGHTED_LENGTH
    over_at: int | None = None

    @property
    def permillage(self) -> int:
        return self.weighted * 1000 // self.limit


def _load_emoji() -> dict[str, re.Pattern[str] | str]:
    """Split the reference emoji expression by first character.

    At a given position alternatives starting with another character fail at once, so
    trying only these, in their original order and then the one-code-point class, finds
    the same match as the whole 2,500-way alternation.
    """
    global _by_first
    if _by_first is None:
        multi, single = P.EMOJI.rsplit("|[", 1)
        groups: dict[str, list[str]] = {}
        for alternative in multi.split("|"):
            groups.setdefault(chr(int(alternative[2:10], 16)), []).append(alternative)
        by_first: dict[str, re.Pattern[str] | str] = {c: "|".join(g) + "|[" + single for c, g in groups.items()}
        for low, high in _CLASS_ITEM.findall(single):
            for code in range(int(low, 16), int(high or low, 16) + 1):
                by_first.setdefault(chr(code), "[" + single)
        _by_first = by_first
    return _by_first


def _emojis(text: str) -> list[tuple[int, int]]:
    """(start, end) of each emoji, the same as the reference's `finditer` (leftmost,
    never empty). An emoji starts at a non-ASCII character or at an ASCII one ("#", "*",
    a digit) that a non-ASCII character follows."""
    by_first = _load_emoji()
    found: list[tuple[int, int]] = []
    end = 0
    for m in _NON_ASCII.finditer(text):
        p = m.start()
        for pos in (p - 1, p) if p > end and text[p - 1] in _ASCII_FIRST else (p,):
            if pos < end:
                continue
            pattern = by_first.get(text[pos])
            if pattern is None:
                continue
            if isinstance(pattern, str):
                pattern = by_first[text[pos]] = re.compile(pattern, P.EMOJI_FLAGS)
            hit = pattern.match(text, pos)
            if hit is not None:
                found.append((pos, hit.end()))
                end = hit.end()
                break
    return found


def _idna_ok(domain: str, protocol: str, url: str) -> bool:
    try:
        puny = domain.encode("idna").decode("ascii")
    except Exception:  # the reference treats any codec failure as "not a URL"
        return False
    if not puny:
        return False
    return len(protocol) + len(url) + len(puny) - len(domain) <= MAX_URL_LENGTH


_last_urls: tuple[str, tuple[tuple[int, str], ...]] = ("", ())


def extract_urls(text: str) -> list[tuple[int, str]]:
    """(start, url) of each URL, with the reference's rules (protocol-less ASCII domains, t.co).

    The last text's answer is kept: the checklist asks twice per post (length, then links).
    """
    global _last_urls
    if not text or "." not in text:
        return []
    last_text, last_urls = _last_urls
    if text == last_text:
        return list(last_urls)
    urls = _extract_urls(text)
    _last_urls = (text, tuple(urls))
    return urls


def _extract_urls(text: str) -> list[tuple[int, str]]:
    if _URL_HINT.search(text) is None:
        return []
    urls: list[tuple[int, str]] = []
    for match in _url_matches(text):
        _, before, url, protocol, domain, _, path, _ = match.groups()
        end = match.end()
        start = end - len(url)
        if not _idna_ok(domain, protocol or "https://", url):
            continue
        if protocol is None:
            if _BAD_PRECEDING.match(before):
                continue
            last: list | None = None
            for ascii_match in _ASCII_DOMAIN.finditer(domain):
                last = [start + ascii_match.start(), ascii_match.group(0)]
                urls.append(last)  # type: ignore[arg-type]
            if last is None:
                continue
            if path:
                last[1] = url.replace(domain, last[1])
        else:
            tco = _TCO.search(url)
            if tco:
                if tco.group(1) and len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group(0)
            urls.append((start, url))
    return [(s, u) for s, u in urls]


def _url_matches(text: str) -> list[re.Match[str]]:
    """The matches of the reference URL expression's `finditer`, trying it only near a
    "." + TLD hint. A match holds a hint and no space, tab or line break between its
    first (preceding) character and that hint, so other start positions cannot match."""
    matches: list[re.Match[str]] = []
    pos = 0  # the first position not yet ruled out as a match start
    while (hint := _URL_HINT.search(text, pos + 1)) is not None:
        h = hint.start()
        first = max(pos, text.rfind(" ", pos, h), text.rfind("\n", pos, h), text.rfind("\t", pos, h))
        for start in range(first, h):
            m = _URL.match(text, start)
            if m is not None:
                matches.append(m)
                pos = m.end()
                break
        else:
            pos = h
    return matches


def _entities(text: str) -> list[tuple[int, int, bool]]:
    """(start, length, is_url) sorted by start; URLs win when both start at one index."""
    found: dict[int, tuple[int, int, bool]] = {}
    if not text.isascii():
        for start, end in _emojis(text):
            found[start] = (start, end - start, False)
    for start, url in extract_urls(text):
        found[start] = (start, len(url), True)
    return [found[k] for k in sorted(found)]


def weighted_length(text: str, limit: int = MAX_WEIGHTED_LENGTH) -> XLength:
    """Weighted length and validity of `text` as X counts them (twitter-text v3 config)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    n = len(text)
    heavy = [m.start() for m in _HEAVY.finditer(text)] if not text.isascii() else []
    invalid = [m.start() for m in _INVALID.finditer(text)] if heavy else []
    max_scaled = limit * SCALE
    weight = 0
    valid = True
    over_at: int | None = None

    def plain(a: int, b: int) -> None:
        nonlocal weight, valid, over_at
        if a >= b:
            return
        extra = bisect_left(heavy, b) - bisect_left(heavy, a) if heavy else 0
        add = (b - a + extra) * LIGHT_WEIGHT
        if over_at is None and weight + add > max_scaled:
            over_at = _first_over(text, a, b, weight, max_scaled, heavy)
        weight += add
        if valid and invalid and bisect_left(invalid, b) > bisect_left(invalid, a):
            valid = False

    i = 0
    for start, length, is_url in _entities(text):
        if start < i:
            continue  # inside an entity the reference already jumped over
        plain(i, start)
        weight += URL_LENGTH * SCALE if is_url else DEFAULT_WEIGHT
        if over_at is None and weight > max_scaled:
            over_at = start
        last = start + length - 1  # the reference checks only an entity's last char
        if valid and invalid and last < n and _INVALID.match(text, last):
            valid = False
        i = last + 1
    plain(i, n)
    weighted = weight // SCALE
    return XLength(weighted, valid and 0 < weighted <= limit, limit, over_at)


def _first_over(text: str, a: int, b: int, weight: int, max_scaled: int, heavy: list[int] | None = None) -> int:
    """The first index in [a, b) where the running weight passes `max_scaled` (weights are
    whole units of LIGHT_WEIGHT). With the sorted heavy positions it jumps from one heavy
    character to the next instead of weighing every character."""
    if heavy is None:
        return _first_over_slow(text, a, b, weight, max_scaled)
    units = (max_scaled - weight) // LIGHT_WEIGHT  # light characters that still fit
    pos = a
    for h in heavy[bisect_left(heavy, a) : bisect_left(heavy, b)]:
        if h - pos > units:
            return pos + units
        units -= h - pos
        if DEFAULT_WEIGHT // LIGHT_WEIGHT > units:
            return h
        units -= DEFAULT_WEIGHT // LIGHT_WEIGHT
        pos = h + 1
    if b - pos > units:
        return pos + units
    return b - 1


def _first_over_slow(text: str, a: int, b: int, weight: int, max_scaled: int) -> int:
    for k in range(a, b):
        weight += DEFAULT_WEIGHT if _HEAVY.match(text, k) else LIGHT_WEIGHT
        if weight > max_scaled:
            return k
    return b - 1
