"""The Inbox "at risk" filter is decided in SQL and equals the engine's decision for every mention (issue 14, 14).

The database compares each mention's posting time with two cut-offs per executive and SLA class; the
engine (`sla_status`) decides one mention at a time. On random mentions, executives in several zones
with holidays, and random moments as well as round ones (a mention that waited all night is at risk at
exactly 15:00 when its class's threshold is six business hours), both must pick the same mentions.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from assistant.domain.roles import Role
from assistant.domain.states import OPEN_MENTION_STATES
from assistant.response_times import DEFAULT_POLICY, sla_status
from assistant.services import mentions
from assistant.services.response_times.report import business_hours_of
from assistant.storage.models import Executive, Mention

CLASSES = ("default", "press", "investor", "vip", "complaint", "legacy-class")  # an unknown one counts as default
STATES = (*OPEN_MENTION_STATES, "replied", "dismissed")


def _executives(db, team) -> list[int]:
    with db.writing() as session:
        paris = session.get(Executive, team.executive_id)
        paris.holidays = ["2025-11-11", "2025-12-25"]
        extra = [
            Executive(
                workspace_id=team.workspace_id,
                name="New York",
                x_handle="ny",
                timezone="America/New_York",
                business_days="mon-fri",
                business_hours="08:30-17:00",
                holidays=["2025-11-27"],
                voice_profile={},
            ),
            Executive(
                workspace_id=team.workspace_id,
                name="Sydney",
                x_handle="syd",
                timezone="Australia/Sydney",
                business_days="mon-sat",
                business_hours="10:00-16:00",
                holidays=[],
                voice_profile={},
            ),
        ]
        session.add_all(extra)
        session.flush()
        return [team.executive_id, *(e.id for e in extra)]


def _mentions(db, team, executives: list[int], rng: random.Random, around: datetime, count: int) -> None:
    with db.writing() as session:
        for i in range(count):
            posted = around - timedelta(microseconds=rng.randrange(6 * 86_400_000_000))
            if rng.random() < 0.2:  # whole minutes: the boundary cases of a round `now`
                posted = posted.replace(second=0, microsecond=0)
            state = rng.choice(STATES)
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=rng.choice(executives),
                    x_post_id=f"{around:%j%H}{i}",
                    author_id=str(i),
                    author_handle=f"a{i}",
                    text="hello",
                    posted_at=posted,
                    source="import",
                    state=state,
                    sla_class=rng.choice(CLASSES),
                    responded_at=posted + timedelta(minutes=5) if state == "replied" else None,
                )
            )


def _engine_at_risk(db, now: datetime) -> set[int]:
    """The engine's decision, one mention at a time: open, and at risk or breached on its class's clock."""
    found = set()
    with db.reading() as session:
        hours = {e.id: business_hours_of(e) for e in session.query(Executive)}
        for m in session.query(Mention).filter(Mention.state.in_(OPEN_MENTION_STATES)):
            name = m.sla_class if m.sla_class in {c.name for c in DEFAULT_POLICY.classes} else "default"
            status = sla_status(DEFAULT_POLICY.get(name), m.posted_at, None, now, hours[m.executive_id])
            if status.state in ("at_risk", "breached"):
                found.add(m.id)
    return found


def _sql_at_risk(db, actor, now: datetime) -> set[int]:
    found, page = set(), 1
    while True:
        listed = mentions.list_mentions(db, actor, at_risk_only=True, page=page, page_size=500, now=now)
        found |= {item.id for item in listed.items}
        if page * 500 >= listed.total:
            assert len(found) == listed.total  # the count the page shows is the same set
            return found
        page += 1


def test_the_sql_at_risk_filter_picks_the_mentions_the_engine_picks(db, team):
    rng = random.Random(1414)
    executives = _executives(db, team)
    delegate = team.actor(Role.DELEGATE)
    round_moments = [
        datetime(2025, 11, 12, 14, 0, tzinfo=UTC),  # 15:00 in Paris: 6 business hours since 09:00
        datetime(2025, 11, 12, 16, 0, tzinfo=UTC),
        datetime(2025, 11, 10, 8, 0, tzinfo=UTC),  # Monday morning after a weekend
        datetime(2025, 11, 28, 13, 30, tzinfo=UTC),  # the day after Thanksgiving in New York
    ]
    random_moments = [
        datetime(2025, 10, 20, tzinfo=UTC) + timedelta(microseconds=rng.randrange(60 * 86_400_000_000))
        for _ in range(4)
    ]
    for now in (*round_moments, *random_moments):
        _mentions(db, team, executives, rng, now, 250)
    for now in (*round_moments, *random_moments):
        expected = _engine_at_risk(db, now)
        assert expected  # the data has urgent mentions at every moment tried
        assert _sql_at_risk(db, delegate, now) == expected, now


def test_a_mention_that_waited_all_night_is_at_risk_at_exactly_the_threshold(db, team):
    # Paris, 09:00-18:00: the default class (480 business minutes) is at risk from 360 minutes. Posted at
    # 22:00 on Tuesday, at 15:00 on Wednesday it has waited exactly 360: at risk for the engine and the Inbox.
    delegate = team.actor(Role.DELEGATE)
    with db.writing() as session:
        session.get(Executive, team.executive_id).business_hours = "09:00-18:00"
        for i, posted in enumerate(
            (datetime(2025, 11, 11, 21, 0, tzinfo=UTC), datetime(2025, 11, 12, 3, 0, tzinfo=UTC))
        ):
            session.add(
                Mention(
                    workspace_id=team.workspace_id,
                    executive_id=team.executive_id,
                    x_post_id=f"night{i}",
                    author_id="1",
                    text="hello",
                    posted_at=posted,
                    source="import",
                    state="new",
                    sla_class="default",
                )
            )
    now = datetime(2025, 11, 12, 14, 0, tzinfo=UTC)  # 15:00 in Paris
    assert len(_engine_at_risk(db, now)) == 2
    assert len(_sql_at_risk(db, delegate, now)) == 2
    assert date(2025, 11, 12).weekday() == 2  # a Wednesday, as the comment says
