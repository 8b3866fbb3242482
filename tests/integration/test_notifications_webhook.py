"""The workspace's Slack-compatible incoming webhook, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.errors import InvalidInput, PermissionDenied
from assistant.notify import Webhook
from assistant.services import notifications
from assistant.storage.models import AuditEvent, Workspace
from tests.notification_helpers import NOW, waiting_work, webhook_server

APP = "https://assistant.example.org"


@pytest.fixture
def hook():
    with webhook_server() as sink:
        yield sink


def run(db, now=NOW):
    return notifications.run_notifications(db, None, Webhook(), app_url=APP, now=now)


def test_one_json_message_per_workspace_per_pass_listing_every_new_item(db, hook):
    w = waiting_work(db)
    view = notifications.set_workspace_webhook(db, w.admin, hook.url)
    assert view.configured and view.host == "127.0.0.1"
    report = run(db)
    assert report.webhooks == 1 and report.emails == []
    (payload,) = hook.posts
    assert set(payload) == {"text"} and hook.paths == ["/services/T000/B000/secret-path-9f3k"]
    text = payload["text"]
    assert text.startswith("6 new items waiting in Test workspace:")
    for link in (
        f"/review?open={w.in_review}",
        f"/compose?post={w.changes}",
        f"/inbox?mention={w.escalated}",
        f"/inbox?mention={w.at_risk}",
        f"/review?open={w.failed}",
    ):
        assert APP + link in text
    assert "TAIL-MARKER-7731" not in text  # the mention only as an excerpt
    assert run(db, NOW + timedelta(minutes=1)).webhooks == 0 and len(hook.posts) == 1  # nothing twice


def test_a_failing_webhook_is_retried_later_without_loss(db, hook):
    w = waiting_work(db)
    notifications.set_workspace_webhook(db, w.admin, hook.url)
    hook.fail = 1
    failed = run(db)
    assert failed.webhooks == 0 and hook.posts == [] and len(failed.failed) == 1
    assert "HTTP 500" in failed.failed[0] and "secret-path" not in failed.failed[0]  # the host only
    assert run(db, NOW + timedelta(seconds=20)).webhooks == 0  # backing off
    assert run(db, NOW + timedelta(minutes=2)).webhooks == 1
    assert len(hook.posts) == 1 and hook.posts[0]["text"].startswith("6 new items")


def test_the_address_is_an_admins_setting_validated_and_never_audited_in_full(db, hook):
    w = waiting_work(db)
    with pytest.raises(PermissionDenied):
        notifications.set_workspace_webhook(db, w.reviewer, hook.url)
    with pytest.raises(InvalidInput, match="https"):
        notifications.set_workspace_webhook(db, w.admin, "http://hooks.example.com/services/x")
    with pytest.raises(InvalidInput, match="https"):
        notifications.set_workspace_webhook(db, w.admin, "ftp://127.0.0.1/x")
    notifications.set_workspace_webhook(db, w.admin, hook.url)
    notifications.set_workspace_webhook(db, w.admin, "")  # removed
    assert notifications.workspace_webhook(db, w.admin).configured is False
    with db.reading() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "policy.notifications_changed")))
        assert [e.after for e in events] == [{"webhook_host": "127.0.0.1"}, {"webhook_host": None}]
        assert all("secret-path" not in str(e.before) + str(e.after) for e in events)
        assert session.get(Workspace, w.team.workspace_id).settings["notifications"] == {"webhook_url": None}
    assert run(db).webhooks == 0 and hook.posts == []  # no address: nothing is posted
