"""Browser sessions of local accounts: a token in an HttpOnly cookie, so a refresh or a bookmark stays signed in.

Streamlit cannot set a cookie from a script run, so signing in takes two steps:
1. the sign-in form checks the password (`sign_in`, with its lockout) and calls `start_session`, which stores a
   session whose only credential so far is a one-time code (single use, `CODE_TTL`);
2. the browser is sent to the wrapper's `/session/start?code=…` route, where `exchange_code` swaps the code for
   the session token that goes into the cookie.

Tokens and codes are 256-bit random strings; only their SHA-256 lives in `member_sessions`, and every request
looks the token up there, which is what makes it revocable (a signature alone could not be taken back).
A session ends after `IDLE_LIMIT` without use, `LIFETIME` after it started, at sign-out, when the member changes
their password or asks to sign out elsewhere (their other sessions), or is deactivated (all of them).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.services.context import Actor
from assistant.storage.db import Database
from assistant.storage.models import Member, MemberSession

COOKIE_NAME = "assistant_session"
IDLE_LIMIT = timedelta(hours=8)
LIFETIME = timedelta(days=7)
CODE_TTL = timedelta(seconds=60)
# last_seen_at is written at most this often: a page run is not worth a write each time.
TOUCH_EVERY = timedelta(minutes=1)
FORGET_AFTER = timedelta(days=1)
_SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class SessionStart:
    session_id: int
    code: str  # for the /session/start link only; never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def well_formed(secret: str | None) -> bool:
    """A token or code has exactly the shape we issue; anything else is refused before any lookup."""
    return isinstance(secret, str) and _SECRET_FORMAT.fullmatch(secret) is not None


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a path of this app only (no scheme, host or `//`: no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    if any(ord(c) < 33 or ord(c) == 127 for c in path):  # spaces, newlines, control characters
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _as_actor(member: Member, session_id: int) -> Actor:
    roles = frozenset(Role(r.role) for r in member.role_rows)
    return Actor(
        member.id,
        member.workspace_id,
        member.email,
        member.display_name,
        roles,
        session_id=session_id,
        language=member.language,
    )


def start_session(
    db: Database, actor: Actor, *, user_agent: str | None = None, now: datetime | None = None
) -> SessionStart:
    """A new session for a member whose password was just checked; its cookie comes from `exchange_code`."""
    now = now or utcnow()
    code = secrets.token_urlsafe(32)
    with db.writing() as session:
        # Housekeeping: the member's sessions that ended more than a day ago are of no use any more.
        session.execute(
            delete(MemberSession).where(
                MemberSession.member_id == actor.member_id,
                or_(MemberSession.expires_at < now - FORGET_AFTER, MemberSession.revoked_at < now - FORGET_AFTER),
            )
        )
        row = MemberSession(
            member_id=actor.member_id,
            code_hash=_digest(code),
            code_expires_at=now + CODE_TTL,
            user_agent=(user_agent or "")[:300] or None,
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
        )
        session.add(row)
        session.flush()
        return SessionStart(row.id, code)


def exchange_code(db: Database, code: str | None, *, now: datetime | None = None) -> str | None:
    """The session token for a fresh one-time code, or None (malformed, unknown, used, expired or revoked)."""
    if not well_formed(code):
        return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with db.writing() as session:
        # One conditional UPDATE: of two requests racing with the same code, only one gets a token.
        claimed = session.execute(
            update(MemberSession)
            .where(
                MemberSession.code_hash == _digest(code),
                MemberSession.code_expires_at > now,
                MemberSession.revoked_at.is_(None),
                MemberSession.expires_at > now,
            )
            .values(code_hash=None, code_expires_at=None, token_hash=_digest(token), last_seen_at=now)
            .returning(MemberSession.member_id)
        ).first()
        if claimed is None:
            return None
        member = session.get(Member, claimed.member_id)
        if member is None or not member.active:
            return None
    return token


def _live(db: Database, condition, now: datetime) -> Actor | None:
    """Read-only unless last_seen_at is due for a touch (a write lock on every page run would queue on SQLite)."""
    with db.reading() as session:
        row = session.scalars(select(MemberSession).where(condition)).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now or now - row.last_seen_at > IDLE_LIMIT:
            return None
        member = session.get(Member, row.member_id)
        if member is None or not member.active:
            return None
        actor, due = _as_actor(member, row.id), now - row.last_seen_at >= TOUCH_EVERY
    if due:
        with db.writing() as session:
            session.execute(
                update(MemberSession)
                .where(MemberSession.id == actor.session_id, MemberSession.last_seen_at < now)
                .values(last_seen_at=now)
            )
    return actor


def actor_for_token(db: Database, token: str | None, *, now: datetime | None = None) -> Actor | None:
    """The member behind a session cookie, or None when it is malformed, unknown, revoked, idle or too old."""
    if not well_formed(token):
        return None
    return _live(db, MemberSession.token_hash == _digest(token or ""), now or utcnow())


def actor_for_session(db: Database, session_id: int, *, now: datetime | None = None) -> Actor | None:
    """The same checks for the browser tab that signed in (it holds the session's id server-side)."""
    return _live(db, MemberSession.id == session_id, now or utcnow())


def end_session(
    db: Database, *, token: str | None = None, session_id: int | None = None, now: datetime | None = None
) -> None:
    """Sign-out: the session named by its cookie token and/or its id is revoked (unknown ones are ignored)."""
    now = now or utcnow()
    conditions = []
    if well_formed(token):
        conditions.append(MemberSession.token_hash == _digest(token or ""))
    if session_id is not None:
        conditions.append(MemberSession.id == session_id)
    if not conditions:
        return
    with db.writing() as session:
        for condition in conditions:
            session.execute(
                update(MemberSession).where(condition, MemberSession.revoked_at.is_(None)).values(revoked_at=now)
            )


def end_other_sessions(db: Database, actor: Actor, *, now: datetime | None = None) -> int:
    """ "Sign out everywhere else": the member's sessions other than the one acting end; how many ended.

    Needs no permission: it acts on the actor's own sessions only (like a password change)."""
    with db.writing() as session:
        return revoke_member_sessions(session, actor.member_id, keep=actor.session_id, now=now)


def revoke_member_sessions(
    session: Session, member_id: int, *, keep: int | None = None, now: datetime | None = None
) -> int:
    """Inside the caller's transaction: end the member's sessions (all, or all but `keep`); how many ended."""
    now = now or utcnow()
    statement = update(MemberSession).where(MemberSession.member_id == member_id, MemberSession.revoked_at.is_(None))
    if keep is not None:
        statement = statement.where(MemberSession.id != keep)
    return session.execute(statement.values(revoked_at=now)).rowcount or 0
