"""Tables. Timestamps are aware UTC; secrets never live here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from assistant.storage.types import UTCDateTime

# BigInteger ids on PostgreSQL, INTEGER (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Failed sign-ins are counted in sign_in_failures, per e-mail, whether or not a member has it (issue 14).
    # An admin's invitation: the argon2 hash of a one-time code (never the code itself) and its expiry.
    invite_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The interface language the member chose ('en', 'fr'); NULL follows the browser's locale.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    role_rows: Mapped[list[MemberRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MemberRole(Base):
    __tablename__ = "member_roles"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Executive(Base):
    """The person whose voice this is; one workspace may serve several."""

    __tablename__ = "executives"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    x_handle: Mapped[str | None] = mapped_column(String(50), nullable=True)
    x_user_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    business_days: Mapped[str] = mapped_column(String(40), default="mon-fri")
    business_hours: Mapped[str] = mapped_column(String(20), default="09:00-17:00")
    holidays: Mapped[list] = mapped_column(JSON, default=list)
    voice_profile: Mapped[dict] = mapped_column(JSON, default=dict)


class Post(Base):
    __tablename__ = "posts"
    # Each worker finds the next due post by this index (migration 0015).
    __table_args__ = (Index("ix_posts_state_scheduled", "state", "scheduled_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    executive_id: Mapped[int] = mapped_column(ForeignKey("executives.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    x_post_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Publishing bookkeeping (shared by every worker): the first attempt's start bounds the
    # timeline search that prevents double posts; next_attempt_at holds 429 resets and backoff.
    publish_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    publish_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A long X post goes out as a numbered thread when its author chose it (or the workspace policy
    # says so). thread_progress keeps each part's text and X id as it is sent, so a rerun after a
    # crash reconciles the parts already out instead of posting them twice (migration 0004).
    publish_as_thread: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("false"))
    thread_progress: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    versions: Mapped[list[PostVersion]] = relationship(order_by="PostVersion.number", lazy="selectin")


class PostVersion(Base):
    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # executive | ai_assisted | delegate | reviewer
    authorship: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    ai_provider: Mapped[str | None] = mapped_column(String(40), nullable=True)
    ai_model: Mapped[str | None] = mapped_column(String(100), nullable=True)
    prompt_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    prompt_version: Mapped[str | None] = mapped_column(String(20), nullable=True)
    edited_ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("post_versions.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    decision: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Attestation(Base):
    """A checklist item a person signed for one version of a post."""

    __tablename__ = "attestations"
    __table_args__ = (UniqueConstraint("version_id", "item_key"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("post_versions.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(60))
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("executive_id", "x_post_id"),
        Index("ix_mentions_exec_posted", "executive_id", "posted_at"),
        Index("ix_mentions_exec_state", "executive_id", "state"),
        # The inbox lists a workspace's mentions newest first, filtered by state (migration 0003).
        Index("ix_mentions_ws_posted", "workspace_id", "posted_at"),
        Index("ix_mentions_ws_state_posted", "workspace_id", "state", "posted_at"),
        # The calendar report reads one class's period in posted order, with everything it needs
        # in the index (responder, response time), so it never touches the table (migration 0005).
        Index(
            "ix_mentions_exec_class_posted", "executive_id", "sla_class", "posted_at", "responder_kind", "response_us"
        ),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    executive_id: Mapped[int] = mapped_column(ForeignKey("executives.id"))
    x_post_id: Mapped[str] = mapped_column(String(30))
    author_id: Mapped[str] = mapped_column(String(30))
    author_handle: Mapped[str] = mapped_column(String(50), default="")
    author_name: Mapped[str] = mapped_column(String(200), default="")
    author_followers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    conversation_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    in_reply_to_x_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # x | import | demo
    state: Mapped[str] = mapped_column(String(20))
    sla_class: Mapped[str] = mapped_column(String(30), default="default")
    sla_override: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    response_x_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # executive | delegate | outside (replied on X, not through the app)
    responder_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    responder_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    # The delegation policy reads the class the mention arrived with, unless a reviewer, the executive or an
    # admin set it since (`sla_class_set_by_id`); a delegate only proposes one (migration 0013).
    # `arrival_sla_class` NULL: the class was never changed by hand, so `sla_class` is the arrival class.
    arrival_sla_class: Mapped[str | None] = mapped_column(String(30), nullable=True)
    sla_class_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    proposed_sla_class: Mapped[str | None] = mapped_column(String(30), nullable=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set when the mention is escalated to the executive and kept: only the executive dismisses it, and a
    # released claim puts it back among the escalated.
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Calendar response time, responded_at - posted_at in whole microseconds (0 if the answer is
    # stamped first, as the engine clamps), NULL while unanswered. Kept by every writer: ORM
    # flushes through the listener below, bulk writers with `response_micros`.
    response_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


def response_micros(posted_at: datetime | None, responded_at: datetime | None) -> int | None:
    """The value of `Mention.response_us` for these time-stamps (exact: integer microseconds)."""
    if posted_at is None or responded_at is None:
        return None
    return max((responded_at - posted_at) // _MICROSECOND, 0)


_MICROSECOND = timedelta(microseconds=1)


@event.listens_for(Mention, "before_insert")
@event.listens_for(Mention, "before_update")
def _keep_response_us(_mapper: Any, _connection: Any, mention: Mention) -> None:
    # Every ORM write (replies sent, demo data, tests) keeps the stored response time in step.
    mention.response_us = response_micros(mention.posted_at, mention.responded_at)


class Reply(Base):
    __tablename__ = "replies"
    __table_args__ = (Index("ix_replies_state_next_attempt", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id"), index=True)
    executive_id: Mapped[int] = mapped_column(ForeignKey("executives.id"))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(30), index=True)
    authorship: Mapped[str] = mapped_column(String(20))
    written_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    x_post_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A retryable X failure is retried by any worker at next_attempt_at, a few times (migration 0015).
    send_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ReplyVersion(Base):
    """Every text a reply held, by whom: the writer's, then each approver's edit (migration 0013). An edit is
    approved by someone who wrote none of the versions."""

    __tablename__ = "reply_versions"
    __table_args__ = (UniqueConstraint("reply_id", "number"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Generation(Base):
    """Every model call: provider, model, prompt and version, tokens (never the key)."""

    __tablename__ = "generations"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(100))
    prompt_name: Mapped[str] = mapped_column(String(100))
    prompt_version: Mapped[str] = mapped_column(String(20))
    input_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    output_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncState(Base):
    """Where the last X sync stopped, per executive and stream (shared by every process)."""

    __tablename__ = "sync_state"
    executive_id: Mapped[int] = mapped_column(ForeignKey("executives.id"), primary_key=True)
    stream: Mapped[str] = mapped_column(String(20), primary_key=True)  # mentions | own_posts
    since_id: Mapped[str | None] = mapped_column(String(30), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Append-only; `hash` covers `prev_hash` and the event, so edits and deletions show."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_label: Mapped[str] = mapped_column(String(400))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Migration 0014 (domain/audit_chain.py): version 2 hashes a salted digest of before/after instead of
    # the fields themselves, so a person's data can be erased (fields blanked, salt dropped, erased_at set)
    # and the chain still verifies. Events written before 0014 stay version 1.
    chain_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
    personal_salt: Mapped[str | None] = mapped_column(String(32), nullable=True)
    personal_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditHead(Base):
    """One row holding the chain's last hash; locking it serialises appends across processes."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    # How many events the chain holds (migration 0014): an emptied log of a database with history fails.
    event_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class MemberSession(Base):
    """A local sign-in that outlives the browser tab: only hashes of its cookie token and one-time code live here."""

    __tablename__ = "member_sessions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SignInFailure(Base):
    """Failed sign-ins of one e-mail address, member or not, so an unknown address locks like a known one.

    Keyed by the SHA-256 of the normalised address: the addresses people tried are not kept in clear."""

    __tablename__ = "sign_in_failures"
    email_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PostSubmission(Base):
    """The key of one Compose form, stored with the post it made: a double click, a rerun or a second
    process sending the same form finds this row (unique per workspace) instead of making a second post."""

    __tablename__ = "post_submissions"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    key: Mapped[str] = mapped_column(String(64))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NotificationPreference(Base):
    """What a member wants to hear about and when (no row: everything, at any hour)."""

    __tablename__ = "notification_preferences"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    kinds: Mapped[list] = mapped_column(JSON, default=list)  # the kinds switched on
    quiet_start: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "22:00", in `timezone`
    quiet_end: Mapped[str | None] = mapped_column(String(5), nullable=True)
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)  # None: the executive's zone
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Notification(Base):
    """One thing that waits, for one recipient (a member's e-mail or the workspace's webhook), sent once.

    (recipient, event_key) is unique, so finding the same event twice, in two workers, records it once;
    `state` pending → sending (claimed, `batch` names the claim) → sent, or back to pending on failure."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("recipient", "event_key", name="uq_notifications_recipient_event"),
        Index("ix_notifications_recipient_state", "recipient", "state"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(40))  # "member:<id>" or "webhook:<workspace id>"
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), nullable=True)
    event_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(400))  # already short: an excerpt, never a whole mention
    link: Mapped[str] = mapped_column(String(200))  # the path in the app, e.g. /review?open=7
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(20), default="pending")
    batch: Mapped[str | None] = mapped_column(String(32), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SavedReply(Base):
    """A workspace's reusable reply text (a snippet), inserted into the reply editor; titles are unique."""

    __tablename__ = "saved_replies"
    __table_args__ = (UniqueConstraint("workspace_id", "title", name="uq_saved_replies_workspace_title"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
