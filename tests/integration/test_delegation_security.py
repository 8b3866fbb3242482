"""Issue 14, findings 1 and 3: the delegation policy cannot be escaped by a delegate's class change or dismissal,
and an approver's edit is a new version that someone else approves. Each test first replays the attack the
review made (it went through before the fix). Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import timedelta
from functools import partial

import pytest

from assistant.domain import delegation
from assistant.domain.roles import Role
from assistant.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from assistant.i18n import using
from assistant.services import mentions, replies, workspace
from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Mention, Reply, ReplyVersion
from assistant.x_types import DryRunX
from tests.conftest import fresh_database_url
from tests.integration.test_replies import NOON_PARIS, add_mention, link_executive


@pytest.fixture
def people(db, team):
    delegate = team.actor(Role.DELEGATE, email="sam.patel@test.example")
    executive = team.actor(Role.EXECUTIVE, email="maya@test.example")
    reviewer = team.actor(Role.REVIEWER, email="riley@test.example")
    link_executive(db, team, executive)
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), {"quiet_hours": None})
    return delegate, executive, reviewer


def investor_mention(db, team, x_post_id="3001") -> int:
    return add_mention(
        db, team, text="@testexec when is the next earnings call?", sla_class="investor", x_post_id=x_post_id
    )


# --- Finding 1: the SLA class and the delegation policy ------------------------------------------------------


def test_sams_attack_a_delegate_cannot_reclassify_an_investor_mention_to_answer_it_alone(db, team, people):
    sam, _, _ = people
    mention_id = investor_mention(db, team)
    with pytest.raises(PermissionDenied):  # on main this went through
        mentions.set_sla_class(db, sam, mention_id, "default")
    with pytest.raises(PermissionDenied):
        mentions.set_sla_classes(db, sam, [mention_id], "default")
    mentions.claim_mention(db, sam, mention_id, now=NOON_PARIS)
    x = DryRunX()
    outcome = replies.submit_reply(db, sam, mention_id, "Next call is on the 12th.", x, now=NOON_PARIS)
    assert outcome.decision.outcome == "approval" and "investor mentions need approval" in outcome.decision.reasons
    assert not x.sent and outcome.reply.state == "pending_approval"
    with db.reading() as session:
        assert session.get(Mention, mention_id).sla_class == "investor"


def test_the_policy_reads_the_arrival_class_unless_a_reviewer_executive_or_admin_changed_it(db, team, people):
    sam, maya, riley = people
    # what an upgraded database holds after Sam's change made before the fix: default now, investor on arrival
    mention_id = investor_mention(db, team)
    with db.writing() as session:
        m = session.get(Mention, mention_id)
        m.sla_class, m.sla_override, m.arrival_sla_class = "default", True, "investor"
    assert replies.reply_policy(db, sam, mention_id, now=NOON_PARIS).outcome == "approval"
    mentions.claim_mention(db, sam, mention_id, now=NOON_PARIS)
    x = DryRunX()
    held = replies.submit_reply(db, sam, mention_id, "Next call is on the 12th.", x, now=NOON_PARIS)
    assert held.decision.outcome == "approval" and not x.sent
    # a reviewer (or the executive, or an admin) deciding the class is what the policy then reads
    other = investor_mention(db, team, x_post_id="3002")
    for who in (riley, maya, team.actor(Role.ADMIN)):
        mentions.set_sla_class(db, who, other, "default")
        with db.reading() as session:
            m = session.get(Mention, other)
            assert (m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id) == ("default", "investor", who.member_id)
        assert replies.reply_policy(db, sam, other, now=NOON_PARIS).outcome == "send"
        mentions.set_sla_class(db, who, other, "investor")


def test_a_delegate_proposes_a_class_and_a_reviewer_accepts_or_declines_it(db, team, people):
    sam, maya, riley = people
    a, b = investor_mention(db, team, "3001"), investor_mention(db, team, "3002")
    mentions.propose_sla_class(db, sam, a, "default")
    with db.reading() as session:
        m = session.get(Mention, a)
        assert (m.sla_class, m.proposed_sla_class, m.proposed_by_id) == ("investor", "default", sam.member_id)
    assert replies.reply_policy(db, sam, a, now=NOON_PARIS).outcome == "approval"  # a proposal changes nothing
    [shown] = mentions.sla_class_proposals(db, riley)
    assert (shown.mention_id, shown.current, shown.proposed, shown.proposed_by) == (
        a,
        "investor",
        "default",
        "sam.patel@test.example",
    )
    assert [p.mention_id for p in mentions.sla_class_proposals(db, maya, mention_id=a)] == [a]
    with pytest.raises(PermissionDenied):  # the one who proposed does not decide
        mentions.decide_sla_class_proposal(db, sam, a, accept=True)
    mentions.decide_sla_class_proposal(db, riley, a, accept=True)
    with db.reading() as session:
        m = session.get(Mention, a)
        assert (m.sla_class, m.sla_class_set_by_id, m.proposed_sla_class) == ("default", riley.member_id, None)
    assert replies.reply_policy(db, sam, a, now=NOON_PARIS).outcome == "send"
    # several at once (the bulk path), then declined: nothing changes but the proposal is gone
    assert mentions.propose_sla_classes(db, sam, [b], "complaint") == [b]
    mentions.decide_sla_class_proposal(db, maya, b, accept=False)
    with db.reading() as session:
        m = session.get(Mention, b)
        assert (m.sla_class, m.proposed_sla_class, m.sla_class_set_by_id) == ("investor", None, None)
    with pytest.raises(Conflict, match="no class change proposed"):
        mentions.decide_sla_class_proposal(db, maya, b, accept=True)
    with pytest.raises(InvalidInput, match="unknown SLA class"):
        mentions.propose_sla_class(db, sam, b, "urgent")
    with db.reading() as session:
        trail = session.query(AuditEvent).filter(AuditEvent.action.like("mention.sla_class%")).order_by(AuditEvent.id)
        actions = [(e.action, e.after.get("sla_class") or e.after.get("proposed")) for e in trail]
    assert actions == [
        ("mention.sla_class_proposed", "default"),
        ("mention.sla_class_changed", "default"),
        ("mention.sla_class_proposed", "complaint"),
        ("mention.sla_class_proposal_declined", "complaint"),
    ]


def test_a_proposal_is_shown_in_french(db, team, people):
    sam, _, riley = people
    a = investor_mention(db, team)
    mentions.propose_sla_class(db, sam, a, "default")
    with using("fr"), pytest.raises(PermissionDenied, match="définir la classe de SLA"):
        mentions.set_sla_class(db, sam, a, "default")
    with using("fr"), pytest.raises(Conflict, match="aucun changement de classe"):
        mentions.decide_sla_class_proposal(db, riley, add_mention(db, team, x_post_id="9"), accept=True)


def test_a_delegate_cannot_dismiss_an_escalated_mention_nor_take_it_back_to_dismiss_it(db, team, people):
    sam, maya, _ = people
    layoffs = add_mention(db, team, text="@testexec layoffs at the plant?", x_post_id="4001")
    other = add_mention(db, team, text="@testexec a recall coming?", x_post_id="4002")
    mentions.claim_mention(db, sam, layoffs, now=NOON_PARIS)
    assert replies.submit_reply(db, sam, layoffs, "No.", DryRunX(), now=NOON_PARIS).decision.outcome == "escalate"
    mentions.escalate_mention(db, sam, other, "for Maya")
    for mention_id in (layoffs, other):
        with pytest.raises(PermissionDenied, match="escalated"):  # on main this went through
            mentions.dismiss_mention(db, sam, mention_id)
    with pytest.raises(PermissionDenied, match="escalated"):
        mentions.dismiss_mentions(db, sam, [layoffs, other])
    # nor by claiming it (or assigning it to himself) and releasing it as a new mention first
    with pytest.raises(PermissionDenied, match="escalated"):
        mentions.claim_mention(db, sam, layoffs, now=NOON_PARIS)
    with pytest.raises(PermissionDenied, match="escalated"):
        mentions.assign_mentions(db, sam, [layoffs], sam.member_id, now=NOON_PARIS)
    # the executive may hand it to Sam; released, it is escalated again, and still not his to dismiss
    mentions.assign_mentions(db, maya, [layoffs], sam.member_id, now=NOON_PARIS)
    mentions.release_claim(db, sam, layoffs)
    with db.reading() as session:
        assert session.get(Mention, layoffs).state == "escalated"
    with pytest.raises(PermissionDenied, match="escalated"):
        mentions.dismiss_mention(db, sam, layoffs)
    with db.reading() as session:
        assert {session.get(Mention, i).state for i in (layoffs, other)} == {"escalated"}
    mentions.dismiss_mentions(db, maya, [layoffs, other], "answered by phone")  # the executive decides
    with db.reading() as session:
        assert {session.get(Mention, i).state for i in (layoffs, other)} == {"dismissed"}


# --- Finding 3: an approver's edit ----------------------------------------------------------------------------


def held_reply(db, team, sam, text="Happy to talk.", x_post_id="5001", sla_class="press") -> int:
    mention_id = add_mention(
        db, team, text="@testexec reporter here: comment?", sla_class=sla_class, x_post_id=x_post_id
    )
    mentions.claim_mention(db, sam, mention_id, now=NOON_PARIS)
    held = replies.submit_reply(db, sam, mention_id, text, DryRunX(), now=NOON_PARIS).reply
    assert held.state == "pending_approval"
    return held.id


def test_an_approvers_rewrite_does_not_go_out_alone_and_the_record_shows_both_authors(db, team, people):
    sam, maya, riley = people
    reply_id = held_reply(db, team, sam)
    x = DryRunX()
    edited = replies.approve_reply(db, riley, reply_id, x, text="We have nothing to say about that.", now=NOON_PARIS)
    assert not x.sent  # on main the reviewer's rewrite was sent at once, as Sam's
    assert edited.state == "pending_approval" and edited.text == "We have nothing to say about that. ^SP"
    assert (edited.written_by, edited.edited_by, edited.version) == (sam.display_name, (riley.display_name,), 2)
    with pytest.raises(PermissionDenied, match="edited"):  # the editor does not approve their own edit
        replies.approve_reply(db, riley, reply_id, x, now=NOON_PARIS)
    assert [r.id for r in replies.approval_queue(db, riley)] == []
    [waiting] = replies.approval_queue(db, maya)
    assert any("edited by riley@test.example" in reason for reason in waiting.reasons), waiting.reasons
    done = replies.approve_reply(db, maya, reply_id, x, now=NOON_PARIS, version=2)
    assert done.state == "sent" and x.sent[0].text == "We have nothing to say about that. ^SP"
    assert x.sent[0].text.count("^SP") == 1
    with db.reading() as session:
        versions = session.query(ReplyVersion).filter_by(reply_id=reply_id).order_by(ReplyVersion.number).all()
        assert [(v.number, v.author_id, v.text) for v in versions] == [
            (1, sam.member_id, "Happy to talk. ^SP"),
            (2, riley.member_id, "We have nothing to say about that. ^SP"),
        ]
        edit = session.query(AuditEvent).filter(AuditEvent.action == "reply.edited").one()
        assert edit.actor_id == riley.member_id
        assert edit.after["written_by"] == sam.member_id and edit.after["version"] == 2
    [said] = replies.said_on_my_behalf(db, maya, now=NOON_PARIS)
    assert (said.written_by, said.edited_by, said.approved_by) == (
        sam.display_name,
        (riley.display_name,),
        maya.display_name,
    )


def test_an_edit_is_checked_and_run_through_the_policy_again(db, team, people):
    sam, maya, riley = people
    reply_id = held_reply(db, team, sam)
    with pytest.raises(InvalidInput, match="checklist blocks"):
        replies.approve_reply(db, riley, reply_id, DryRunX(), text="My password is hunter2", now=NOON_PARIS)
    with db.reading() as session:
        assert session.get(Reply, reply_id).text == "Happy to talk. ^SP"
    # the policy reads the edit's findings: a promise brings a legal reason, listed with the edit
    x = DryRunX()
    out = replies.approve_reply(db, riley, reply_id, x, text="We guarantee a full refund to everyone.", now=NOON_PARIS)
    assert not x.sent and out.state == "pending_approval" and out.verdict == "needs_review"
    [waiting] = replies.approval_queue(db, maya)
    assert "the checklist found legal passages" in waiting.reasons and "press mentions need approval" in waiting.reasons
    # the policy now escalates press mentions: an edit sends the mention to the executive, nothing goes out
    policy = {"quiet_hours": None, "classes": {"default": "direct", "press": "escalate"}}
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), policy)
    out = replies.approve_reply(db, riley, reply_id, x, text="Happy to talk next week.", now=NOON_PARIS)
    assert not x.sent and out.state == "draft"
    with db.reading() as session:
        assert session.get(Mention, out.mention_id).state == "escalated"


def test_an_edit_nobody_else_could_approve_is_refused_and_a_stale_approval_conflicts(db, team, people):
    sam, maya, riley = people
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), {"approver": "executive", "quiet_hours": None})
    reply_id = held_reply(db, team, sam)
    with pytest.raises(InvalidInput, match="nobody else may approve"):
        replies.approve_reply(db, maya, reply_id, DryRunX(), text="Call me.", now=NOON_PARIS)
    with using("fr"), pytest.raises(InvalidInput, match="personne d’autre"):
        replies.approve_reply(db, maya, reply_id, DryRunX(), text="Call me.", now=NOON_PARIS)
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), {"approver": "either", "quiet_hours": None})
    replies.approve_reply(db, riley, reply_id, DryRunX(), text="Call me, DM open.", now=NOON_PARIS)
    x = DryRunX()
    with pytest.raises(Conflict, match="changed"):  # Maya approves the version she saw, not Riley's newer one
        replies.approve_reply(db, maya, reply_id, x, now=NOON_PARIS, version=1)
    assert not x.sent
    # the editor may still withdraw their edit's chance: rejecting sends nothing
    rejected = replies.reject_reply(db, riley, reply_id, "not this one", now=NOON_PARIS + timedelta(minutes=1))
    assert rejected.state == "rejected"


def test_an_unchanged_approval_still_sends_in_one_click(db, team, people):
    sam, maya, _ = people
    reply_id = held_reply(db, team, sam)
    x = DryRunX()
    # the text as shown, even without the signature, is not an edit
    done = replies.approve_reply(db, maya, reply_id, x, text="Happy to talk.", now=NOON_PARIS, version=1)
    assert done.state == "sent" and x.sent[0].text == "Happy to talk. ^SP" and done.edited_by == ()


def _race(calls: dict) -> dict:
    """Run the calls at the same moment, each in its thread: name -> 'done' or 'refused'."""
    barrier, outcome = threading.Barrier(len(calls)), {}

    def run(name, call):
        barrier.wait()
        try:
            call()
            outcome[name] = "done"
        except (Conflict, InvalidTransition):
            outcome[name] = "refused"

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcome


def test_an_edit_racing_an_approval_never_sends_a_text_its_approver_did_not_see(db, team, people):
    """Riley edits while Maya approves the version she read, at the same moment: either Maya's version goes out
    (and the edit is refused), or the edit is version 2 (and Maya's approval is refused). Never Riley's text sent
    on Maya's approval. The reply row is locked by each; without it PostgreSQL could mix the two."""
    sam, maya, riley = people
    for i in range(6):
        reply_id, x = held_reply(db, team, sam, x_post_id=str(6000 + i)), DryRunX()
        outcome = _race(
            {
                "edit": partial(
                    replies.approve_reply, db, riley, reply_id, DryRunX(), text="Riley's words.", version=1
                ),
                "approve": partial(replies.approve_reply, db, maya, reply_id, x, version=1),
            }
        )
        with db.reading() as session:
            r = session.get(Reply, reply_id)
            state, text = r.state, r.text
        assert sorted(outcome.values()) == ["done", "refused"], outcome
        if outcome["approve"] == "done":
            assert [p.text for p in x.sent] == ["Happy to talk. ^SP"] and (state, text) == (
                "sent",
                "Happy to talk. ^SP",
            )
        else:
            assert not x.sent and (state, text) == ("pending_approval", "Riley's words. ^SP")


def test_upgrading_a_database_undoes_a_delegates_earlier_class_change_for_the_policy(tmp_path):
    """Migration 0013 on data from before the fix: Sam's change (investor -> default) no longer counts for the
    policy; a change by the executive still does; an escalated mention keeps its mark."""
    for url in fresh_database_url(tmp_path):
        database = Database.from_url(url)
        migrate.upgrade(database.engine, "0012_sign_in_security")
        at = "2026-11-20 10:00:00"
        with database.engine.begin() as conn:
            run = conn.exec_driver_sql
            run(f"INSERT INTO workspaces (id, name, settings, created_at) VALUES (1, 'w', '{{}}', '{at}')")
            for member_id, role in ((1, "delegate"), (2, "executive")):
                run(
                    "INSERT INTO members (id, workspace_id, email, display_name, active, created_at) "
                    f"VALUES ({member_id}, 1, '{role}@t.example', '{role}', true, '{at}')"
                )
                run(f"INSERT INTO member_roles (member_id, role) VALUES ({member_id}, '{role}')")
            run(
                "INSERT INTO executives (id, workspace_id, name, timezone, business_days, business_hours, holidays, "
                "voice_profile) VALUES (1, 1, 'E', 'UTC', 'mon-fri', '09:00-18:00', '[]', '{}')"
            )
            for mention_id, sla_class, state in ((1, "default", "new"), (2, "press", "new"), (3, "vip", "escalated")):
                run(
                    "INSERT INTO mentions (id, workspace_id, executive_id, x_post_id, author_id, author_handle, "
                    "author_name, author_verified, text, posted_at, source, state, sla_class, sla_override) VALUES "
                    f"({mention_id}, 1, 1, '{mention_id}', '7', 'a', 'A', false, 'hi', '{at}', 'import', '{state}', "
                    f"'{sla_class}', {'true' if mention_id < 3 else 'false'})"
                )
            changes = ((1, 1, "investor", "default"), (2, 2, "default", "press"))  # (mention, actor, before, after)
            for event_id, (mention_id, actor_id, before, after) in enumerate(changes, start=1):
                run(
                    "INSERT INTO audit_events (id, workspace_id, at, actor_id, actor_label, action, entity_type, "
                    "entity_id, before, after, prev_hash, hash) VALUES "
                    f"({event_id}, 1, '{at}', {actor_id}, 'x', 'mention.sla_class_changed', 'mention', "
                    f"'{mention_id}', '{{\"sla_class\": \"{before}\"}}', '{{\"sla_class\": \"{after}\"}}', 'p', 'h')"
                )
        migrate.upgrade(database.engine)
        with database.reading() as session:
            rows = {m.id: m for m in session.query(Mention)}
            found = {
                i: (m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id, m.escalated_at is not None)
                for i, m in rows.items()
            }
            policy_classes = {
                i: delegation.class_for_policy(m.sla_class, m.arrival_sla_class, m.sla_class_set_by_id)
                for i, m in rows.items()
            }
        assert found == {
            1: ("default", "investor", None, False),  # the delegate's change: the policy reads investor
            2: ("press", "default", 2, False),  # the executive's change counts
            3: ("vip", "vip", None, True),
        }
        assert policy_classes == {1: "investor", 2: "press", 3: "vip"}
        database.engine.dispose()
