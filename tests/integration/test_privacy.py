"""Personal data of mention authors (issue 14, point 17): export, erasure with the figures kept and the
audit chain still verifying, and mention-text retention. SQLite, and PostgreSQL with DATABASE_URL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from assistant import i18n
from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Role
from assistant.errors import InvalidInput, PermissionDenied
from assistant.services import mentions, privacy, workspace
from assistant.services.audit import record_event, verify_report
from assistant.services.response_times import account_report
from assistant.storage.models import AuditEvent, Mention, Notification, Reply

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
BOB_TEXT = "@testexec your product broke my order 4471, Bob Martin here"


def _mention(db, team, handle, text, posted, *, answered_after=None, name="", x_id=None):
    with db.writing() as session:
        m = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id=x_id or f"{handle}-{posted.timestamp()}",
            author_id=f"id-{handle}",
            author_handle=handle,
            author_name=name,
            author_followers=1200,
            author_verified=True,
            text=text,
            posted_at=posted,
            source="import",
            state="replied" if answered_after else "new",
            sla_class="complaint" if handle == "Bob_Martin" else "default",
            responded_at=posted + answered_after if answered_after else None,
            responder_kind="delegate" if answered_after else None,
        )
        session.add(m)
        session.flush()
        return m.id


def _world(db, team):
    """Bob (two mentions, one answered, one dismissed with his handle in the reason), Alice (one)."""
    delegate = team.actor(Role.DELEGATE)
    bob1 = _mention(db, team, "Bob_Martin", BOB_TEXT, NOW - timedelta(days=3), answered_after=timedelta(minutes=42),
                    name="Bob Martin")  # fmt: skip
    bob2 = _mention(db, team, "Bob_Martin", "@testexec still waiting", NOW - timedelta(days=2), name="Bob Martin")
    alice = _mention(db, team, "alice", "@testexec great keynote", NOW - timedelta(days=1),
                     answered_after=timedelta(minutes=7))  # fmt: skip
    with db.writing() as session:
        reply = Reply(
            mention_id=bob1,
            executive_id=team.executive_id,
            text="@Bob_Martin sorry about order 4471, we are on it ^DL",
            state="sent",
            authorship="delegate",
            written_by_id=delegate.member_id,
            findings=[],
            created_at=NOW - timedelta(days=3),
            updated_at=NOW - timedelta(days=3),
            sent_at=NOW - timedelta(days=3),
        )
        session.add(reply)
        session.flush()
        record_event(
            session,
            actor_id=delegate.member_id,
            actor_label=delegate.label,
            workspace_id=team.workspace_id,
            action=AuditAction.REPLY_DRAFTED,
            entity_type="reply",
            entity_id=reply.id,
            before={"state": "draft", "text": "@Bob_Martin first try"},
            after={"state": "draft", "mention": bob1},
        )
        session.add(
            Notification(
                workspace_id=team.workspace_id,
                recipient=f"member:{delegate.member_id}",
                member_id=delegate.member_id,
                event_key=f"mention:{bob2}",
                kind="new_mention",
                summary="@Bob_Martin (1,200 followers): “still waiting”",
                link=f"/inbox?mention={bob2}",
                occurred_at=NOW - timedelta(days=2),
                created_at=NOW,
                updated_at=NOW,
            )
        )
        reply_id = reply.id
    mentions.dismiss_mention(db, team.actor(Role.EXECUTIVE), bob2, "duplicate of @Bob_Martin's first post")
    return {"bob": [bob1, bob2], "alice": alice, "reply": reply_id}


def _figures(db):
    _exec, calendar = account_report(db, "testexec")
    _exec, business = account_report(db, "testexec", business=True)
    with db.reading() as session:
        stored = session.execute(
            select(Mention.id, Mention.posted_at, Mention.responded_at, Mention.response_us, Mention.sla_class,
                   Mention.state, Mention.responder_kind).order_by(Mention.id)
        ).all()  # fmt: skip
    return calendar, business, [tuple(r) for r in stored]


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str).lower()


def test_export_holds_everything_about_the_author_and_nothing_else(db, team):
    world = _world(db, team)
    admin = team.actor(Role.ADMIN)
    data = privacy.export_author_data(db, admin, "@bob_martin")
    assert sorted(m["id"] for m in data["mentions"]) == world["bob"]
    assert {m["text"] for m in data["mentions"]} == {BOB_TEXT, "@testexec still waiting"}
    assert [r["id"] for r in data["replies"]] == [world["reply"]]
    assert len(data["notifications"]) == 1
    actions = {e["action"] for e in data["audit_events"]}
    assert {"reply.drafted", "mention.dismissed"} <= actions
    assert "great keynote" not in _dump(data) and "alice" not in _dump(data)
    json.dumps(data)  # JSON as is
    # The export is audited, by ids: the handle is not in the audit log.
    with db.reading() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.exported")).one()
    assert "bob" not in _dump([event.before, event.after, event.actor_label])


def test_erasure_keeps_the_figures_and_the_chain_and_leaves_nothing_of_the_author(db, team):
    world = _world(db, team)
    admin = team.actor(Role.ADMIN)
    figures = _figures(db)
    assert verify_report(db).broken is None
    done = privacy.erase_author_data(db, admin, "Bob_Martin")
    assert (done.mentions, done.replies, done.notifications) == (2, 1, 1) and done.audit_events >= 2

    report = verify_report(db)
    assert report.broken is None, report.broken
    assert report.erased == done.audit_events
    assert _figures(db) == figures  # calendar and business-hours reports, and every stored figure, unchanged

    after = privacy.export_author_data(db, admin, "Bob_Martin")
    assert after["mentions"] == [] and after["replies"] == [] and after["audit_events"] == []
    with db.reading() as session:
        rows = [session.get(Mention, i) for i in world["bob"]]
        everything = _dump(
            [(m.text, m.author_handle, m.author_name, m.author_id, m.author_followers) for m in rows]
            + list(session.scalars(select(Reply.text)))
            + list(session.scalars(select(Notification.summary)))
            + [(e.actor_label, e.before, e.after) for e in session.scalars(select(AuditEvent))]
        )
        alice = session.get(Mention, world["alice"])
    for trace in ("bob_martin", "bob martin", "order 4471", "still waiting"):
        assert trace not in everything, trace
    assert alice.text == "@testexec great keynote" and alice.author_handle == "alice"  # others untouched
    assert {m.text for m in rows} == {privacy.ERASED_TEXT}


def test_the_erasure_event_does_not_name_the_author(db, team):
    _world(db, team)
    privacy.erase_author_data(db, team.actor(Role.ADMIN), "bob_martin")
    with db.reading() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.erased")).one()
    assert event.erased_at is None and "bob" not in _dump([event.before, event.after])
    assert event.after["mentions"] and event.after["audit_events"]


def test_only_an_admin_exports_or_erases(db, team):
    _world(db, team)
    for role in (Role.EXECUTIVE, Role.DELEGATE, Role.REVIEWER):
        actor = team.actor(role)
        with pytest.raises(PermissionDenied):
            privacy.export_author_data(db, actor, "bob_martin")
        with pytest.raises(PermissionDenied):
            privacy.erase_author_data(db, actor, "bob_martin")
    with db.reading() as session:
        assert session.scalar(select(Mention.text).where(Mention.author_handle == "Bob_Martin").limit(1)) == BOB_TEXT


def test_a_handle_that_would_match_too_much_is_refused_in_english_and_french(db, team):
    admin = team.actor(Role.ADMIN)
    with pytest.raises(InvalidInput, match="not an X handle"):
        privacy.erase_author_data(db, admin, "%")
    with i18n.using("fr"), pytest.raises(InvalidInput, match="n’est ni un identifiant X"):
        privacy.erase_author_data(db, admin, "bob martin")


def test_retention_blanks_old_text_only_and_keeps_figures_and_chain(db, team):
    admin = team.actor(Role.ADMIN)
    now = utcnow()
    old = _mention(
        db, team, "carol", "@testexec old complaint", now - timedelta(days=45), answered_after=timedelta(hours=2)
    )
    recent = _mention(db, team, "dave", "@testexec fresh question", now - timedelta(days=5))
    assert workspace.mention_retention(db, admin).mention_text_days == 365  # the default
    workspace.set_mention_retention(db, admin, 30)
    figures = _figures(db)
    passes = privacy.apply_retention(db, now=now)
    assert [(p.workspace_id, p.mentions) for p in passes] == [(team.workspace_id, 1)]
    with db.reading() as session:
        assert session.get(Mention, old).text == privacy.EXPIRED_TEXT
        assert session.get(Mention, recent).text == "@testexec fresh question"
        logged = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert logged[-2:] == ["policy.retention_changed", "privacy.retention_applied"]
    assert _figures(db) == figures
    assert verify_report(db).broken is None
    assert privacy.apply_retention(db, now=now) == []  # nothing more to blank the same day


def test_retention_off_keeps_text_and_bad_periods_are_refused_in_french(db, team):
    admin = team.actor(Role.ADMIN)
    old = _mention(db, team, "erin", "@testexec from long ago", utcnow() - timedelta(days=4000))
    workspace.set_mention_retention(db, admin, None)
    assert privacy.apply_retention(db) == []
    with db.reading() as session:
        assert session.get(Mention, old).text == "@testexec from long ago"
    with pytest.raises(InvalidInput, match="between 30 and 3650 days"):
        workspace.set_mention_retention(db, admin, 3)
    with i18n.using("fr"), pytest.raises(InvalidInput, match="comprise entre 30 et 3650 jours"):
        workspace.set_mention_retention(db, admin, 5000)
    with pytest.raises(PermissionDenied):
        workspace.set_mention_retention(db, team.actor(Role.DELEGATE), 90)


def test_the_new_audit_actions_read_in_french():
    from assistant.services.audit import wording

    with i18n.using("fr"):
        erased = wording.sentence("privacy.erased", "Riley Chen <riley@x>", wording.item("workspace", 1))
        kept = wording.sentence("policy.retention_changed", "Riley Chen <riley@x>", "")
        rule = wording.sentence("privacy.retention_applied", "system (retention)", wording.item("workspace", 1))
    assert erased == "Riley a effacé de l’espace de travail les données personnelles d’un auteur de mentions"
    assert kept == "Riley a modifié la durée de conservation du texte des mentions"
    assert rule.startswith("La règle de conservation a effacé")


def test_the_worker_step_applies_retention_and_appends_a_checkpoint_once_a_day(db, team, tmp_path, monkeypatch):
    from assistant.commands.privacy import housekeeping
    from assistant.domain.audit_chain import parse_checkpoints

    admin = team.actor(Role.ADMIN)
    now = utcnow()
    old = _mention(db, team, "frank", "@testexec an old one", now - timedelta(days=400))
    path = tmp_path / "checkpoints.txt"
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(path))
    workspace.set_mention_retention(db, admin, 365)
    ran = housekeeping(db, None, now=now)
    assert ran == now
    with db.reading() as session:
        assert session.get(Mention, old).text == privacy.EXPIRED_TEXT
    points = parse_checkpoints(path.read_text())
    report = verify_report(db, checkpoints=points)
    assert len(points) == 1 and report.broken is None and points[0].hash == report.head
    assert housekeeping(db, ran, now=now + timedelta(hours=3)) == ran  # not again the same day
    assert len(path.read_text().splitlines()) == 1
    assert housekeeping(db, ran, now=now + timedelta(days=1)) == now + timedelta(days=1)
    assert len(path.read_text().splitlines()) == 2
