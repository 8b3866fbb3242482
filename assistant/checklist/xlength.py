"""X (Twitter) weighted length, exactly as the reference twitter-text counts it, but fast.

The reference (twitter-text-parser 3.0.0, "discounted emoji" config v3) walks the text
character by character and runs a 2,500-way emoji alternation at every position: about
1.6 ms for a 280-character post. This module produces the same `weightedLength` and
`valid` (tests prove it on the conformance suite and on generated texts) by
- skipping the emoji search for ASCII text (no emoji alternative is pure ASCII) and
  guarding it with a look-ahead on the characters an emoji can start with;
- summing weights of plain runs in bulk instead of per character;
- finding URLs in linear time (issue 14): the reference's URL expression backtracks from
  every start position through a whole run of labels ("a." repeated: 9 s at 2,000
  characters, a 1 MB text never ends). The same expression is run piece by piece instead:
  each label is read once, each "." is looked up once for a TLD (memoised), and a failed
  start skips the other starts its run of labels would fail for the same reason. The
  pieces come vendored from the reference and a test checks they reassemble into it.
Indices are code points, like the reference.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
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
_F = P.EXTRACT_URL_FLAGS
_URL_HINT = re.compile(P.URL_HINT, _F)
# The pieces of the reference URL expression (see _url_matches).
_PRECEDING_CHAR = P.URL_PRECEDING.removesuffix("|^)") + ")"  # the "^" alternative is handled apart
_CANDIDATE = re.compile(f"{_PRECEDING_CHAR}(?={P.DOMAIN_CHAR})", _F)  # a URL can start after it
_PRECEDING_CHAR_RE = re.compile(_PRECEDING_CHAR, _F)
_SUB_RUN = re.compile(f"(?:[_-]|{P.DOMAIN_CHAR})*", _F)  # a subdomain label's characters
# a valid subdomain label followed by "." ("." cannot be in a label: it ends where its run does)
_LABEL = re.compile(f"{P.DOMAIN_CHAR}(?:(?:[_-]|{P.DOMAIN_CHAR})*{P.DOMAIN_CHAR})?(?=\\.)", _F)
# a chain of valid subdomain labels, possessive: read once, never backtracked into
_CHAIN = re.compile(f"(?:{P.DOMAIN_CHAR}(?:(?:[_-]|{P.DOMAIN_CHAR})*{P.DOMAIN_CHAR})?\\.)*+", _F)
_PROTOCOL = re.compile(r"https?:\/\/", _F)
_TAIL = re.compile(P.URL_TAIL, _F)
_ASCII_RUN = re.compile(f"{P.ASCII_LABEL_CHAR}+", P.VALID_ASCII_DOMAIN_FLAGS)
_TCO = re.compile(P.VALID_TCO_URL, P.VALID_TCO_URL_FLAGS)
_BAD_PRECEDING = re.compile(P.INVALID_URL_PRECEDING)
_CLASS_ITEM = re.compile(r"\\U([0-9a-fA-F]{8})(?:-\\U([0-9a-fA-F]{8}))?")


def _emoji_start() -> re.Pattern[str]:
    """Where an emoji may start: a non-ASCII character of EMOJI_FIRST, or an ASCII one ("#",
    "*", a digit: keycaps are "1" + U+FE0F + U+20E3) that a non-ASCII character follows.
    EMOJI_FIRST is split in two classes: `re` compiles a class of BMP characters to a
    bitmap, but scans one holding astral characters range by range (7 ms for 10,000 "é")."""
    bmp, astral = [], []
    for low, high in _CLASS_ITEM.findall(P.EMOJI_FIRST):
        (astral if int(high or low, 16) > 0xFFFF else bmp).append(f"\\U{low}" + (f"-\\U{high}" if high else ""))
    return re.compile(
        f"[\\x80-\\uffff](?<=[{''.join(bmp)}])|[\\U00010000-\\U0010ffff](?<=[{''.join(astral)}])"
        "|[#*0-9](?=[^\\x00-\\x7f])",
        P.EMOJI_FLAGS,
    )


_EMOJI_START = _emoji_start()
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
    # Only characters an emoji can start with are visited (a regex finds them): a long
    # non-emoji text such as "é" repeated costs no Python step per character.
    for m in _EMOJI_START.finditer(text):
        pos = m.start()
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
    for before, url, protocol, domain, path, end in _url_matches(text):
        start = end - len(url)
        if not _idna_ok(domain, protocol or "https://", url):
            continue
        if protocol is None:
            if _BAD_PRECEDING.match(before):
                continue
            last: list | None = None
            for ascii_start, ascii_domain in _ascii_domains(domain):
                last = [start + ascii_start, ascii_domain]
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


# TLD expressions by the character a TLD starts with: at a position only the alternatives
# starting with that character (case-insensitively) can match, so trying them in their
# original order gives the reference's answer without walking 1,500 alternatives.
_TLD_BY_CHAR: dict[str, re.Pattern[str] | None] = {}
_TLD_LISTS: list[tuple[list[str], str]] | None = None


def _tld_lists() -> list[tuple[list[str], str]]:
    global _TLD_LISTS
    if _TLD_LISTS is None:
        lists = []
        for tlds in (P.GTLD, P.CCTLD):
            body, lookahead = tlds.removeprefix("(?:(?:").split(")(?=", 1)
            lists.append((body.split("|"), "(?=" + lookahead.removesuffix(")")))
        _TLD_LISTS = lists
    return _TLD_LISTS


_TLD_FIRST: re.Pattern[str] | None = None


def _tld_pattern(char: str) -> re.Pattern[str] | None:
    global _TLD_FIRST
    if _TLD_FIRST is None:
        firsts = {a[0] for alternatives, _ in _tld_lists() for a in alternatives} | {"x"}
        _TLD_FIRST = re.compile("[" + "".join(sorted(re.escape(f) for f in firsts)) + "]", _F)
    if not _TLD_FIRST.fullmatch(char):
        return None  # not cached: the cache holds only the few characters a TLD can start with
    if char not in _TLD_BY_CHAR:
        parts = []
        for alternatives, lookahead in _tld_lists():
            firsts = {a[0] for a in alternatives}
            same = {f for f in firsts if re.fullmatch(re.escape(f), char, _F)}
            kept = [a for a in alternatives if a[0] in same]
            if kept:
                parts.append("(?:(?:" + "|".join(kept) + ")" + lookahead + ")")
        if re.fullmatch("x", char, _F):
            parts.append(P.PUNYCODE)
        _TLD_BY_CHAR[char] = re.compile("|".join(parts), _F) if parts else None
    return _TLD_BY_CHAR[char]


def _tld_end(text: str, pos: int) -> int | None:
    """Where the reference's TLD part (gTLD, then ccTLD, then punycode) ends when it starts at `pos`."""
    if pos >= len(text):
        return None
    pattern = _tld_pattern(text[pos])
    if pattern is None:
        return None
    m = pattern.match(text, pos)
    return m.end() if m is not None else None


