"""The Response-times page's SLA figures equal the engine's `sla_attainment` and `at_risk`, for the
period and the one before it, also for mentions exactly on a target or at-risk boundary."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from assistant.domain.roles import Role
from assistant.response_times import DEFAULT_POLICY, SlaClass, SlaPolicy, at_risk, sla_attainment
from assistant.services.response_times import (
    business_hours_of,
    calendar_sla_counts,
    load_timings,
    response_times_dashboard,
)
from assistant.storage.models import Executive, Mention

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
CLASSES = ("press", "investor", "vip", "complaint", "default")


def _seed(db, team, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with db.writing() as session:
        for i in range(count):
            if i % 5 == 0:  # on a boundary: exactly a target or an at-risk threshold away, give or take 1 us
                minutes = rng.choice((60, 45, 120, 90, 240, 180, 480, 360))
                posted = NOW - timedelta(days=rng.choice((0, 30)), minutes=minutes, microseconds=rng.choice((-1, 0, 1)))
                answered = posted + timedelta(minutes=minutes, microseconds=rng.choice((-1, 0, 1)))
                answered = answered if rng.random() < 0.5 else None
            else:
                posted = NOW - timedelta(seconds=rng.randrange(60 * 86400), microseconds=rng.randrange(10**6))
                answered = posted + timedelta(seconds=rng.uniform(-60, 30_000)) if rng.random() < 0.6 else None
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=str(5_000 + i),
                    author_id="1",
                    text="@testexec hi",
                    posted_at=posted,
                    source="x",
                    state="new",
                    sla_class=rng.choice(CLASSES),
                    responded_at=answered,
                    responder_kind=rng.choice(["executive", "delegate", "outside"]) if answered else None,
                )
            )


def test_the_page_counts_slas_as_the_engine_does(db, team) -> None:
    _seed(db, team, 1500, seed=3)
    actor = team.actor(Role.REVIEWER)
    board = response_times_dashboard(db, actor, team.executive_id, days=30, now=NOW)
    with db.reading() as session:
        hours = business_hours_of(session.get(Executive, team.executive_id))
    since, before = NOW - timedelta(days=30), NOW - timedelta(days=60)
    current = load_timings(db, team.executive_id, since, NOW)
    assert board.sla == sla_attainment(current, DEFAULT_POLICY, NOW, hours)
    assert board.previous_sla == sla_attainment(
        load_timings(db, team.executive_id, before, since), DEFAULT_POLICY, since, hours
    )
    expected = at_risk([t for t in current if t.responded_at is None], DEFAULT_POLICY, NOW, hours)[:50]
    assert [row["mention_id"] for row in board.at_risk] == [int(t.mention_id) for t, _ in expected]
    assert sum(board.previous_sla["press"][k] for k in ("met", "breached", "at_risk", "on_track")) > 0


def test_classes_whose_minutes_are_not_whole_are_left_to_python(db, team) -> None:
    odd = SlaPolicy(classes=(SlaClass("press", 0.5), SlaClass("default", 100, at_risk_fraction=0.333)))
    assert calendar_sla_counts(db, team.executive_id, odd.classes[0], NOW, NOW, NOW) is None
    assert calendar_sla_counts(db, team.executive_id, odd.classes[1], NOW, NOW, NOW) is None
    assert calendar_sla_counts(db, team.executive_id, DEFAULT_POLICY.get("investor"), NOW, NOW, NOW) is None
    assert calendar_sla_counts(db, team.executive_id, DEFAULT_POLICY.get("press"), NOW, NOW, NOW) == {
        "met": 0,
        "breached": 0,
        "at_risk": 0,
        "on_track": 0,
    }
