"""`backup FILE` and `restore FILE` (issue 14, point 16): a restored database verifies with the same head
and gives the same report; restore refuses a database holding data unless --force. SQLite through the
online backup API, PostgreSQL through pg_dump/pg_restore (with DATABASE_URL set to a server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, Mention
from tests.conftest import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "mayaokafor"  # the demo executive


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        timeout=300,
    )


def _head(url: str) -> str:
    verified = cli(url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    line = next(x for x in verified.stdout.splitlines() if x.startswith("head: "))
    return line.split()[1]


def _report(url: str) -> tuple[dict, dict]:
    out = []
    for extra in ((), ("--business-hours",)):
        done = cli(url, "report", "response-times", "--account", ACCOUNT, "--json", "--full", *extra)
        assert done.returncode == 0, done.stderr
        out.append(json.loads(done.stdout))
    return out[0], out[1]


def test_a_restored_database_verifies_with_the_same_head_and_the_same_report(tmp_path):
    for source in fresh_database_url(tmp_path / "source"):
        seeded = cli(source, "demo", "seed")
        assert seeded.returncode == 0, seeded.stderr
        head, report = _head(source), _report(source)
        archive = tmp_path / "backup.dump"
        made = cli(source, "backup", str(archive))
        assert made.returncode == 0, made.stderr
        assert archive.is_file() and archive.stat().st_size > 0 and "backed up" in made.stdout
        again = cli(source, "backup", str(archive))
        assert again.returncode == 2 and "exists" in again.stderr  # a backup never overwrites a file

        for target in fresh_database_url(tmp_path / "target"):
            restored = cli(target, "restore", str(archive))
            assert restored.returncode == 0, restored.stderr
            assert "restored" in restored.stdout and "schema at revision" in restored.stdout
            assert _head(target) == head
            assert cli(target, "audit", "verify", "--expect-head", head).returncode == 0
            assert _report(target) == report

            # A second restore over the data is refused, and nothing changes; --force replaces it.
            db = Database.from_url(target)
            with db.reading() as session:
                mentions = session.scalar(select(func.count()).select_from(Mention))
            refused = cli(target, "restore", str(archive))
            assert refused.returncode == 2 and "already holds data" in refused.stderr and "--force" in refused.stderr
            cli(target, "demo", "seed")  # (a no-op on the demo workspace)
            with db.reading() as session:
                assert session.scalar(select(func.count()).select_from(Mention)) == mentions
            forced = cli(target, "restore", str(archive), "--force")
            assert forced.returncode == 0 and "replacing" in forced.stdout, forced.stderr
            assert _head(target) == head
            db.engine.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    for url in fresh_database_url(tmp_path):
        bogus = tmp_path / "notes.txt"
        bogus.write_text("hello")
        done = cli(url, "restore", str(bogus))
        assert done.returncode == 2 and "is not" in done.stderr
        missing = cli(url, "restore", str(tmp_path / "nope.dump"))
        assert missing.returncode == 2 and "no backup file" in missing.stderr


def test_a_backup_taken_after_an_erasure_restores_an_intact_chain(tmp_path):
    """The privacy erasure and the backup together: erased events restore as erased, and still verify."""
    for source in fresh_database_url(tmp_path / "source"):
        assert cli(source, "demo", "seed").returncode == 0
        db = Database.from_url(source)
        with db.reading() as session:
            handle = session.scalar(select(Mention.author_handle).order_by(Mention.id).limit(1))
        report = _report(source)
        erased = cli(source, "privacy", "erase", "--author", handle)
        assert erased.returncode == 0 and "erased" in erased.stdout, erased.stderr
        assert _report(source) == report
        exported = cli(source, "privacy", "export", "--author", handle)
        assert exported.returncode == 0
        data = json.loads(exported.stdout)
        assert data["mentions"] == [] and data["audit_events"] == []
        with db.reading() as session:
            assert (
                session.scalar(
                    select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "privacy.erased")
                )
                == 1
            )
        head = _head(source)
        archive = tmp_path / "after-erasure.dump"
        assert cli(source, "backup", str(archive)).returncode == 0
        for target in fresh_database_url(tmp_path / "target"):
            assert cli(target, "restore", str(archive)).returncode == 0
            assert _head(target) == head and _report(target) == report
        db.engine.dispose()
