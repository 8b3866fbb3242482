"""The delegate's daily inbox (issue 12, points 14-18): urgency order, search, bulk actions, the policy
preview, the signature exactly once, saved replies, and escalated mentions on the executive's home page.
Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from assistant.domain import delegation
from assistant.domain.roles import Role
from assistant.drafting import OfflineDrafter
from assistant.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from assistant.response_times.business_hours import BusinessHours
from assistant.response_times.sla import DEFAULT_POLICY, sla_status
from assistant.services import mentions, replies, waiting, workspace
from assistant.storage.models import AuditEvent, Mention, Reply
from assistant.x_types import DryRunX
from tests.integration.test_replies import NOON_PARIS, add_mention, link_executive

# The team's executive works Mon-Fri 09:00-18:00 in Paris (tests/conftest.py Team), written out here again
# so the expected order does not come from the code under test.
PARIS_HOURS = BusinessHours("Europe/Paris", frozenset(range(5)), time(9), time(18))
ISSUE_TEXT = "Thanks for flagging, we're on it and will call you today. ^SP We'll call you today."


@pytest.fixture
def people(db, team):
    delegate = team.actor(Role.DELEGATE, email="sam.patel@test.example")
    executive = team.actor(Role.EXECUTIVE, email="maya@test.example")
    reviewer = team.actor(Role.REVIEWER, email="riley@test.example")
    link_executive(db, team, executive)
    return delegate, executive, reviewer


def expected_order(rows: list[tuple[int, str, str, datetime]], now: datetime) -> list[int]:
    """Open mentions: breached, at risk, on track; press/investor/VIP before the rest at equal urgency; then
    the least time left on the class's clock (SLA states and time left from the engine's definition). Then the
    answered and dismissed, newest first."""
    open_rows, closed = [], []
    for mention_id, state, sla_class, posted in rows:
        if state not in ("new", "claimed", "escalated"):
            closed.append((posted, mention_id))
            continue
        klass = DEFAULT_POLICY.get(sla_class)
        status = sla_status(klass, posted, None, now, PARIS_HOURS if klass.clock == "business" else None)
        rank = {"breached": 0, "at_risk": 1, "on_track": 2}[status.state]
        tier = 0 if sla_class in ("press", "investor", "vip") else 1
        open_rows.append(((rank, tier, status.remaining_minutes, posted, mention_id), mention_id))
    return [i for _, i in sorted(open_rows)] + [i for _, i in sorted(closed, reverse=True)]


def test_the_inbox_is_sorted_by_urgency_in_the_database(db, team, people):
    delegate, _, _ = people
    rng = random.Random(12)
    classes = [c.name for c in DEFAULT_POLICY.classes]
    rows = []
    for i in range(80):
        # whole minutes plus 30 s: never on a cutoff, which falls on whole minutes at this `now`
        posted = NOON_PARIS - timedelta(minutes=rng.randint(1, 4 * 24 * 60), seconds=30)
        state = rng.choice(["new", "new", "new", "claimed", "escalated", "replied", "dismissed"])
        sla_class = rng.choice(classes)
        mention_id = add_mention(db, team, x_post_id=str(5000 + i), sla_class=sla_class, posted=posted, state=state)
        rows.append((mention_id, state, sla_class, posted))
    want = expected_order(rows, NOON_PARIS)
    got = mentions.list_mentions(db, delegate, page_size=500, now=NOON_PARIS)
    assert [m.id for m in got.items] == want
    # paging is done by the database in the same order
    second = mentions.list_mentions(db, delegate, page=2, page_size=7, now=NOON_PARIS)
    assert [m.id for m in second.items] == want[7:14] and second.total == len(rows)
    pages = [mentions.list_mentions(db, delegate, page=n, page_size=9, now=NOON_PARIS).items for n in range(1, 11)]
    assert [m.id for items in pages for m in items] == want  # across the open/answered boundary too
    # the states and countdowns shown agree with the order
    shown = [(m.sla_state, m.sla_class, m.sla_remaining_minutes) for m in got.items if m.state in mentions.OPEN_STATES]
    assert [s for s, _, _ in shown] == sorted((s for s, _, _ in shown), key=["breached", "at_risk", "on_track"].index)
    late_priority = [left for s, c, left in shown if s == "breached" and c in ("press", "investor", "vip")]
    assert late_priority == sorted(late_priority)  # the latest first
    # at risk only: the open breached and at-risk ones, in the same order
    urgent = mentions.list_mentions(db, delegate, at_risk_only=True, page_size=500, now=NOON_PARIS)
    breached_or_at_risk = {m.id for m in got.items if m.sla_state in ("breached", "at_risk") and m.state != "replied"}
    assert [m.id for m in urgent.items] == [i for i in want if i in breached_or_at_risk]
    assert urgent.total == len(breached_or_at_risk)


def test_a_late_press_mention_comes_before_a_congratulation_due_later(db, team, people):
    """The issue's case: a congratulation due in 8 h sat above a 120k-follower press mention 3 h late."""
    delegate, _, _ = people
    congratulation = add_mention(
        db, team, text="@testexec congratulations on the launch!", x_post_id="1", posted=NOON_PARIS
    )
    press = add_mention(
        db,
        team,
        text="@testexec reporter here, comment on the outage?",
        sla_class="press",
        x_post_id="2",
        posted=NOON_PARIS - timedelta(hours=4),
    )
    vip_on_track = add_mention(db, team, sla_class="vip", x_post_id="3", posted=NOON_PARIS - timedelta(minutes=5))
    default_on_track = add_mention(db, team, x_post_id="4", posted=NOON_PARIS - timedelta(minutes=10))
    order = [m.id for m in mentions.list_mentions(db, delegate, now=NOON_PARIS).items]
    assert order == [press, vip_on_track, default_on_track, congratulation]
    newest = [m.id for m in mentions.list_mentions(db, delegate, sort="newest", now=NOON_PARIS).items]
    assert newest == [congratulation, vip_on_track, default_on_track, press]
    with pytest.raises(InvalidInput, match="unknown sort"):
        mentions.list_mentions(db, delegate, sort="loudest")


