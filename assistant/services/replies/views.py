"""What the team sees of replies: each with who wrote, approved and sent it, and as whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.roles import Action
from assistant.domain.states import ReplyState
from assistant.i18n import _
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive, Member, Mention, Reply, ReplyVersion


@dataclass(frozen=True)
class ReplyView:
    id: int
    mention_id: int
    executive: str  # as whom it is sent
    text: str
    state: str
    authorship: str
    written_by: str
    approved_by: str | None
    sent_by: str | None
    verdict: str | None
    findings: list
    x_post_id: str | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    mention_text: str
    mention_author: str
    reasons: tuple[str, ...] = ()
    timezone: str = "UTC"  # the executive's: times are shown in it
    edited_by: tuple[str, ...] = ()  # who else's edits the text holds (approvers' versions), in order
    version: int = 1  # the number of the text shown: an approval is of this version

    @property
    def authors(self) -> str:
        """'Sam Patel' or 'Sam Patel, edited by Maya Okafor': everyone whose words go out."""
        if not self.edited_by:
            return self.written_by
        return _("{writer}, edited by {editors}", writer=self.written_by, editors=", ".join(self.edited_by))

    @property
    def dry_run(self) -> bool:
        return bool(self.x_post_id and self.x_post_id.startswith("dryrun-"))


def versions_of(session: Session, reply_id: int) -> list[ReplyVersion]:
    return list(
        session.scalars(select(ReplyVersion).where(ReplyVersion.reply_id == reply_id).order_by(ReplyVersion.number))
    )


def authors_of(session: Session, r: Reply) -> set[int]:
    """The writer and everyone who edited a version: none of them approves it."""
    return {r.written_by_id} | {v.author_id for v in versions_of(session, r.id)}


def reply_view(session: Session, r: Reply, reasons: tuple[str, ...] = ()) -> ReplyView:
    def name(member_id: int | None) -> str | None:
        member = session.get(Member, member_id) if member_id else None
        return member.display_name if member else None

    m, e = session.get(Mention, r.mention_id), session.get(Executive, r.executive_id)
    versions = versions_of(session, r.id)
    editors = [v.author_id for v in versions if v.author_id != r.written_by_id]
    return ReplyView(
        r.id,
        r.mention_id,
        f"{e.name} (@{e.x_handle})" if e.x_handle else e.name,
        r.text,
        r.state,
        r.authorship,
        name(r.written_by_id) or "",
        name(r.approved_by_id),
        name(r.sent_by_id),
        r.verdict,
        list(r.findings or []),
        r.x_post_id,
        r.last_error,
        r.created_at,
        r.sent_at,
        m.text,
        m.author_handle,
        reasons,
        e.timezone or "UTC",
        tuple(name(i) or "?" for i in dict.fromkeys(editors)),
        versions[-1].number if versions else 1,
    )


@requires(Action.VIEW_MENTIONS)
def list_replies(
    db: Database,
    actor: Actor,
    *,
    states: tuple[str, ...] = (),
    mention_id: int | None = None,
    written_by_me: bool = False,
    limit: int = 100,
) -> list[ReplyView]:
    with db.reading() as session:
        query = (
            select(Reply)
            .join(Mention, Mention.id == Reply.mention_id)
            .where(Mention.workspace_id == actor.workspace_id)
        )
        if states:
            query = query.where(Reply.state.in_(states))
        if mention_id is not None:
            query = query.where(Reply.mention_id == mention_id)
        if written_by_me:
            query = query.where(Reply.written_by_id == actor.member_id)
        return [reply_view(session, r) for r in session.scalars(query.order_by(Reply.created_at.desc()).limit(limit))]


@requires(Action.VIEW_MENTIONS)
def said_on_my_behalf(db: Database, actor: Actor, *, days: int = 7, now: datetime | None = None) -> list[ReplyView]:
    """What the team sent in the executive's name lately (not the executive's own answers)."""
    since = (now or utcnow()) - timedelta(days=days)
    with db.reading() as session:
        rows = session.scalars(
            select(Reply)
            .join(Executive, Executive.id == Reply.executive_id)
            .where(
                Executive.workspace_id == actor.workspace_id,
                Reply.state == ReplyState.SENT.value,
                Reply.sent_at >= since,
                (Executive.member_id.is_(None)) | (Reply.written_by_id != Executive.member_id),
            )
            .order_by(Reply.sent_at.desc())
            .limit(200)
        )
        return [reply_view(session, r) for r in rows]
