"""The one small error tree of the product.

Every message names the thing and says what to do about it, so pages and the command
line can show it as is.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the product raises on purpose."""


class NotFound(AssistantError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class PermissionDenied(AssistantError):
    """The acting member's roles do not allow this action."""


class InvalidTransition(AssistantError):
    """A workflow step that is not allowed from the current state."""


class InvalidInput(AssistantError):
    """Input that cannot be accepted as given."""


class Conflict(AssistantError):
    """Someone else got there first (a claim, a concurrent edit)."""


class StorageUnavailable(AssistantError):
    """The database is locked by another writer for too long, or cannot be reached; nothing was saved."""


class ExternalServiceError(AssistantError):
    """X, the LLM provider or another outside service failed; the work is kept and can be retried."""

    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class RateLimited(ExternalServiceError):
    """The outside service asked us to wait (HTTP 429)."""
