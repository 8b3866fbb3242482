"""The SQLite import rows computed in bulk (issue 14, point 15) are the rows `mention_values` computes.

Oracle: `mention_values(..., sqlite_stamp)`, the per-row path: time-stamps through `isoformat`, response_us
through `response_micros`, the SLA class through `policy.assign` for every row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.imports import MentionLink
from assistant.response_times import DEFAULT_POLICY, SlaClass, SlaPolicy, SlaRule
from assistant.services.mentions.file_import import SQLITE_VARYING, mention_values, sqlite_mention_values
from assistant.services.mentions.storing import COLUMNS, sqlite_stamp

WITH_AUTHORS = SlaPolicy(
    classes=(SlaClass("vip", 60), SlaClass("complaint", 240), SlaClass("default", 480)),
    rules=(SlaRule("vip", authors=frozenset({"@Bob", "42"})), SlaRule("complaint", keywords=("refund",))),
)
utc_moments = st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30)).map(lambda d: d.replace(tzinfo=UTC))
moments = utc_moments | utc_moments.map(lambda d: d.astimezone(timezone(timedelta(hours=2))))
link = st.builds(
    MentionLink,
    st.text("0123456789", min_size=1, max_size=4),
    st.sampled_from(["42", "7"]),
    st.none() | st.sampled_from(["bob", "Bob", "eve", ""]),
    utc_moments,
    st.sampled_from(["@acme refund please", "@acme hi", "REFUND", "", "refunds"]),
    st.none() | st.just("9"),
    st.integers(1, 5),
    st.none() | st.just("77"),
    st.none() | utc_moments,
    st.none() | st.just("thanks"),
)


def _expanded(constants, rows):
    return [tuple(constants[c] if c in constants else row[SQLITE_VARYING.index(c)] for c in COLUMNS) for row in rows]


@settings(max_examples=300, deadline=None)
@given(st.lists(link, max_size=8), st.sampled_from([DEFAULT_POLICY, WITH_AUTHORS]))
def test_bulk_rows_are_the_per_row_ones(links, policy):
    constants, rows = sqlite_mention_values(links, 3, 5, policy)
    assert _expanded(constants, rows) == mention_values(links, 3, 5, policy, sqlite_stamp)


@settings(max_examples=100, deadline=None)
@given(st.lists(link, min_size=1, max_size=4), moments)
def test_a_time_stamp_not_in_utc_gives_the_same_rows(links, moment):
    links = [*links, links[0]._replace(mention_id="x", responded_at=moment)]
    constants, rows = sqlite_mention_values(links, 3, 5, DEFAULT_POLICY)
    assert _expanded(constants, rows) == mention_values(links, 3, 5, DEFAULT_POLICY, sqlite_stamp)


def test_hand_written_row():
    posted = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    answered = MentionLink("5", "42", "bob", posted, "a refund?", "5", 1, "6", posted + timedelta(seconds=90), "ok")
    waiting = MentionLink("7", "7", None, posted, "hello", None, 2)
    constants, rows = sqlite_mention_values([answered, waiting], 3, 5, DEFAULT_POLICY)
    assert constants["workspace_id"] == 3 and constants["executive_id"] == 5 and constants["source"] == "import"
    assert rows == [
        ("5", "42", "bob", "a refund?", "2026-11-02 10:00:00.000000", "5", "replied", "complaint",
         "2026-11-02 10:01:30.000000", "6", "outside", 90_000_000),
        ("7", "7", "", "hello", "2026-11-02 10:00:00.000000", None, "new", "default", None, None, None, None),
    ]  # fmt: skip
