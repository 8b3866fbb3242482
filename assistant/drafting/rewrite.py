"""Offline rewrite actions: shorter, warmer, more direct, less jargon.

Deterministic edits of the executive's own text; translation needs a language model,
so offline it says so instead of producing a word-for-word imitation.
"""

from __future__ import annotations

import re
import time

from assistant.drafting.fidelity import voice_fidelity
from assistant.drafting.lexicon import FILLERS, HEDGES_EN, HEDGES_FR
from assistant.drafting.offline import MODEL, PROVIDER, plain_words
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.text import LINKEDIN_LIMIT, X_LIMIT, language_of, sentences, truncate_words, x_weighted_length
from assistant.drafting.voice import VoiceProfile
from assistant.errors import InvalidInput

# action -> instruction given to a language model (prompts/rewrite.md `action`).
ACTIONS = {
    "shorter": "make it about half as long; keep the main point and the executive's tone",
    "warmer": "make it warmer and more human: thank people, show you care, no gushing",
    "more_direct": "make it more direct: lead with the point, cut hedges and filler",
    "less_jargon": "replace corporate jargon and buzzwords with plain, concrete words",
    "translate_fr": "translate it into natural French as the executive would write it (not word for word)",
    "translate_en": "translate it into natural English as the executive would write it (not word for word)",
}
COLD = {
    "please be advised that": "just so you know,",
    "we regret to inform you that": "I'm sorry to say",
    "kindly": "please",
    "we apologize for any inconvenience": "I'm sorry for the trouble",
    "dear customers": "hi everyone",
}
THANKS = {"en": "Thank you, truly.", "fr": "Merci, sincèrement."}
WARM_WORDS = re.compile(r"\b(thank|thanks|grateful|merci)\b", re.IGNORECASE)


def _capitalise(text: str) -> str:
    # Edits can expose a lower-case sentence start.
    return re.sub(r"(^|[.!?]\s+)([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), text.strip())


def _without(text: str, phrases: tuple[str, ...]) -> str:
    for phrase in phrases:
        text = re.sub(rf"\b{re.escape(phrase.strip())}\s*", "", text, flags=re.IGNORECASE)
    return _capitalise(text)


def _fit(text: str, platform: str) -> str:
    if platform == "x":
        return truncate_words(text, lambda t: x_weighted_length(t) <= X_LIMIT)
    return truncate_words(text, lambda t: len(t) <= LINKEDIN_LIMIT)


def _shorter(text: str) -> str:
    text = _without(text, FILLERS + HEDGES_EN + HEDGES_FR)
    parts = sentences(text)
    if len(parts) <= 1:
        return truncate_words(text, lambda t: len(t) <= max(40, len(text) * 0.6))
    kept, budget = [parts[0]], len(text) * 0.6
    # Keep the first sentence, then the ones carrying figures or questions, within budget.
    for part in sorted(parts[1:], key=lambda p: -(any(c.isdigit() for c in p) or p.endswith("?"))):
        if sum(map(len, kept)) + len(part) <= budget:
            kept.append(part)
    return " ".join(p for p in parts if p in kept)


def _warmer(text: str, language: str, profile: VoiceProfile) -> str:
    for cold, warm in COLD.items():
        text = _capitalise(re.sub(re.escape(cold), warm, text, flags=re.IGNORECASE))
    if not WARM_WORDS.search(text):
        text = f"{text.rstrip()} {THANKS[language]}"
    if profile.top_emojis and profile.emoji_share >= 0.1 and profile.top_emojis[0] not in text:
        text = f"{text} {profile.top_emojis[0]}"
    return text


def rewrite_offline(text: str, action: str, platform: str, profile: VoiceProfile | None = None) -> DraftResult:
    """One rewritten draft; the input is never modified, errors name the action to use instead."""
    started = time.perf_counter()
    if action not in ACTIONS:
        raise InvalidInput(f"Rewrite action '{action}' is unknown; use one of {', '.join(ACTIONS)}.")
    if not text.strip():
        raise InvalidInput("There is no text to rewrite yet.")
    if action.startswith("translate"):
        raise InvalidInput(
            "Translation needs a language model: connect one in Settings (OpenAI or a local server). "
            "Your text is unchanged."
        )
    profile = profile or VoiceProfile()
    language = language_of(text)
    if action == "shorter":
        result = _shorter(text)
    elif action == "warmer":
        result = _warmer(text, language, profile)
    elif action == "more_direct":
        result = _without(text, HEDGES_EN + HEDGES_FR + FILLERS)
    else:
        result = plain_words(text, profile.rules.never_words, language)
    result = _fit(result, platform)
    record = GenerationRecord(
        provider=PROVIDER,
        model=MODEL,
        prompt_name=f"offline_rewrite_{action}",
        prompt_version=1,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        structured_output="offline",
    )
    draft = Draft(text=result, platform=platform, angle=action, fidelity=voice_fidelity(result, profile))
    return DraftResult(drafts=[draft], record=record)
