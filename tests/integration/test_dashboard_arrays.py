"""The page's figures from arrays equal the engine's, mention by mention: histogram, heatmap (across a
daylight-saving change in the executive's zone), SLA states on both clocks, the at-risk list and the CSV."""

from __future__ import annotations

import csv
import io
import random
from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from assistant.domain.roles import Role
from assistant.response_times import DEFAULT_POLICY, at_risk, median, mention_status, response_minutes, sla_attainment
from assistant.services.response_times import (
    BUCKETS,
    WEEKDAYS,
    business_hours_of,
    load_timings,
    response_times_dashboard,
)
from assistant.storage.models import Executive, Mention

NOW = datetime(2025, 4, 10, 12, 0, tzinfo=UTC)  # the last 30 days hold Paris's change to summer time


def _seed(db, team, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with db.writing() as session:
        for i in range(count):
            posted = NOW - timedelta(seconds=rng.randrange(60 * 86400), microseconds=rng.randrange(10**6))
            if i % 7 == 0:  # many on the same instant: the at-risk order must keep the engine's tie order
                posted = NOW - timedelta(hours=rng.choice((3, 7, 30)))
            answered = posted + timedelta(seconds=rng.uniform(-60, 90_000)) if rng.random() < 0.6 else None
            if i % 11 == 0:  # whole hours, outside business hours or on their edges: exactly a target, often
                posted = NOW - timedelta(days=rng.randrange(1, 29), hours=rng.randrange(24))
                answered = posted + timedelta(hours=rng.randrange(6, 60)) if rng.random() < 0.7 else None
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=str(9_000 + i),
                    author_id="1",
                    text="@testexec hi",
                    posted_at=posted,
                    source="x",
                    state="new",
                    sla_class=rng.choice(("press", "investor", "vip", "complaint", "default")),
                    responded_at=answered,
                    responder_kind=rng.choice(["executive", "delegate", "outside"]) if answered else None,
                )
            )


@pytest.mark.parametrize("business", [False, True])
def test_array_figures_equal_the_engine(db, team, business: bool) -> None:
    _seed(db, team, 1200, seed=11)
    board = response_times_dashboard(
        db, team.actor(Role.REVIEWER), team.executive_id, days=30, business=business, now=NOW
    )
    with db.reading() as session:
        hours = business_hours_of(session.get(Executive, team.executive_id))
    clock = hours if business else None
    timings = load_timings(db, team.executive_id, NOW - timedelta(days=30), NOW)
    values = [response_minutes(t, clock) for t in timings]

    tops = [top for top, _ in BUCKETS]
    counts = [0] * len(BUCKETS)
    for value in (v for v in values if v is not None):
        counts[bisect_left(tops, value)] += 1
    assert [row["mentions"] for row in board.histogram] == counts

    cells, seen = defaultdict(list), defaultdict(int)
    for timing, value in zip(timings, values, strict=True):
        local = timing.created_at.astimezone(hours.zone)
        seen[(local.weekday(), local.hour)] += 1
        if value is not None:
            cells[(local.weekday(), local.hour)].append(value)
    assert board.heatmap == [
        {
            "weekday": WEEKDAYS[d],
            "day": d,
            "hour": h,
            "mentions": n,
            "median_minutes": None if not cells[(d, h)] else round(median(cells[(d, h)]) or 0.0, 2),
        }
        for (d, h), n in sorted(seen.items())
    ]

    assert board.sla == sla_attainment(timings, DEFAULT_POLICY, NOW, hours)
    expected = at_risk(timings, DEFAULT_POLICY, NOW, hours)[:50]
    assert [(r["mention_id"], r["remaining_minutes"]) for r in board.at_risk] == [
        (int(t.mention_id), round(s.remaining_minutes, 1)) for t, s in expected
    ]

    lines = list(csv.DictReader(io.StringIO(board.csv())))
    assert [row["sla_state"] for row in lines] == [mention_status(t, DEFAULT_POLICY, NOW, hours).state for t in timings]
