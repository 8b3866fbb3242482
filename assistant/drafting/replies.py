"""Offline reply drafts for delegates: short, courteous, never echoing the mention.

The mention is someone else's text, so nothing of it is copied into the reply (that is
where injected instructions would hide); only its tone is read.
"""

from __future__ import annotations

import re
import time

from assistant.domain.delegation import COMPLAINT
from assistant.drafting.fidelity import voice_fidelity
from assistant.drafting.guard import strip_instructions
from assistant.drafting.offline import MODEL, PROVIDER, plain_words
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.text import X_LIMIT, language_of, truncate_words, x_weighted_length
from assistant.drafting.voice import VoiceProfile
from assistant.drafting.wording import all_wordings, supported, word_pattern, wording
from assistant.errors import InvalidInput
from assistant.i18n import _

# Reply openers and the words that tell praise or a complaint, per language: data/<language>.json.
REPLIES = {code: w.replies for code, w in all_wordings().items()}


def _any_word(get) -> re.Pattern[str]:
    found = sorted({x for w in all_wordings().values() for x in get(w)}, key=len, reverse=True)
    return re.compile("|".join(word_pattern(x) for x in found) or r"(?!)", re.IGNORECASE)


# The mention's language is not always clear, so every language's words are looked for.
PRAISE = _any_word(lambda w: w.praise_words)
COMPLAINT_WORDS = _any_word(lambda w: w.complaint_words)


def reply_offline(
    mention: str, author: str, profile: VoiceProfile | None = None, notes: str = "", language: str | None = None
) -> DraftResult:
    """Three reply drafts; the delegate's notes (their own words) are added as written."""
    started = time.perf_counter()
    if not mention.strip():
        raise InvalidInput(_("The mention is empty: there is nothing to reply to."))
    profile = profile or VoiceProfile()
    # Answer in the mention's language; the executive's usual one when the mention is too short to tell.
    language = supported(language) or (
        language_of(mention, profile.main_language) if len(mention.split()) >= 4 else profile.main_language
    )
    phrases = wording(language).replies
    voice = profile.for_language(language)
    kind = (
        "complaint"
        if COMPLAINT.search(mention) or COMPLAINT_WORDS.search(mention)
        else "praise"
        if PRAISE.search(mention)
        else "question"
        if "?" in mention
        else "other"
    )
    own, _removed = strip_instructions(notes)
    own = plain_words(own, profile.rules.never_words, language)
    drafts = []
    for variant in range(3):
        parts = [phrases[kind][variant], own or (phrases["follow"][variant] if kind != "praise" else "")]
        text = " ".join(p for p in (*parts, voice.sign_off) if p)
        text = truncate_words(text, lambda t: x_weighted_length(t) <= X_LIMIT)
        fidelity = voice_fidelity(text, profile, language)
        drafts.append(Draft(text=text, platform="x", angle=kind, fidelity=fidelity))
    record = GenerationRecord(
        provider=PROVIDER,
        model=MODEL,
        prompt_name="offline_reply_mention",
        prompt_version=1,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        structured_output="offline",
    )
    return DraftResult(drafts=drafts, record=record)
