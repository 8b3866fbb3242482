"""Saved replies (snippets): a workspace's reusable reply texts, inserted into the reply editor.

Stored without any signature: submitting signs the reply once, whoever inserted the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.errors import Conflict, InvalidInput
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.storage.db import Database
from assistant.storage.models import SavedReply

MAX_TITLE = 80
MAX_TEXT = 280  # one X reply


@dataclass(frozen=True)
class SavedReplyView:
    id: int
    title: str
    text: str


@requires(Action.VIEW_MENTIONS)
def list_saved_replies(db: Database, actor: Actor) -> list[SavedReplyView]:
    """The workspace's saved replies, by title."""
    with db.reading() as session:
        rows = session.scalars(
            select(SavedReply).where(SavedReply.workspace_id == actor.workspace_id).order_by(SavedReply.title)
        )
        return [SavedReplyView(r.id, r.title, r.text) for r in rows]


@requires(Action.MANAGE_SAVED_REPLIES)
def create_saved_reply(
    db: Database, actor: Actor, title: str, text: str, *, now: datetime | None = None
) -> SavedReplyView:
    title, text = " ".join((title or "").split()), (text or "").strip()
    if not title or not text:
        raise InvalidInput(_("a saved reply needs a title and a text; fill in both"))
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            _("the title has {count} characters; keep it under {limit}", count=len(title), limit=MAX_TITLE)
        )
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _("the saved reply has {count} characters; X allows {limit} in a reply", count=len(text), limit=MAX_TEXT)
        )
    with db.writing() as session:
        taken = session.scalar(
            select(SavedReply.id).where(SavedReply.workspace_id == actor.workspace_id, SavedReply.title == title)
        )
        if taken:
            raise Conflict(
                _("a saved reply is already called '{title}'; pick another title or delete that one", title=title)
            )
        row = SavedReply(
            workspace_id=actor.workspace_id,
            title=title,
            text=text,
            created_by_id=actor.member_id,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        record_action(session, actor, AuditAction.SAVED_REPLY_CREATED, "saved_reply", row.id, None, {"title": title})
        return SavedReplyView(row.id, row.title, row.text)


@requires(Action.MANAGE_SAVED_REPLIES)
def delete_saved_reply(db: Database, actor: Actor, saved_reply_id: int) -> None:
    with db.writing() as session:
        row = in_workspace(session, actor, SavedReply, saved_reply_id)
        record_action(
            session,
            actor,
            AuditAction.SAVED_REPLY_DELETED,
            "saved_reply",
            row.id,
            {"title": row.title, "text": row.text},
        )
        session.delete(row)
