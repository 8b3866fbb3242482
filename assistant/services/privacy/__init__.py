"""Personal data of mention authors (GDPR): export, erasure, and how long mention text is kept."""

from assistant.services.privacy.personal import (
    ERASED_HANDLE,
    ERASED_TEXT,
    Erasure,
    author_key,
    erase_author_data,
    erase_author_everywhere,
    export_author_data,
    export_author_everywhere,
)
from assistant.services.privacy.retention import EXPIRED_TEXT, RetentionPass, apply_retention

__all__ = [
    "ERASED_HANDLE",
    "ERASED_TEXT",
    "EXPIRED_TEXT",
    "Erasure",
    "RetentionPass",
    "apply_retention",
    "author_key",
    "erase_author_data",
    "erase_author_everywhere",
    "export_author_data",
    "export_author_everywhere",
]
