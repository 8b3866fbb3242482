"""The stored calendar response time (mentions.response_us) stays equal to responded_at - posted_at,
whoever writes: ORM flushes, the file import, sync's bulk UPDATE, and the migration that added it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select, text

from assistant.services.mentions import import_file
from assistant.services.mentions import sync as mentions_sync
from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import Mention, response_micros
from tests.conftest import fresh_database_url
from tests.shared_data import shared_path

POSTED = datetime(2025, 3, 3, 9, 0, 0, 250_000, tzinfo=UTC)


def _mention(team, x_id: str, responded: datetime | None = None) -> Mention:
    return Mention(
        workspace_id=team.workspace_id,
        executive_id=team.executive_id,
        x_post_id=x_id,
        author_id="1",
        text="@testexec hi",
        posted_at=POSTED,
        source="x",
        state="new",
        responded_at=responded,
    )


def _stored(db) -> dict[str, tuple[int | None, int | None]]:
    """x_post_id -> (stored response_us, what the time-stamps say)."""
    with db.reading() as session:
        return {
            m.x_post_id: (m.response_us, response_micros(m.posted_at, m.responded_at))
            for m in session.scalars(select(Mention))
        }


def test_response_micros_is_exact_and_clamped() -> None:
    assert response_micros(POSTED, None) is None
    assert response_micros(POSTED, POSTED + timedelta(minutes=3, microseconds=7)) == 180_000_007
    assert response_micros(POSTED, POSTED - timedelta(seconds=5)) == 0  # answer stamped first: 0, as the engine


def test_orm_inserts_and_updates_keep_it(db, team) -> None:
    with db.writing() as session:
        session.add_all([_mention(team, "1"), _mention(team, "2", POSTED + timedelta(hours=2, microseconds=1))])
    with db.writing() as session:
        first = session.scalars(select(Mention).where(Mention.x_post_id == "1")).one()
        first.responded_at = POSTED + timedelta(seconds=90)  # what the reply service does on sending
    stored = _stored(db)
    assert stored == {"1": (90_000_000, 90_000_000), "2": (7_200_000_001, 7_200_000_001)}
    with db.writing() as session:
        session.scalars(select(Mention).where(Mention.x_post_id == "1")).one().responded_at = None
    assert _stored(db)["1"] == (None, None)


def test_sync_answers_set_it(db, team) -> None:
    with db.writing() as session:
        session.add(_mention(team, "10"))
    reply = SimpleNamespace(id="11", replied_to_id="10", created_at=POSTED + timedelta(minutes=5))
    assert mentions_sync._store_answers(db, team.executive_id, SimpleNamespace(posts=[reply])) == 1
    assert _stored(db)["10"] == (300_000_000, 300_000_000)


def test_the_import_sets_it_and_every_answer_agrees(db) -> None:
    import_file(db, shared_path("datasets/twcs_sample.csv"), "AppleSupport")
    stored = _stored(db)
    assert sum(1 for us, _ in stored.values() if us is not None) > 10
    assert all(us == expected for us, expected in stored.values())


def test_the_migration_backfills_existing_answers(tmp_path) -> None:
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine, "0004")
        with db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO workspaces (name, settings, created_at) VALUES ('w', '{}', :t)"), {"t": POSTED}
            )
            conn.execute(
                text(
                    "INSERT INTO executives (workspace_id, name, x_handle, timezone, business_days, business_hours, "
                    "holidays, voice_profile) VALUES (1, 'e', 'e', 'UTC', 'mon-fri', '09:00-17:00', '[]', '{}')"
                )
            )
            rows = [
                ("1", None),
                ("2", POSTED + timedelta(days=2, seconds=3, microseconds=999_999)),
                ("3", POSTED - timedelta(minutes=1)),
                ("4", POSTED + timedelta(microseconds=750_000)),
            ]
            for x_id, responded in rows:
                conn.execute(
                    text(
                        "INSERT INTO mentions (workspace_id, executive_id, x_post_id, author_id, author_handle, "
                        "author_name, author_verified, text, posted_at, source, state, sla_class, sla_override, "
                        "responded_at) VALUES (1, 1, :x, '1', '', '', false, 't', :p, 'x', 'new', 'default', false, :r)"
                    ),
                    {"x": x_id, "p": _bind(db, POSTED), "r": _bind(db, responded)},
                )
        migrate.upgrade(db.engine)
        stored = _stored(db)
        assert stored == {
            "1": (None, None),
            "2": (172_803_999_999, 172_803_999_999),
            "3": (0, 0),
            "4": (750_000, 750_000),
        }
        db.engine.dispose()


def _bind(db: Database, moment: datetime | None) -> object:
    # Raw SQL skips UTCDateTime: write what it would store (naive UTC text on SQLite).
    if moment is None or not db.is_sqlite:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
