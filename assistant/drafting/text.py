"""Small text helpers shared by the voice profile, the drafter and the fidelity score."""

from __future__ import annotations

import re
import unicodedata

from assistant.drafting.wording import DEFAULT_LANGUAGE, all_wordings, language_for, union, wording

URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# Emoji and pictographs, without digits or '#', which also carry the Emoji property.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d]+", re.UNICODE)

X_LIMIT = 280
LINKEDIN_LIMIT = 3000
LINKEDIN_FOLD = 210
X_URL_WEIGHT = 23
# twitter-text v3: these code point ranges weigh 1, everything else 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def x_weighted_length(text: str) -> int:
    """X's weighted length (twitter-text v3), never under the real count.

    Links count 23. Emoji sequences are counted per code point, which can only over-count,
    so a draft this function accepts always fits on X. The checklist has the exact counter.
    """
    text = unicodedata.normalize("NFC", text)
    total = 0
    for part in URL.split(text):
        for char in part:
            if char in "\u200d\ufe0f":
                continue
            code = ord(char)
            total += 1 if any(lo <= code <= hi for lo, hi in _LIGHT_RANGES) else 2
    return total + X_URL_WEIGHT * len(URL.findall(text))


def words(text: str) -> list[str]:
    """Lower-case words, without links, @mentions or #hashtags."""
    text = MENTION.sub(" ", HASHTAG.sub(" ", URL.sub(" ", text)))
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def emojis(text: str) -> list[str]:
    return [e for e in EMOJI.findall(text) if e not in ("\ufe0f", "\u200d")]


def hashtags(text: str) -> list[str]:
    return ["#" + h for h in HASHTAG.findall(text)]


def truncate_words(text: str, fits) -> str:
    """Shorten at a word boundary with an ellipsis until `fits(text)` holds."""
    if fits(text):
        return text
    cut = text
    while cut and not fits(cut.rstrip(" ,;:-") + "…"):
        cut = cut[: cut.rstrip().rfind(" ")] if " " in cut.strip() else cut[:-1]
    return cut.rstrip(" ,;:-") + "…"


# Small stop-word lists (per language, in data/<language>.json): stylometry leans on function
# words, topics on the rest.
STOPWORDS_EN = wording("en").stopwords
STOPWORDS_FR = wording("fr").stopwords
STOPWORDS = union(lambda w: w.stopwords)


def _stopword_vote(tokens: list[str]) -> str:
    counts = {code: sum(t in w.stopwords for t in tokens) for code, w in all_wordings().items()}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts.get(DEFAULT_LANGUAGE, 0) else DEFAULT_LANGUAGE


def language_of(text: str, default: str | None = None) -> str:
    """The language a text is written in, among those with wording ('en' when unsure).

    Lingua decides when it is fairly sure; otherwise `default` when given (the executive's
    usual language), else a stop-word vote, which still tells "Merci à tous" from "Thanks all".
    """
    return language_for(text, default or _stopword_vote(words(text)))


# Frequent but empty words that make poor topics.
GENERIC = frozenset(
    """one two three first last every still also much many new now today year years time week day get got
    make made like know want need going thing things way back well good great really even people""".split()
)


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 2 and w not in STOPWORDS and w not in GENERIC]
