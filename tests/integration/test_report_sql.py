"""The SQL-aggregated calendar report equals the pure engine's build_report, to the last bit."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from assistant.response_times import build_report
from assistant.services.response_times import calendar_report, load_timings
from assistant.storage.models import Mention


def _seed(db, team, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with db.writing() as session:
        for i in range(count):
            posted = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(
                seconds=rng.randrange(120 * 86400), microseconds=rng.randrange(10**6)
            )
            # Some answers are stamped before their mention (bad clocks): the engine counts 0 minutes.
            answered = posted + timedelta(seconds=rng.uniform(-300, 200_000)) if rng.random() < 0.7 else None
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=str(10_000 + i),
                    author_id="1",
                    text="@testexec hi",
                    posted_at=posted,
                    source="x",
                    state="new",
                    sla_class=rng.choice(["press", "complaint", "default"]),
                    responded_at=answered,
                    responder_kind=rng.choice(["executive", "delegate", "outside", None]) if answered else None,
                )
            )


def test_calendar_report_equals_the_engine_on_random_data(db, team):
    _seed(db, team, 3000, seed=7)
    assert calendar_report(db, team.executive_id) == build_report(load_timings(db, team.executive_id))


def test_a_period_and_an_empty_history(db, team):
    assert calendar_report(db, team.executive_id) == build_report([])
    _seed(db, team, 800, seed=11)
    since, until = datetime(2025, 4, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
    expected = build_report(load_timings(db, team.executive_id, since, until))
    assert calendar_report(db, team.executive_id, since, until) == expected
    assert 0 < expected["mentions"] < 800
