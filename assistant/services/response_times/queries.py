"""The calendar report, aggregated in the database from the stored response times.

Each mention carries `response_us` (responded_at - posted_at in exact microseconds, set by
every writer). The index `(executive_id, sla_class, posted_at, responder_kind, response_us)`
holds all the report needs, so the database walks it once, in order, one query per SLA class
and ISO week: the count of mentions, and the answered ones' response times (with a
two-bit responder code) as one string. numpy parses those strings and picks the ranks a
percentile needs with `partition` (linear time, no sort). No sorting or grouping work is
left to the database (SQLite would need a temporary b-tree per GROUP BY), and Python never
touches a row per mention. The figures equal the pure engine's `build_report` to the last bit
(tests/integration/test_report_sql.py): minutes are `micros / 1e6 / 60`, exactly
`timedelta.total_seconds() / 60`, and the percentiles use the engine's own interpolation.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

from assistant.response_times import SlaClass, percentile_of_sorted
from assistant.response_times.report import RESPONDERS
from assistant.storage.db import Database
from assistant.storage.models import Mention

WEEK = timedelta(days=7)
# Two bits per answered mention: which responder (RESPONDERS order; 3 = an unknown kind, left out).
_CODE = (
    "CASE coalesce(responder_kind, 'outside') WHEN 'outside' THEN 2 WHEN 'executive' THEN 0 "
    "WHEN 'delegate' THEN 1 ELSE 3 END"
)  # the usual one first: one comparison per row


def in_period(query: Any, since: datetime | None, until: datetime | None) -> Any:
    """Mentions posted in [since, until); either bound may be open."""
    if since is not None:
        query = query.where(Mention.posted_at >= since)
    return query if until is None else query.where(Mention.posted_at < until)


def class_names(session: Session, executive_id: int) -> list[str]:
    """The executive's distinct SLA classes, by index seeks (one per class, never a scan)."""
    found: list[str] = []
    query = select(func.min(Mention.sla_class)).where(Mention.executive_id == executive_id)
    current = session.scalar(query)
    while current is not None:
        found.append(current)
        current = session.scalar(query.where(Mention.sla_class > current))
    return found


def _weeks(
    session: Session, executive_id: int, since: datetime | None, until: datetime | None
) -> list[tuple[datetime, datetime, str]]:
    """(start, end, 'YYYY-Www') of each ISO week (UTC) between the period's first and last mention."""
    bounds = select(Mention.posted_at).where(Mention.executive_id == executive_id)
    if since is not None:
        bounds = bounds.where(Mention.posted_at >= since)
    if until is not None:
        bounds = bounds.where(Mention.posted_at < until)
    # Two index seeks: SQLite cannot optimise min() and max() in one query.
    first = session.scalar(bounds.order_by(Mention.posted_at).limit(1))
    last = session.scalar(bounds.order_by(Mention.posted_at.desc()).limit(1))
    if first is None or last is None:
        return []
    day = first.astimezone(UTC).date()
    start = datetime.combine(day - timedelta(days=day.weekday()), datetime.min.time(), UTC)
    weeks = []
    while start <= last:
        year, week, _ = start.date().isocalendar()
        lo = start if since is None or since < start else since
        hi = start + WEEK if until is None or until > start + WEEK else until
        weeks.append((lo, hi, f"{year}-W{week:02d}"))
        start += WEEK
    return weeks


def _chunks(
    db: Database, executive_id: int, since: datetime | None, until: datetime | None
) -> list[tuple[str, str, int, str | None]]:
    """(class, week, mentions, 'code,code,...') per class and week with mentions; code = micros * 4 + responder."""
    with db.reading() as session:
        dialect = session.get_bind().dialect.name
        listed = (
            "group_concat(response_us * 4 + {c})"
            if dialect == "sqlite"
            else "string_agg(CAST(response_us * 4 + {c} AS TEXT), ',')"
        ).format(c=_CODE)
        query = select(func.count(), literal_column(listed)).where(
            Mention.executive_id == executive_id,
            Mention.sla_class == bindparam("sla_class"),
            Mention.posted_at >= bindparam("lo", type_=Mention.posted_at.type),
            Mention.posted_at < bindparam("hi", type_=Mention.posted_at.type),
        )
        weeks = _weeks(session, executive_id, since, until)
        out = []
        for sla_class in class_names(session, executive_id) if weeks else []:
            for lo, hi, label in weeks:
                count, codes = session.execute(query, {"sla_class": sla_class, "lo": lo, "hi": hi}).one()
                if count:
                    out.append((sla_class, label, int(count), codes))
        return out


