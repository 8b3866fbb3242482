"""Replies on the executive's behalf: claim, draft, policy, approval, sending (dry run), the record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.domain.roles import Role
from assistant.drafting import OfflineDrafter
from assistant.errors import Conflict, InvalidInput, PermissionDenied
from assistant.services import mentions, replies, response_times, workspace
from assistant.services.replies import list_replies, said_on_my_behalf
from assistant.storage.models import AuditEvent, Executive, Mention, Reply
from assistant.x_types import DryRunX

NOON_PARIS = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def add_mention(
    db,
    team,
    text="@testexec loved the talk, any reading you'd recommend?",
    sla_class="default",
    x_post_id="2001",
    author_id="7",
    posted=None,
    conversation_id=None,
    state="new",
) -> int:
    with db.writing() as session:
        m = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id=x_post_id,
            author_id=author_id,
            author_handle="customer",
            author_name="A Customer",
            author_followers=120,
            text=text,
            posted_at=posted or NOON_PARIS - timedelta(minutes=20),
            source="import",
            state=state,
            sla_class=sla_class,
            conversation_id=conversation_id,
        )
        session.add(m)
        session.flush()
        return m.id


def link_executive(db, team, actor) -> None:
    with db.writing() as session:
        session.get(Executive, team.executive_id).member_id = actor.member_id


@pytest.fixture
def people(db, team):
    delegate = team.actor(Role.DELEGATE, email="sam.patel@test.example")
    executive = team.actor(Role.EXECUTIVE, email="maya@test.example")
    reviewer = team.actor(Role.REVIEWER, email="riley@test.example")
    link_executive(db, team, executive)
    return delegate, executive, reviewer


def test_a_delegate_answers_directly_within_the_policy(db, team, people):
    delegate, executive, _ = people
    mention_id = add_mention(db, team)
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    drafts = replies.draft_replies(db, delegate, OfflineDrafter(), mention_id, now=NOON_PARIS)
    assert len(drafts) == 3 and not any("^SP" in d.draft.text for d in drafts)  # signed once, on submit
    x = DryRunX()
    outcome = replies.submit_reply(db, delegate, mention_id, drafts[0].draft.text, x, ai_assisted=True, now=NOON_PARIS)
    assert outcome.decision.outcome == "send"
    sent = outcome.reply
    assert (sent.state, sent.written_by, sent.sent_by, sent.approved_by) == (
        "sent",
        delegate.display_name,
        delegate.display_name,
        None,
    )
    assert sent.dry_run and sent.executive == "Test Executive (@testexec)"
    assert x.sent[0].in_reply_to_id == "2001" and x.sent[0].text.count("^SP") == 1
    with db.reading() as session:
        m = session.get(Mention, mention_id)
        assert (m.state, m.responder_kind, m.responder_member_id) == ("replied", "delegate", delegate.member_id)
        assert m.responded_at == NOON_PARIS and m.response_x_id == sent.x_post_id and m.claimed_by_id is None
    report = response_times.response_time_report(db, executive, team.executive_id)
    assert report["by_responder"]["delegate"]["answered"] == 1
    assert [r.id for r in said_on_my_behalf(db, executive, now=NOON_PARIS)] == [sent.id]


def test_press_needs_the_executive_and_approval_sends_in_one_click(db, team, people):
    delegate, executive, reviewer = people
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), {"approver": "executive"})
    mention_id = add_mention(db, team, text="@testexec reporter here, a comment on storage?", sla_class="press")
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    x = DryRunX()
    outcome = replies.submit_reply(db, delegate, mention_id, "Happy to talk, DM me.", x, now=NOON_PARIS)
    assert outcome.decision.outcome == "approval" and "press mentions need approval" in outcome.decision.reasons
    assert outcome.reply.state == "pending_approval" and not x.sent
    assert replies.approval_queue(db, reviewer) == []  # the policy names the executive
    with pytest.raises(PermissionDenied, match="approved by the executive"):
        replies.approve_reply(db, reviewer, outcome.reply.id, x, now=NOON_PARIS)
    with pytest.raises(Conflict, match="pending approval"):  # nobody else answers it meanwhile
        mentions.claim_mention(db, team.actor(Role.DELEGATE), mention_id, now=NOON_PARIS + timedelta(hours=1))
    [waiting] = replies.approval_queue(db, executive)
    # issue 14: an edit needs someone else's approval, and the policy names only the executive: refused
    with pytest.raises(InvalidInput, match="nobody else may approve your edit"):
        replies.approve_reply(db, executive, waiting.id, x, text="Happy to talk. DM me. ^SP", now=NOON_PARIS)
    done = replies.approve_reply(db, executive, waiting.id, x, text="Happy to talk, DM me. ^SP", now=NOON_PARIS)
    assert (done.state, done.approved_by, done.written_by) == ("sent", executive.display_name, delegate.display_name)
    assert x.sent[0].text == "Happy to talk, DM me. ^SP"
    with db.reading() as session:
        assert session.get(Mention, mention_id).responder_kind == "delegate"


def test_nobody_approves_their_own_reply(db, team, people):
    delegate, _, _ = people
    both = team.actor(Role.DELEGATE, Role.REVIEWER)
    mention_id = add_mention(db, team, sla_class="investor")
    mentions.claim_mention(db, both, mention_id, now=NOON_PARIS)
    outcome = replies.submit_reply(db, both, mention_id, "Thanks for asking.", DryRunX(), now=NOON_PARIS)
    with pytest.raises(PermissionDenied, match="own reply"):
        replies.approve_reply(db, both, outcome.reply.id, DryRunX(), now=NOON_PARIS)


def test_rejection_keeps_the_text_and_puts_the_mention_back(db, team, people):
    delegate, executive, _ = people
    mention_id = add_mention(db, team, sla_class="vip")
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    outcome = replies.submit_reply(db, delegate, mention_id, "Sure thing.", DryRunX(), now=NOON_PARIS)
    rejected = replies.reject_reply(db, executive, outcome.reply.id, "I'll answer this one", now=NOON_PARIS)
    assert rejected.state == "rejected" and rejected.text == "Sure thing. ^SP"
    with db.reading() as session:
        assert session.get(Mention, mention_id).state == "new"
    mentions.claim_mention(db, executive, mention_id, now=NOON_PARIS)
    own = replies.submit_reply(db, executive, mention_id, "Thank you, Kofi. Call me Monday.", DryRunX(), now=NOON_PARIS)
    assert own.reply.state == "sent" and own.reply.authorship == "executive" and "^" not in own.reply.text
    with db.reading() as session:
        assert session.get(Mention, mention_id).responder_kind == "executive"


def test_an_escalated_mention_reaches_the_executive_with_the_suggestion(db, team, people):
    delegate, executive, _ = people
    mention_id = add_mention(db, team, text="@testexec are layoffs coming at the plant?")
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    outcome = replies.submit_reply(db, delegate, mention_id, "No comment.", DryRunX(), now=NOON_PARIS)
    assert outcome.decision.outcome == "escalate" and outcome.reply.state == "draft"
    page = mentions.list_mentions(db, executive, states=("escalated",), now=NOON_PARIS)
    assert [m.id for m in page.items] == [mention_id] and page.items[0].claimed_by is None
    assert [r.text for r in list_replies(db, executive, mention_id=mention_id)] == ["No comment. ^SP"]


def test_replying_needs_a_live_claim_and_blocked_text_is_refused(db, team, people):
    delegate, _, _ = people
    mention_id = add_mention(db, team)
    with pytest.raises(Conflict, match="claim mention"):
        replies.submit_reply(db, delegate, mention_id, "Hi", DryRunX(), now=NOON_PARIS)
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    later = NOON_PARIS + mentions.CLAIM_TTL + timedelta(seconds=1)
    with pytest.raises(Conflict, match="claims expire"):
        replies.submit_reply(db, delegate, mention_id, "Hi", DryRunX(), now=later)
    with pytest.raises(InvalidInput, match="checklist blocks"):
        replies.submit_reply(
            db, delegate, mention_id, "My password is hunter2, call 555-867-5309", DryRunX(), now=NOON_PARIS
        )
    with db.reading() as session:
        assert session.query(Reply).count() == 0


def test_inbox_filters_countdown_and_author_context(db, team, people):
    delegate, _, _ = people
    old = add_mention(
        db, team, x_post_id="1", posted=NOON_PARIS - timedelta(days=3), conversation_id="c1", state="dismissed"
    )
    urgent = add_mention(
        db, team, x_post_id="2", sla_class="press", posted=NOON_PARIS - timedelta(minutes=50), conversation_id="c1"
    )
    add_mention(db, team, x_post_id="3", author_id="8", posted=NOON_PARIS - timedelta(minutes=1))
    mentions.claim_mention(db, delegate, urgent, now=NOON_PARIS)
    at_risk = mentions.list_mentions(db, delegate, at_risk_only=True, now=NOON_PARIS)
    assert [m.id for m in at_risk.items] == [urgent]
    assert at_risk.items[0].sla_state == "at_risk" and 9 < at_risk.items[0].sla_remaining_minutes < 11
    assert [m.id for m in mentions.list_mentions(db, delegate, assigned_to_me=True, now=NOON_PARIS).items] == [urgent]
    assert mentions.list_mentions(db, delegate, sla_classes=("press",), now=NOON_PARIS).total == 1
    detail = mentions.mention_detail(db, delegate, urgent, now=NOON_PARIS)
    assert detail.earlier_count == 1 and [e.id for e in detail.earlier] == [old]
    assert [t.id for t in detail.thread] == [old]


def test_every_state_change_is_audited(db, team, people):
    delegate, executive, _ = people
    mention_id = add_mention(db, team, sla_class="press")
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    outcome = replies.submit_reply(db, delegate, mention_id, "Happy to talk.", DryRunX(), now=NOON_PARIS)
    replies.approve_reply(db, executive, outcome.reply.id, DryRunX(), now=NOON_PARIS)
    with db.reading() as session:
        actions = [
            e.action for e in session.query(AuditEvent).order_by(AuditEvent.id) if e.entity_type in ("reply", "mention")
        ]
    assert actions == [
        "mention.claimed",
        "reply.drafted",
        "reply.submitted_for_approval",
        "reply.approved",
        "reply.sending",
        "reply.sent",
        "mention.replied",
    ]


def test_a_held_or_escalated_reply_cannot_be_pushed_out_past_the_policy(db, team, people):
    from assistant.errors import InvalidTransition

    delegate, _, _ = people
    press = add_mention(db, team, sla_class="press")
    mentions.claim_mention(db, delegate, press, now=NOON_PARIS)
    held = replies.submit_reply(db, delegate, press, "Happy to talk.", DryRunX(), now=NOON_PARIS).reply
    layoffs = add_mention(db, team, text="@testexec layoffs coming?", x_post_id="2002")
    mentions.claim_mention(db, delegate, layoffs, now=NOON_PARIS)
    suggestion = replies.submit_reply(db, delegate, layoffs, "No.", DryRunX(), now=NOON_PARIS).reply
    x = DryRunX()
    for reply_id in (held.id, suggestion.id):
        with pytest.raises(InvalidTransition, match="only failed replies"):
            replies.retry_reply(db, delegate, reply_id, x, now=NOON_PARIS)
        with pytest.raises(InvalidTransition, match="only failed replies"):
            replies.withdraw_reply(db, delegate, reply_id, now=NOON_PARIS)
    assert not x.sent
