"""The admin's audit trail page and each member's account page."""

from __future__ import annotations

from sqlalchemy import update

from assistant.services import posts, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import AuditEvent
from tests.app.conftest import signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_admin_filters_the_trail_and_verifies_the_chain(demo_db):
    at = signed_in_app(demo_db, "admin@lumengrid.example").run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    total = int(at.caption[0].value.split()[0])
    assert total >= 13
    at.selectbox[0].select("member.added").run()
    assert int(at.caption[0].value.split()[0]) >= 4  # the demo seed adds four members
    sentences = [m.value for m in at.markdown if m.value.startswith("**")]
    # in words, with the member's name, not "member.added" or "member 3"
    assert "**The demo seed added Riley Chen**" in sentences
    assert all(" added " in s for s in sentences) and not any("member.added" in s for s in sentences)
    assert "times in New York time" in at.caption[0].value
    _button(at, "Verify the chain").click().run()
    assert any(s.value.startswith("Chain intact") for s in at.success)


def test_the_trail_reads_who_did_what_with_a_readable_diff(demo_db):
    riley = actor_for_email(demo_db, "riley@lumengrid.example")
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    # a post of its own: the demo's post in review belongs to the other tests sharing this workspace
    executive_id = workspace.list_executives(demo_db, maya)[0].id
    post_id = posts.create_draft(demo_db, maya, executive_id, "x", "Thanks to the Dayton crew for a safe week.").id
    posts.submit_for_review(demo_db, maya, post_id)
    posts.review_post(demo_db, riley, post_id, "approve", "Clear and kind.")
    at = signed_in_app(demo_db, "admin@lumengrid.example").run()
    at.switch_page("pages/audit.py").run()
    texts = [m.value for m in at.markdown]
    assert f"**Riley approved post #{post_id}**" in texts  # mid-line '#' is no heading: ui.escape_md leaves it
    # the before/after as a list of changes, states in words, not JSON
    assert any("state: in review → approved" in t.replace("\\", "") for t in texts)
    assert not any("{" in t or "in_review" in t for t in texts)


def test_an_edited_event_shows_as_a_broken_chain_on_the_page(demo_db):
    with demo_db.writing() as session:
        session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(action="member.tampered"))
    try:
        at = signed_in_app(demo_db, "admin@lumengrid.example").run()
        at.switch_page("pages/audit.py").run()
        _button(at, "Verify the chain").click().run()
        assert [e.value for e in at.error] == [
            "Chain broken at event 2: its content no longer matches its hash (the event was edited)"
        ]
    finally:
        with demo_db.writing() as session:
            session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(action="member.added"))


def test_a_member_changes_their_password(demo_db):
    at = signed_in_app(demo_db, "sam@lumengrid.example").run()
    at.switch_page("pages/account.py").run()
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input("delegate-demo-1")
    fields["New password (at least 10 characters)"].input("a brand new passphrase")
    fields["New password again"].input("a brand new passphrase")
    _button(at, "Change password").click().run()
    assert [s.value for s in at.success] == ["Password changed."]
    try:
        assert workspace.sign_in(demo_db, "sam@lumengrid.example", "a brand new passphrase")
    finally:
        sam = actor_for_email(demo_db, "sam@lumengrid.example")
        workspace.change_password(demo_db, sam, "a brand new passphrase", "delegate-demo-1")


def test_a_wrong_current_password_changes_nothing(demo_db):
    at = signed_in_app(demo_db, "riley@lumengrid.example").run()
    at.switch_page("pages/account.py").run()
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input("not my password")
    fields["New password (at least 10 characters)"].input("another passphrase")
    fields["New password again"].input("another passphrase")
    _button(at, "Change password").click().run()
    assert [e.value for e in at.error] == ["the current password is wrong"]
    assert workspace.sign_in(demo_db, "riley@lumengrid.example", "reviewer-demo-1")