def test_search_matches_author_and_text_in_any_case_with_literal_wildcards(db, team, people):
    delegate, _, _ = people
    percent = add_mention(db, team, text="@testexec storage is up 100% this year", x_post_id="1")
    underscore = add_mention(db, team, text="@testexec see grid_watch for details", x_post_id="2")
    plain = add_mention(db, team, text="@testexec what a GRID week", x_post_id="3")
    with db.writing() as session:
        m = session.get(Mention, plain)
        m.author_handle, m.author_name = "TechCrunchy", "Jo Reporter"

    def found(q: str) -> set[int]:
        return {m.id for m in mentions.list_mentions(db, delegate, search=q, page_size=500).items}

    assert found("100%") == {percent}
    assert found("%") == {percent}  # a literal percent sign, not "anything"
    assert found("_") == {underscore}  # a literal underscore, not "any one character"
    assert found("grid") == {underscore, plain}  # any case
    assert found("@techcrunchy") == {plain} and found("crunchy") == {plain}  # the handle, with or without @
    assert found("jo reporter") == {plain}  # the author's name
    assert found("  ") == {percent, underscore, plain}  # blank: no filter
    assert found("nothing like this") == set()


def test_bulk_dismiss_is_all_or_nothing_and_names_the_ones_in_the_way(db, team, people):
    delegate, executive, reviewer = people
    a, b = add_mention(db, team, x_post_id="1"), add_mention(db, team, x_post_id="2")
    answered = add_mention(db, team, x_post_id="3", state="replied")
    with pytest.raises(InvalidTransition, match=rf"{answered}.*nothing was changed"):
        mentions.dismiss_mentions(db, delegate, [a, b, answered])
    with db.reading() as session:
        assert [session.get(Mention, i).state for i in (a, b)] == ["new", "new"]
    with pytest.raises(PermissionDenied):
        mentions.dismiss_mentions(db, reviewer, [a, b])  # as for one mention: reviewers do not dismiss
    assert mentions.dismiss_mentions(db, delegate, [a, b], "spam") == [a, b]
    with db.reading() as session:
        assert [session.get(Mention, i).state for i in (a, b)] == ["dismissed", "dismissed"]
        audited = session.query(AuditEvent).filter(AuditEvent.action == "mention.dismissed").count()
    assert audited == 2
    with pytest.raises(InvalidInput, match="select at least one"):
        mentions.dismiss_mentions(db, executive, [])


