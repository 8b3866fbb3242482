"""The ports: what services need from a social network (`Platform`) and from a drafter (`Drafter`).

Services receive these, never a concrete adapter; `assistant.bootstrap` is the one place that
builds them from the settings. X (`assistant.x.XAccount`, or `DryRunX` without credentials) is the
first platform; another network implements the same Protocol and every capability (checklist,
review, exactly-once sending, inbox, response times) works on it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from assistant.drafting.drafter import Drafter
from assistant.x_types import X_LIMITS, PlatformLimits, SentPost, XPage, XPost, XUser

__all__ = ["Drafter", "Platform", "PlatformLimits", "X_LIMITS"]


class Platform(Protocol):
    """A network the executive speaks and listens on.

    publish:         post(text)                     -> the post as the network took it
    reply:           post(text, in_reply_to_id=id)
    read mentions:   mentions(user_id, since_id)    -> pages, newest first
    read own posts:  own_posts(user_id, since_id)   -> pages (answers made outside the app)
    reconcile:       find_own_post(user_id, text, since): did an earlier attempt go out?
    limits:          limits                         -> PlatformLimits
    """

    dry_run: bool
    can_read: bool
    can_post: bool
    limits: PlatformLimits

    def post(self, text: str, in_reply_to_id: str | None = None) -> SentPost: ...

    def find_own_post(self, user_id: str, text: str, since: datetime) -> XPost | None: ...

    def me(self) -> XUser: ...

    def user(self, username: str) -> XUser: ...

    def mentions(self, user_id: str, since_id: str | None = None, max_pages: int = 10) -> Iterable[XPage]: ...

    def own_posts(self, user_id: str, since_id: str | None = None, max_pages: int = 10) -> Iterable[XPage]: ...
