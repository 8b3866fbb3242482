"""`python -m assistant backup FILE` and `python -m assistant restore FILE [--force]`.

SQLite: the online backup API (`sqlite3.Connection.backup`), a consistent copy while the app runs.
PostgreSQL: `pg_dump --format=custom` and `pg_restore` (binaries found as scripts/postgres.sh finds
them: the newest /usr/lib/postgresql/*/bin, else the PATH). Restore refuses a database that already
holds data unless --force, and says what it replaced. Stop the app and the workers before a restore.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from assistant.errors import InvalidInput, StorageUnavailable
from assistant.storage import migrate
from assistant.storage.db import Database, database_url
from assistant.storage.models import AuditEvent, Mention, Post, Workspace

# A database "holds data" when any of these has a row.
_DATA_TABLES = (Workspace, Mention, Post, AuditEvent)
_PG_MAGIC = b"PGDMP"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="copy the database to FILE (SQLite file or pg_dump archive)")
    backup.add_argument("file")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser("restore", help="replace the database by the backup in FILE")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true", help="replace a database that already holds data")
    restore.set_defaults(func=run_restore)


def pg_binary(name: str) -> str:
    """The newest server's client (pg_dump must not be older than the server), else the one on the PATH."""

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", path.parent.name))

    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: version(p.parent))
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if found is None:
        raise StorageUnavailable(f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql)")
    return found


def _pg_target(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (it goes in PGPASSWORD, not on a command line others can see)."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise StorageUnavailable(f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()[:500]}")


def _sqlite_path(db: Database) -> str:
    path = db.engine.url.database
    if not path or path == ":memory:":
        raise InvalidInput("an in-memory SQLite database has nothing to back up")
    return path


def backup(db: Database, file: str | os.PathLike[str]) -> str:
    """Write a backup of `db` to `file`; returns what was done, in words."""
    target = Path(file)
    if target.exists():
        raise InvalidInput(f"{target} exists; choose a new file name (a backup never overwrites one)")
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        source = sqlite3.connect(_sqlite_path(db))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)  # the online backup API: a consistent snapshot, writers may go on
        finally:
            dest.close()
            source.close()
        return f"SQLite database backed up to {target} ({target.stat().st_size:,} bytes)"
    url, env = _pg_target(db.engine.url.render_as_string(hide_password=False))
    _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", f"--dbname={url}"], env)
    return f"PostgreSQL database backed up to {target} with pg_dump ({target.stat().st_size:,} bytes)"


def _holds_data(db: Database) -> dict[str, int]:
    tables = set(inspect(db.engine).get_table_names())
    counts = {}
    with db.reading() as session:
        for model in _DATA_TABLES:
            if model.__tablename__ in tables:
                count = session.scalar(select(func.count()).select_from(model)) or 0
                if count:
                    counts[model.__tablename__] = count
    return counts


def restore(db: Database, file: str | os.PathLike[str], *, force: bool = False) -> str:
    """Replace the database by the backup in `file` (refused over data unless `force`); returns what was done."""
    source = Path(file)
    if not source.is_file():
        raise InvalidInput(f"no backup file {source}")
    magic = source.read_bytes()[:16]
    expected = _SQLITE_MAGIC if db.is_sqlite else _PG_MAGIC
    if not magic.startswith(expected):
        kind = "an SQLite database file" if db.is_sqlite else "a pg_dump custom-format archive"
        raise InvalidInput(f"{source} is not {kind}: restore a backup made by `backup` on the same kind of database")
    present = _holds_data(db)
    if present and not force:
        held = ", ".join(f"{n} {t}" for t, n in sorted(present.items()))
        raise InvalidInput(f"the database already holds data ({held}); nothing restored. Use --force to replace it")
    replaced = " (replacing " + ", ".join(f"{n} {t}" for t, n in sorted(present.items())) + ")" if present else ""
    db.engine.dispose()  # no pooled connection of ours holds a lock during the copy
    if db.is_sqlite:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dest = sqlite3.connect(_sqlite_path(db), timeout=30)
        try:
            if src.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is None:
                raise InvalidInput(f"{source} is an SQLite file, but not a backup of this product's database")
            with dest:
                src.backup(dest)
        finally:
            dest.close()
            src.close()
        how = "SQLite backup API"
    else:
        url, env = _pg_target(db.engine.url.render_as_string(hide_password=False))
        _run(
            [
                pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={url}",
                str(source),
            ],
            env,
        )
        how = "pg_restore"
    db.engine.dispose()
    migrate.upgrade(db.engine)  # a backup from an older release comes up to this schema
    revision = migrate.current_revision(db.engine)
    return f"restored {source} with {how}{replaced}; schema at revision {revision}"


def run_backup(args: argparse.Namespace) -> int:
    print(backup(Database.from_url(database_url()), args.file))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    # Not config.database(): that would migrate first, and the restore replaces the schema anyway.
    db = Database.from_url(database_url())
    try:
        print(restore(db, args.file, force=args.force))
    finally:
        db.engine.dispose()
    print("now run `python -m assistant audit verify` and compare the head hash with the one kept at backup time")
    return 0
