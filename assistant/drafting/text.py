"""Small text helpers shared by the voice profile, the drafter and the fidelity score."""

from __future__ import annotations

import re
import unicodedata

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


# Small stop-word lists: stylometry leans on function words, topics on the rest.
STOPWORDS_EN = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just let me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves i'm it's we're don't can't won't i've we've that's there's isn't didn't""".split()
)
STOPWORDS_FR = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi
    mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
    votre vous c d j l m n s t y été être avoir est sont ai as avons ont fait faire cette cet comme plus très
    bien aussi tout tous toute toutes""".split()
)


def language_of(text: str) -> str:
    """'fr' or 'en' by stop-word vote ('en' when unsure): enough to pick a drafting language."""
    tokens = words(text)
    fr = sum(t in STOPWORDS_FR for t in tokens)
    en = sum(t in STOPWORDS_EN for t in tokens)
    return "fr" if fr > en else "en"


# Frequent but empty words that make poor topics.
GENERIC = frozenset(
    """one two three first last every still also much many new now today year years time week day get got
    make made like know want need going thing things way back well good great really even people""".split()
)


def content_words(text: str) -> list[str]:
    return [
        w for w in words(text) if len(w) > 2 and w not in STOPWORDS_EN and w not in STOPWORDS_FR and w not in GENERIC
    ]
