"""The vectorised business clock (issue 14, point 14) against the engine, on random cases.

`BusinessIndex` (a cumulative index of open time, two look-ups per interval) must give the engine's
`business_minutes` on intervals across DST changes, holidays, nights and weekends, in several zones;
`local_weeks` the engine's `iso_week`; and the database report (`report_for_executive` with hours)
the figures of `build_report` on the same mentions, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from assistant.response_times import BusinessHours, build_report, business_minutes, iso_week
from assistant.response_times.business_table import epoch_us
from assistant.services.response_times import report as report_service
from assistant.services.response_times.business import BusinessIndex, business_minutes_of, load_arrays, local_weeks
from assistant.storage.models import Mention

ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo", "UTC")
SPAN_START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS = 800  # two springs and two autumns of DST changes in each hemisphere


def random_hours(rng: random.Random) -> BusinessHours:
    start = time(rng.randrange(0, 12), rng.choice((0, 15, 30, 45)))
    end = time(rng.randrange(start.hour + 1, 24), rng.choice((0, 30)))
    days = frozenset(rng.sample(range(7), rng.randrange(1, 8)))
    holidays = frozenset(SPAN_START.date() + timedelta(days=rng.randrange(SPAN_DAYS)) for _ in range(rng.randrange(12)))
    return BusinessHours(rng.choice(ZONES), days, start, end, holidays)


def random_moment(rng: random.Random) -> datetime:
    return SPAN_START + timedelta(microseconds=rng.randrange(SPAN_DAYS * 86_400_000_000))


def random_wait(rng: random.Random) -> timedelta:
    kind = rng.random()
    if kind < 0.4:
        return timedelta(minutes=rng.uniform(0, 180))  # same day, often
    if kind < 0.8:
        return timedelta(hours=rng.uniform(3, 80))  # overnight, over a weekend
    return timedelta(days=rng.uniform(3, 60), microseconds=rng.randrange(1_000_000))  # weeks, DST changes


def test_the_index_gives_the_engines_business_minutes_on_random_intervals():
    rng = random.Random(14)
    for _ in range(60):
        hours = random_hours(rng)
        starts = [random_moment(rng) for _ in range(200)]
        ends = [s + random_wait(rng) if rng.random() > 0.05 else s - timedelta(minutes=5) for s in starts]
        posted = np.asarray([epoch_us(s) for s in starts], dtype=np.int64)
        answered = np.asarray([epoch_us(e) for e in ends], dtype=np.int64)
        index = BusinessIndex(hours, int(posted.min()), int(max(answered.max(), posted.max())))
        ours = index.business_us(posted, answered) / 60_000_000
        expected = [business_minutes(s, e, hours) for s, e in zip(starts, ends, strict=True)]
        assert np.allclose(ours, expected, rtol=0, atol=1e-7), (hours, np.max(np.abs(ours - expected)))


def test_the_index_on_the_days_the_clocks_change_and_on_holidays():
    paris = BusinessHours("Europe/Paris", frozenset(range(7)), time(1, 0), time(4, 0), frozenset({date(2025, 5, 1)}))
    cases = [
        # 30 March 2025: 02:00 becomes 03:00 in Paris, so 01:00-04:00 local holds 2 real hours.
        (datetime(2025, 3, 29, 23, 0, tzinfo=UTC), datetime(2025, 3, 30, 5, 0, tzinfo=UTC), 120.0),
        # 26 October 2025: 03:00 becomes 02:00, so 01:00-04:00 local holds 4 real hours.
        (datetime(2025, 10, 25, 22, 0, tzinfo=UTC), datetime(2025, 10, 26, 6, 0, tzinfo=UTC), 240.0),
        # 1 May is a holiday: nothing counts that day; the 2nd counts its 3 hours.
        (datetime(2025, 4, 30, 22, 0, tzinfo=UTC), datetime(2025, 5, 2, 22, 0, tzinfo=UTC), 180.0),
        # Answered before it was posted (clock skew): 0, as the engine.
        (datetime(2025, 6, 2, 1, 0, tzinfo=UTC), datetime(2025, 6, 2, 0, 0, tzinfo=UTC), 0.0),
    ]
    for start, end, minutes in cases:
        assert business_minutes(start, end, paris) == pytest.approx(minutes)  # the engine, as a check of the case
        got = business_minutes_of(
            paris, np.asarray([epoch_us(start)]), np.asarray([max(epoch_us(end) - epoch_us(start), 0)])
        )
        assert got[0] == pytest.approx(minutes, abs=1e-9)
    open_one = business_minutes_of(paris, np.asarray([epoch_us(cases[0][0])]), np.asarray([-1]))
    assert np.isnan(open_one[0])  # an unanswered mention has no response time


def test_local_weeks_are_the_engines_iso_weeks():
    rng = random.Random(7)
    for zone in ZONES:
        hours = BusinessHours(zone)
        moments = [random_moment(rng) for _ in range(2000)]
        # The minutes around local midnights on Sundays (week boundaries) are where a zone slip would show.
        moments += [
            datetime.combine(date(2025, 1, 5) + timedelta(weeks=w), time(23, 59, 59), hours.zone).astimezone(UTC)
            + timedelta(seconds=s)
            for w in range(60)
            for s in (0, 1, 2)
        ]
        codes, labels = local_weeks(hours, np.asarray([epoch_us(m) for m in moments], dtype=np.int64))
        assert [labels[c] for c in codes] == [iso_week(m, hours.zone) for m in moments]


def _add_mentions(db, team, rng: random.Random, count: int) -> None:
    classes = ("default", "press", "investor", "vip", "complaint")
    kinds = ("executive", "delegate", "outside", None)
    with db.writing() as session:
        for i in range(count):
            posted = random_moment(rng)
            answered = rng.random() < 0.8
            responded = posted + random_wait(rng) if answered else None
            if answered and rng.random() < 0.02:
                responded = posted - timedelta(minutes=3)  # skewed clocks: counts as 0
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=str(7_000_000 + i),
                    author_id=str(i),
                    author_handle=f"a{i}",
                    text="hello",
                    posted_at=posted,
                    source="import",
                    state="replied" if answered else "new",
                    sla_class=rng.choice(classes),
                    responded_at=responded,
                    responder_kind=rng.choice(kinds) if answered else None,
                )
            )


def _close(ours: dict, engine: dict) -> None:
    """Counts and shares equal; minutes equal to the cent (the engine sums floats, the index integers)."""
    assert ours.keys() == engine.keys()
    for key, value in engine.items():
        if isinstance(value, dict):
            _close(ours[key], value)
        elif key.endswith("_minutes") and value is not None:
            assert ours[key] == pytest.approx(value, abs=0.0100001), key
        else:
            assert ours[key] == value, key


def test_the_database_hands_over_each_time_stamp_to_the_microsecond(db, team):
    rng = random.Random(3)
    _add_mentions(db, team, rng, 500)
    with db.writing() as session:  # fractions that round up when a database counts in milliseconds
        for i, fraction in enumerate((999_999, 999_500, 999_603, 500, 0)):
            at = datetime(2025, 3, 30, 0, 59, 59, fraction, tzinfo=UTC)
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=f"edge{i}",
                    author_id="1",
                    text="x",
                    posted_at=at,
                    source="import",
                    state="replied",
                    responded_at=at + timedelta(microseconds=i + 1),
                    responder_kind="delegate",
                )
            )
    if db.is_sqlite:  # a value written without its fraction (another writer's format) still reads right
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE mentions SET posted_at = substr(posted_at, 1, 19) WHERE x_post_id = 'edge4'")
    data = load_arrays(db, team.executive_id)
    got = sorted(zip(data["posted"].tolist(), data["response"].tolist(), strict=True))
    timings = report_service.load_timings(db, team.executive_id)
    expected = sorted(
        (
            epoch_us(t.created_at),
            -1 if t.responded_at is None else max(epoch_us(t.responded_at) - epoch_us(t.created_at), 0),
        )
        for t in timings
    )
    assert got == expected


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "Australia/Sydney"])
def test_the_database_report_on_the_business_clock_has_the_engines_figures(db, team, zone):
    rng = random.Random(zone)
    _add_mentions(db, team, rng, 3000)
    hours = BusinessHours(
        zone, frozenset({0, 1, 2, 3, 4}), time(9, 0), time(17, 30), frozenset({date(2024, 12, 25), date(2025, 1, 1)})
    )
    for since, until in ((None, None), (datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 11, 15, tzinfo=UTC))):
        ours = report_service.report_for_executive(db, team.executive_id, hours, since, until)
        engine = build_report(report_service.load_timings(db, team.executive_id, since, until), hours)
        assert ours["mentions"] > 0 and ours["clock"] == "business"
        _close(ours, engine)


def test_an_executive_without_mentions_has_an_empty_business_report(db, team):
    hours = BusinessHours("Europe/Paris")
    ours = report_service.report_for_executive(db, team.executive_id, hours)
    assert ours == build_report([], hours)
