"""E-mail notifications against a real SMTP server on 127.0.0.1 (aiosmtpd): batched, preferences,
quiet hours, exactly once across passes, failures and an interrupted send."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from assistant.domain.notifications import EXCERPT_CHARS
from assistant.errors import ExternalServiceError, InvalidInput
from assistant.notify import Email, SmtpMailer, Webhook
from assistant.services import notifications, posts
from assistant.services.sending import LEASE
from assistant.storage.models import AuditEvent, Mention, Notification, Reply
from tests.notification_helpers import (
    LONG_MENTION,
    NOW,
    SMTP_PASSWORD,
    SmtpSink,
    free_port,
    smtp_server,
    waiting_work,
)

APP = "https://assistant.example.org"


@pytest.fixture
def smtp():
    with smtp_server() as sink:
        yield sink


SENDER = "Assistant <notify@lumengrid.example>"


def run(db, sink, now=NOW):
    return notifications.run_notifications(db, SmtpMailer(sink.url, SENDER), None, app_url=APP, now=now)


def links(body: str) -> list[str]:
    """The items' links, in order (the footer's link to the preferences left out)."""
    return [u for u in re.findall(r"https://assistant\.example\.org\S+", body) if not u.endswith("/account")]


def test_each_member_gets_one_email_listing_everything_new_for_them(db, smtp):
    w = waiting_work(db)
    report = run(db, smtp)

    # one e-mail per member who has something waiting, each to that member only
    assert sorted(report.emails) == sorted(["maya@notify.example", "sam@notify.example", "riley@notify.example"])
    assert len(smtp.received) == 3 and all(len(r.to) == 1 for r in smtp.received)
    assert smtp.logins == ["mailer"] * 3  # the credentials of SMTP_URL were used
    assert smtp.to("admin@notify.example") == []  # nothing waits for the admin

    (riley,) = smtp.to("riley@notify.example")
    # the reviewer: the post in review (written by Sam), the failed publish, the held reply (policy: either)
    assert links(riley.body) == [
        f"{APP}/review?open={w.in_review}",
        f"{APP}/inbox?mention={_mention_of(db, w.reply)}",
        f"{APP}/review?open={w.failed}",
    ]
    assert "Posts waiting for your review (1)" in riley.body and "Posts that failed to publish (1)" in riley.body
    assert riley.subject.startswith("[Executive assistant] 3 new items for you")
    assert riley.message["From"] == "Assistant <notify@lumengrid.example>"

    (maya,) = smtp.to("maya@notify.example")
    # the executive: changes asked on a post of hers, the reply held for approval, the escalation, the failed post
    assert links(maya.body) == [
        f"{APP}/compose?post={w.changes}",
        f"{APP}/inbox?mention={_mention_of(db, w.reply)}",
        f"{APP}/inbox?mention={w.escalated}",
        f"{APP}/review?open={w.failed}",
    ]
    assert "Escalated mentions (1)" in maya.body
    # times in the executive's zone, the zone named (the reply came in at real time: only the zone is checked)
    assert "Paris time" in maya.body and "UTC" not in maya.body

    (sam,) = smtp.to("sam@notify.example")
    # the delegate: changes requested on the post Sam wrote, and the press mention near its 60-minute target
    assert links(sam.body) == [f"{APP}/compose?post={w.changes}", f"{APP}/inbox?mention={w.at_risk}"]
    assert "Say which plant, please." in sam.body  # the reviewer's comment, short, beside it
    assert "due in 10 min" in sam.body  # 50 of 60 minutes gone, said as people say it
    assert "since Tue 24 Nov 14:10 CET" in sam.body  # posted 13:10 UTC = 14:10 in Paris


def test_no_secret_and_no_mention_text_beyond_a_short_excerpt(db, smtp):
    waiting_work(db)
    run(db, smtp)
    for received in smtp.received:
        raw = received.message.as_string()
        assert SMTP_PASSWORD not in raw and "mailer:" not in raw
        assert "TAIL-MARKER-7731" not in raw  # the end of the long mention never goes out
        for quoted in re.findall(r"“([^”]*)”", received.body):
            assert len(quoted) <= EXCERPT_CHARS
    (sam,) = smtp.to("sam@notify.example")
    cut = LONG_MENTION[: EXCERPT_CHARS - 1].rstrip() + "…"
    assert f"“{cut}”" in sam.body


def test_a_second_pass_sends_nothing_and_a_new_event_comes_alone(db, smtp):
    w = waiting_work(db)
    run(db, smtp)
    assert len(smtp.received) == 3
    again = run(db, smtp, NOW + timedelta(minutes=1))
    assert again.emails == [] and again.items_sent == 0 and len(smtp.received) == 3
    # the post sent back is edited and resubmitted: a new version in review is a new event for the reviewer
    posts.edit_post(db, w.delegate, w.changes, "A second plain post about our week at the Dayton plant.")
    posts.submit_for_review(db, w.delegate, w.changes)
    third = run(db, smtp, NOW + timedelta(minutes=2))
    assert third.emails == ["riley@notify.example"] and third.items_sent == 1
    assert links(smtp.received[-1].body) == [f"{APP}/review?open={w.changes}"]


def test_preferences_are_honoured(db, smtp):
    w = waiting_work(db)
    notifications.set_notification_preferences(db, w.reviewer, enabled=True, kinds=["publish_failed"])
    notifications.set_notification_preferences(db, w.delegate, enabled=False, kinds=["sla_at_risk"])
    run(db, smtp)
    (riley,) = smtp.to("riley@notify.example")
    assert links(riley.body) == [f"{APP}/review?open={w.failed}"]  # only the kind left on
    assert smtp.to("sam@notify.example") == []  # notifications off
    with db.reading() as session:
        sam_rows = session.scalars(select(Notification).where(Notification.member_id == w.delegate.member_id))
        assert list(sam_rows) == []  # nothing recorded for later either
    # the change is audited, as a change of the member's own settings
    with db.reading() as session:
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "notification.preferences_changed").limit(1)
        )
        assert event.after["kinds"] == ["publish_failed"] and event.actor_id == w.reviewer.member_id


def test_quiet_hours_hold_then_send_after_in_the_members_zone(db, smtp):
    w = waiting_work(db)
    notifications.set_notification_preferences(
        db,
        w.delegate,
        enabled=True,
        kinds=["changes_requested", "sla_at_risk"],
        quiet_start="22:00",
        quiet_end="07:00",
    )
    night = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 23:30 in Paris (the executive's zone)
    report = run(db, smtp, night)
    assert report.held == ["sam@notify.example"] and smtp.to("sam@notify.example") == []
    assert smtp.to("riley@notify.example")  # others are not held
    still_night = datetime(2026, 11, 25, 5, 50, tzinfo=UTC)  # 06:50 in Paris
    assert run(db, smtp, still_night).held == ["sam@notify.example"]
    morning = datetime(2026, 11, 25, 6, 5, tzinfo=UTC)  # 07:05 in Paris: the quiet hours are over
    after = run(db, smtp, morning)
    (sam,) = smtp.to("sam@notify.example")  # everything held, in one e-mail
    assert links(sam.body) == [f"{APP}/compose?post={w.changes}", f"{APP}/inbox?mention={w.at_risk}"]
    assert "late by" in sam.body  # by morning the press mention is past its target
    assert after.held == [] and run(db, smtp, morning + timedelta(minutes=1)).items_sent == 0


def test_quiet_hours_in_a_zone_the_member_chose(db, smtp):
    w = waiting_work(db)
    notifications.set_notification_preferences(
        db,
        w.reviewer,
        enabled=True,
        kinds=["review_requested"],
        quiet_start="09:00",
        quiet_end="17:00",
        timezone="America/New_York",
    )
    # 14:00 UTC is 15:00 in Paris but 09:00 in New York: quiet for this member
    assert run(db, smtp).held == ["riley@notify.example"] and smtp.to("riley@notify.example") == []


def test_an_item_that_stopped_waiting_while_held_is_not_sent(db, smtp):
    w = waiting_work(db)
    notifications.set_notification_preferences(
        db, w.reviewer, enabled=True, kinds=["review_requested"], quiet_start="00:00", quiet_end="23:59"
    )
    run(db, smtp)
    posts.review_post(db, w.reviewer, w.in_review, "approve")  # settled before the quiet hours ended
    notifications.set_notification_preferences(db, w.reviewer, enabled=True, kinds=["review_requested"])
    run(db, smtp, NOW + timedelta(minutes=5))
    assert smtp.to("riley@notify.example") == []
    with db.reading() as session:
        row = session.scalar(select(Notification).where(Notification.member_id == w.reviewer.member_id))
        assert row.state == "settled"


def test_an_smtp_failure_is_retried_later_and_sent_exactly_once(db, smtp):
    waiting_work(db)
    smtp.refuse = 3  # the server refuses this pass's three e-mails
    failed = run(db, smtp)
    assert smtp.received == [] and len(failed.failed) == 3 and failed.items_sent == 0
    assert all("127.0.0.1" in f and SMTP_PASSWORD not in f for f in failed.failed)
    with db.reading() as session:
        rows = list(session.scalars(select(Notification)))
        assert rows and {r.state for r in rows} == {"pending"} and all(r.last_error for r in rows)
    # retried after a back-off, not at once
    assert run(db, smtp, NOW + timedelta(seconds=30)).items_sent == 0 and smtp.received == []
    later = run(db, smtp, NOW + timedelta(minutes=2))
    assert len(later.emails) == 3 and len(smtp.received) == 3
    assert sorted(a for r in smtp.received for a in r.to) == sorted(later.emails)
    assert run(db, smtp, NOW + timedelta(minutes=10)).items_sent == 0 and len(smtp.received) == 3


def test_a_send_interrupted_by_a_crash_is_retried_after_the_lease_with_the_same_message_id(db, smtp):
    w = waiting_work(db)

    class DiesAfterSending(SmtpMailer):
        def send(self, email):
            super().send(email)
            raise SystemExit  # the process dies after the server took the mail, before the rows are marked sent

    with pytest.raises(SystemExit):
        notifications.run_notifications(db, DiesAfterSending(smtp.url, SENDER), None, app_url=APP, now=NOW)
    (first,) = smtp.received
    assert first.to == ["maya@notify.example"]  # the first recipient of the pass
    with db.reading() as session:
        states = {r.state for r in session.scalars(select(Notification).where(Notification.recipient.like("member:%")))}
        assert states == {"sending", "pending"}  # the crashed batch is still claimed; the others never started
    # within the lease another pass sends the others, and leaves the claimed batch alone
    run(db, smtp, NOW + LEASE - timedelta(seconds=1))
    assert len(smtp.received) == 3 and len(smtp.to("maya@notify.example")) == 1
    # meanwhile something new waits for Maya: a second escalation
    second = escalate(db, w)
    # past the lease the interrupted batch is sent again as it was, same items and Message-ID (clients fold it)
    assert run(db, smtp, NOW + LEASE + timedelta(seconds=1)).emails == ["maya@notify.example"]
    again = smtp.to("maya@notify.example")
    assert len(again) == 2 and again[1].message["Message-ID"] == first.message["Message-ID"]
    assert links(again[1].body) == links(first.body)
    # and the new escalation comes alone in the next pass, then nothing more
    assert run(db, smtp, NOW + LEASE + timedelta(minutes=1)).items_sent == 1
    assert links(smtp.to("maya@notify.example")[-1].body) == [f"{APP}/inbox?mention={second}"]
    assert run(db, smtp, NOW + LEASE + timedelta(minutes=2)).items_sent == 0


def escalate(db, w) -> int:
    with db.writing() as session:
        mention = Mention(
            workspace_id=w.team.workspace_id,
            executive_id=w.team.executive_id,
            x_post_id="second-escalation",
            author_id="11",
            author_handle="investor",
            text="@testexec is the recall real?",
            posted_at=NOW,
            source="import",
            state="escalated",
        )
        session.add(mention)
        session.flush()
        return mention.id


def test_smtp_url_and_preferences_are_validated(db):
    with pytest.raises(InvalidInput, match="SMTP_URL"):
        SmtpMailer("mail.example.com:587", "a@b.example")
    w = waiting_work(db)
    with pytest.raises(InvalidInput, match="HH:MM"):
        notifications.set_notification_preferences(
            db, w.delegate, enabled=True, kinds=[], quiet_start="25:00", quiet_end="07:00"
        )
    with pytest.raises(InvalidInput, match="both"):
        notifications.set_notification_preferences(db, w.delegate, enabled=True, kinds=[], quiet_start="22:00")
    with pytest.raises(InvalidInput, match="kind"):
        notifications.set_notification_preferences(db, w.delegate, enabled=True, kinds=["gossip"])
    with pytest.raises(InvalidInput, match="time zone"):
        notifications.set_notification_preferences(db, w.delegate, enabled=True, kinds=[], timezone="Mars/Olympus")


def _mention_of(db, reply_id: int) -> int:
    with db.reading() as session:
        return session.get(Reply, reply_id).mention_id


def test_an_item_settled_by_a_stale_read_is_found_again_and_sent(db, smtp):
    w = waiting_work(db)
    notifications.set_notification_preferences(db, w.reviewer, enabled=True, kinds=["review_requested"])
    notifications.collect(db, w.team.workspace_id, NOW, email=True, webhook=False)
    with db.writing() as session:  # as if another worker, reading before the post was submitted, settled it
        row = session.scalar(select(Notification).where(Notification.member_id == w.reviewer.member_id))
        row.state = "settled"
    run(db, smtp, NOW + timedelta(minutes=1))
    (riley,) = smtp.to("riley@notify.example")
    assert links(riley.body) == [f"{APP}/review?open={w.in_review}"]


def test_without_smtp_and_webhook_nothing_is_recorded(db):
    waiting_work(db)
    report = notifications.run_notifications(db, None, None, app_url=APP, now=NOW)
    assert report.items_sent == 0
    notifications.run_notifications(db, None, Webhook(), app_url=APP, now=NOW)  # no workspace has a webhook
    with db.reading() as session:
        assert session.scalar(select(Notification.id).limit(1)) is None


def test_credentials_never_cross_a_network_in_clear():
    """A server that is not on this machine (127.0.0.2 stands in for one) and offers no STARTTLS is refused
    before any login: the password is never sent, nothing is delivered."""
    sink, port = SmtpSink(), free_port()
    controller = Controller(
        sink, hostname="127.0.0.2", port=port, authenticator=sink.authenticate, auth_require_tls=False
    )
    controller.start()
    try:
        mailer = SmtpMailer(f"smtp://mailer:{SMTP_PASSWORD}@127.0.0.2:{port}", SENDER)
        with pytest.raises(ExternalServiceError, match="STARTTLS") as refused:
            mailer.send(Email("riley@notify.example", "s", "b", "k"))
        assert SMTP_PASSWORD not in str(refused.value)
        assert sink.logins == [] and sink.received == []
    finally:
        controller.stop()