def _trie(words: list[str]) -> str:
    """An expression matching exactly `words`, as a trie (linear in a word's length)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in groups.items():
        tails = [r for r in rests if r]
        if not tails:
            branches.append(re.escape(first))
            continue
        inner = _trie(tails)
        branches.append(re.escape(first) + (f"(?:{inner})?" if "" in rests else f"(?:{inner})"))
    return "|".join(branches)


_TLD_AFTER_DOT: re.Pattern[str] | None = None


def _tld_positions(text: str) -> list[int]:
    """Every position right after a "." where the reference's TLD part can match: one pass in C
    over the text with the TLDs as a trie. A necessary condition: `_tld_end` is only asked there."""
    global _TLD_AFTER_DOT
    if _TLD_AFTER_DOT is None:
        (gtlds, lookahead), (cctlds, cc_lookahead) = _tld_lists()
        assert lookahead == cc_lookahead
        xn = P.PUNYCODE.removeprefix("(?:").removesuffix("+)")
        # two cheap classes first (the first and second characters of a TLD), then the trie
        words = gtlds + cctlds + ["xn"]
        pair = "".join(f"[{''.join(sorted({re.escape(w[i]) for w in words}))}]" for i in (0, 1))
        _TLD_AFTER_DOT = re.compile(f"\\.(?={pair})(?=(?:{_trie(gtlds + cctlds)}){lookahead}|{xn})", _F)
    return [m.end() for m in _TLD_AFTER_DOT.finditer(text)]


class _Scan:
    """What the domain part of the reference expression needs, computed once per text.

    A chain is a run of consecutive valid subdomain labels ("label." each); every start
    inside one chain sees the same TLD positions ahead, so the chain is read once (its
    extent by a possessive expression, in C) and its answer shared by all its starts.
    """

    __slots__ = ("text", "n", "tlds", "tld", "chain_starts", "chains")

    def __init__(self, text: str, tld_positions: list[int]) -> None:
        self.text = text
        self.n = len(text)
        self.tlds = tld_positions  # sorted
        self.tld: dict[int, int | None] = {}
        self.chain_starts: list[int] = []  # sorted, parallel to `chains`
        self.chains: list[tuple[int, int | None, int | None, list[int]]] = []

    def tld_end(self, pos: int) -> int | None:
        if pos not in self.tld:
            i = bisect_left(self.tlds, pos)
            possible = i < len(self.tlds) and self.tlds[i] == pos
            self.tld[pos] = _tld_end(self.text, pos) if possible else None
        return self.tld[pos]

    def chain(self, k: int) -> tuple[int, int | None, int | None, list[int]]:
        """(end, best_t, best_end, underscores) of the chain holding label start k: `end`
        where its labels stop; `best_t` the furthest TLD position after a valid domain name
        label (no "_") and `best_end` where that TLD ends; `underscores` (sorted) the last
        "_" of each label a TLD follows: a start just after one may succeed, the label's
        tail being a valid name label."""
        i = bisect_right(self.chain_starts, k) - 1
        if i >= 0:
            found = self.chains[i]
            if self.chain_starts[i] <= k <= found[0]:
                return found
        text = self.text
        end = _CHAIN.match(text, k).end()  # type: ignore[union-attr]
        best_t = best_end = None
        underscores = []
        lo, hi = bisect_right(self.tlds, k), bisect_right(self.tlds, end)
        # TLD positions inside the chain (each a label start), from the furthest: the first
        # after a valid name label is the answer. The "_" ones left of it are never needed:
        # a start there lies before the answer, which it would reach.
        for t in reversed(self.tlds[lo:hi]):
            tld = self.tld_end(t)
            if tld is None:
                continue
            label = text.rfind(".", k, t - 1) + 1 or k
            last_us = text.rfind("_", label, t - 1)
            if last_us < 0:
                best_t, best_end = t, tld
                break
            underscores.append(last_us)
        underscores.reverse()
        found = (end, best_t, best_end, underscores)
        j = bisect_right(self.chain_starts, k)
        self.chain_starts.insert(j, k)
        self.chains.insert(j, found)
        return found

    def chain_end(self, k: int) -> int | None:
        """`(?:subdomain\\.)*name\\.TLD` from label start k, as the greedy expression picks it:
        the furthest TLD along the chain after a valid name label starting at k or later."""
        _, best_t, best_end, _ = self.chain(k)
        return best_end if best_t is not None and best_t > k else None


def _url_matches(text: str) -> list[tuple[str, str, str | None, str, str | None, int]]:
    """(before, url, protocol, domain, path, end) of each match of the reference URL
    expression's `finditer`, in linear time.

    A match at s is a preceding character (or the text's start), an optional protocol, then
    the domain from q: a first label (q to the next "."), then a chain of labels holding a
    TLD. After a failed start the next starts that could only fail the same way are
    skipped: the rest of the same chain, except after a "_" (where a shorter name label may
    succeed) and where a protocol begins.
    """
    found: list[tuple[str, str, str | None, str, str | None, int]] = []
    tld_positions = _tld_positions(text)
    if not tld_positions:
        return found  # no TLD anywhere: no URL
    scan = _Scan(text, tld_positions)
    n = len(text)

    def domain_end(q: int) -> int | None:
        label = _LABEL.match(text, q)  # a valid first label, followed by "."
        if label is None:
            return None
        end = label.end()
        result = scan.chain_end(end + 1)
        if result is None and text.find("_", q, end) < 0:  # the first label is the name
            result = scan.tld_end(end + 1)
        return result

    def attempt(s: int, q0: int) -> bool:
        protocol = _PROTOCOL.match(text, q0)
        q, end = q0, None
        if protocol is not None:
            q = protocol.end()
            end = domain_end(q)
        if end is None:  # the expression backtracks to "no protocol"
            q, protocol = q0, None
            end = domain_end(q0)
        if end is None:
            return False
        tail = _TAIL.match(text, end)
        assert tail is not None  # every part of the tail is optional
        found.append(
            (text[s:q0], text[q0 : tail.end()], protocol and protocol.group(0), text[q:end], tail.group(2), tail.end())
        )
        return True

    def skip_after_failure(q: int) -> int:
        """The first start after a failure at q that might not fail the same way."""
        end = _SUB_RUN.match(text, q).end()  # type: ignore[union-attr]
        if end >= n or text[end] != ".":
            return end
        last_us = text.rfind("_", q, end)
        if last_us >= 0:
            return last_us  # after it the rest of the label may be a name label
        if scan.chain_end(end + 1) is not None:
            return end
        # the rest of the chain fails for every start but those just after a "_" before a TLD
        chain_end, _, _, underscores = scan.chain(end + 1)
        i = bisect_left(underscores, end + 1)
        return max(end, min(chain_end - 1, underscores[i] if i < len(underscores) else n))

    pos = 0
    next_protocol = -1  # where the next "http(s)://" at or after a position starts (cached)
    if n and _PRECEDING_CHAR_RE.match(text, 0) and attempt(0, 1):
        pos = found[-1][5]
    elif n and attempt(0, 0):  # the "^" alternative
        pos = found[-1][5]
    elif n:
        pos = 1
    tld_at, space_before = -1, -1  # the next TLD position worth reaching, the last blank before it
    while pos < n:
        # A match starting at s >= pos holds a TLD position >= pos + 3 (preceding character,
        # label, "."), and nothing in it is blank: starts before the last blank ahead of the
        # first such position cannot reach it, nor any later one. Most words are skipped so.
        if tld_at < pos + 3:
            i = bisect_left(tld_positions, pos + 3)
            if i == len(tld_positions):
                break
            tld_at = tld_positions[i]
            space_before = max(
                text.rfind(" ", pos, tld_at), text.rfind("\n", pos, tld_at), text.rfind("\t", pos, tld_at)
            )
        pos = max(pos, space_before)
        m = _CANDIDATE.search(text, pos, tld_at - 1)  # s + 1 <= tld_at - 2: a label fits before the "."
        if m is None:
            pos = tld_at - 2  # no start can reach this TLD position: look for the next one
            continue
        s = m.start()
        if attempt(s, s + 1):
            pos = found[-1][5]
            continue
        q = s + 1
        if _PROTOCOL.match(text, q):
            pos = s + 1
            continue
        if next_protocol < q + 1:
            hit = _PROTOCOL.search(text, q + 1)
            next_protocol = hit.start() if hit else n + 1
        # a protocol in the skipped part moves the domain elsewhere: try the start before it
        pos = max(s + 1, min(skip_after_failure(q), next_protocol - 1))
    return found


def _ascii_domains(domain: str) -> list[tuple[int, str]]:
    """The reference's `valid_ascii_domain.finditer(domain)` as (start, text), in linear time:
    `(?:label\\.)+TLD` where all starts in one run of label characters end alike."""
    n = len(domain)
    memo: dict[int, int | None] = {}
    tlds: dict[int, int | None] = {}

    def tld(pos: int) -> int | None:
        if pos not in tlds:
            tlds[pos] = _tld_end(domain, pos)
        return tlds[pos]

    def furthest(t: int) -> int | None:  # after "label." at t: more labels greedily, then a TLD
        pushed = []
        while t not in memo:
            m = _ASCII_RUN.match(domain, t)
            if m is None or m.end() >= n or domain[m.end()] != ".":
                memo[t] = tld(t)
                break
            pushed.append(t)
            t = m.end() + 1
        result = memo[t]
        for start in reversed(pushed):
            if result is None:
                result = tld(start)
            memo[start] = result
        return result

    found: list[tuple[int, str]] = []
    pos = 0
    while (m := _ASCII_RUN.search(domain, pos)) is not None:
        end = furthest(m.end() + 1) if m.end() < n and domain[m.end()] == "." else None
        if end is None:
            pos = m.end()
            continue
        found.append((m.start(), domain[m.start() : end]))
        pos = end
    return found


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
