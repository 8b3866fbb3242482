"""The Response-times page shows the very figures of `report response-times --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import config, demo, ui
from assistant.services import response_times
from assistant.services.workspace import actor_for_email
from assistant.storage import migrate
from assistant.storage.db import Database
from tests.conftest import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[tuple[Database, str]]:
    for url in fresh_database_url(tmp_path_factory.mktemp("rtpage")):
        saved = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        config._db = None
        ui._database.clear()  # the app caches its Database per process
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        demo.seed(db)
        yield db, url
        db.engine.dispose()
        config._db = None
        ui._database.clear()
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved


def _page(db: Database, email: str) -> AppTest:
    actor = actor_for_email(db, email)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["member_id"] = actor.member_id
    at.session_state["last_seen"] = time.time()
    at.run()
    at.switch_page("pages/response_times.py").run()
    assert not at.exception, at.exception
    return at


def _cli(url: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "report", "response-times", "--account", "mayaokafor", "--json", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": url},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _spoken(minutes: float) -> str:
    """Minutes as the issue writes them ("8 h 13 min", "45 min"), for spans under a day."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@pytest.mark.parametrize("business", [False, True], ids=["calendar", "business"])
def test_all_time_figures_equal_the_cli_report_in_words(seeded, business):
    db, url = seeded
    at = _page(db, "riley@lumengrid.example")
    at.selectbox[1].select("All time").run()
    if business:
        at.toggle[0].set_value(True).run()
    assert not at.exception
    cli = _cli(url, *(["--business-hours"] if business else []))
    shown = _metrics(at)
    assert shown["Mentions"] == f"{cli['mentions']:,}"
    assert shown["Answered"] == f"{round(cli['response_rate'] * 100)}%"
    assert shown["Median time to answer"] == _spoken(cli["median_minutes"])
    if cli["p90_minutes"] < 24 * 60:
        assert shown["9 in 10 answered within"] == _spoken(cli["p90_minutes"])
    else:
        assert "day" in shown["9 in 10 answered within"]
    clock = "Business hours only" if business else "Around the clock"
    assert at.caption[0].value.startswith(clock) and "New York time" in at.caption[0].value


def test_page_has_comparison_charts_at_risk_export_and_note(seeded):
    db, _ = seeded
    at = _page(db, "maya@lumengrid.example")
    assert at.metric[0].label == "Mentions" and at.metric[0].delta is not None  # vs the previous 30 days
    assert "Answered within target" in _metrics(at)
    assert [s.value for s in at.subheader][:1] == ["Suggested profile note"]
    assert at.code[0].value.startswith("I read everything")
    titles = [s.value for s in at.subheader]
    for title in (
        "How long answers take",
        "Weekly trend",
        "When mentions arrive (New York time)",
        "Who answered",
        "By kind of mention",
        "At risk",
    ):
        assert title in titles
    assert len(at.get("vega_lite_chart")) == 3
    assert at.get("download_button"), "the CSV export button is missing"


def test_no_raw_fraction_or_column_name_is_shown(seeded):
    """Point 2: durations in words, rates as percentages, headers and legends in words."""
    db, _ = seeded
    at = _page(db, "maya@lumengrid.example")
    raw_names = {"remaining_minutes", "median_minutes", "p90_minutes", "response_rate", "sla_class", "mention_id"}
    for frame in at.dataframe:
        columns = set(frame.value.columns)
        assert not columns & raw_names, columns
        for column in columns:
            for value in frame.value[column]:
                # a rate is a percentage, never 0.87; a count is a whole number
                assert not (isinstance(value, float) and 0 < value < 1), (column, value)
    shown = " ".join(str(m.value) for m in at.metric) + " ".join(str(m.delta) for m in at.metric)
    assert "%" in shown and not any(ch in shown for ch in ("0.", "min)"))
    for chart in at.get("vega_lite_chart"):
        spec = chart.proto.spec
        for name in ("median_minutes", "p90_minutes", "remaining_minutes"):
            assert name not in spec
    # the at-risk list counts down in words
    risk = at.dataframe[-1].value
    assert all(v.startswith(("late by ", "due in ")) for v in risk["Time left"])


def test_dashboard_service_matches_the_page_and_exports_csv(seeded):
    db, url = seeded
    actor = actor_for_email(db, "riley@lumengrid.example")
    board = response_times.response_times_dashboard(db, actor, 1, days=None)
    cli = _cli(url)
    assert {k: board.current[k] for k in cli} == cli
    lines = board.csv().splitlines()
    assert lines[0].startswith("mention_id,posted_at,responded_at,responder,sla_class")
    assert len(lines) == cli["mentions"] + 1
    assert sum(row["mentions"] for row in board.histogram) == cli["answered"]
    assert sum(cell["mentions"] for cell in board.heatmap) == cli["mentions"]
