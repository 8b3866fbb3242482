"""The engine: a SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import StorageUnavailable

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "assistant.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))


def database_url(environ: dict[str, str] | None = None) -> str:
    """DATABASE_URL, or the embedded SQLite file under data/."""
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL", "").strip()
    if url.startswith("postgres://"):  # the Heroku-style scheme SQLAlchemy does not know
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the lock up front so a read-then-write never fails half way.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """Holds the engine and hands out sessions: `reading()` and `writing()` units of work."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        write_engine = engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str | None = None) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with _unavailable_as_error(), self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with _unavailable_as_error(), self._write_sessions() as session, session.begin():
            yield session


@contextmanager
def _unavailable_as_error() -> Iterator[None]:
    # A locked or unreachable database is an outside condition, not a bug: say so plainly.
    try:
        yield
    except OperationalError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        if "locked" in reason or "busy" in reason:
            raise StorageUnavailable(
                "the database is busy with another change; nothing was saved, try again in a moment"
            ) from None
        if "connect" in reason or "could not" in reason or "terminat" in reason:
            raise StorageUnavailable(
                "the database cannot be reached; nothing was saved. Check DATABASE_URL and that the server is running"
            ) from None
        raise
