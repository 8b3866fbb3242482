"""Who is acting, the permission gate every service passes through, and the one workspace-scoped lookup.

Keeping workspaces apart is checked in one place: `in_workspace` is how every service gets a
row by id, and a row of another workspace is `NotFound`, exactly like a row that does not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.domain.roles import PERMISSIONS, Action, Role, action_word, allowed, role_word
from assistant.errors import NotFound, PermissionDenied
from assistant.i18n import N_, _
from assistant.storage.db import Database
from assistant.storage.models import Executive, Member, MemberRole, Mention, Post, Reply, SavedReply


@dataclass(frozen=True)
class Actor:
    member_id: int
    workspace_id: int
    email: str
    display_name: str
    roles: frozenset[Role]
    # The member_sessions row this browser signed in with (None for OIDC, the CLI and tests): a password
    # change keeps it and revokes the member's other sessions.
    session_id: int | None = field(default=None, compare=False)
    # The member's chosen interface language, None to follow the browser (see assistant.i18n).
    language: str | None = field(default=None, compare=False)

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
        raise PermissionDenied(
            _("{email} is no longer an active member; sign in again or ask an admin", email=actor.email)
        )
    if not allowed(roles, action):
        who = _(" or ").join(sorted(role_word(r) for r in PERMISSIONS[action]))
        raise PermissionDenied(
            _(
                "{email} may not {action}: that needs the role {roles}; ask an admin to add it",
                email=actor.email,
                action=action_word(action),
                roles=who,
            )
        )


def capability(module: str) -> str:
    """`assistant.services.posts.review` -> `assistant.services.posts`: services are named by capability."""
    return ".".join(module.split(".")[:3])


def requires(action: Action) -> Callable[[F], F]:
    """Guard a service `fn(db, actor, ...)`: roles are re-read from the database on every call,
    so a role removed a second ago already counts, whatever the UI still shows."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(db: Database, actor: Actor, *args: Any, **kwargs: Any) -> Any:
            ensure_allowed(db, actor, action)
            return fn(db, actor, *args, **kwargs)

        guarded.action = action  # type: ignore[attr-defined]
        GUARDED[f"{capability(fn.__module__)}.{fn.__name__}"] = (action, guarded)
        return guarded  # type: ignore[return-value]

    return decorate


M = TypeVar("M", Executive, Member, Mention, Post, Reply)
# What each kind of row is called in messages, and how it belongs to a workspace (a reply: through its mention).
_SCOPE: dict[type, tuple[str, Any]] = {
    Executive: ("executive", Executive.workspace_id),
    Member: ("member", Member.workspace_id),
    Mention: ("mention", Mention.workspace_id),
    Post: ("post", Post.workspace_id),
    Reply: ("reply", Mention.workspace_id),
    SavedReply: ("saved reply", SavedReply.workspace_id),
}
# One sentence per kind: other languages give each noun its gender ('aucune publication', 'aucun dirigeant').
_NOT_FOUND = {
    "executive": N_("no executive {id} in this workspace"),
    "member": N_("no member {id} in this workspace"),
    "mention": N_("no mention {id} in this workspace"),
    "post": N_("no post {id} in this workspace"),
    "reply": N_("no reply {id} in this workspace"),
    "saved reply": N_("no saved reply {id} in this workspace"),
}


def in_workspace(session: Session, actor: Actor, model: type[M], entity_id: int, *, lock: bool = False) -> M:
    """The row `entity_id` of `model` in the actor's workspace, or NotFound ("no post 7 in this workspace").
    `lock` takes a row lock (SELECT ... FOR UPDATE) for a change that must not race."""
    name, workspace_column = _SCOPE[model]
    query = select(model).where(model.id == entity_id, workspace_column == actor.workspace_id)
    if model is Reply:
        query = query.join(Mention, Mention.id == Reply.mention_id)
    row = session.scalar(query.with_for_update(of=model) if lock else query)
    if row is None:
        raise NotFound(_(_NOT_FOUND.get(name, N_("no {name} {id} in this workspace")), name=name, id=entity_id))
    return row
