"""`python -m assistant db upgrade`: apply the schema migrations."""

from __future__ import annotations

import argparse

from assistant.storage import migrate
from assistant.storage.db import Database, database_url
from assistant.urls import display_url


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database schema")
    sub = parser.add_subparsers(dest="db_command", required=True)
    up = sub.add_parser("upgrade", help="apply migrations up to the latest schema")
    up.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    db = Database.from_url()
    migrate.upgrade(db.engine)
    print(f"schema at revision {migrate.current_revision(db.engine)} ({display_url(database_url())})")
    return 0
