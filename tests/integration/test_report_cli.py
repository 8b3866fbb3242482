"""`mentions import` and `report response-times` as scripts and cron jobs run them (DESIGN.md contract)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.imports import derive_twcs_mentions, parse_twcs_file
from assistant.response_times import BusinessHours, MentionTiming, build_report, parse_days, parse_hours
from tests.conftest import fresh_database_url
from tests.shared_data import shared_path

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["mentions", "answered", "unanswered", "response_rate", "median_minutes", "p90_minutes", "clock"]


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DATABASE_URL": url},
        timeout=120,
    )


@pytest.fixture
def url(tmp_path):
    yield from fresh_database_url(tmp_path)


def _engine_report(account: str, hours: BusinessHours | None = None) -> dict:
    """The same figures from the pure engine, straight from the file: an independent path."""
    links = derive_twcs_mentions(account, parse_twcs_file(shared_path("datasets/twcs_sample.csv")).records)
    timings = [
        MentionTiming(link.mention_id, link.created_at, link.responded_at, "outside" if link.responded_at else None)
        for link in links
    ]
    return {k: build_report(timings, hours)[k] for k in KEYS}


def test_import_then_report_on_a_fresh_database(url):
    path = shared_path("datasets/twcs_sample.csv")
    imported = cli(url, "mentions", "import", str(path), "--account", "AppleSupport")
    assert imported.returncode == 0, imported.stderr
    assert "created executive" in imported.stdout and "imported 161 new mention(s)" in imported.stdout

    done = cli(url, "report", "response-times", "--account", "AppleSupport", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert list(report) == KEYS
    assert report == _engine_report("AppleSupport")
    assert report == {
        "mentions": 161,
        "answered": 139,
        "unanswered": 22,
        "response_rate": 0.8634,
        "median_minutes": 8.95,
        "p90_minutes": 29.01,
        "clock": "calendar",
    }

    again = cli(url, "mentions", "import", str(path), "--account", "applesupport", "--format", "twcs")
    assert "imported 0 new mention(s)" in again.stdout and "161 already present" in again.stdout
    assert json.loads(cli(url, "report", "response-times", "--account", "AppleSupport", "--json").stdout) == report


def test_business_hours_options(url):
    cli(url, "mentions", "import", str(shared_path("datasets/twcs_sample.csv")), "--account", "Uber_Support")
    args = ["--business-hours", "--timezone", "America/New_York", "--hours", "08:00-20:00", "--days", "mon-sat"]
    done = cli(url, "report", "response-times", "--account", "Uber_Support", "--json", *args)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    start, end = parse_hours("08:00-20:00")
    hours = BusinessHours("America/New_York", parse_days("mon-sat"), start, end)
    assert report == _engine_report("Uber_Support", hours) and report["clock"] == "business"
    # The executive's own hours (UTC 09:00-17:00 mon-fri for an account created by an import).
    own = json.loads(
        cli(url, "report", "response-times", "--account", "Uber_Support", "--json", "--business-hours").stdout
    )
    assert own == _engine_report("Uber_Support", BusinessHours("UTC"))


def test_errors_name_the_problem_and_exit_2(url, tmp_path):
    unknown = cli(url, "report", "response-times", "--account", "nobody", "--json")
    assert unknown.returncode == 2 and "no executive has the X account 'nobody'" in unknown.stderr
    cli(url, "mentions", "import", str(shared_path("datasets/twcs_sample.csv")), "--account", "Delta")
    bad = cli(url, "report", "response-times", "--account", "Delta", "--json", "--business-hours", "--hours", "9-5")
    assert bad.returncode == 2 and "--hours '9-5'" in bad.stderr and "09:00-17:30" in bad.stderr

    broken = tmp_path / "broken.csv"
    broken.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,7,True,Mon Oct 30 09:00:00 +0000 2017,@Delta hi,,\n"
        "2,8,perhaps,Mon Oct 30 09:00:00 +0000 2017,@Delta hi,,\n"
    )
    lenient = cli(url, "mentions", "import", str(broken), "--account", "Delta")
    assert lenient.returncode == 0 and "line 3: inbound is 'perhaps'" in lenient.stderr
    strict = cli(url, "mentions", "import", str(broken), "--account", "Delta", "--strict")
    assert strict.returncode == 2 and "line 3" in strict.stderr and "Nothing was imported" in strict.stderr


def test_sync_without_x_credentials_says_what_to_set(url):
    done = cli(url, "sync")
    assert done.returncode == 2 and "X_BEARER_TOKEN" in done.stderr
