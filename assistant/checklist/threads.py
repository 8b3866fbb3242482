"""Split a long X post into a numbered thread ("1/3", "2/3", ...), each part within X's weighted limit.

Pure: text in, parts out. Parts break at a sentence end when one is close enough to the limit,
else at a space, and only inside a word that alone is longer than a part could hold. Every
character of the text lands in exactly one part's span, in order; only the whitespace where the
text is cut is dropped from the parts' bodies.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.checklist.xlength import MAX_WEIGHTED_LENGTH, weighted_length

# A break after . ! ? … (with closing quotes/brackets) or at a line break counts as a sentence end.
_SENTENCE_END = re.compile(r"""(?:[.!?…]+["'”’)\]]*|\n)\s*$""")
_SPACE = re.compile(r"\s+")
# A sentence break is preferred unless it leaves a part this much shorter than a word break would.
_SENTENCE_MIN_SHARE = 0.6
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e"}


@dataclass(frozen=True)
class ThreadPart:
    number: int
    total: int
    body: str  # the text of this part, without its counter
    start: int  # the span of the original text this part covers (with the cut whitespace)
    end: int

    @property
    def text(self) -> str:
        """What is posted: the body and its counter, or the body alone for a one-part 'thread'."""
        return self.body if self.total == 1 else f"{self.body} {self.number}/{self.total}"


def needs_thread(text: str, limit: int = MAX_WEIGHTED_LENGTH) -> bool:
    return weighted_length(text.strip(), limit).weighted > limit


def split_thread(text: str, limit: int = MAX_WEIGHTED_LENGTH) -> list[ThreadPart]:
    """Parts of `text`, each `part.text` at most `limit` weighted; a text that fits is one part."""
    if not text.strip():
        return []
    if not needs_thread(text, limit):
        return [ThreadPart(1, 1, text.strip(), 0, len(text))]
    digits = 1
    while True:
        # Reserve room for the widest counter with this many digits, e.g. " 99/99".
        reserve = " " + "9" * digits + "/" + "9" * digits
        spans = _spans(text, limit, reserve)
        if len(str(len(spans))) <= digits:
            total = len(spans)
            return [ThreadPart(i + 1, total, text[a:b].strip(), a, b) for i, (a, b) in enumerate(spans)]
        digits += 1


def _fits(body: str, reserve: str, limit: int) -> bool:
    return weighted_length(body + reserve, limit).weighted <= limit


def _spans(text: str, limit: int, reserve: str) -> list[tuple[int, int]]:
    """Greedy: each span takes as many whole words (preferring whole sentences) as fit."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        lead = _SPACE.match(text, start)
        body_start = lead.end() if lead else start
        if body_start >= n:  # only whitespace is left: it belongs to the last part
            if spans:
                spans[-1] = (spans[-1][0], n)
            else:
                spans.append((start, n))
            break
        end = _next_cut(text, body_start, limit, reserve)
        spans.append((start, end))
        start = end
    return spans


def _next_cut(text: str, start: int, limit: int, reserve: str) -> int:
    """Where the part starting at `start` ends: after the whitespace following its last word."""
    if _fits(text[start:], reserve, limit):
        return len(text)
    word_cut = sentence_cut = None
    for gap in _SPACE.finditer(text, start):
        if gap.start() == start:
            continue
        if not _fits(text[start : gap.start()], reserve, limit):
            break
        word_cut = gap
        if _SENTENCE_END.search(text, max(start, gap.start() - 8), gap.end()):
            sentence_cut = gap
    if word_cut is None:  # the first word alone is too long: cut inside it
        return _hard_cut(text, start, limit, reserve)
    if sentence_cut is not None and sentence_cut.start() - start >= _SENTENCE_MIN_SHARE * (word_cut.start() - start):
        return sentence_cut.end()
    return word_cut.end()


def _hard_cut(text: str, start: int, limit: int, reserve: str) -> int:
    """The longest prefix of one overlong word that fits, not splitting a character from its marks."""
    word_end = _SPACE.search(text, start)
    lo, hi = start + 1, (word_end.start() if word_end else len(text)) - 1
    while lo < hi:  # largest end in [start+1, hi) whose prefix fits
        mid = (lo + hi + 1) // 2
        if _fits(text[start:mid], reserve, limit):
            lo = mid
        else:
            hi = mid - 1
    cut = lo
    while cut - 1 > start and (unicodedata.combining(text[cut]) or text[cut] in _JOINERS or text[cut - 1] in _JOINERS):
        cut -= 1
    return cut
