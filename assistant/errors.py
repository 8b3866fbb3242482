"""The one small error tree of the product.

Every message names the thing and says what to do about it, so pages and the command
line can show it as is.

    AssistantError
     +-- NotFound                 no such thing in this workspace
     +-- PermissionDenied         the member's roles do not allow it
     +-- InvalidTransition        not allowed in the current state (a published post edited, ...)
     +-- InvalidInput             cannot be accepted as given (empty text, unknown time zone, ...)
     +-- Conflict                 someone else got there first (a claim, a concurrent send)
     +-- StorageUnavailable       the database is busy or unreachable; nothing was saved
     +-- ExternalServiceError     X or the model failed; the work is kept (retryable or not)
          +-- RateLimited         asked to wait (HTTP 429), with the time to wait
          +-- XAuthError          X refused the credentials (401/403)
          +-- ReplyNotAllowed     X refused a reply (restricted conversation, post gone)
          +-- DuplicatePost       X refused a text the account already posted
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


class XAuthError(ExternalServiceError):
    """X refused the configured credentials (401/403); retrying will not help."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


class ReplyNotAllowed(ExternalServiceError):
    """X refused a reply (author restricted replies, or the post is gone); the text is kept."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


class DuplicatePost(ExternalServiceError):
    """X refused the text because the account already posted exactly the same text."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)
