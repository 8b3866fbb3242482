"""Validation on real data: per-company response times on the twcs sample must equal an
independent computation written here with the csv module (not the product's parser).

Rule (DESIGN.md, issue 6): a mention of company C is an inbound tweet that @-mentions C
or that C replied to; its response is C's earliest tweet whose in_response_to_tweet_id
is the mention.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from datetime import datetime

import pytest

from assistant.imports import derive_twcs_mentions, parse_twcs_file, twcs_companies
from assistant.response_times import MentionTiming, median, response_minutes, summarize
from tests.shared_data import shared_path

HANDLE_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def independent_figures() -> dict[str, tuple[int, int, float | None]]:
    """company -> (mentions, answered, median minutes), computed from scratch."""
    raw = shared_path("datasets/twcs_sample.csv").read_bytes().decode("utf-8")
    # One row carries bare CRs inside an unquoted text; treat them as spaces.
    text = raw.replace("\r\n", "\n").replace("\r", " ")
    rows = list(csv.DictReader(io.StringIO(text)))

    def tid(value: str) -> int | None:
        return int(float(value)) if value.strip() else None

    def when(value: str) -> datetime:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")

    def tags(body: str, company: str) -> bool:
        body, needle = body.lower(), "@" + company.lower()
        start = body.find(needle)
        while start != -1:
            end = start + len(needle)
            before_ok = start == 0 or body[start - 1] not in HANDLE_CHARS
            after_ok = end == len(body) or body[end] not in HANDLE_CHARS
            if before_ok and after_ok:
                return True
            start = body.find(needle, start + 1)
        return False

    figures = {}
    for company in {r["author_id"] for r in rows if r["inbound"] == "False"}:
        first_answer: dict[int, tuple[datetime, int]] = {}
        for r in rows:
            target = tid(r["in_response_to_tweet_id"])
            if r["author_id"] == company and target is not None:
                candidate = (when(r["created_at"]), tid(r["tweet_id"]))
                if target not in first_answer or candidate < first_answer[target]:
                    first_answer[target] = candidate
        minutes, count = [], 0
        for r in rows:
            if r["inbound"] != "True":
                continue
            mention = tid(r["tweet_id"])
            if mention in first_answer or tags(r["text"], company):
                count += 1
                if mention in first_answer:
                    minutes.append((first_answer[mention][0] - when(r["created_at"])).total_seconds() / 60)
        figures[company] = (count, len(minutes), statistics.median(minutes) if minutes else None)
    return figures


@pytest.fixture(scope="module")
def engine_links() -> dict[str, list]:
    tweets = parse_twcs_file(shared_path("datasets/twcs_sample.csv")).records
    return {company: derive_twcs_mentions(company, tweets) for company in twcs_companies(tweets)}


def test_every_company_has_the_same_mentions_answered_and_median_as_the_independent_count(
    engine_links: dict[str, list],
) -> None:
    expected = independent_figures()
    assert set(engine_links) == set(expected) and len(expected) == 76
    for company, links in engine_links.items():
        timings = [MentionTiming(m.mention_id, m.created_at, m.responded_at) for m in links]
        summary = summarize(timings)
        count, answered, median_minutes = expected[company]
        assert (summary["mentions"], summary["answered"]) == (count, answered), company
        exact = median([v for t in timings if (v := response_minutes(t)) is not None])
        if median_minutes is None:
            assert exact is None and summary["median_minutes"] is None, company
        else:
            assert exact is not None and math.isclose(exact, median_minutes, rel_tol=1e-12), company
            assert summary["median_minutes"] == round(exact, 2), company


def test_documented_figures_for_the_busiest_companies(engine_links: dict[str, list]) -> None:
    # The table in docs/response_times.md; a change here means the docs must change too.
    documented = {
        "ChipotleTweets": (231, 208, 9.85),
        "AmazonHelp": (224, 187, 8.88),
        "AppleSupport": (161, 139, 8.95),
        "Uber_Support": (129, 110, 17.9),
        "Delta": (110, 87, 20.88),
    }
    for company, figures in documented.items():
        links = engine_links[company]
        summary = summarize([MentionTiming(m.mention_id, m.created_at, m.responded_at) for m in links])
        assert (summary["mentions"], summary["answered"], summary["median_minutes"]) == figures, company