def test_bulk_assign_and_set_class(db, team, people):
    delegate, executive, reviewer = people
    other = team.actor(Role.DELEGATE, email="dana@test.example")
    a, b = add_mention(db, team, x_post_id="1"), add_mention(db, team, x_post_id="2")
    assert set(mentions.assignable_members(db, executive)) == {delegate.member_id, executive.member_id, other.member_id}
    with pytest.raises(InvalidInput, match="does not answer mentions"):
        mentions.assign_mentions(db, executive, [a, b], reviewer.member_id)
    assert mentions.assign_mentions(db, executive, [a, b], other.member_id, now=NOON_PARIS) == [a, b]
    held = mentions.list_mentions(db, other, assigned_to_me=True, now=NOON_PARIS)
    assert {m.id for m in held.items} == {a, b} and {m.claimed_by for m in held.items} == {"dana@test.example"}
    # a mention whose reply waits for approval is not handed to someone else: nothing changes
    mentions.claim_mention(db, delegate, a, now=NOON_PARIS + mentions.CLAIM_TTL + timedelta(seconds=1))
    with db.writing() as session:
        session.add(
            Reply(
                mention_id=a,
                executive_id=team.executive_id,
                text="On it. ^SP",
                state="pending_approval",
                authorship="delegate",
                written_by_id=delegate.member_id,
                findings=[],
                created_at=NOON_PARIS,
                updated_at=NOON_PARIS,
            )
        )
    with pytest.raises(Conflict, match=rf"nothing was assigned.*{a}.*reply under way"):
        mentions.assign_mentions(db, executive, [a, b], delegate.member_id, now=NOON_PARIS)
    # set class: the same permission as for one mention (issue 14: a reviewer, the executive or an admin; a
    # delegate only proposes), every one audited, an unknown class refused
    with pytest.raises(PermissionDenied):
        mentions.set_sla_classes(db, delegate, [a, b], "press")
    with pytest.raises(InvalidInput, match="unknown SLA class"):
        mentions.set_sla_classes(db, reviewer, [a, b], "urgent-ish")
    assert mentions.set_sla_classes(db, reviewer, [a, b], "press") == [a, b]
    with db.reading() as session:
        assert {(session.get(Mention, i).sla_class, session.get(Mention, i).sla_override) for i in (a, b)} == {
            ("press", True)
        }


def test_bulk_actions_stay_in_the_workspace(db, team, people):
    delegate, _, _ = people
    a = add_mention(db, team, x_post_id="1")
    with pytest.raises(NotFound):
        mentions.dismiss_mentions(db, delegate, [a, 999_999])
    with db.reading() as session:
        assert session.get(Mention, a).state == "new"


