"""`audit verify` against the attacks of issue 14, point 7: an emptied log, a cut suffix with the head
row fixed, a rebuilt chain. The database alone cannot prove the last two: a hash kept outside it
(`--expect-head`, `--checkpoints`) must. Runs on SQLite, and on PostgreSQL with DATABASE_URL."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, select, text, update

from assistant import i18n
from assistant.domain.audit_actions import AuditAction
from assistant.domain.audit_chain import GENESIS, Checkpoint
from assistant.services.audit import make_checkpoint, record_event, verify_report
from assistant.storage import migrate
from assistant.storage.db import Database
from assistant.storage.models import AuditEvent, AuditHead
from tests.conftest import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]


def _record(db: Database, n: int, label: str = "Riley <riley@test.example>") -> list[int]:
    ids = []
    for i in range(n):
        with db.writing() as session:
            ev = record_event(
                session,
                actor_id=1,
                actor_label=label,
                workspace_id=1,
                action=AuditAction.POST_DRAFTED,
                entity_type="post",
                entity_id=i + 1,
                after={"state": "draft", "title": f"post {i}"},
            )
            ids.append(ev.id)
    return ids


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        timeout=120,
    )


def test_an_intact_chain_verifies_and_names_its_head(db):
    ids = _record(db, 4)
    report = verify_report(db)
    with db.reading() as session:
        last_hash = session.get(AuditEvent, ids[-1]).hash
    assert report.broken is None and report.count == 4
    assert report.head == last_hash and report.last_event_id == ids[-1]
    assert report.recorded_count == 4


def test_an_empty_log_without_history_is_fine(db):
    report = verify_report(db)
    assert report.broken is None and report.count == 0 and report.head == GENESIS


def test_attack_delete_every_event_fails(db):
    _record(db, 3)
    with db.writing() as session:
        session.execute(delete(AuditEvent))
    report = verify_report(db)
    assert report.broken is not None, "an emptied log of a database with history must not verify"
    assert report.count == 0 and "empty" in report.broken.reason and report.head == GENESIS
    assert report.recorded_count == 3


def test_attack_delete_every_event_and_reset_the_head_fails_against_the_kept_head(db):
    _record(db, 3)
    kept = verify_report(db).head
    with db.writing() as session:  # the attacker also resets the head row: the database alone cannot tell
        session.execute(delete(AuditEvent))
        session.execute(update(AuditHead).values(last_hash=GENESIS, event_count=0))
    assert verify_report(db).broken is None
    report = verify_report(db, expect_head=kept)
    assert report.broken is not None and kept in report.broken.reason


def test_attack_cut_the_last_events_and_fix_the_head_fails_against_a_checkpoint(db):
    ids = _record(db, 5)
    point, _ = make_checkpoint(db, now=datetime(2026, 11, 1, tzinfo=UTC))
    assert point is not None and point.event_id == ids[-1]
    _record(db, 3)
    # The attack: the last 4 events go (one of them checkpointed), the head row is made to agree.
    with db.writing() as session:
        survivors = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[:4]
        session.execute(delete(AuditEvent).where(AuditEvent.id > survivors[-1].id))
        session.execute(update(AuditHead).values(last_hash=survivors[-1].hash, event_count=4))
    assert verify_report(db).broken is None  # the database alone is fooled: hence checkpoints
    report = verify_report(db, checkpoints=[point])
    assert report.broken is not None and report.broken.event_id == point.event_id
    assert "no longer on the chain" in report.broken.reason


def test_attack_rebuild_a_different_chain_fails_against_expect_head_and_checkpoints(db):
    _record(db, 4)
    kept = verify_report(db)
    point = Checkpoint("2026-11-01T00:00:00Z", kept.last_event_id, kept.head)
    # The attack: the whole log replaced by a chain with another history, consistent in itself.
    with db.writing() as session:
        session.execute(delete(AuditEvent))
        session.execute(delete(AuditHead))
    _record(db, 6, label="Mallory <m@test.example>")
    rebuilt = verify_report(db)
    assert rebuilt.broken is None and rebuilt.head != kept.head
    against_head = verify_report(db, expect_head=kept.head)
    assert against_head.broken is not None and "rebuilt" in against_head.broken.reason
    against_point = verify_report(db, checkpoints=[point])
    # Ids restart at 1 on SQLite (another hash at event 4), not on PostgreSQL (event 4 is gone): both fail.
    assert against_point.broken is not None and against_point.broken.event_id == point.event_id
    assert "another hash" in against_point.broken.reason or "rebuilt" in against_point.broken.reason


def test_checkpoints_of_an_intact_growing_chain_keep_passing(db):
    _record(db, 2)
    first, _ = make_checkpoint(db)
    _record(db, 2)
    second, _ = make_checkpoint(db)
    _record(db, 1)
    assert verify_report(db, checkpoints=[first, second]).broken is None
    assert verify_report(db, expect_head=verify_report(db).head).broken is None


def test_editing_personal_fields_or_blanking_them_by_hand_is_caught(db):
    ids = _record(db, 3)
    with db.writing() as session:
        session.execute(update(AuditEvent).where(AuditEvent.id == ids[1]).values(after={"state": "approved"}))
    broken = verify_report(db).broken
    assert broken is not None and broken.event_id == ids[1] and "digest" in broken.reason
    # Blanking the edited event "as an erasure" without an erasure event naming it does not pass either.
    with db.writing() as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == ids[1])
            .values(personal_salt=None, erased_at=datetime(2026, 11, 1, tzinfo=UTC))
        )
    broken = verify_report(db).broken
    assert broken is not None and broken.event_id == ids[1] and "no erasure" in broken.reason


def test_a_plain_field_edit_is_still_caught(db):
    ids = _record(db, 3)
    with db.writing() as session:
        session.execute(update(AuditEvent).where(AuditEvent.id == ids[0]).values(actor_label="Someone else"))
    broken = verify_report(db).broken
    assert broken is not None and broken.event_id == ids[0] and "edited" in broken.reason


def test_the_reasons_read_in_french(db):
    _record(db, 2)
    with db.writing() as session:
        session.execute(delete(AuditEvent))
    with i18n.using("fr"):
        report = verify_report(db)
    assert report.broken is not None
    assert report.broken.reason.startswith("le journal est vide, mais la tête de chaîne indique")
    assert report.broken.reason.endswith(": les événements ont été supprimés")


def _v1_hash(prev: str, payload: dict) -> str:
    # Written from the pre-0014 definition: SHA-256 over prev + "\n" + canonical JSON of the whole event.
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev + "\n" + canonical).encode("utf-8")).hexdigest()


def test_a_chain_written_before_the_migration_still_verifies_after_it(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine, "0013_delegation_security")
        prev = GENESIS
        with db.engine.begin() as conn:
            for i in range(1, 4):
                at = datetime(2026, 10, i, 12, tzinfo=UTC)
                payload = {
                    "id": i,
                    "workspace_id": 1,
                    "at": at.isoformat(),
                    "actor_id": 1,
                    "actor_label": "Riley <riley@test.example>",
                    "action": "post.drafted",
                    "entity_type": "post",
                    "entity_id": str(i),
                    "before": None,
                    "after": {"state": "draft"},
                }
                digest = _v1_hash(prev, payload)
                conn.execute(
                    text(
                        "INSERT INTO audit_events (id, workspace_id, at, actor_id, actor_label, action, entity_type,"
                        " entity_id, before, after, prev_hash, hash) VALUES (:id, 1, :at, 1, :label, 'post.drafted',"
                        " 'post', :eid, NULL, :after, :prev, :hash)"
                    ),
                    {
                        "id": i,
                        "at": at,
                        "label": payload["actor_label"],
                        "eid": str(i),
                        "after": json.dumps({"state": "draft"}),
                        "prev": prev,
                        "hash": digest,
                    },
                )
                prev = digest
            conn.execute(text("INSERT INTO audit_head (id, last_hash) VALUES (1, :h)"), {"h": prev})
            if not db.is_sqlite:
                conn.execute(text("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), 3)"))
        migrate.upgrade(db.engine)
        report = verify_report(db)
        assert report.broken is None and report.count == 3 and report.head == prev and report.recorded_count == 3
        _record(db, 2)  # version-2 events follow the version-1 ones on the same chain
        after = verify_report(db)
        assert after.broken is None and after.count == 5
        with db.reading() as session:
            versions = list(session.scalars(select(AuditEvent.chain_version).order_by(AuditEvent.id)))
        assert versions == [1, 1, 1, 2, 2]
        db.engine.dispose()


def test_the_command_line_prints_the_head_and_checks_outside_hashes(tmp_path):
    for url in fresh_database_url(tmp_path):
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        _record(db, 3)
        checkpoints = tmp_path / "audit-checkpoints.txt"
        made = _cli(url, "audit", "checkpoint", "--file", str(checkpoints))
        assert made.returncode == 0, made.stderr
        line = checkpoints.read_text().strip()
        at, event_id, head = line.split()
        assert event_id == "3" and len(head) == 64 and made.stdout.strip() == line
        ok = _cli(url, "audit", "verify", "--expect-head", head, "--checkpoints", str(checkpoints))
        assert ok.returncode == 0 and f"head: {head} (event 3)" in ok.stdout and "1 checkpoint(s)" in ok.stdout
        wrong = _cli(url, "audit", "verify", "--expect-head", "f" * 64)
        assert wrong.returncode == 1 and "BROKEN" in wrong.stdout and head in wrong.stdout
        with db.writing() as session:  # the attack of the issue: delete every event
            session.execute(delete(AuditEvent))
        emptied = _cli(url, "audit", "verify")
        assert emptied.returncode == 1 and "0 events verified" not in emptied.stdout and "empty" in emptied.stdout
        bad = tmp_path / "bad.txt"
        bad.write_text("not a checkpoint\n")
        refused = _cli(url, "audit", "verify", "--checkpoints", str(bad))
        assert refused.returncode == 2 and "line 1" in refused.stderr
        db.engine.dispose()
