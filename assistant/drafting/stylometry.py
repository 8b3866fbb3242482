"""Stylometric features of one text: the measurable habits behind a voice."""

from __future__ import annotations

import re
from collections import Counter

from assistant.drafting.lexicon import JARGON
from assistant.drafting.text import URL, emojis, hashtags, sentences, words
from assistant.drafting.wording import union

# Pronouns of every language with wording (data/<language>.json).
FIRST_SINGULAR = union(lambda w: w.pronouns.get("first_singular", ()))
FIRST_PLURAL = union(lambda w: w.pronouns.get("first_plural", ()))
SECOND = union(lambda w: w.pronouns.get("second", ()))
_JARGON_PATTERN = re.compile("|".join(re.escape(j) for j in sorted(JARGON, key=len, reverse=True)), re.I)
CHAR_N = 3

FEATURES = (
    "sentence_words",
    "word_chars",
    "first_singular",
    "first_plural",
    "second_person",
    "contractions",
    "exclamations",
    "questions",
    "emoji",
    "hashtags",
    "jargon",
    "digits",
    "capitals",
    "long_words",
    "line_breaks",
)


def style_features(text: str) -> dict[str, float]:
    """Rates per word or per sentence, so short and long texts compare."""
    tokens = words(text) or [""]
    n = len(tokens)
    sents = sentences(URL.sub("", text)) or [text]
    letters = [c for c in text if c.isalpha()]
    return {
        "sentence_words": n / len(sents),
        "word_chars": sum(map(len, tokens)) / n,
        "first_singular": sum(t in FIRST_SINGULAR for t in tokens) / n,
        "first_plural": sum(t in FIRST_PLURAL for t in tokens) / n,
        "second_person": sum(t in SECOND for t in tokens) / n,
        "contractions": sum("'" in t for t in tokens) / n,
        "exclamations": text.count("!") / len(sents),
        "questions": text.count("?") / len(sents),
        "emoji": float(len(emojis(text))),
        "hashtags": float(len(hashtags(text))),
        "jargon": len(_JARGON_PATTERN.findall(text)) / n,
        "digits": sum(c.isdigit() for c in text) / max(len(text), 1),
        "capitals": sum(c.isupper() for c in letters) / max(len(letters), 1),
        "long_words": sum(len(t) >= 9 for t in tokens) / n,
        "line_breaks": text.count("\n") / len(sents),
    }


def char_ngrams(text: str, n: int = CHAR_N) -> Counter[str]:
    """Character n-grams over lower-case text without links: spelling, punctuation and word habits."""
    clean = " " + re.sub(r"\s+", " ", URL.sub(" ", text.lower())).strip() + " "
    return Counter(clean[i : i + n] for i in range(len(clean) - n + 1))


def jargon_found(text: str) -> list[str]:
    return [m.group(0) for m in _JARGON_PATTERN.finditer(text)]
