"""The worker's notification pass: record what waits, then send each recipient one batch, once.

Exactly once, with the one sender's claim and lease (`services/sending.py`): every item is a row,
unique per recipient and event, so finding an event again records nothing new. A recipient's
pending items are claimed together (`claim_row` on each, one conditional UPDATE apiece, committed
before any network call: only one worker wins an item), sent as one e-mail or webhook message,
then marked sent; a failure puts them back to pending with the error and a later attempt time,
nothing lost. A worker that dies mid-send leaves them `sending`; after `LEASE` the next pass claims
them again. `deliver`'s look-first step does not apply: SMTP and a webhook cannot be asked what
they already received, so that one window (the server accepted, the process died before the row
was marked) may repeat a message; the retry carries the same Message-ID, so mail clients fold it.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from assistant import i18n
from assistant.clock import utcnow
from assistant.domain.notifications import KINDS, in_quiet_hours
from assistant.errors import ExternalServiceError
from assistant.notify import Email, Mailer, Webhook
from assistant.services.notifications.events import Event, waiting_events
from assistant.services.notifications.messages import Item, email_body, subject, webhook_text
from assistant.services.notifications.preferences import preferences_of, webhook_url_of, workspace_zone
from assistant.services.sending import claim_row, stuck_since
from assistant.storage.db import Database
from assistant.storage.models import Member, Notification, Workspace

log = logging.getLogger("assistant.notifications")

PENDING, SENDING, SENT = "pending", "sending", "sent"
SETTLED = "settled"  # it stopped waiting before it was sent (approved, answered, ...): not sent
SKIPPED = "skipped"  # the member switched the kind off, left, or the webhook was removed
MAX_BACKOFF_MINUTES = 60


@dataclass
class NotifyReport:
    emails: list[str] = field(default_factory=list)  # one address per e-mail sent
    webhooks: int = 0  # webhook messages posted
    items_sent: int = 0
    held: list[str] = field(default_factory=list)  # addresses in their quiet hours: held for later
    failed: list[str] = field(default_factory=list)  # what failed (host and reason, never a secret)


def _insert(session: Session, rows: list[dict]) -> None:
    """Record new items; an item already recorded stays as it is, unless it had settled and waits again."""
    if not rows:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Notification).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["recipient", "event_key"],
        set_={"state": PENDING, "updated_at": statement.excluded.updated_at},
        where=Notification.state == SETTLED,
    )
    session.execute(statement)


def _row(workspace_id: int, recipient: str, member_id: int | None, event, now: datetime) -> dict:
    return {
        "workspace_id": workspace_id,
        "recipient": recipient,
        "member_id": member_id,
        "event_key": event.key,
        "kind": event.kind,
        "summary": event.summary[:400],
        "link": event.link[:200],
        "occurred_at": event.occurred_at,
        "state": PENDING,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
    }


def collect(db: Database, workspace_id: int, now: datetime, *, email: bool, webhook: bool) -> None:
    """Record the workspace's waiting events for each member who wants them (and the webhook).

    The events are read first and written after, so the write lock is held only for the inserts. A pending
    item whose event no longer waits is `settled`; were that read stale (another worker just recorded a newer
    event), the next pass finds the event again and the insert revives it: at worst one pass later, never lost."""
    with db.reading() as session:
        hook = webhook and webhook_url_of(session, workspace_id) is not None
        if not (email or hook):
            return  # nothing could be sent: do not even look
        members = list(
            session.scalars(select(Member).where(Member.workspace_id == workspace_id, Member.active.is_(True)))
        )
        wants = {m.id: preferences_of(session, m) for m in members} if email else {}
        # a summary is stored in its recipient's language: the events are worded once per language needed
        languages = {m.id: i18n.normalise(m.language) for m in members}
        needed = {languages[m] for m in wants} | ({i18n.current_language()} if hook else set())
        worded: dict[str, dict[str, Event]] = {}
        for language in sorted(needed) or [i18n.current_language()]:
            with i18n.using(language):
                worded[language] = {e.key: e for e in waiting_events(session, workspace_id, now)}
    events = next(iter(worded.values())).values()
    rows: list[dict] = []
    for event in events:
        for member_id in sorted(event.member_ids):
            prefs = wants.get(member_id)
            if prefs is not None and prefs.enabled and event.kind in prefs.kinds:
                own = worded[languages[member_id]].get(event.key, event)
                rows.append(_row(workspace_id, f"member:{member_id}", member_id, own, now))
        if hook:
            rows.append(
                _row(workspace_id, f"webhook:{workspace_id}", None, worded[i18n.current_language()][event.key], now)
            )
    still = {event.key for event in events}
    with db.writing() as session:
        for start in range(0, len(rows), 500):  # bounded statements for a first pass over a big backlog
            _insert(session, rows[start : start + 500])
        pending = session.execute(
            select(Notification.id, Notification.event_key).where(
                Notification.workspace_id == workspace_id, Notification.state == PENDING
            )
        ).all()
        gone = [i for i, key in pending if key not in still]
        if gone:
            session.execute(update(Notification).where(Notification.id.in_(gone)).values(state=SETTLED, updated_at=now))


def _claimable(recipient: str, now: datetime):
    due = or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now)
    return and_(
        Notification.recipient == recipient,
        or_(
            and_(Notification.state == PENDING, due),
            and_(Notification.state == SENDING, Notification.updated_at <= stuck_since(now)),
        ),
    )


def _claim(db: Database, recipient: str, now: datetime) -> tuple[str, list[Notification]]:
    """Claim the recipient's due items: one conditional UPDATE per item, so two workers never share one."""
    token = uuid.uuid4().hex
    with db.writing() as session:
        seen = session.execute(
            select(Notification.id, Notification.state, Notification.updated_at, Notification.attempts)
            .where(_claimable(recipient, now))
            .order_by(Notification.id)  # one lock order for every worker: no deadlock on PostgreSQL
        ).all()
        interrupted = [row for row in seen if row.state == SENDING]
        if interrupted:  # resend exactly the interrupted batch (same items, same Message-ID); new items next pass
            seen = interrupted
        for item_id, state, updated_at, attempts in seen:
            claim_row(
                session,
                Notification,
                item_id,
                Notification.state == state,
                Notification.updated_at == updated_at,
                state=SENDING,
                batch=token,
                updated_at=now,
                attempts=attempts + 1,
            )
        won = list(session.scalars(select(Notification).where(Notification.batch == token).order_by(Notification.id)))
    return token, won


