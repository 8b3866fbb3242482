"""The business-clock report at scale: every response time as two look-ups in a cumulative minute index.

The engine's `business_minutes` walks the two partial days of each mention in Python (~10 µs), and
`build_report` turns every row into a `MentionTiming` and every time-stamp into a local ISO week:
on 1,000,000 mentions that was 12-20 s. Here the database hands over each class's posting times and
response times as integers (epoch microseconds, one string per class), and numpy does the rest:

- SQLite hands the stored posting times over as one fixed-width string per class, which numpy parses
  (no date function per row); PostgreSQL computes the epoch microseconds itself;
- the executive's open windows for the period are listed once (`BusinessTable`: the same DST-correct
  UTC windows the engine uses, holidays and closed days left out), with the open time before each;
- open time up to an instant is a `searchsorted` in that table plus a subtraction, so a mention's
  business response time is `open_until(answered) - open_until(posted)`, exact in integer µs;
- the local ISO week is a `searchsorted` in the list of local midnights (UTC µs) of the period.

Figures are the engine's (`build_report` with `hours`): counts equal, minutes equal to the engine's
float sum within 1e-9 minute (tests/integration/test_business_report.py compares them on random
mentions across DST changes, holidays and nights; the benchmark compares them with DuckDB's).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import bindparam, func, literal_column, select

from assistant.response_times import BusinessHours
from assistant.response_times.business_table import EPOCH, BusinessTable, epoch_us
from assistant.response_times.report import RESPONDERS
from assistant.services.response_times.queries import _CODE, _figures, _fraction, class_names
from assistant.storage.db import Database
from assistant.storage.models import Mention

_US_PER_MINUTE = 60_000_000


_STAMP = 26  # SQLAlchemy's SQLite storage of a time-stamp: 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC)


def _stamps_sql(dialect: str) -> str:
    """Each mention's posting time, as the database hands it over in one string per class: on SQLite the
    stored text itself, fixed width, no separator (parsed by numpy: no date function runs per row);
    on PostgreSQL whole microseconds since 1970 (EXTRACT gives a numeric since version 14: exact)."""
    if dialect == "sqlite":
        return "group_concat(posted_at, '')"
    return "string_agg(CAST(CAST(EXTRACT(EPOCH FROM posted_at) * 1000000 AS BIGINT) AS TEXT), ',' ORDER BY id)"


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), vectorised."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_stamps(text: str) -> np.ndarray:
    """Epoch microseconds of concatenated 'YYYY-MM-DD HH:MM:SS.ffffff' stamps (UTC), exact."""
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, _STAMP)

    def number(first: int, last: int) -> np.ndarray:
        digits = raw[:, first:last].astype(np.int64) - 48
        return digits @ (10 ** np.arange(last - first - 1, -1, -1, dtype=np.int64))

    days = _days_from_civil(number(0, 4), number(5, 7), number(8, 10))
    seconds = ((days * 24 + number(11, 13)) * 60 + number(14, 16)) * 60 + number(17, 19)
    return seconds * 1_000_000 + number(20, 26)


def load_arrays(
    db: Database, executive_id: int, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """Per mention of the period: posted (epoch µs), response (µs, -1 if open), responder code, class index."""
    with db.reading() as session:
        dialect = session.get_bind().dialect.name
        sqlite = dialect == "sqlite"
        # response_us * 4 + responder code, -4 + code while open: one integer per mention.
        answer = f"coalesce(response_us, -1) * 4 + {_CODE}"
        answers_sql = f"group_concat({answer})" if sqlite else f"string_agg(CAST({answer} AS TEXT), ',' ORDER BY id)"
        # One query per class walks the covering index (executive, class, posted, responder, response).
        query = select(func.count(), literal_column(_stamps_sql(dialect)), literal_column(answers_sql)).where(
            Mention.executive_id == executive_id, Mention.sla_class == bindparam("sla_class")
        )
        if since is not None:
            query = query.where(Mention.posted_at >= since)
        if until is not None:
            query = query.where(Mention.posted_at < until)
        names, posted, answers, classes = [], [], [], []
        for name in class_names(session, executive_id):
            count, posted_text, answer_text = session.execute(query, {"sla_class": name}).one()
            if not count:
                continue
            if sqlite and len(posted_text) != count * _STAMP:  # a value stored without its fraction: pad them all
                padded = query.with_only_columns(
                    literal_column("group_concat(substr(posted_at || '.000000', 1, 26), '')")
                )
                posted_text = session.execute(padded, {"sla_class": name}).scalar_one()
            posted.append(parse_stamps(posted_text) if sqlite else np.fromstring(posted_text, np.int64, sep=","))
            answers.append(np.fromstring(answer_text, dtype=np.int64, sep=","))
            classes.append(np.full(int(count), len(names), dtype=np.int16))
            names.append(name)
    empty = np.zeros(0, np.int64)
    code = np.concatenate(answers) if answers else empty
    return {
        "posted": np.concatenate(posted) if posted else empty,
        "response": code >> 2,  # arithmetic shift: an open mention's -4 + code gives -1
        "responder": code & 3,
        "class_index": np.concatenate(classes) if classes else np.zeros(0, np.int16),
        "class_names": names,
    }


class BusinessIndex:
    """Open windows of a span as numpy arrays: open µs up to any instants, in one vectorised look-up."""

    def __init__(self, hours: BusinessHours, first_us: int, last_us: int) -> None:
        start, end = EPOCH + timedelta(microseconds=first_us), EPOCH + timedelta(microseconds=last_us)
        table = BusinessTable.build(hours, start, end)
        self.opens = np.asarray(table.opens, dtype=np.int64)
        self.closes = np.asarray(table.closes, dtype=np.int64)
        self.before = np.asarray(table.before, dtype=np.int64)

    def open_until(self, moments: np.ndarray) -> np.ndarray:
        """Open microseconds of the table's windows before each moment."""
        if not len(self.opens):
            return np.zeros(len(moments), np.int64)
        i = np.searchsorted(self.opens, moments, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.minimum(moments, self.closes[j]) - self.opens[j]
        return np.where(i >= 0, self.before[j] + inside, 0)

    def business_us(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Open microseconds of each [start, end); 0 when end <= start."""
        return np.where(end > start, self.open_until(end) - self.open_until(start), 0)


def local_weeks(hours: BusinessHours, moments: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """('YYYY-Www' index per moment, the labels): the ISO week of each moment in the executive's zone."""
    if not len(moments):
        return np.zeros(0, np.int64), []
    zone = hours.zone
    first = (EPOCH + timedelta(microseconds=int(moments.min()))).astimezone(zone).date() - timedelta(days=1)
    last = (EPOCH + timedelta(microseconds=int(moments.max()))).astimezone(zone).date() + timedelta(days=1)
    days = [first + timedelta(days=d) for d in range((last - first).days + 1)]
    # Each local day starts at its local midnight (fold 0: the first one if a change repeats midnight).
    midnights = np.asarray([epoch_us(datetime.combine(d, time(0), zone).astimezone(UTC)) for d in days])
    labels_of_day = [f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in days)]
    labels = sorted(set(labels_of_day))
    code_of_day = np.asarray([labels.index(label) for label in labels_of_day], dtype=np.int64)
    day = np.searchsorted(midnights, moments, side="right") - 1
    return code_of_day[day], labels


def business_minutes_of(hours: BusinessHours, posted: np.ndarray, response: np.ndarray) -> np.ndarray:
    """Business minutes of answered mentions (`response` >= 0), NaN for open ones."""
    answered = response >= 0
    end = posted + np.where(answered, response, 0)
    if not len(posted):
        return np.zeros(0)
    index = BusinessIndex(hours, int(posted.min()), int(end.max()))
    minutes = index.business_us(posted, end) / _US_PER_MINUTE
    return np.where(answered, minutes, np.nan)


def business_report(
    db: Database,
    executive_id: int,
    hours: BusinessHours,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    """`build_report(load_timings(...), hours)`, vectorised: summary, by responder, SLA class and ISO week."""
    data = load_arrays(db, executive_id, since, until)
    return report_from_arrays(data, hours)


def report_from_arrays(data: dict[str, Any], hours: BusinessHours) -> dict[str, Any]:
    posted, response = data["posted"], data["response"]
    all_minutes = business_minutes_of(hours, posted, response)
    answered = response >= 0
    minutes = all_minutes[answered]
    report = _figures(len(posted), minutes.copy())
    report["clock"] = "business"
    responder = data["responder"][answered]
    by_responder = {}
    for code, name in enumerate(RESPONDERS):
        mine = minutes[responder == code]
        if len(mine):
            figures = _figures(len(mine), mine)
            by_responder[name] = {k: figures[k] for k in ("answered", "median_minutes", "p90_minutes")} | {
                "share": _fraction(len(mine), report["answered"])
            }
    report["by_responder"] = by_responder
    report["by_sla_class"] = _grouped(data["class_index"], data["class_names"], answered, all_minutes)
    week, labels = local_weeks(hours, posted)
    report["by_week"] = _grouped(week, labels, answered, all_minutes)
    return report


def _grouped(keys: np.ndarray, names: list[str], answered: np.ndarray, minutes: np.ndarray) -> dict[str, Any]:
    """Figures per key, keys in sorted name order; one stable sort by key instead of a mask per key."""
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(order)]))
    out = {}
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        rows = order[lo:hi]
        mine = minutes[rows[answered[rows]]]
        out[names[int(sorted_keys[lo])]] = _figures(hi - lo, mine)
    return dict(sorted(out.items()))
