"""Offline rewrite actions: shorter, warmer, more direct, less jargon.

Deterministic edits of the executive's own text; translation needs a language model,
so offline it says so instead of producing a word-for-word imitation.
"""

from __future__ import annotations

import re
import time

from assistant.drafting.fidelity import voice_fidelity
from assistant.drafting.lexicon import FILLERS
from assistant.drafting.offline import MODEL, PROVIDER, plain_words, replace_words
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.text import LINKEDIN_LIMIT, X_LIMIT, language_of, sentences, truncate_words, x_weighted_length
from assistant.drafting.voice import VoiceProfile
from assistant.drafting.wording import all_wordings, supported, word_pattern, wording
from assistant.errors import InvalidInput
from assistant.i18n import _

# action -> instruction given to a language model (prompts/rewrite.md `action`).
ACTIONS = {
    "shorter": "make it about half as long; keep the main point and the executive's tone",
    "warmer": "make it warmer and more human: thank people, show you care, no gushing",
    "more_direct": "make it more direct: lead with the point, cut hedges and filler",
    "less_jargon": "replace corporate jargon and buzzwords with plain, concrete words",
    "translate_fr": "translate it into natural French as the executive would write it (not word for word)",
    "translate_en": "translate it into natural English as the executive would write it (not word for word)",
}
# Cold, warm, hedging and filler phrasings per language: data/<language>.json (wording.py).
COLD = wording("en").cold
THANKS = {code: w.thanks for code, w in all_wordings().items()}


def _capitalise(text: str) -> str:
    # Edits can expose a lower-case sentence start.
    return re.sub(r"(^|[.!?]\s+)([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), text.strip())


def _without(text: str, phrases: tuple[str, ...]) -> str:
    # Whole words only: dropping "just " must not turn "justice" into "ice".
    for phrase in sorted(phrases, key=len, reverse=True):
        text = re.sub(rf"{word_pattern(phrase)}\s*", "", text, flags=re.IGNORECASE)
    return _capitalise(text)


def _hedges(language: str) -> tuple[str, ...]:
    # The text's own language first; every language's fillers, as before, for mixed texts.
    return wording(language).hedges + FILLERS


def _fit(text: str, platform: str) -> str:
    if platform == "x":
        return truncate_words(text, lambda t: x_weighted_length(t) <= X_LIMIT)
    return truncate_words(text, lambda t: len(t) <= LINKEDIN_LIMIT)


def _shorter(text: str, language: str) -> str:
    text = _without(replace_words(text, wording(language).direct), _hedges(language))
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
    words = wording(language)
    text = _capitalise(replace_words(text, words.cold))
    warm = re.compile("|".join(word_pattern(w) for w in words.warm_words) or r"(?!)", re.IGNORECASE)
    if not warm.search(text):
        text = f"{text.rstrip()} {words.thanks}"
    if profile.top_emojis and profile.emoji_share >= 0.1 and profile.top_emojis[0] not in text:
        text = f"{text} {profile.top_emojis[0]}"
    return text


def rewrite_offline(
    text: str, action: str, platform: str, profile: VoiceProfile | None = None, language: str | None = None
) -> DraftResult:
    """One rewritten draft; the input is never modified, errors name the action to use instead."""
    started = time.perf_counter()
    if action not in ACTIONS:
        raise InvalidInput(
            _("Rewrite action '{action}' is unknown; use one of {choices}.", action=action, choices=", ".join(ACTIONS))
        )
    if not text.strip():
        raise InvalidInput(_("There is no text to rewrite yet."))
    if action.startswith("translate"):
        raise InvalidInput(
            _(
                "Translation needs a language model: connect one in Settings (OpenAI or a local server). "
                "Your text is unchanged."
            )
        )
    profile = profile or VoiceProfile()
    # The text stays in its own language: French edits for a French text.
    language = supported(language) or language_of(text, profile.main_language)
    if action == "shorter":
        result = _shorter(text, language)
    elif action == "warmer":
        result = _warmer(text, language, profile.for_language(language))
    elif action == "more_direct":
        result = _without(replace_words(text, wording(language).direct), _hedges(language))
    else:
        result = plain_words(text, profile.rules.never_words, language)
    result = re.sub(r"[ \t]{2,}", " ", result).strip()
    result = _fit(result, platform)
    record = GenerationRecord(
        provider=PROVIDER,
        model=MODEL,
        prompt_name=f"offline_rewrite_{action}",
        prompt_version=1,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        structured_output="offline",
    )
    draft = Draft(text=result, platform=platform, angle=action, fidelity=voice_fidelity(result, profile, language))
    return DraftResult(drafts=[draft], record=record)
