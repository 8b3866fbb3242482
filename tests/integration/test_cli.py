"""The command line as cron jobs and admins use it: db upgrade, demo seed, users add, audit verify."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, update

from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Member, Mention, Post, Reply
from tests.conftest import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]


def cli(url: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url, **(env or {})},
        timeout=120,
    )


def test_demo_seed_builds_a_living_workspace_once_and_audit_verifies(tmp_path):
    for url in fresh_database_url(tmp_path):
        upgraded = cli(url, "db", "upgrade")
        assert upgraded.returncode == 0 and "schema at revision" in upgraded.stdout
        first = cli(url, "demo", "seed")
        assert first.returncode == 0, first.stderr
        assert "demo workspace created" in first.stdout and "reviewer-demo-1" in first.stdout
        db = Database.from_url(url)
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Mention)) == 200
            assert session.scalar(select(func.count()).select_from(Member)) == 4
            states = set(session.scalars(select(Post.state)))
            answered = session.scalar(
                select(func.count()).select_from(Mention).where(Mention.responded_at.is_not(None))
            )
            replies = session.scalar(select(func.count()).select_from(Reply))
        assert {"draft", "in_review", "approved", "scheduled", "published"} <= states
        assert 120 <= answered <= 190 and replies > 50
        again = cli(url, "demo", "seed")
        assert "nothing seeded" in again.stdout
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Mention)) == 200
        verified = cli(url, "audit", "verify")
        assert verified.returncode == 0 and "intact" in verified.stdout

        # Someone edits an event in the database: verify names it and fails.
        with db.writing() as session:
            victim = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id).offset(3).limit(1)).one()
            session.execute(update(AuditEvent).where(AuditEvent.id == victim).values(actor_label="someone else"))
        broken = cli(url, "audit", "verify")
        assert broken.returncode == 1 and f"event {victim}" in broken.stdout
        db.engine.dispose()


def test_a_deleted_audit_event_is_caught(tmp_path):
    for url in fresh_database_url(tmp_path):
        cli(url, "demo", "seed")
        db = Database.from_url(url)
        with db.writing() as session:
            last = session.scalar(select(func.max(AuditEvent.id)))
            session.execute(AuditEvent.__table__.delete().where(AuditEvent.id == last))
        result = cli(url, "audit", "verify")
        assert result.returncode == 1 and "deleted" in result.stdout
        db.engine.dispose()


def test_users_add_creates_the_first_admin_who_can_sign_in(tmp_path):
    for url in fresh_database_url(tmp_path):
        added = cli(
            url,
            "users",
            "add",
            "boss@corp.example",
            "--name",
            "Boss",
            "--roles",
            "admin,executive",
            env={"ASSISTANT_PASSWORD": "first admin password"},
        )
        assert added.returncode == 0, added.stderr
        bad = cli(url, "users", "add", "x@corp.example", "--roles", "ceo", env={"ASSISTANT_PASSWORD": "whatever123"})
        assert bad.returncode == 2 and "unknown role" in bad.stderr
        from assistant.services.workspace import sign_in

        db = Database.from_url(url)
        actor = sign_in(db, "boss@corp.example", "first admin password")
        assert {r.value for r in actor.roles} == {"admin", "executive"}
        db.engine.dispose()
