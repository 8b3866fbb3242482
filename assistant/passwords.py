"""Password hashing with argon2 (the embedded sign-in)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import InvalidInput
from assistant.i18n import _

_hasher = PasswordHasher()
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(_("a password needs at least {count} characters; choose a longer one", count=MIN_LENGTH))
    return _hasher.hash(password)


@cache
def _stand_in_hash() -> str:
    """A hash of a random password, made once with the same parameters as every member's: checking a password
    against it costs what a real check costs, and nothing matches it."""
    return _hasher.hash(secrets.token_urlsafe(32))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches; without a stored hash (unknown e-mail, no password yet) it still runs one
    argon2 verify against a stand-in, so the answer takes as long as for a member (no timing tells who exists)."""
    try:
        if not stored_hash:
            _hasher.verify(_stand_in_hash(), password)
            return False
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
