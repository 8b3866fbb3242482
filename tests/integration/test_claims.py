"""One claim at a time: two delegates never answer the same mention."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import Conflict
from assistant.services import mentions
from assistant.storage.models import Mention


def _mention(db, team) -> int:
    with db.writing() as session:
        m = Mention(workspace_id=team.workspace_id, executive_id=team.executive_id, x_post_id="1001", author_id="7",
                    author_handle="customer", text="@testexec my order?", posted_at=utcnow(), source="import",
                    state="new")
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
