"""My account's notification preferences and Settings' webhook, through the real pages (AppTest)."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from assistant.services import notifications
from assistant.services.workspace import actor_for_email
from assistant.storage.models import AuditEvent, Workspace
from tests.app.conftest import signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _checkbox(at, label):
    return next(c for c in at.checkbox if c.label == label)


def test_a_member_chooses_kinds_quiet_hours_and_a_zone(demo_db, monkeypatch):
    monkeypatch.delenv("SMTP_URL", raising=False)
    at = signed_in_app(demo_db, "sam@lumengrid.example").run()
    at.switch_page("pages/account.py").run()
    assert not at.exception
    assert any("no SMTP_URL" in i.value for i in at.info)  # the page says e-mail is not set up
    # the defaults: everything on, no quiet hours, the executive's zone
    assert all(_checkbox(at, label).value for label in notifications.KIND_NAMES.values())
    assert _checkbox(at, "Quiet hours: hold e-mails, then send them together after").value is False
    zone = next(s for s in at.selectbox if s.label == "Quiet hours are read in")
    assert zone.value == "" and "New York time" in zone.format_func("")

    _checkbox(at, "Escalation").uncheck()
    _checkbox(at, "Publishing failed").uncheck()
    _checkbox(at, "Quiet hours: hold e-mails, then send them together after").check()
    next(t for t in at.time_input if t.label == "From").set_value(time(21, 30))
    next(t for t in at.time_input if t.label == "Until").set_value(time(6, 45))
    zone.select("Europe/London")
    _button(at, "Save notification preferences").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Notification preferences saved."]

    sam = actor_for_email(demo_db, "sam@lumengrid.example")
    saved = notifications.notification_preferences(demo_db, sam)
    assert saved.enabled is True
    assert saved.kinds == ("review_requested", "changes_requested", "reply_approval", "sla_at_risk")
    assert (saved.quiet_start, saved.quiet_end, saved.timezone) == ("21:30", "06:45", "Europe/London")
    # the page shows what was saved after the rerun
    assert _checkbox(at, "Escalation").value is False
    assert next(t for t in at.time_input if t.label == "From").value == time(21, 30)

    # notifications off altogether
    next(t for t in at.toggle if t.label == "E-mail me what waits for me").set_value(False)
    _button(at, "Save notification preferences").click().run()
    assert notifications.notification_preferences(demo_db, sam).enabled is False
    notifications.set_notification_preferences(demo_db, sam, enabled=True, kinds=list(notifications.KIND_NAMES))


def test_the_page_names_the_mail_server_without_its_credentials(demo_db, monkeypatch):
    monkeypatch.setenv("SMTP_URL", "smtp://mailer:pw-XYZ-secret@mail.lumengrid.example:587")
    at = signed_in_app(demo_db, "riley@lumengrid.example").run()
    at.switch_page("pages/account.py").run()
    assert not at.info
    captions = " ".join(c.value for c in at.caption)
    assert "sent through mail.lumengrid.example:587" in captions and "pw-XYZ-secret" not in captions


def test_an_admin_sets_the_workspace_webhook_and_never_sees_it_again(demo_db, monkeypatch):
    monkeypatch.delenv("SMTP_URL", raising=False)
    url = "https://hooks.slack.com/services/T01/B02/very-secret-token"
    at = signed_in_app(demo_db, "admin@lumengrid.example").run()
    at.switch_page("pages/settings.py").run()
    assert not at.exception
    assert any(m.value == "Webhook: none." for m in at.markdown)
    field = next(t for t in at.text_input if t.label == "Incoming webhook address")
    field.input(url)
    _button(at, "Save webhook").click().run()
    assert not at.error and [s.value for s in at.success] == ["Webhook saved."]
    assert any(m.value == "Webhook: posting to hooks.slack.com." for m in at.markdown)
    shown = [e.value for kind in (at.markdown, at.caption, at.success, at.info) for e in kind]
    assert shown and not any("very-secret-token" in str(v) for v in shown)  # the host only, never the path
    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    with demo_db.reading() as session:
        assert session.get(Workspace, admin.workspace_id).settings["notifications"]["webhook_url"] == url
        last = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "policy.notifications_changed").order_by(AuditEvent.id.desc())
        )
        assert last.after == {"webhook_host": "hooks.slack.com"}
    # a wrong address is refused with what to do
    next(t for t in at.text_input if t.label == "Incoming webhook address").input("http://hooks.example.com/x")
    _button(at, "Save webhook").click().run()
    assert any("https://" in e.value for e in at.error)
    _button(at, "Remove webhook").click().run()
    assert notifications.workspace_webhook(demo_db, admin).configured is False
