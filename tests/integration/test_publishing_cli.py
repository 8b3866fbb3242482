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
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url, **NO_X},
        timeout=120,
    )


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


def test_the_worker_recovers_a_reply_left_sending_by_a_crash(tmp_path):
    from assistant.domain.roles import Role
    from assistant.storage.models import Mention, Reply

    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        team = Team(db)
        delegate = team.actor(Role.DELEGATE)
        long_ago = utcnow() - timedelta(minutes=30)
        with db.writing() as session:
            mention = Mention(
                workspace_id=team.workspace_id,
                executive_id=team.executive_id,
                x_post_id="777",
                author_id="9",
                author_handle="customer",
                text="@testexec where is my order?",
                posted_at=long_ago,
                source="import",
                state="claimed",
                claimed_by_id=delegate.member_id,
            )
            session.add(mention)
            session.flush()
            reply = Reply(
                mention_id=mention.id,
                executive_id=team.executive_id,
                state="sending",
                text="@customer On its way today. ^DE",
                authorship="delegate",
                written_by_id=delegate.member_id,
                sent_by_id=delegate.member_id,
                findings=[],
                created_at=long_ago,
                updated_at=long_ago,
            )
            session.add(reply)
            session.flush()
            reply_id, mention_id = reply.id, mention.id
        ran = cli(url, "worker", "--passes", "1", "--interval", "0")
        assert ran.returncode == 0, ran.stderr
        assert "replies recovered after an interrupted send" in ran.stderr
        with db.reading() as session:
            reply, mention = session.get(Reply, reply_id), session.get(Mention, mention_id)
            assert reply.state == "sent" and reply.x_post_id.startswith("dryrun-")
            assert mention.state == "replied" and mention.responder_kind == "delegate"
        db.engine.dispose()
