"""Faults a user may meet: a database locked by another writer, a database that is down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.domain.roles import Role
from assistant.errors import StorageUnavailable
from assistant.services import posts
from assistant.storage.db import Database

ROOT = Path(__file__).resolve().parents[2]


def test_a_locked_sqlite_database_gives_a_clear_error_and_loses_nothing(tmp_path):
    """Another process holds the write lock past our busy timeout: the draft is refused plainly,
    nothing half-written remains, and the same call works once the lock is gone."""
    url = f"sqlite:///{tmp_path}/locked.sqlite3"
    script = (
        "import os, sys; os.environ['SQLITE_BUSY_TIMEOUT_MS'] = '300'\n"
        "from assistant.storage.db import Database\n"
        "from assistant.storage.migrate import upgrade\n"
        "from assistant.demo import seed\n"
        f"db = Database.from_url('{url}'); upgrade(db.engine); seed(db, mentions=5)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120)
    env = {**os.environ, "SQLITE_BUSY_TIMEOUT_MS": "300"}
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect('{tmp_path}/locked.sqlite3', isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(4)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout.readline().strip() == "locked"
    probe = (
        "import os; os.environ['SQLITE_BUSY_TIMEOUT_MS'] = '300'\n"
        "from assistant.storage.db import Database\n"
        "from assistant.services import posts, workspace\n"
        "from assistant.errors import StorageUnavailable\n"
        f"db = Database.from_url('{url}')\n"
        "maya = workspace.actor_for_email(db, 'maya@lumengrid.example')\n"
        "try:\n    posts.create_draft(db, maya, 1, 'x', 'Written while someone else holds the lock')\n"
        "except StorageUnavailable as e:\n    print('refused:', e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60
    )
    holder.wait(30)
    assert "refused: the database is busy with another change; nothing was saved" in result.stdout, result.stderr
    db = Database.from_url(url)
    from assistant.services.workspace import actor_for_email

    maya = actor_for_email(db, "maya@lumengrid.example")
    assert not [p for p in posts.list_posts(db, maya) if "someone else holds" in p.text]
    retried = posts.create_draft(db, maya, 1, "x", "Written while someone else holds the lock")
    assert retried.state == "draft"
    db.engine.dispose()


def test_an_unreachable_postgresql_server_is_named_not_a_traceback(team):
    down = Database.from_url("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    actor = team.actor(Role.EXECUTIVE)
    with pytest.raises(StorageUnavailable, match="cannot be reached; nothing was saved"):
        posts.list_posts(down, actor)
