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
from assistant.errors import InvalidInput

PRAISE = re.compile(r"\b(love|thanks|thank you|great|amazing|awesome|congrats|bravo|merci|génial|super)\b", re.I)

REPLIES = {
    "en": {
        "complaint": [
            "I'm sorry, that's not good enough.",
            "Thank you for telling us, and sorry for the trouble.",
            "That shouldn't have happened.",
        ],
        "praise": [
            "Thank you, that means a lot.",
            "Thank you! I'll pass this on to the team.",
            "Made my day, thank you.",
        ],
        "question": ["Good question.", "Thanks for asking.", "Fair question."],
        "other": ["Thanks for this.", "Appreciate you writing.", "Thank you for the note."],
        "follow": [
            "Send us a DM and we'll sort it out.",
            "I've asked the team to look into it today.",
            "Can you DM the details so we can follow up?",
        ],
    },
    "fr": {
        "complaint": [
            "Désolée, ce n'est pas acceptable.",
            "Merci de nous l'avoir dit, et désolée pour le souci.",
            "Ça n'aurait pas dû arriver.",
        ],
        "praise": ["Merci, ça me touche.", "Merci ! Je transmets à l'équipe.", "Merci, vous faites ma journée."],
        "question": ["Bonne question.", "Merci de demander.", "Question légitime."],
        "other": ["Merci pour ce message.", "Merci d'avoir écrit.", "Merci pour le mot."],
        "follow": [
            "Écrivez-nous en message privé et on règle ça.",
            "J'ai demandé à l'équipe de regarder aujourd'hui.",
            "Pouvez-vous nous envoyer les détails en privé ?",
        ],
    },
}


def reply_offline(mention: str, author: str, profile: VoiceProfile | None = None, notes: str = "") -> DraftResult:
    """Three reply drafts; the delegate's notes (their own words) are added as written."""
    started = time.perf_counter()
    if not mention.strip():
        raise InvalidInput("The mention is empty: there is nothing to reply to.")
    profile = profile or VoiceProfile()
    language = language_of(mention) if len(mention.split()) >= 4 else profile.main_language
    phrases = REPLIES[language]
    kind = (
        "complaint"
        if COMPLAINT.search(mention)
        else "praise"
        if PRAISE.search(mention)
        else "question"
        if "?" in mention
        else "other"
    )
    own, _ = strip_instructions(notes)
    own = plain_words(own, profile.rules.never_words, language)
    drafts = []
    for variant in range(3):
        parts = [phrases[kind][variant], own or (phrases["follow"][variant] if kind != "praise" else "")]
        text = " ".join(p for p in (*parts, profile.sign_off) if p)
        text = truncate_words(text, lambda t: x_weighted_length(t) <= X_LIMIT)
        drafts.append(Draft(text=text, platform="x", angle=kind, fidelity=voice_fidelity(text, profile)))
    record = GenerationRecord(
        provider=PROVIDER,
        model=MODEL,
        prompt_name="offline_reply_mention",
        prompt_version=1,
        latency_ms=round((time.perf_counter() - started) * 1000, 3),
        structured_output="offline",
    )
    return DraftResult(drafts=drafts, record=record)
