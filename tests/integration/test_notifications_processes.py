"""Two (and three) real `python -m assistant notify` processes at once, on SQLite or PostgreSQL
(DATABASE_URL): each notification is sent once, and the worker loop runs the same pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from assistant.clock import utcnow
from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import Notification
from tests.conftest import fresh_database_url
from tests.notification_helpers import smtp_server, waiting_work

ROOT = Path(__file__).resolve().parents[2]
NO_X = {key: "" for key in ("X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")}


def _env(url: str, smtp_url: str) -> dict[str, str]:
    return {**os.environ, **NO_X, "DATABASE_URL": url, "SMTP_URL": smtp_url, "APP_URL": "https://app.test"}


def test_parallel_notify_processes_send_each_notification_once(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        waiting_work(db, now=utcnow())
        with smtp_server() as sink:
            sink.delay = 0.3
            runs = [
                subprocess.Popen(
                    [sys.executable, "-m", "assistant", "notify", "--json"],
                    cwd=ROOT,
                    env=_env(url, sink.url),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(3)
            ]
            outputs = [p.communicate(timeout=180) for p in runs]
            assert all(p.returncode == 0 for p in runs), [err for _, err in outputs]
            reports = [json.loads(out) for out, _ in outputs]
            sent_by_processes = sorted(address for r in reports for address in r["emails"])
            received = sorted(address for r in sink.received for address in r.to)
            # each member once, whichever process sent it
            assert received == sorted(["maya@notify.example", "sam@notify.example", "riley@notify.example"])
            assert sent_by_processes == received
            with db.reading() as session:
                states = dict(
                    session.execute(select(Notification.state, func.count()).group_by(Notification.state)).all()
                )
            assert states == {"sent": sum(r["items_sent"] for r in reports)}
            # the worker loop runs the same pass: nothing more to send
            loop = subprocess.run(
                [sys.executable, "-m", "assistant", "worker", "--passes", "1", "--interval", "0"],
                cwd=ROOT,
                env=_env(url, sink.url),
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert loop.returncode == 0, loop.stderr
            assert len(sink.received) == 3
        db.engine.dispose()


def test_the_worker_loop_sends_what_waits(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        waiting_work(db, now=utcnow())
        with smtp_server() as sink:
            loop = subprocess.run(
                [sys.executable, "-m", "assistant", "worker", "--passes", "1", "--interval", "0"],
                cwd=ROOT,
                env=_env(url, sink.url),
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert loop.returncode == 0, loop.stderr
            assert "notifications: e-mails 3" in loop.stderr
            assert sorted(a for r in sink.received for a in r.to) == [
                "maya@notify.example",
                "riley@notify.example",
                "sam@notify.example",
            ]
            assert all("https://app.test/" in r.body for r in sink.received)
        db.engine.dispose()
