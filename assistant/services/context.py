"""Who is acting, and the permission gate every service passes through."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from assistant.domain.roles import PERMISSIONS, Action, Role, allowed
from assistant.errors import PermissionDenied
from assistant.storage.db import Database
from assistant.storage.models import Member, MemberRole


@dataclass(frozen=True)
class Actor:
    member_id: int
    workspace_id: int
    email: str
    display_name: str
    roles: frozenset[Role]

    @property
    def label(self) -> str:
        return f"{self.display_name} <{self.email}>"

    def can(self, action: Action) -> bool:
        return allowed(self.roles, action)


F = TypeVar("F", bound=Callable[..., Any])

# Every guarded service function, by action: the permission-matrix test walks this.
GUARDED: dict[str, tuple[Action, Callable[..., Any]]] = {}


def current_roles(db: Database, member_id: int) -> frozenset[Role] | None:
    """The member's roles as stored now (None when the member is gone or deactivated)."""
    with db.reading() as session:
        member = session.get(Member, member_id)
        if member is None or not member.active:
            return None
        rows = session.scalars(select(MemberRole.role).where(MemberRole.member_id == member_id))
        return frozenset(Role(r) for r in rows)


def ensure_allowed(db: Database, actor: Actor, action: Action) -> None:
    roles = current_roles(db, actor.member_id)
    if roles is None:
        raise PermissionDenied(f"{actor.email} is no longer an active member; sign in again or ask an admin")
    if not allowed(roles, action):
        who = " or ".join(sorted(r.value for r in PERMISSIONS[action]))
        raise PermissionDenied(
            f"{actor.email} may not {action.value.replace('_', ' ')}: that needs the role {who}; ask an admin to add it"
        )


def requires(action: Action) -> Callable[[F], F]:
    """Guard a service `fn(db, actor, ...)`: roles are re-read from the database on every call,
    so a role removed a second ago already counts, whatever the UI still shows."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(db: Database, actor: Actor, *args: Any, **kwargs: Any) -> Any:
            ensure_allowed(db, actor, action)
            return fn(db, actor, *args, **kwargs)

        guarded.action = action  # type: ignore[attr-defined]
        GUARDED[f"{fn.__module__}.{fn.__name__}"] = (action, guarded)
        return guarded  # type: ignore[return-value]

    return decorate
