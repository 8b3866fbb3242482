"""Each member's notification preferences, and the workspace's incoming webhook (admins).

A member without a row hears about every kind, at any hour, in the executive's time zone.
The webhook address is a credential of its own (whoever holds it can post to the channel): it is
never shown back in full and never written to the audit trail; pages and the audit see its host.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.notifications import KINDS, check_kinds, check_timezone, parse_hhmm
from assistant.domain.roles import Action
from assistant.errors import InvalidInput, NotFound
from assistant.i18n import N_, _
from assistant.notify import check_webhook_url, smtp_host, webhook_host
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Executive, Member, NotificationPreference, Workspace

SETTINGS_KEY = "notifications"


@dataclass(frozen=True)
class Preferences:
    enabled: bool
    kinds: tuple[str, ...]
    quiet_start: str | None
    quiet_end: str | None
    timezone: str | None  # the member's choice; None: the executive's zone
    zone: str  # the zone quiet hours and times are read in
    default_zone: str  # the executive's zone, used when `timezone` is None

    def to_dict(self) -> dict:
        return {
            "enabled": self.enabled,
            "kinds": list(self.kinds),
            "quiet_start": self.quiet_start,
            "quiet_end": self.quiet_end,
            "timezone": self.timezone,
        }


def workspace_zone(session: Session, workspace_id: int, member_id: int | None = None) -> str:
    """The executive's zone: the one this member is, else the workspace's first executive's, else UTC."""
    query = select(Executive.timezone).where(Executive.workspace_id == workspace_id)
    if member_id is not None:
        own = session.scalar(query.where(Executive.member_id == member_id).limit(1))
        if own:
            return own
    return session.scalar(query.order_by(Executive.id).limit(1)) or "UTC"


def preferences_of(session: Session, member: Member) -> Preferences:
    row = session.get(NotificationPreference, member.id)
    default = workspace_zone(session, member.workspace_id, member.id)
    if row is None:
        return Preferences(True, tuple(KINDS), None, None, None, default, default)
    zone = row.timezone or default
    return Preferences(row.enabled, tuple(row.kinds or ()), row.quiet_start, row.quiet_end, row.timezone, zone, default)


@requires(Action.MANAGE_OWN_NOTIFICATIONS)
def notification_preferences(db: Database, actor: Actor) -> Preferences:
    """The signed-in member's own preferences."""
    with db.reading() as session:
        member = session.get(Member, actor.member_id)
        if member is None:
            raise NotFound(_("no member {id} in this workspace", id=actor.member_id))
        return preferences_of(session, member)


@requires(Action.MANAGE_OWN_NOTIFICATIONS)
def set_notification_preferences(
    db: Database,
    actor: Actor,
    *,
    enabled: bool,
    kinds: list[str] | tuple[str, ...],
    quiet_start: str | None = None,
    quiet_end: str | None = None,
    timezone: str | None = None,
    now: datetime | None = None,
) -> Preferences:
    """Replace the member's own preferences (validated first) and audit the change."""
    chosen = check_kinds(list(kinds))
    start, end = (quiet_start or "").strip() or None, (quiet_end or "").strip() or None
    parse_hhmm(start, N_("start of the quiet hours"))
    parse_hhmm(end, N_("end of the quiet hours"))
    if bool(start) != bool(end):
        raise InvalidInput(_("quiet hours need both a start and an end (e.g. 22:00 to 07:00), or neither"))
    zone = check_timezone(timezone)
    with db.writing() as session:
        member = session.get(Member, actor.member_id)
        if member is None:
            raise NotFound(_("no member {id} in this workspace", id=actor.member_id))
        before = preferences_of(session, member).to_dict()
        row = session.get(NotificationPreference, actor.member_id)
        if row is None:
            row = NotificationPreference(member_id=actor.member_id)
            session.add(row)
        row.enabled, row.kinds, row.quiet_start, row.quiet_end = bool(enabled), chosen, start, end
        row.timezone, row.updated_at = zone, now or utcnow()
        session.flush()
        after = preferences_of(session, member)
        record_action(
            session,
            actor,
            action=AuditAction.NOTIFICATION_PREFERENCES_CHANGED,
            entity_type="member",
            entity_id=actor.member_id,
            before=before,
            after=after.to_dict(),
        )
        return after


def webhook_url_of(session: Session, workspace_id: int) -> str | None:
    workspace = session.get(Workspace, workspace_id)
    value = ((workspace.settings or {}).get(SETTINGS_KEY) or {}).get("webhook_url") if workspace else None
    return value or None


@dataclass(frozen=True)
class WebhookView:
    configured: bool
    host: str | None  # all a page shows of the address


@requires(Action.MANAGE_POLICIES)
def workspace_webhook(db: Database, actor: Actor) -> WebhookView:
    with db.reading() as session:
        url = webhook_url_of(session, actor.workspace_id)
    return WebhookView(url is not None, webhook_host(url))


@requires(Action.MANAGE_POLICIES)
def set_workspace_webhook(db: Database, actor: Actor, url: str | None) -> WebhookView:
    """Set (or, with None or an empty text, remove) the workspace's Slack-compatible incoming webhook."""
    new = check_webhook_url(url) if url and url.strip() else None
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        if workspace is None:
            raise NotFound(_("this workspace no longer exists"))
        old = webhook_url_of(session, actor.workspace_id)
        settings = dict(workspace.settings or {})
        settings[SETTINGS_KEY] = {**(settings.get(SETTINGS_KEY) or {}), "webhook_url": new}
        workspace.settings = settings
        record_action(
            session,
            actor,
            action=AuditAction.POLICY_NOTIFICATIONS_CHANGED,
            entity_type="workspace",
            entity_id=workspace.id,
            before={"webhook_host": webhook_host(old)},  # the host only: the path is the secret
            after={"webhook_host": webhook_host(new)},
        )
    return WebhookView(new is not None, webhook_host(new))


def mail_server(settings: Mapping[str, str]) -> str | None:
    """Where e-mail goes (host:port of SMTP_URL, never its credentials), or None when e-mail is off."""
    return smtp_host(settings.get("SMTP_URL"))
