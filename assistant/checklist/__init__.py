"""Pre-publish checklist: a pure, deterministic, offline engine (stdlib only).

from assistant.checklist import check_text
from assistant.checklist.loader import load_config   # reads the data files once
result = check_text(text, "x", load_config(), at=publish_time)
"""

from assistant.checklist.config import AttestedItem, BlackoutWindow, ChecklistConfig, RuleSpec
from assistant.checklist.engine import check_text
from assistant.checklist.model import CATEGORIES, PLATFORMS, CheckResult, Finding, LengthInfo, verdict_of
from assistant.checklist.xlength import weighted_length
from assistant.domain.limits import MAX_CHECK_CHARS, MAX_POST_CHARS, MAX_REPLY_CHARS

__all__ = [
    "CATEGORIES",
    "MAX_CHECK_CHARS",
    "MAX_POST_CHARS",
    "MAX_REPLY_CHARS",
    "PLATFORMS",
    "AttestedItem",
    "BlackoutWindow",
    "CheckResult",
    "ChecklistConfig",
    "Finding",
    "LengthInfo",
    "RuleSpec",
    "check_text",
    "verdict_of",
    "weighted_length",
]
