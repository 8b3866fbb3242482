"""The Inbox as delegates, executives, reviewers and admins see it (AppTest on the demo workspace)."""

from __future__ import annotations

import pytest

from assistant.services import mentions, replies, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import Mention
from assistant.x_types import DryRunX
from tests.app.conftest import signed_in_app

SAM, MAYA, RILEY, ADMIN = (
    "sam@lumengrid.example",
    "maya@lumengrid.example",
    "riley@lumengrid.example",
    "admin@lumengrid.example",
)


@pytest.fixture
def no_quiet_hours(demo_db):
    """The app runs on the real clock: without quiet hours the outcome does not depend on the hour."""
    admin = actor_for_email(demo_db, ADMIN)
    before = workspace.delegation_policy(demo_db, admin)
    workspace.set_delegation_policy(demo_db, admin, {**before.to_dict(), "quiet_hours": None})
    yield
    workspace.set_delegation_policy(demo_db, admin, before.to_dict())


def open_mention(db, sla_class: str, text: str) -> int:
    with db.writing() as session:
        m = session.query(Mention).filter(Mention.state == "new").order_by(Mention.posted_at.desc()).first()
        m.sla_class, m.text = sla_class, text
        return m.id


def tab(at, label):
    return next(t for t in at.tabs if t.label == label)


def test_a_delegate_claims_drafts_and_sends_within_the_policy(demo_db, no_quiet_hours):
    mention_id = open_mention(demo_db, "default", "@mayaokafor what's a good book on grid storage?")
    at = signed_in_app(demo_db, SAM)
    at.switch_page("pages/inbox.py").run()
    assert any("Dry run" in c.value for c in at.caption)
    assert [t.label for t in at.tabs] == ["Mentions"]
    at.selectbox[0].set_value(mention_id).run()
    next(b for b in at.button if b.label == "Claim").click().run()
    assert any(f"You hold mention {mention_id}" in s.value for s in at.success)
    next(b for b in at.button if b.label == "Draft three replies").click().run()
    assert not at.exception
    next(b for b in at.button if b.label == "Use this draft").click().run()
    assert at.text_area(key="reply_text").value.endswith("^SP")
    next(b for b in at.button if b.label == "Send or submit reply").click().run()
    assert not at.exception and not at.error
    assert any("is sent (dry run: nothing sent to X)" in s.value for s in at.success), [s.value for s in at.success]
    with demo_db.reading() as session:
        m = session.get(Mention, mention_id)
        assert (m.state, m.responder_kind) == ("replied", "delegate")


def test_the_executive_approves_a_held_reply_in_one_click(demo_db, no_quiet_hours):
    sam = actor_for_email(demo_db, SAM)
    mention_id = open_mention(demo_db, "press", "@mayaokafor reporter here: a comment on winter storms?")
    mentions.claim_mention(demo_db, sam, mention_id)
    held = replies.submit_reply(demo_db, sam, mention_id, "Happy to talk, DM me.", DryRunX()).reply
    assert held.state == "pending_approval"
    at = signed_in_app(demo_db, MAYA)
    at.switch_page("pages/inbox.py").run()
    assert [t.label for t in at.tabs] == ["Mentions", "Waiting for your approval", "Said on your behalf"]
    approvals = tab(at, "Waiting for your approval")
    assert any("press mentions need approval" in c.value for c in approvals.caption)
    next(b for b in approvals.button if b.key == f"approve_{held.id}").click().run()
    assert not at.exception
    assert any(f"Reply {held.id} is sent (dry run)" in s.value for s in at.success)
    said = tab(at, "Said on your behalf").dataframe[0].value
    assert "Happy to talk, DM me. ^SP" in set(said["reply"])


def test_a_reviewer_sees_approvals_but_not_the_executives_record(demo_db):
    at = signed_in_app(demo_db, RILEY)
    at.switch_page("pages/inbox.py").run()
    assert [t.label for t in at.tabs] == ["Mentions", "Waiting for your approval"]
    assert not any(b.label == "Claim" for b in at.button)  # reviewers do not answer mentions


def test_the_admin_edits_the_delegation_policy_in_settings(demo_db):
    admin = actor_for_email(demo_db, ADMIN)
    before = workspace.delegation_policy(demo_db, admin)
    at = signed_in_app(demo_db, ADMIN)
    at.switch_page("pages/settings.py").run()
    signature = next(t for t in at.text_input if t.label.startswith("Signature"))
    signature.set_value("^CM")
    next(b for b in at.button if b.label == "Save delegation policy").click().run()
    assert not at.exception and any("Delegation policy saved" in s.value for s in at.success)
    assert workspace.delegation_policy(demo_db, admin).signature == "^CM"
    workspace.set_delegation_policy(demo_db, admin, before.to_dict())
