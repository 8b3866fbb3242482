"""Voice fidelity: an offline 0..1 score of how close a text is to the executive's real posts.

Three signals, each in 0..1: character trigram similarity (spelling, punctuation and
word habits), function-word similarity (the unconscious part of style) and closeness of
stylometric rates (sentence length, pronouns, jargon, emoji...) to the executive's own
spread. Weights were set on benchmarks/bench_voice_fidelity.py (see docs/drafting.md).
"""

from __future__ import annotations

import math
from collections import Counter

from assistant.drafting.stylometry import FEATURES, char_ngrams, style_features
from assistant.drafting.text import STOPWORDS, language_of, words
from assistant.drafting.voice import VoiceProfile

WEIGHTS = {"char": 0.30, "function_words": 0.10, "style": 0.60}
NEVER_WORD_PENALTY = 0.6
# Floors for the per-feature spread: a habit the executive never varies must not make
# one small difference look enormous.
STD_FLOOR = {
    "sentence_words": 3.0,
    "word_chars": 0.3,
    "emoji": 0.5,
    "hashtags": 0.5,
    "exclamations": 0.2,
    "questions": 0.2,
    "line_breaks": 0.3,
}
DEFAULT_FLOOR = 0.02
FUNCTION_WORDS = STOPWORDS


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def fidelity_breakdown(text: str, profile: VoiceProfile, language: str | None = None) -> dict[str, float]:
    """Each signal and the combined score, for display and for tuning.

    For an executive who posts in several languages, a text is compared with their posts in
    its own language (`language`, else the one detected): French habits for a French draft.
    """
    if profile.by_language:
        profile = profile.for_language(language or language_of(text, profile.main_language))
    if not profile.post_count or not text.strip():
        return {"char": 0.0, "function_words": 0.0, "style": 0.0, "penalty": 1.0, "score": 0.0}
    grams = {g: float(c) for g, c in char_ngrams(text).items()}
    char_sim = _cosine(grams, profile.char_ngrams)
    fw_text = {w: float(c) for w, c in Counter(w for w in words(text) if w in FUNCTION_WORDS).items()}
    fw_profile = {w: f for w, f in profile.word_freq.items() if w in FUNCTION_WORDS}
    fw_sim = _cosine(fw_text, fw_profile)
    features = style_features(text)
    closeness = []
    for key in FEATURES:
        spread = max(profile.style_std.get(key, 0.0), STD_FLOOR.get(key, DEFAULT_FLOOR))
        z = abs(features[key] - profile.style_mean.get(key, 0.0)) / spread
        closeness.append(math.exp(-0.5 * z * z))
    style_sim = sum(closeness) / len(closeness)
    lowered = f" {' '.join(words(text))} "
    penalty = 1.0
    for word in profile.rules.never_words:
        if f" {word.lower().strip()} " in lowered:
            penalty *= NEVER_WORD_PENALTY
    score = (WEIGHTS["char"] * char_sim + WEIGHTS["function_words"] * fw_sim + WEIGHTS["style"] * style_sim) * penalty
    return {
        "char": round(char_sim, 4),
        "function_words": round(fw_sim, 4),
        "style": round(style_sim, 4),
        "penalty": penalty,
        "score": round(min(max(score, 0.0), 1.0), 4),
    }


def voice_fidelity(text: str, profile: VoiceProfile, language: str | None = None) -> float:
    """0 (nothing like the executive) .. 1 (indistinguishable); 0 without a learned profile."""
    return fidelity_breakdown(text, profile, language)["score"]
