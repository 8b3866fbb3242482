"""`mentions import` as a service: real files, malformed rows, strict mode, re-import, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.errors import InvalidInput
from assistant.imports import derive_mentions, parse_x_v2_file
from assistant.services.mentions import import_file
from assistant.services.mentions import storing as mentions_storing
from assistant.services.response_times import account_report
from assistant.storage.models import AuditEvent, Executive, Mention
from tests.shared_data import shared_path

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def _count(db, model=Mention, *where) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _twcs(tmp_path: Path, *rows: str, name: str = "mentions.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


ROWS = (
    "1,101,True,Mon Oct 30 09:00:00 +0000 2017,@AcmeHelp my order is broken and I want a refund,2,",
    "2,AcmeHelp,False,Mon Oct 30 09:30:00 +0000 2017,@101 sorry! DM us,,1",
    "3,102,True,Mon Oct 30 10:00:00 +0000 2017,@AcmeHelp are you open on Sunday?,,",
    "4,103,True,Mon Oct 30 11:00:00 +0000 2017,@AcmeHelp journalist here: comment on the recall?,5,",
    "5,AcmeHelp,False,Mon Oct 30 11:20:00 +0000 2017,@103 we will call you,,4",
)


def test_real_twcs_sample_imports_with_the_documented_figures(db):
    path = shared_path("datasets/twcs_sample.csv")
    outcome = import_file(db, path, "AmazonHelp")
    assert outcome.created_executive and outcome.format == "twcs"
    assert (outcome.imported, outcome.answered_in_file, outcome.errors) == (224, 187, [])
    _, report = account_report(db, "amazonhelp")
    assert (report["mentions"], report["answered"], report["response_rate"]) == (224, 187, 0.8348)
    assert (report["median_minutes"], report["p90_minutes"]) == (8.88, 38.27)  # docs/response_times.md
    assert set(report["by_responder"]) == {"outside"}


def test_real_x_v2_pages_import_the_mentions_the_linker_finds(db):
    path = shared_path("fixtures/x-api/twarc-csv_noflat.jsonl")
    expected = derive_mentions("Breaking911", parse_x_v2_file(path).records)
    outcome = import_file(db, path, "@Breaking911")
    assert outcome.format == "x-v2" and outcome.imported == len(expected) > 0
    with db.reading() as session:
        ids = set(session.scalars(select(Mention.x_post_id)))
    assert ids == {link.mention_id for link in expected}


def test_sla_class_by_rules_responder_outside_and_state(db, tmp_path):
    import_file(db, _twcs(tmp_path, *ROWS), "AcmeHelp")
    with db.reading() as session:
        rows = {m.x_post_id: m for m in session.scalars(select(Mention))}
    assert set(rows) == {"1", "3", "4"}
    assert (rows["1"].sla_class, rows["3"].sla_class, rows["4"].sla_class) == ("complaint", "default", "press")
    assert (rows["1"].responder_kind, rows["1"].state, rows["1"].response_x_id) == ("outside", "replied", "2")
    assert (rows["3"].responder_kind, rows["3"].state, rows["3"].responded_at) == (None, "new", None)
    assert rows["1"].source == "import"


def test_malformed_rows_are_skipped_and_reported_with_line_and_reason(db, tmp_path):
    path = _twcs(
        tmp_path,
        ROWS[0],
        "x7,102,True,Mon Oct 30 10:00:00 +0000 2017,@AcmeHelp hi,,",
        ROWS[1],
        "8,104,maybe,Mon Oct 30 10:00:00 +0000 2017,@AcmeHelp hi,,",
        ROWS[2],
    )
    outcome = import_file(db, path, "AcmeHelp")
    assert [(e.line, e.reason) for e in outcome.errors] == [
        (3, "tweet_id 'x7' is not a numeric tweet id"),
        (5, "inbound is 'maybe', expected True or False"),
    ]
    assert outcome.imported == 2 == _count(db)


def test_strict_refuses_the_whole_file_and_writes_nothing(db, tmp_path):
    path = _twcs(tmp_path, *ROWS[:2], "8,104,maybe,Mon Oct 30 10:00:00 +0000 2017,@AcmeHelp hi,,", *ROWS[2:])
    with pytest.raises(InvalidInput, match="line 4"):
        import_file(db, path, "AcmeHelp", strict=True)
    assert _count(db) == 0 and _count(db, Executive) == 0 and _count(db, AuditEvent) == 0


def test_reimport_changes_nothing_and_one_audit_event_per_import(db, tmp_path):
    path = _twcs(tmp_path, *ROWS)
    first = import_file(db, path, "AcmeHelp")
    with db.reading() as session:
        before = sorted((m.id, m.x_post_id, m.state, m.responded_at) for m in session.scalars(select(Mention)))
    second = import_file(db, path, "AcmeHelp")
    with db.reading() as session:
        after = sorted((m.id, m.x_post_id, m.state, m.responded_at) for m in session.scalars(select(Mention)))
    assert (first.imported, second.imported, second.responses_filled) == (3, 0, 0)
    assert before == after
    assert not second.created_executive
    with db.reading() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["mentions.imported", "mentions.imported"]
    assert events[0].after["imported"] == 3 and events[1].after["imported"] == 0


def test_a_later_file_fills_in_a_response_without_duplicating(db, tmp_path):
    import_file(db, _twcs(tmp_path, ROWS[0], ROWS[2], name="a.csv"), "AcmeHelp")
    later = _twcs(tmp_path, ROWS[2], "6,AcmeHelp,False,Mon Oct 30 10:45:00 +0000 2017,@102 yes 10-4,,3", name="b.csv")
    outcome = import_file(db, later, "AcmeHelp")
    assert (outcome.imported, outcome.responses_filled) == (0, 1)
    with db.reading() as session:
        mention = session.scalars(select(Mention).where(Mention.x_post_id == "3")).one()
    assert (mention.state, mention.response_x_id, mention.responder_kind) == ("replied", "6", "outside")


def test_an_error_half_way_leaves_nothing_behind(db, tmp_path, monkeypatch):
    calls = []
    real = mentions_storing._write_chunk

    def failing(connection, stmt, chunk):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("disk full (simulated)")
        real(connection, stmt, chunk)

    monkeypatch.setattr(mentions_storing, "CHUNK", 1)
    monkeypatch.setattr(mentions_storing, "_write_chunk", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        import_file(db, _twcs(tmp_path, *ROWS), "AcmeHelp")
    assert calls == [1, 1]  # the first chunk was written, then rolled back
    assert _count(db) == 0 and _count(db, Executive) == 0 and _count(db, AuditEvent) == 0


def test_an_existing_executive_is_found_by_handle_or_user_id(db, team, tmp_path):
    outcome = import_file(db, _twcs(tmp_path, "1,7,True,Mon Oct 30 09:00:00 +0000 2017,@testexec hi,,"), "42")
    assert outcome.executive_id == team.executive_id and not outcome.created_executive


def test_a_missing_file_or_bad_format_is_named(db, tmp_path):
    with pytest.raises(InvalidInput, match="no file"):
        import_file(db, tmp_path / "nope.csv", "AcmeHelp")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,who\n1,2\n")
    with pytest.raises(InvalidInput, match="header lacks"):
        import_file(db, bad, "AcmeHelp")
