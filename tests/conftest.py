"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.services.context import Actor
from assistant.services.workspace import create_member
from assistant.storage import migrate
from assistant.storage.db import Database, database_url
from assistant.storage.models import Base, Executive, Workspace


def _is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def fresh_database_url(tmp_dir) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a throw-away PostgreSQL database on the DATABASE_URL server."""
    if not _is_postgres():
        yield f"sqlite:///{tmp_dir}/test.sqlite3"
        return
    server = make_url(database_url())
    name = f"assistant_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def test_database_url(tmp_path_factory) -> Iterator[str]:
    yield from fresh_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def migrated(test_database_url: str) -> Iterator[Database]:
    db = Database.from_url(test_database_url)
    migrate.upgrade(db.engine)
    yield db
    db.engine.dispose()


@pytest.fixture
def db(migrated: Database) -> Database:
    """The migrated database, emptied before each test."""
    with migrated.engine.begin() as conn:
        if migrated.is_sqlite:  # ids restart at 1 once a table is empty
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        else:  # the same on PostgreSQL: restart the sequences too
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
    return migrated


class Team:
    """Members with the given roles in one workspace that serves one executive."""

    def __init__(self, db: Database):
        self.db = db
        with db.writing() as session:
            ws = Workspace(name="Test workspace", settings={}, created_at=utcnow())
            session.add(ws)
            session.flush()
            executive = Executive(
                workspace_id=ws.id,
                name="Test Executive",
                x_handle="testexec",
                x_user_id="42",
                timezone="Europe/Paris",
                business_days="mon-fri",
                business_hours="09:00-18:00",
                holidays=[],
                voice_profile={},
            )
            session.add(executive)
            session.flush()
            self.workspace_id, self.executive_id = ws.id, executive.id

    def actor(self, *roles: Role, email: str | None = None, password: str = "correct horse battery") -> Actor:
        address = email or f"{'-'.join(sorted(roles))}-{uuid.uuid4().hex[:6]}@test.example"
        with self.db.writing() as session:
            member = create_member(
                session,
                workspace_id=self.workspace_id,
                email=address,
                display_name=address,
                roles=frozenset(roles),
                password=password,
                by="test",
            )
            return Actor(member.id, self.workspace_id, member.email, member.display_name, frozenset(roles))


@pytest.fixture
def team(db: Database) -> Team:
    return Team(db)
