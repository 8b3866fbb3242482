"""Schema migrations: from a blank database to the latest schema, and the models agree with it."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import Base
from tests.conftest import fresh_database_url


def test_blank_database_upgrades_to_head_and_matches_the_models(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        assert migrate.current_revision(db.engine) is None
        migrate.upgrade(db.engine)
        assert migrate.is_up_to_date(db.engine)
        tables = set(inspect(db.engine).get_table_names())
        assert {"members", "posts", "post_versions", "mentions", "replies", "audit_events"} <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        # Upgrading twice is harmless; downgrading to nothing and back works.
        migrate.upgrade(db.engine)
        migrate.downgrade(db.engine, "base")
        assert "posts" not in inspect(db.engine).get_table_names()
        migrate.upgrade(db.engine)
        assert migrate.is_up_to_date(db.engine)
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
