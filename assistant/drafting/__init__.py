"""Drafting in the executive's voice: voice profile, offline and LLM drafters, fidelity, authorship."""

from assistant.drafting.authorship import Authorship, authorship_for, edited_share
from assistant.drafting.drafter import Drafter, DraftStream, LLMDrafter, OfflineDrafter
from assistant.drafting.fidelity import fidelity_breakdown, voice_fidelity
from assistant.drafting.readers import READERS, ReadersReview, ReaderVerdict, review_readers
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.rewrite import ACTIONS
from assistant.drafting.voice import VoiceProfile, VoiceRules, learn_voice

__all__ = [
    "ACTIONS",
    "READERS",
    "Authorship",
    "Draft",
    "DraftResult",
    "DraftStream",
    "Drafter",
    "GenerationRecord",
    "LLMDrafter",
    "OfflineDrafter",
    "ReaderVerdict",
    "ReadersReview",
    "VoiceProfile",
    "VoiceRules",
    "authorship_for",
    "edited_share",
    "fidelity_breakdown",
    "learn_voice",
    "review_readers",
    "voice_fidelity",
]
