"""The Inbox as delegates, executives, reviewers and admins see it (AppTest on the demo workspace)."""

from __future__ import annotations

import pytest

from assistant.services import mentions, replies, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import Mention, Reply
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


def inbox(db, email: str, mention_id: int | None = None):
    """The Inbox page, opened on a mention through the deep link /inbox?mention=<id> when given."""
    at = signed_in_app(db, email)
    if mention_id is not None:
        at.query_params["mention"] = str(mention_id)
    at.switch_page("pages/inbox.py").run()
    assert not at.exception, at.exception
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_delegate_claims_drafts_and_sends_within_the_policy(demo_db, no_quiet_hours):
    mention_id = open_mention(demo_db, "default", "@mayaokafor what's a good book on grid storage?")
    at = inbox(demo_db, SAM, mention_id)
    assert any("Dry run" in c.value for c in at.caption)
    assert [t.label for t in at.tabs] == ["Mentions"]
    assert any(s.value == f"Mention #{mention_id}" for s in at.subheader)
    # the policy outcome is shown before anything is drafted
    assert any(v.value.startswith("Goes out directly: ") for v in at.success)
    button(at, "Claim").click().run()
    assert any(f"You hold mention {mention_id}" in s.value for s in at.success)
    assert any(s.value == f"Mention #{mention_id}" for s in at.subheader)  # still on the same mention
    button(at, "Draft three replies").click().run()
    assert not at.exception
    button(at, "Use this draft").click().run()
    draft = at.text_area(key="reply_text").value
    assert draft and "^SP" not in draft  # the editor holds what the delegate says; the app signs it once
    assert any(t.value == f"{draft} ^SP" for t in at.text)  # exactly what goes out, shown before sending
    button(at, "Send or submit reply").click().run()
    assert not at.exception and not at.error
    assert any("is sent (dry run: nothing sent to X)" in s.value for s in at.success), [s.value for s in at.success]
    assert any(s.value == f"Mention #{mention_id}" for s in at.subheader)  # the confirmation is on the mention
    with demo_db.reading() as session:
        m = session.get(Mention, mention_id)
        assert (m.state, m.responder_kind) == ("replied", "delegate")
        sent = session.query(Reply).filter(Reply.mention_id == mention_id).one()
        assert sent.text == f"{draft} ^SP" and sent.text.count("^SP") == 1


def test_a_saved_reply_goes_into_the_reply_editor(demo_db, no_quiet_hours):
    sam = actor_for_email(demo_db, SAM)
    saved = replies.create_saved_reply(demo_db, sam, "Status page", "Updates are on status.lumengrid.example.")
    try:
        mention_id = open_mention(demo_db, "default", "@mayaokafor is the app down?")
        mentions.claim_mention(demo_db, sam, mention_id)
        at = inbox(demo_db, SAM, mention_id)
        at.selectbox(key="saved_pick").set_value(saved.id).run()
        button(at, "Insert").click().run()
        assert at.text_area(key="reply_text").value == "Updates are on status.lumengrid.example."
        assert any(t.value == "Updates are on status.lumengrid.example. ^SP" for t in at.text)
    finally:
        replies.delete_saved_reply(demo_db, sam, saved.id)


def test_the_policy_outcome_names_the_approver_for_press(demo_db, no_quiet_hours):
    mention_id = open_mention(demo_db, "press", "@mayaokafor reporter here: a comment on the new plant?")
    at = inbox(demo_db, SAM, mention_id)
    assert any(
        w.value.startswith("This reply will need Maya Okafor") and "press mentions need approval" in w.value
        for w in at.warning
    ), [w.value for w in at.warning]


def test_search_narrows_the_list(demo_db):
    at = inbox(demo_db, SAM)
    at.text_input(key="mention_search").set_value("techcrunchy").run()
    table = at.dataframe[0].value
    assert len(table) >= 1 and all("techcrunchy" in f for f in table["From"])
    assert all(d.startswith(("late by", "due in")) for d in table["Due"])  # open mentions: countdowns in words


def test_the_executive_approves_a_held_reply_in_one_click(demo_db, no_quiet_hours):
    sam = actor_for_email(demo_db, SAM)
    mention_id = open_mention(demo_db, "press", "@mayaokafor reporter here: a comment on winter storms?")
    mentions.claim_mention(demo_db, sam, mention_id)
    held = replies.submit_reply(demo_db, sam, mention_id, "Happy to talk, DM me.", DryRunX()).reply
    assert held.state == "pending_approval"
    at = inbox(demo_db, MAYA)
    assert [t.label for t in at.tabs] == ["Mentions", "Waiting for your approval", "Said on your behalf"]
    approvals = tab(at, "Waiting for your approval")
    assert any("press mentions need approval" in c.value for c in approvals.caption)
    next(b for b in approvals.button if b.key == f"approve_{held.id}").click().run()
    assert not at.exception
    assert any(f"Reply {held.id} is sent (dry run)" in s.value for s in tab(at, "Waiting for your approval").success)
    said = tab(at, "Said on your behalf").dataframe[0].value
    assert "Happy to talk, DM me. ^SP" in set(said["Reply"])


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


