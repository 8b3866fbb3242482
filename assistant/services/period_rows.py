"""A period's mentions as numpy arrays, for pages that need every mention's figures at once.

`period_rows` runs the very statement `reports.load_timings` runs (same plan, same row order) but
builds no Python object per mention: on SQLite the stored time-stamp text is parsed by numpy.
`BusinessWindows` is the pure engine's `BusinessTable` vectorised: open microseconds before each
instant, so a business-clock duration is two look-ups and a subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import String, select, type_coerce

from assistant.response_times import BusinessHours, MentionTiming
from assistant.response_times.business_table import EPOCH, BusinessTable, epoch_us
from assistant.storage.db import Database
from assistant.storage.models import Mention


@dataclass
class PeriodRows:
    """A period's mentions as arrays, in the order `reports.load_timings` reads them (same query)."""

    ids: np.ndarray  # int64
    posted_us: np.ndarray  # int64, epoch microseconds
    responded_us: np.ndarray  # int64, epoch microseconds; meaningless where not `answered`
    answered: np.ndarray  # bool
    classes: np.ndarray  # str (object)


def period_rows(db: Database, executive_id: int, since: datetime | None, until: datetime | None,
                exclude_classes: tuple[str, ...] = ()) -> PeriodRows:
    """Timings without a Python object per mention: SQLite's stored text is parsed by numpy."""
    with db.reading() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        # The very statement load_timings runs (same plan, same row order); on SQLite the time-stamps
        # come back as their stored text, which numpy parses in bulk.
        stamp = (lambda column: type_coerce(column, String)) if sqlite else (lambda column: column)
        query = select(Mention.id, stamp(Mention.posted_at), stamp(Mention.responded_at), Mention.responder_kind,
                       Mention.sla_class).where(Mention.executive_id == executive_id)
        if exclude_classes:
            query = query.where(Mention.sla_class.not_in(exclude_classes))
        if since is not None:
            query = query.where(Mention.posted_at >= since)
        if until is not None:
            query = query.where(Mention.posted_at < until)
        rows = session.connection().execute(query).all()
    ids, posted, responded, _, classes = zip(*rows, strict=True) if rows else ((),) * 5
    if sqlite:
        posted_us = np.array(posted, dtype="datetime64[us]").astype(np.int64)
        answered = np.array([r is not None for r in responded], dtype=bool)
        responded_us = np.array([r or "NaT" for r in responded], dtype="datetime64[us]").astype(np.int64)
    else:
        posted_us = np.array([epoch_us(p) for p in posted], dtype=np.int64)
        answered = np.array([r is not None for r in responded], dtype=bool)
        responded_us = np.array([epoch_us(r) if r is not None else 0 for r in responded], dtype=np.int64)
    return PeriodRows(np.array(ids, dtype=np.int64), posted_us, responded_us, answered,
                      np.array(classes, dtype=object))


class BusinessWindows:
    """`BusinessTable` as numpy arrays: open microseconds before each instant, vectorised."""

    def __init__(self, hours: BusinessHours, first_us: int, last_us: int) -> None:
        table = BusinessTable.build(hours, moment(first_us), moment(last_us))
        self.opens, self.closes, self.before = (np.array(a, dtype=np.int64) for a in (
            table.opens or (0,), table.closes or (0,), table.before or (0,)))

    def until(self, moments: np.ndarray) -> np.ndarray:
        i = np.searchsorted(self.opens, moments, side="right") - 1
        j = np.maximum(i, 0)
        return np.where(i < 0, 0, self.before[j] + np.minimum(moments, self.closes[j]) - self.opens[j])


def moment(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def timing_at(rows: PeriodRows, i: int) -> MentionTiming:
    responded = moment(int(rows.responded_us[i])) if rows.answered[i] else None
    return MentionTiming(str(int(rows.ids[i])), moment(int(rows.posted_us[i])), responded,
                         None, str(rows.classes[i]))


def local_cells(posted_us: np.ndarray, hours: BusinessHours) -> np.ndarray:
    """weekday * 24 + hour of each time-stamp in the executive's zone (one offset look-up per UTC hour)."""
    hour_us = 3_600_000_000
    hours_seen, which = np.unique(posted_us // hour_us, return_inverse=True)
    per_hour = np.zeros(len(hours_seen), np.int64)
    exact = np.zeros(len(hours_seen), bool)
    for k, h in enumerate(hours_seen.tolist()):
        lo, hi = offset_us(moment(h * hour_us), hours), offset_us(moment((h + 1) * hour_us - 1), hours)
        per_hour[k], exact[k] = lo, lo != hi
    offsets = per_hour[which]
    for i in np.flatnonzero(exact[which]).tolist():  # the offset changes within this hour: on its own
        offsets[i] = offset_us(moment(int(posted_us[i])), hours)
    local = posted_us + offsets
    return ((local // (24 * hour_us) + 3) % 7) * 24 + (local // hour_us) % 24  # 1970-01-01 was a Thursday


def offset_us(instant: datetime, hours: BusinessHours) -> int:
    return instant.astimezone(hours.zone).utcoffset() // timedelta(microseconds=1)