def _finish(db: Database, token: str, now: datetime, error: ExternalServiceError | None = None) -> None:
    with db.writing() as session:
        mine = and_(Notification.batch == token, Notification.state == SENDING)
        if error is None:
            session.execute(update(Notification).where(mine).values(state=SENT, sent_at=now, last_error=None))
            return
        for item in session.scalars(select(Notification).where(mine)):
            wait = min(2 ** max(item.attempts - 1, 0), MAX_BACKOFF_MINUTES)
            item.state, item.last_error = PENDING, str(error)[:1000]
            item.next_attempt_at, item.updated_at = now + timedelta(minutes=wait), now


def _skip(db: Database, recipient: str, now: datetime, kinds: Iterable[str] | None = None) -> None:
    """Pending items nobody should receive any more (`kinds`: only those kinds; None: all)."""
    with db.writing() as session:
        query = update(Notification).where(Notification.recipient == recipient, Notification.state == PENDING)
        if kinds is not None:
            query = query.where(Notification.kind.in_(list(kinds)))
        session.execute(query.values(state=SKIPPED, updated_at=now))


def _message_key(recipient: str, items: list[Notification]) -> str:
    """The same items to the same recipient give the same key: a retried batch keeps its Message-ID."""
    return hashlib.sha256(f"{recipient}:{[i.id for i in items]}".encode()).hexdigest()[:32]