def test_an_escalated_mention_opens_on_the_mentions_tab_from_the_approvals_tab(demo_db):
    sam = actor_for_email(demo_db, SAM)
    mention_id = open_mention(demo_db, "vip", "@mayaokafor can we talk about the job fair?")
    mentions.escalate_mention(demo_db, sam, mention_id, "for Maya")
    at = inbox(demo_db, MAYA)
    approvals = tab(at, "Waiting for your approval")
    assert any(s.value.startswith("Escalated to you (") for s in approvals.subheader)
    next(b for b in approvals.button if b.key == f"open_escalated_{mention_id}").click().run()
    assert not at.exception
    assert at.session_state["inbox_tab"] == "Mentions"
    assert any(s.value == f"Mention #{mention_id}" for s in tab(at, "Mentions").subheader)
    assert at.query_params["mention"] == [str(mention_id)] or at.query_params["mention"] == str(mention_id)


def test_bulk_set_class_from_the_inbox(demo_db):
    # issue 14: a delegate proposes the class (the delegation policy reads it); the executive sets it
    sam = actor_for_email(demo_db, SAM)
    page = mentions.list_mentions(demo_db, sam, states=mentions.OPEN_STATES)
    picked = [m.id for m in page.items[-2:] if m.sla_class != "vip"][:2]
    at = inbox(demo_db, SAM)
    assert not any(b.label == "Set class" for b in at.button)
    at.multiselect(key="bulk_ids").set_value(picked).run()
    at.selectbox(key="bulk_class").set_value("vip").run()
    button(at, "Propose class").click().run()
    assert not at.exception and not at.error
    assert any("the vip class is proposed" in s.value for s in at.success), [s.value for s in at.success]
    with demo_db.reading() as session:
        assert {session.get(Mention, i).proposed_sla_class for i in picked} == {"vip"}
        assert "vip" not in {session.get(Mention, i).sla_class for i in picked}
    at = inbox(demo_db, MAYA)
    at.multiselect(key="bulk_ids").set_value(picked).run()
    at.selectbox(key="bulk_class").set_value("vip").run()
    button(at, "Set class").click().run()
    assert not at.exception and not at.error
    assert any(s.value.startswith(f"{len(picked)} mention(s) moved to the vip class") for s in at.success), [
        s.value for s in at.success
    ]
    with demo_db.reading() as session:
        assert {session.get(Mention, i).sla_class for i in picked} == {"vip"}
        assert {session.get(Mention, i).proposed_sla_class for i in picked} == {None}  # decided by setting it


def test_a_delegates_class_proposal_is_accepted_from_the_approvals_tab(demo_db):
    sam = actor_for_email(demo_db, SAM)
    mention_id = open_mention(demo_db, "investor", "@mayaokafor when is the next earnings call?")
    at = inbox(demo_db, SAM, mention_id)
    assert not any(s.label == "SLA class" for s in at.selectbox)  # a delegate cannot set it
    at.selectbox(key=f"propose_{mention_id}").set_value("default").run()
    next(b for b in at.button if b.key == f"propose_go_{mention_id}").click().run()
    assert not at.exception and not at.error
    assert any("default class is proposed" in s.value for s in at.success), [s.value for s in at.success]
    assert replies.reply_policy(demo_db, sam, mention_id).outcome == "approval"  # nothing changed yet
    at = inbox(demo_db, MAYA)
    approvals = tab(at, "Waiting for your approval")
    assert any(s.value.startswith("Class changes proposed (") for s in approvals.subheader)
    next(b for b in approvals.button if b.key == f"class_accept_{mention_id}").click().run()
    assert not at.exception
    with demo_db.reading() as session:
        m = session.get(Mention, mention_id)
        assert (m.sla_class, m.proposed_sla_class) == ("default", None)


def test_a_reviewers_edit_waits_for_someone_elses_approval(demo_db, no_quiet_hours):
    sam = actor_for_email(demo_db, SAM)
    mention_id = open_mention(demo_db, "press", "@mayaokafor reporter here: a comment on the grid?")
    mentions.claim_mention(demo_db, sam, mention_id)
    held = replies.submit_reply(demo_db, sam, mention_id, "Happy to talk.", DryRunX()).reply
    at = inbox(demo_db, RILEY)
    approvals = tab(at, "Waiting for your approval")
    approvals.text_area(key=f"approve_text_{held.id}").set_value("No comment from us.").run()
    approvals = tab(at, "Waiting for your approval")
    edit = next(b for b in approvals.button if b.key == f"approve_{held.id}")
    assert edit.label == "Save my edit for someone else's approval"
    edit.click().run()
    assert not at.exception
    notices = [s.value for s in tab(at, "Waiting for your approval").success]
    assert any(f"Your edit of reply {held.id} is version 2" in n for n in notices), notices
    with demo_db.reading() as session:
        r = session.get(Reply, held.id)
        assert (r.state, r.text) == ("pending_approval", "No comment from us. ^SP")
    at = inbox(demo_db, MAYA)
    assert any("Sam Patel, edited by Riley" in c.value for c in tab(at, "Waiting for your approval").caption), [
        c.value for c in tab(at, "Waiting for your approval").caption
    ]
