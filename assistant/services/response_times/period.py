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
from sqlalchemy import String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from assistant.response_times import BusinessHours, MentionTiming
from assistant.response_times.business_table import EPOCH, BusinessTable, epoch_us
from assistant.services.response_times.queries import class_names, in_period
from assistant.storage.db import Database
from assistant.storage.models import Mention


@dataclass
class PeriodRows:
    """A period's mentions as arrays, in the order `reports.load_timings` reads them (same query)."""

    ids: np.ndarray  # int64
    posted_us: np.ndarray  # int64, epoch microseconds
    responded_us: np.ndarray  # int64, epoch microseconds; meaningless where not `answered`
    answered: np.ndarray  # bool
    class_codes: np.ndarray  # int64 index into class_names (cheaper than comparing strings)
    class_names: tuple[str, ...]

    def class_masks(self) -> list[tuple[str, np.ndarray]]:
        return [(name, self.class_codes == code) for code, name in enumerate(self.class_names)]


MINUTE_US = 60_000_000


def period_rows(
    db: Database,
    executive_id: int,
    since: datetime | None,
    until: datetime | None,
    exclude_classes: tuple[str, ...] = (),
) -> PeriodRows:
    """Timings without a Python object per mention: SQLite's stored text is parsed by numpy."""
    with db.reading() as session:
        if session.get_bind().dialect.name == "sqlite":
            return _sqlite_rows(session, executive_id, since, until, exclude_classes)
        # The very statement load_timings runs: same plan, same row order.
        query = in_period(
            select(
                Mention.id, Mention.posted_at, Mention.responded_at, Mention.responder_kind, Mention.sla_class
            ).where(Mention.executive_id == executive_id),
            since,
            until,
        )
        if exclude_classes:
            query = query.where(Mention.sla_class.not_in(exclude_classes))
        # The driver's own rows (aware datetimes): no per-row wrapper objects.
        rows = session.connection().execute(query).cursor.fetchall()
    ids, posted, answers, _, classes = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 5
    names: dict[str, int] = {}
    codes = np.array([names.setdefault(c, len(names)) for c in classes], dtype=np.int64)
    answered = np.array([a is not None for a in answers], dtype=bool)
    posted_us = np.array([epoch_us(p) for p in posted], dtype=np.int64)
    responded_us = np.array([epoch_us(r) if r is not None else 0 for r in answers], dtype=np.int64)
    return PeriodRows(np.array(ids, dtype=np.int64), posted_us, responded_us, answered, codes, tuple(names))


def _sqlite_rows(
    session: Session,
    executive_id: int,
    since: datetime | None,
    until: datetime | None,
    exclude_classes: tuple[str, ...],
) -> PeriodRows:
    """One covering-index range per SLA class (no table look-ups); time-stamps as stored text, parsed by numpy;
    the answer as the stored response_us (clamped at 0: a response stamped before its mention counts as 0
    either way, so posted + that is as good as the real time-stamp for every figure here)."""
    names = tuple(c for c in class_names(session, executive_id) if c not in exclude_classes)
    query = in_period(
        select(Mention.id, type_coerce(Mention.posted_at, String), Mention.response_us).where(
            Mention.executive_id == executive_id, Mention.sla_class == bindparam("sla_class")
        ),
        since,
        until,
    )
    parts = [session.connection().execute(query, {"sla_class": name}).cursor.fetchall() for name in names]
    rows = [row for part in parts for row in part]
    ids, posted, answers = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 3
    ids_array = np.array(ids, dtype=np.int64)
    posted_us = np.array(posted, dtype="datetime64[us]").astype(np.int64)
    answered = np.array([a is not None for a in answers], dtype=bool)
    responded_us = posted_us + np.array([a or 0 for a in answers], dtype=np.int64)
    codes = np.repeat(np.arange(len(names), dtype=np.int64), [len(p) for p in parts])
    # load_timings reads the (executive, posted) index: rows by time-stamp, then id. The at-risk list breaks ties
    # in that order, so the rows are put in it.
    order = np.lexsort((ids_array, posted_us))
    return PeriodRows(ids_array[order], posted_us[order], responded_us[order], answered[order], codes[order], names)


class BusinessWindows:
    """`BusinessTable` as numpy arrays: open microseconds before each instant, vectorised."""

    def __init__(self, hours: BusinessHours, first_us: int, last_us: int) -> None:
        table = BusinessTable.build(hours, moment(first_us), moment(last_us))
        self.opens, self.closes, self.before = (
            np.array(a, dtype=np.int64) for a in (table.opens or (0,), table.closes or (0,), table.before or (0,))
        )

    @property
    def whole_minutes(self) -> bool:
        return bool(np.all(self.opens % MINUTE_US == 0) and np.all(self.closes % MINUTE_US == 0))

    def aligned(self, moments: np.ndarray) -> np.ndarray:
        """Instants outside every window, on a window's opening, or on a whole minute: with whole-minute windows,
        every piece `business_minutes` adds up for them is a whole number of minutes, so its float sum is exact."""
        i = np.searchsorted(self.opens, moments, side="right") - 1
        j = np.maximum(i, 0)
        return (i < 0) | (moments >= self.closes[j]) | (moments == self.opens[j]) | (moments % MINUTE_US == 0)

    def until(self, moments: np.ndarray) -> np.ndarray:
        i = np.searchsorted(self.opens, moments, side="right") - 1
        j = np.maximum(i, 0)
        return np.where(i < 0, 0, self.before[j] + np.minimum(moments, self.closes[j]) - self.opens[j])


def moment(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def timing_at(rows: PeriodRows, i: int) -> MentionTiming:
    responded = moment(int(rows.responded_us[i])) if rows.answered[i] else None
    return MentionTiming(
        str(int(rows.ids[i])),
        moment(int(rows.posted_us[i])),
        responded,
        None,
        rows.class_names[int(rows.class_codes[i])],
    )


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