def _send(db: Database, recipient: str, now: datetime, report: NotifyReport, send, what: str) -> None:
    token, items = _claim(db, recipient, now)
    if not items:
        return
    try:
        send(items)
    except ExternalServiceError as exc:
        _finish(db, token, now, exc)
        report.failed.append(f"{what}: {exc}")
        log.warning("notification to %s failed, retried later: %s", what, exc)
        return
    except Exception as exc:  # a bug stays retryable, like the publisher's
        _finish(db, token, now, ExternalServiceError(f"unexpected error while notifying: {type(exc).__name__}"))
        report.failed.append(f"{what}: unexpected {type(exc).__name__}")
        log.exception("notification to %s failed", what)
        return
    _finish(db, token, now)
    report.items_sent += len(items)


def _items(rows: list[Notification]) -> list[Item]:
    return [Item(r.kind, r.summary, r.link, r.occurred_at) for r in rows]


def _open_recipients(db: Database, prefix: str) -> list[str]:
    with db.reading() as session:
        rows = session.scalars(
            select(Notification.recipient)
            .where(Notification.state.in_((PENDING, SENDING)), Notification.recipient.like(f"{prefix}:%"))
            .distinct()
        )
        return sorted(rows)


def _email_member(db: Database, mailer: Mailer, recipient: str, app_url: str, now: datetime, report: NotifyReport):
    member_id = int(recipient.split(":", 1)[1])
    with db.reading() as session:
        member = session.get(Member, member_id)
        prefs = preferences_of(session, member) if member is not None else None
        workspace = session.get(Workspace, member.workspace_id) if member is not None else None
    if member is None or not member.active or prefs is None or not prefs.enabled:
        _skip(db, recipient, now)
        return
    if unwanted := [k for k in KINDS if k not in prefs.kinds]:
        _skip(db, recipient, now, kinds=unwanted)
    if in_quiet_hours(now, prefs.quiet_start, prefs.quiet_end, prefs.zone):
        with db.reading() as session:
            waiting = session.scalar(select(Notification.id).where(_claimable(recipient, now)).limit(1))
        if waiting is not None:
            report.held.append(member.email)
        return

    def send(rows: list[Notification]) -> None:
        items = _items(rows)
        with i18n.using(member.language):  # the recipient's language; None → English
            body = email_body(member.display_name, workspace.name, items, prefs.zone, app_url, now)
            title = subject(items)
        mailer.send(Email(member.email, title, body, _message_key(recipient, rows)))

    before = report.items_sent
    _send(db, recipient, now, report, send, member.email)
    if report.items_sent > before:
        report.emails.append(member.email)


def _post_webhook(db: Database, webhook: Webhook, recipient: str, app_url: str, now: datetime, report: NotifyReport):
    workspace_id = int(recipient.split(":", 1)[1])
    with db.reading() as session:
        url = webhook_url_of(session, workspace_id)
        workspace = session.get(Workspace, workspace_id)
        tz = workspace_zone(session, workspace_id)
    if url is None or workspace is None:
        _skip(db, recipient, now)
        return

    def send(rows: list[Notification]) -> None:
        webhook.post(url, webhook_text(workspace.name, _items(rows), tz, app_url))

    before = report.items_sent
    _send(db, recipient, now, report, send, f"webhook of {workspace.name}")
    if report.items_sent > before:
        report.webhooks += 1


def run_notifications(
    db: Database,
    mailer: Mailer | None,
    webhook: Webhook | None,
    *,
    app_url: str,
    now: datetime | None = None,
) -> NotifyReport:
    """One pass for every workspace. `mailer` None (no SMTP_URL): no e-mail is recorded or sent;
    `webhook` None: no webhook message. Safe to run in several processes at once."""
    now = now or utcnow()
    report = NotifyReport()
    if mailer is None and webhook is None:
        return report
    with db.reading() as session:
        workspaces = list(session.scalars(select(Workspace.id).order_by(Workspace.id)))
    for workspace_id in workspaces:
        collect(db, workspace_id, now, email=mailer is not None, webhook=webhook is not None)
    if mailer is not None:
        for recipient in _open_recipients(db, "member"):
            _email_member(db, mailer, recipient, app_url, now, report)
    if webhook is not None:
        for recipient in _open_recipients(db, "webhook"):
            _post_webhook(db, webhook, recipient, app_url, now, report)
    return report