def test_the_policy_outcome_is_shown_before_drafting(db, team, people):
    delegate, executive, _ = people
    admin = team.actor(Role.ADMIN)
    workspace.set_delegation_policy(
        db, admin, {"approver": "executive", "escalate_topics": ["layoffs"], "quiet_hours": None}
    )
    press = add_mention(db, team, text="@testexec reporter here: a comment?", sla_class="press", x_post_id="1")
    layoffs = add_mention(db, team, text="@testexec are layoffs coming?", x_post_id="2")
    thanks = add_mention(db, team, text="@testexec what a great talk", x_post_id="3")
    held = replies.reply_policy(db, delegate, press, now=NOON_PARIS)
    assert held.outcome == "approval"
    assert held.headline == "This reply will need Test Executive's approval: press mentions need approval"
    up = replies.reply_policy(db, delegate, layoffs, now=NOON_PARIS)
    assert up.outcome == "escalate" and up.headline == (
        "Escalates to Test Executive: the topic 'layoffs' goes to the executive"
    )
    direct = replies.reply_policy(db, delegate, thanks, now=NOON_PARIS)
    assert direct.outcome == "send" and direct.signature == "^SP"
    # the preview says what submitting does
    mentions.claim_mention(db, delegate, press, now=NOON_PARIS)
    outcome = replies.submit_reply(db, delegate, press, "Happy to talk.", DryRunX(), now=NOON_PARIS)
    assert outcome.decision.outcome == held.outcome and outcome.decision.reasons == held.reasons
    own = replies.reply_policy(db, executive, press, now=NOON_PARIS)  # the executive answering in person
    assert own.outcome == "send" and own.signature == ""


def test_the_signature_is_applied_exactly_once(db, team, people):
    delegate, executive, _ = people
    workspace.set_delegation_policy(db, team.actor(Role.ADMIN), {"quiet_hours": None})
    # the domain rule: once, at the end, whatever the text held
    assert delegation.signed(ISSUE_TEXT, "^SP") == (
        "Thanks for flagging, we're on it and will call you today. We'll call you today. ^SP"
    )
    assert delegation.signed("Thanks! ^SP", "^SP") == "Thanks! ^SP"
    assert delegation.signed("Thanks! ^SP ^SP", "^SP") == "Thanks! ^SP"
    assert delegation.signed("^SP", "^SP") == "^SP"
    assert delegation.signed("Thanks!", "") == "Thanks!"
    assert delegation.signed("Ask ^SPX about it", "^SP") == "Ask ^SPX about it ^SP"  # only the whole signature
    # drafts are shown without it; the preview shows exactly what goes out; what goes out has it once
    mention_id = add_mention(db, team)
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    drafts = replies.draft_replies(db, delegate, _Drafter("We'll call you today. ^SP"), mention_id, now=NOON_PARIS)
    assert all("^SP" not in d.draft.text for d in drafts)
    typed = drafts[0].draft.text + " ^SP " + "We'll call you today."  # a draft picked, then written on
    preview = replies.reply_policy(db, delegate, mention_id, now=NOON_PARIS).outgoing(typed)
    x = DryRunX()
    sent = replies.submit_reply(db, delegate, mention_id, typed, x, now=NOON_PARIS).reply
    assert x.sent[0].text == preview == sent.text
    assert x.sent[0].text.count("^SP") == 1 and x.sent[0].text.endswith("We'll call you today. ^SP")


def test_an_approvers_edit_keeps_the_writers_signature_once(db, team, people):
    # Issue 14: an approver's edit no longer goes out at once; it is a new version someone else approves. What
    # goes out then still carries the writer's signature exactly once, whether the editor kept it or dropped it.
    delegate, executive, reviewer = people
    mention_id = add_mention(db, team, text="@testexec reporter here: comment?", sla_class="press")
    mentions.claim_mention(db, delegate, mention_id, now=NOON_PARIS)
    held = replies.submit_reply(db, delegate, mention_id, "Happy to talk.", DryRunX(), now=NOON_PARIS).reply
    assert held.text == "Happy to talk. ^SP"
    x = DryRunX()
    edited = replies.approve_reply(db, executive, held.id, x, text="Happy to talk, DM me. ^SP ^SP", now=NOON_PARIS)
    assert edited.text == "Happy to talk, DM me. ^SP" and not x.sent
    replies.approve_reply(db, reviewer, held.id, x, now=NOON_PARIS)
    assert x.sent[0].text == "Happy to talk, DM me. ^SP"
    other = add_mention(db, team, text="@testexec reporter again", sla_class="press", x_post_id="9")
    mentions.claim_mention(db, delegate, other, now=NOON_PARIS)
    held = replies.submit_reply(db, delegate, other, "Sure.", DryRunX(), now=NOON_PARIS).reply
    x = DryRunX()
    replies.approve_reply(db, reviewer, held.id, x, text="Sure, DM me.", now=NOON_PARIS)  # signature dropped
    assert not x.sent
    replies.approve_reply(db, executive, held.id, x, now=NOON_PARIS)
    assert x.sent[0].text == "Sure, DM me. ^SP"


