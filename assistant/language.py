"""Which language a text is written in: offline, with Lingua's model (shipped in its wheel).

Used by the checklist (which rules run), drafting (which language to write in) and the voice
profile (habits per language). Lingua's low-accuracy mode is measured on short posts in
benchmarks/results/checklist_speed.md; a text too short or too mixed to tell gives no single
language, and callers then run every language they know.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

from lingua import IsoCode639_1, LanguageDetectorBuilder

# A language wins only with at least this confidence; below it the text counts as mixed.
SURE = 0.99  # single-language posts score above 0.999 nearly always (measured on both corpora)
LIKELY = 0.75  # enough to pick a language to write in, not to skip another's rules
MIN_LETTERS = 12  # shorter texts ("ok", "Merci !") carry too little to tell
# Lingua reads at most this many characters of a long text (its cost grows with the length);
# the checklist looks for a second language in the rest with each language's function words.
WINDOW = 100


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    isos = [IsoCode639_1.from_str(code) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_low_accuracy_mode().build()


def _too_short(text: str) -> bool:
    """Fewer than MIN_LETTERS letters (stops counting at MIN_LETTERS: cheap on long texts)."""
    return next(islice((ch for ch in text if ch.isalpha()), MIN_LETTERS - 1, None), None) is None


def _top(text: str, languages: tuple[str, ...], window: int | None = None) -> tuple[str, float] | None:
    """The most likely language of `text` and the detector's confidence in it; None when the text says
    too little. With `window`, only that many characters are read (ending on a word)."""
    if _too_short(text):
        return None
    if window is not None and len(text) > window:
        cut = text.rfind(" ", window // 2, window)
        text = text[: cut if cut > 0 else window]
    values = _detector(languages).compute_language_confidence_values(text)
    if not values:
        return None
    return values[0].language.iso_code_639_1.name.lower(), values[0].value


def detect(text: str, languages: tuple[str, ...] = ("en", "fr")) -> str | None:
    """The language of `text` among `languages` when the detector is sure, else None."""
    if len(languages) == 1:
        return languages[0]
    top = _top(text, languages)
    return top[0] if top is not None and top[1] >= SURE else None


def language_of(text: str, default: str = "en", languages: tuple[str, ...] = ("en", "fr")) -> str:
    """The most likely language of `text`, `default` when the text says too little."""
    if len(languages) == 1:
        return default
    top = _top(text, languages)
    return top[0] if top is not None and top[1] >= LIKELY else default


def reading(text: str, languages: tuple[str, ...], default: str) -> tuple[str, tuple[str, ...]]:
    """One detector call for the checklist: (the text's main language, the languages whose rules run).

    The main language words the messages (`default` when the text says too little); every
    language runs when the detector is not sure, so a mixed text is read by both rule sets.
    """
    if len(languages) == 1:
        return languages[0], languages
    top = _top(text, languages, WINDOW)
    if top is None:
        return default, languages
    code, confidence = top
    if confidence >= SURE:
        return code, (code,)
    return (code if confidence >= LIKELY else default), languages
