"""The at-risk list (open mentions near or past their SLA, with a countdown) and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import select

from assistant.response_times import (
    BusinessHours,
    MentionTiming,
    SlaPolicy,
    mention_status,
    response_minutes,
)
from assistant.services.response_times.period import PeriodRows, timing_at
from assistant.services.response_times.report import load_timings
from assistant.storage.db import Database
from assistant.storage.models import Mention

# Histogram buckets in minutes: quick answers are told apart, slow ones lumped.

STATES = ("met", "breached", "at_risk", "on_track")
MET, BREACHED, AT_RISK, ON_TRACK = range(4)

AT_RISK_SHOWN = 50
CSV_FIELDS = ("mention_id", "posted_at", "responded_at", "responder", "sla_class", "response_minutes", "sla_state")


def _countdown(minutes: float) -> str:
    sign, minutes = ("overdue by " if minutes < 0 else ""), abs(minutes)
    hours, rest = divmod(int(round(minutes)), 60)
    text = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
    return sign + text if sign else text + " left"


def _risky(
    rows: PeriodRows, states: np.ndarray, remaining: np.ndarray, policy: SlaPolicy, now: datetime, hours: BusinessHours
) -> list[tuple[MentionTiming, Any]]:
    """As `at_risk`: open mentions at risk or breached, most urgent first, the first AT_RISK_SHOWN.

    Candidates are picked on the arrays' minutes with a millisecond's margin, then ordered by the
    engine's own status (a stable sort in the rows' order, like `at_risk`)."""
    found = np.flatnonzero(~rows.answered & ((states == AT_RISK) | (states == BREACHED)))
    if not len(found):
        return []
    cut = np.sort(remaining[found])[min(AT_RISK_SHOWN, len(found)) - 1] + 1e-3
    pairs = [(timing_at(rows, i), None) for i in found[remaining[found] <= cut].tolist()]
    pairs = [(t, mention_status(t, policy, now, hours)) for t, _ in pairs]
    return sorted(pairs, key=lambda pair: pair[1].remaining_minutes)[:AT_RISK_SHOWN]


def _csv(
    db: Database,
    executive_id: int,
    since: datetime | None,
    until: datetime | None,
    policy: SlaPolicy,
    now: datetime,
    hours: BusinessHours,
    clock: BusinessHours | None,
) -> str:
    """One line per mention of the period, for spreadsheets (built only when asked for: the engine, row by row)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for timing in load_timings(db, executive_id, since, until):
        value, status = response_minutes(timing, clock), mention_status(timing, policy, now, hours)
        writer.writerow(
            {
                "mention_id": timing.mention_id,
                "posted_at": timing.created_at.isoformat(),
                "responded_at": timing.responded_at.isoformat() if timing.responded_at else "",
                "responder": timing.responder or "",
                "sla_class": timing.sla_class,
                "response_minutes": "" if value is None else round(value, 2),
                "sla_state": status.state,
            }
        )
    return out.getvalue()


def _at_risk_rows(db: Database, risky: list[tuple[MentionTiming, Any]]) -> list[dict[str, Any]]:
    if not risky:
        return []
    ids = [int(t.mention_id) for t, _ in risky]
    with db.reading() as session:
        found = {m.id: m for m in session.scalars(select(Mention).where(Mention.id.in_(ids)))}
    out = []
    for timing, status in risky:
        mention = found.get(int(timing.mention_id))
        out.append(
            {
                "mention_id": int(timing.mention_id),
                "author": f"@{mention.author_handle}" if mention else "",
                "text": (mention.text[:120] if mention else ""),
                "sla_class": timing.sla_class,
                "state": status.state,
                "remaining_minutes": round(status.remaining_minutes, 1),
                "countdown": _countdown(status.remaining_minutes),
            }
        )
    return out
