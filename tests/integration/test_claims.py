"""One claim at a time: two delegates never answer the same mention."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import Conflict
from assistant.services import mentions, replies
from assistant.storage.models import Mention


def _mention(db, team) -> int:
    with db.writing() as session:
        m = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id="1001",
            author_id="7",
            author_handle="customer",
            text="@testexec my order?",
            posted_at=utcnow(),
            source="import",
            state="new",
        )
        session.add(m)
        session.flush()
        return m.id


def test_the_second_delegate_sees_who_holds_it(db, team):
    first = team.actor(Role.DELEGATE, email="ana@test.example")
    second = team.actor(Role.DELEGATE, email="ben@test.example")
    mention_id = _mention(db, team)
    held = mentions.claim_mention(db, first, mention_id)
    assert held.claimed_by == "ana@test.example"
    with pytest.raises(Conflict, match="ana@test.example is already answering"):
        mentions.claim_mention(db, second, mention_id)


def test_an_expired_claim_can_be_taken_over(db, team):
    first = team.actor(Role.DELEGATE)
    second = team.actor(Role.DELEGATE)
    mention_id = _mention(db, team)
    mentions.claim_mention(db, first, mention_id)
    later = utcnow() + mentions.CLAIM_TTL + timedelta(seconds=1)
    assert mentions.claim_mention(db, second, mention_id, now=later).claimed_by == second.display_name


def test_racing_claims_from_parallel_sessions_give_exactly_one_holder(db, team):
    racers = [team.actor(Role.DELEGATE) for _ in range(6)]
    mention_id = _mention(db, team)
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def race(actor):
        barrier.wait()
        try:
            mentions.claim_mention(db, actor, mention_id)
            outcomes.append("won")
        except Conflict:
            outcomes.append("lost")

    threads = [threading.Thread(target=race, args=(a,)) for a in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["lost"] * 5 + ["won"]
    with db.reading() as session:
        assert session.get(Mention, mention_id).claimed_by_id in {a.member_id for a in racers}


def test_two_delegates_racing_to_reply_send_exactly_one_answer(db, team):
    """Two sessions claim and answer at once: one reply goes out, the other is told who holds it."""
    from assistant.services import mentions
    from assistant.storage.models import Reply
    from assistant.x_types import DryRunX

    racers = [team.actor(Role.DELEGATE) for _ in range(2)]
    mention_id = _mention(db, team)
    barrier = threading.Barrier(len(racers))
    x = DryRunX()
    noon = utcnow().replace(hour=11, minute=0)  # in business hours, outside the policy's quiet hours (Paris)
    outcomes: list[str] = []

    def race(actor):
        barrier.wait()
        try:
            mentions.claim_mention(db, actor, mention_id, now=noon)
            replies.submit_reply(db, actor, mention_id, "Thanks for asking, we'll DM you.", x, now=noon)
            outcomes.append("sent")
        except Conflict as exc:
            # Told who holds it, or (when the first was quicker still) that it is already replied.
            outcomes.append("refused" if "already answering" in str(exc) or "already replied" in str(exc) else str(exc))

    threads = [threading.Thread(target=race, args=(a,)) for a in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["refused", "sent"]
    with db.reading() as session:
        assert session.query(Reply).count() == 1 and session.get(Mention, mention_id).state == "replied"
    assert len(x.sent) == 1


def test_a_reply_waiting_for_approval_keeps_others_away_after_the_claim_expires(db, team):
    from assistant.services import mentions
    from assistant.x_types import DryRunX

    first, second = team.actor(Role.DELEGATE), team.actor(Role.DELEGATE)
    with db.writing() as session:
        mention = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id="1002",
            author_id="9",
            author_handle="press",
            text="@testexec comment for a story?",
            posted_at=utcnow(),
            source="import",
            state="new",
            sla_class="press",
        )
        session.add(mention)
        session.flush()
        mention_id = mention.id
    mentions.claim_mention(db, first, mention_id)
    replies.submit_reply(db, first, mention_id, "Happy to talk.", DryRunX())
    later = utcnow() + mentions.CLAIM_TTL + timedelta(minutes=1)
    with pytest.raises(Conflict, match="pending approval"):
        mentions.claim_mention(db, second, mention_id, now=later)