class _Drafter:
    """A drafter that signs its own drafts (as a model might): the service must not show that."""

    def __init__(self, text: str):
        self.text = text

    def reply(self, mention_text, author, profile, context="", notes=""):
        result = OfflineDrafter().reply(mention_text, author, profile, context=context, notes=notes)
        return replace(result, drafts=[replace(d, text=f"{d.text} {self.text}") for d in result.drafts])


def test_saved_replies_per_workspace(db, team, people):
    delegate, executive, reviewer = people
    admin = team.actor(Role.ADMIN)
    made = replies.create_saved_reply(db, delegate, "  Outage   update ", "We're on it; updates at status.example.")
    assert made.title == "Outage update"
    replies.create_saved_reply(db, reviewer, "Book", "Try 'The Grid' by Gretchen Bakke.")
    assert [s.title for s in replies.list_saved_replies(db, executive)] == ["Book", "Outage update"]
    with pytest.raises(Conflict, match="already called 'Outage update'"):
        replies.create_saved_reply(db, executive, "Outage update", "Something else.")
    with pytest.raises(InvalidInput, match="title and a text"):
        replies.create_saved_reply(db, delegate, "Empty", "   ")
    with pytest.raises(InvalidInput, match="X allows 280"):
        replies.create_saved_reply(db, delegate, "Long", "x" * 281)
    with pytest.raises(PermissionDenied):
        replies.create_saved_reply(db, admin, "Admin", "Not the admin's job.")
    # another workspace neither sees nor deletes them
    from tests.conftest import Team

    stranger = Team(db).actor(Role.DELEGATE)
    assert replies.list_saved_replies(db, stranger) == []
    with pytest.raises(NotFound, match="no saved reply"):
        replies.delete_saved_reply(db, stranger, made.id)
    replies.delete_saved_reply(db, executive, made.id)
    assert [s.title for s in replies.list_saved_replies(db, delegate)] == ["Book"]
    with db.reading() as session:
        actions = [e.action for e in session.query(AuditEvent).filter(AuditEvent.entity_type == "saved_reply")]
    assert actions == ["snippet.created", "snippet.created", "snippet.deleted"]


def test_escalated_mentions_are_listed_on_the_executives_home_with_their_sla_state(db, team, people):
    delegate, executive, _ = people
    now = datetime.now(UTC)
    late = add_mention(db, team, text="@testexec layoffs?", sla_class="press", x_post_id="1")
    with db.writing() as session:  # 3 h 10 min ago on the press class's calendar clock (60 min target)
        session.get(Mention, late).posted_at = now - timedelta(hours=3, minutes=10)
    soon = add_mention(db, team, text="@testexec a question for Maya", sla_class="press", x_post_id="2")
    with db.writing() as session:
        session.get(Mention, soon).posted_at = now - timedelta(minutes=20)
    for mention_id in (late, soon):
        mentions.escalate_mention(db, delegate, mention_id, "for the executive")
    queues = {q.key: q for q in waiting.what_waits_for(db, executive)}
    items = queues["escalated"].items
    assert [i.id for i in items] == [late, soon] and queues["escalated"].page == "pages/inbox.py"
    assert items[0].sla.startswith("late by 2 h 1") and items[1].sla in ("due in 40 min", "due in 39 min")
    assert items[0].timezone == "Europe/Paris"
    assert "escalated" not in {q.key for q in waiting.what_waits_for(db, delegate)}
