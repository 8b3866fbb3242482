"""`publish-due` and `worker` as cron and systemd run them: a real process, dry run, one pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from assistant.clock import utcnow
from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import Post
from tests.conftest import Team, fresh_database_url
from tests.publishing_helpers import scheduled_post

ROOT = Path(__file__).resolve().parents[2]
NO_X = {key: "" for key in ("X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")}


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": url, **NO_X}, timeout=120)


def test_publish_due_then_worker_publish_a_due_post_once_in_dry_run(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        team = Team(db)
        post_id, _ = scheduled_post(db, team)
        with db.writing() as session:  # its time has come
            session.get(Post, post_id).scheduled_at = utcnow() - timedelta(minutes=1)
        first = cli(url, "publish-due", "--json")
        assert first.returncode == 0, first.stderr
        report = json.loads(first.stdout)
        assert report["published"] == [post_id] and report["mode"] == "dry-run" and report["dry_run"]
        again = cli(url, "worker", "--passes", "1", "--interval", "0")
        assert again.returncode == 0, again.stderr
        assert "DRY RUN" in again.stderr and "published 0" in again.stderr
        with db.reading() as session:
            post = session.get(Post, post_id)
            assert post.state == "published" and post.x_post_id.startswith("dryrun-")
        db.engine.dispose()