def calendar_report(
    db: Database, executive_id: int, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """`build_report(timings)` on the calendar clock, from per-class, per-week lists the database makes."""
    chunks = _chunks(db, executive_id, since, until)
    parsed = [
        np.fromstring(codes, dtype=np.int64, sep=",") if codes else np.zeros(0, np.int64) for _, _, _, codes in chunks
    ]
    codes = np.concatenate(parsed) if parsed else np.zeros(0, np.int64)
    minutes = (codes >> 2) / 1e6 / 60  # exactly timedelta.total_seconds() / 60 (stored clamped at 0)
    responder = codes & 3
    ends = np.cumsum([len(p) for p in parsed]).tolist()
    slices = [minutes[end - len(p) : end] for p, end in zip(parsed, ends, strict=True)]  # views, no copies

    report = _figures(sum(c[2] for c in chunks), minutes)
    report["clock"] = "calendar"
    total_answered = report["answered"]
    by_responder = {}
    for code, name in enumerate(RESPONDERS):
        mine = minutes[responder == code]
        if len(mine):
            figures = _figures(len(mine), mine)
            by_responder[name] = {k: figures[k] for k in ("answered", "median_minutes", "p90_minutes")} | {
                "share": _fraction(len(mine), total_answered)
            }
    report["by_responder"] = by_responder
    counts = [c[2] for c in chunks]
    report["by_sla_class"] = _grouped([c[0] for c in chunks], counts, slices)
    report["by_week"] = _grouped([c[1] for c in chunks], counts, slices)
    return report


def _grouped(keys: list[str], counts: list[int], slices: list[np.ndarray]) -> dict[str, Any]:
    """Figures per key, keys sorted: each chunk (its count and its slice of minutes) belongs to one key."""
    members: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        members.setdefault(key, []).append(index)
    figures = {}
    for name in sorted(members):
        parts = [slices[i] for i in members[name]]
        values = np.concatenate(parts) if len(parts) > 1 else parts[0]
        figures[name] = _figures(sum(counts[i] for i in members[name]), values)
    return figures


def _fraction(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _figures(count: int, values: np.ndarray) -> dict[str, Any]:
    # The engine's rounding: minutes to 2 decimals, fractions to 4, None when empty.
    answered = len(values)
    ranked = _ranked(values)
    return {
        "mentions": count,
        "answered": answered,
        "unanswered": count - answered,
        "response_rate": _fraction(answered, count),
        "median_minutes": _rounded(percentile_of_sorted(ranked, 50)),
        "p90_minutes": _rounded(percentile_of_sorted(ranked, 90)),
    }


def _ranked(values: np.ndarray) -> np.ndarray:
    """The values with the ranks the median and p90 read in sorted position (a partial sort, O(n))."""
    n = len(values)
    if n < 2:
        return values
    ranks = set()
    for q in (50, 90):  # the positions percentile_of_sorted reads: floor and floor + 1 of (n - 1) * q / 100
        below = math.floor((n - 1) * (q / 100))
        ranks.update((min(below, n - 1), min(below + 1, n - 1)))
    return np.partition(values, sorted(ranks))


def calendar_sla_counts(
    db: Database, executive_id: int, sla_class: SlaClass, since: datetime, until: datetime, now: datetime
) -> dict[str, int] | None:
    """met / breached / at_risk / on_track of one calendar-clock class over [since, until), counted by the
    database, exactly as `mention_status` would count them; None when the class's minutes are not whole
    (then the float comparisons of the engine could differ at a boundary: the caller counts in Python)."""
    target, threshold = sla_class.target_minutes, sla_class.at_risk_fraction * sla_class.target_minutes
    if (
        sla_class.clock != "calendar"
        or target <= 0
        or not (float(target).is_integer() and float(threshold).is_integer())
    ):
        return None
    # Whole minutes: elapsed > target <=> posted before now - target, to the microsecond, and so on.
    limit_us = int(target) * 60_000_000
    breach_before, risk_from = now - timedelta(minutes=int(target)), now - timedelta(minutes=int(threshold))
    open_ = Mention.response_us.is_(None)
    query = select(
        func.count(),
        func.count(Mention.response_us),
        func.sum(case((Mention.response_us <= limit_us, 1), else_=0)),
        func.sum(case((open_ & (Mention.posted_at < breach_before), 1), else_=0)),
        func.sum(case((open_ & (Mention.posted_at >= breach_before) & (Mention.posted_at <= risk_from), 1), else_=0)),
    ).where(
        Mention.executive_id == executive_id,
        Mention.sla_class == sla_class.name,
        Mention.posted_at >= since,
        Mention.posted_at < until,
    )
    with db.reading() as session:
        total, answered, met, open_breached, risky = (int(v or 0) for v in session.execute(query).one())
    return {
        "met": met,
        "breached": answered - met + open_breached,
        "at_risk": risky,
        "on_track": total - answered - open_breached - risky,
    }
