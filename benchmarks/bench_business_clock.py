"""The business-clock report at scale: ours against DuckDB computing the same figures on the same data.

    .venv/bin/python benchmarks/bench_business_clock.py                    # 1,000,000 mentions
    .venv/bin/python benchmarks/bench_business_clock.py --mentions 100000  # a quick run

Writes 1,000,000 mentions of one executive (Paris, Mon-Fri 09:00-18:00, French public holidays) over
a year with both DST changes into a migrated SQLite database, then times, in the same run:
- the product's business-hours report (`report_for_executive` with the executive's hours);
- where the old path spent its time (the engine row by row: load, business minutes, ISO weeks, figures);
- DuckDB computing the same figures with its own SQL: a calendar of business intervals built from the
  executive's days, hours, zone (ICU) and holidays, a running sum of open time, an ASOF join of every
  time-stamp to its interval (open time up to it = two look-ups), then the percentiles per group.
It checks that both give the same figures, writes benchmarks/results/business_clock.md and exits 1
when a target is missed (≤ 2 s, ≤ 2x DuckDB's query, same figures).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.response_times import build_report, business_minutes, iso_week  # noqa: E402
from assistant.services.response_times import business_hours_of, report_for_executive  # noqa: E402
from assistant.services.response_times.report import load_timings  # noqa: E402
from assistant.storage import migrate  # noqa: E402
from assistant.storage.db import Database  # noqa: E402
from assistant.storage.models import Executive, Workspace  # noqa: E402

START = datetime(2025, 1, 6, tzinfo=UTC)
DAYS = 364
TARGETS = {"seconds": 2.0, "duckdb_ratio": 2.0}
ZONE, HOURS, BUSINESS_DAYS = "Europe/Paris", "09:00-18:00", "mon-fri"
HOLIDAYS = (  # French public holidays of 2025
    "2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29", "2025-06-09",
    "2025-07-14", "2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25",
)  # fmt: skip
CLASSES = ("default", "press", "investor", "vip", "complaint")
KINDS = ("executive", "delegate", "outside", None)


def timed(fn: Callable[[], object], runs: int = 3) -> tuple[float, float, object]:
    """(median wall seconds, median CPU seconds, last result) of `runs` calls."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def _stamp(us: np.ndarray) -> list[str]:
    """SQLAlchemy's SQLite storage of a UTC time-stamp: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    return [s.replace("T", " ") for s in np.datetime_as_string(us.astype("datetime64[us]"), unit="us")]


def seed(db: Database, path: Path, count: int, seed: int = 20261128) -> int:
    """`count` mentions of one executive; returns its id. Written with sqlite3 for speed (the import
    path has its own benchmark): the columns the report reads, as the product stores them."""
    with db.writing() as session:
        workspace = Workspace(name="Bench", settings={}, created_at=datetime.now(UTC))
        session.add(workspace)
        session.flush()
        executive = Executive(
            workspace_id=workspace.id,
            name="Bench Executive",
            x_handle="AcmeCEO",
            x_user_id="42",
            timezone=ZONE,
            business_days=BUSINESS_DAYS,
            business_hours=HOURS,
            holidays=list(HOLIDAYS),
            voice_profile={},
        )
        session.add(executive)
        session.flush()
        workspace_id, executive_id = workspace.id, executive.id
    rng = np.random.default_rng(seed)
    start_us = int(START.timestamp() * 1e6)
    posted = np.sort(start_us + rng.integers(0, DAYS * 86_400_000_000, count))
    # Quick answers in the day, slower at night and at weekends; 15% never answered.
    delay_us = (rng.lognormal(3.3, 1.1, count) * 60e6).astype(np.int64) + 1_000_000
    hour = (posted // 3_600_000_000) % 24
    weekday = ((posted // 86_400_000_000) + 3) % 7  # 1970-01-01 was a Thursday
    slow = (weekday >= 5) | (hour < 8) | (hour >= 18)
    delay_us += np.where(slow, rng.integers(120, 900, count) * 60_000_000, 0)
    answered = rng.random(count) < 0.85
    response = np.where(answered, delay_us, -1)
    classes = rng.integers(0, len(CLASSES), count)
    kinds = rng.choice(np.array([0, 1, 2, 3]), count, p=[0.25, 0.35, 0.35, 0.05])
    posted_text, responded_text = _stamp(posted), _stamp(posted + np.maximum(response, 0))
    rows = (
        (
            workspace_id,
            executive_id,
            str(i + 1),
            str(100000 + i % 50000),
            "@AcmeCEO hello",
            posted_text[i],
            "import",
            "replied" if response[i] >= 0 else "new",
            CLASSES[classes[i]],
            0,
            0,
            responded_text[i] if response[i] >= 0 else None,
            KINDS[kinds[i]] if response[i] >= 0 else None,
            int(response[i]) if response[i] >= 0 else None,
        )
        for i in range(count)
    )
    with sqlite3.connect(path) as con:
        con.executemany(
            "INSERT INTO mentions (workspace_id, executive_id, x_post_id, author_id, text, posted_at, source, state,"
            " sla_class, sla_override, author_verified, responded_at, responder_kind, response_us, author_handle,"
            " author_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','')",
            rows,
        )
    return executive_id


def old_path(db: Database, executive_id: int, hours) -> tuple[dict, dict[str, float]]:
    """The report as it was (the engine row by row), timed by step: where the seconds went."""
    steps = {}
    started = time.perf_counter()
    timings = load_timings(db, executive_id)
    steps["load rows as MentionTiming"] = time.perf_counter() - started
    started = time.perf_counter()
    for t in timings:
        if t.responded_at is not None:
            business_minutes(t.created_at, t.responded_at, hours)
    steps["business_minutes per mention"] = time.perf_counter() - started
    started = time.perf_counter()
    for t in timings:
        iso_week(t.created_at, hours.zone)
    steps["iso_week per mention"] = time.perf_counter() - started
    started = time.perf_counter()
    report = build_report(timings, hours)
    steps["build_report (all of the above but loading, and the figures)"] = time.perf_counter() - started
    return report, steps


DUCK_SQL = """
WITH days AS (
  SELECT CAST(d AS DATE) AS day FROM generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 DAY) AS t(d)
), windows AS (                -- the business intervals: open days, local hours in the zone (ICU), as UTC µs
  SELECT epoch_us(timezone('{zone}', day + TIME '{opens}')) AS opens,
         epoch_us(timezone('{zone}', day + TIME '{closes}')) AS closes
    FROM days
   WHERE isodow(day) IN ({isodays}) AND day NOT IN (SELECT day FROM holidays)
), cumulative AS (             -- open µs of the earlier windows
  SELECT opens, closes, coalesce(sum(closes - opens) OVER (ORDER BY opens ROWS BETWEEN UNBOUNDED PRECEDING
         AND 1 PRECEDING), 0) AS before FROM windows
), posted AS (               -- open µs up to the posting time: its window (ASOF) and the running sum
  SELECT m.*, coalesce(c.before + least(m.posted_us, c.closes) - c.opens, 0) AS open_posted
    FROM m ASOF LEFT JOIN cumulative c ON m.posted_us >= c.opens
), durations AS (              -- ... and up to the answer: the business minutes are the difference
  SELECT p.*, CASE WHEN p.answered_us IS NULL THEN NULL
                   WHEN p.answered_us <= p.posted_us THEN 0.0
                   ELSE (coalesce(c.before + least(p.answered_us, c.closes) - c.opens, 0) - p.open_posted) / 1e6 / 60
              END AS minutes
    FROM posted p ASOF LEFT JOIN cumulative c ON p.answered_us >= c.opens
), x AS (
  SELECT *, strftime(timezone('{zone}', make_timestamp(posted_us)::TIMESTAMPTZ), '%G-W%V') AS week FROM durations
)
SELECT 'all' AS dim, 'all' AS key, count(*), count(minutes), quantile_cont(minutes, 0.5), quantile_cont(minutes, 0.9)
  FROM x
UNION ALL SELECT 'class', sla_class, count(*), count(minutes), quantile_cont(minutes, 0.5),
  quantile_cont(minutes, 0.9) FROM x GROUP BY sla_class
UNION ALL SELECT 'responder', responder, count(minutes), count(minutes), quantile_cont(minutes, 0.5),
  quantile_cont(minutes, 0.9) FROM x WHERE minutes IS NOT NULL AND responder IS NOT NULL GROUP BY responder
UNION ALL SELECT 'week', week, count(*), count(minutes), quantile_cont(minutes, 0.5),
  quantile_cont(minutes, 0.9) FROM x GROUP BY week
"""


def duckdb_side(path: Path, executive_id: int) -> tuple[float, float, float, dict]:
    """(load seconds, median query seconds, its CPU, figures): DuckDB's own business clock on the same rows."""
    import duckdb
    import pandas as pd

    started = time.perf_counter()
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT id, posted_at, responded_at, coalesce(responder_kind, 'outside'), sla_class FROM mentions"
            " WHERE executive_id = ?",
            (executive_id,),
        ).fetchall()
    ids, posted, answered, responder, classes = zip(*rows, strict=True) if rows else ((),) * 5
    duck = duckdb.connect()
    duck.execute("SET TimeZone = 'UTC'")
    frame = {
        "id": np.asarray(ids, dtype=np.int64),
        "posted_us": np.asarray(posted, dtype="datetime64[us]").astype(np.int64),
        "answered_us": np.asarray([a or "NaT" for a in answered], dtype="datetime64[us]").astype(np.int64),
        "responder": np.asarray(responder),
        "sla_class": np.asarray(classes),
    }
    missing = np.iinfo(np.int64).min  # NaT
    duck.register("frame", pd.DataFrame(frame))
    duck.execute(
        f"CREATE TABLE m AS SELECT id, posted_us, CASE WHEN answered_us = {missing} THEN NULL ELSE answered_us END"
        " AS answered_us, CASE WHEN answered_us = {missing} THEN NULL ELSE responder END AS responder, sla_class"
        " FROM frame".replace("{missing}", str(missing))
    )
    duck.execute("CREATE TABLE holidays AS SELECT CAST(unnest(?) AS DATE) AS day", [list(HOLIDAYS)])
    load = time.perf_counter() - started
    first = (datetime.fromtimestamp(int(frame["posted_us"].min()) / 1e6, UTC).date() - timedelta(days=2)).isoformat()
    last_us = max(int(frame["posted_us"].max()), int(frame["answered_us"].max()))
    last = (datetime.fromtimestamp(last_us / 1e6, UTC).date() + timedelta(days=2)).isoformat()
    opens, closes = HOURS.split("-")
    sql = DUCK_SQL.format(first=first, last=last, zone=ZONE, opens=opens, closes=closes, isodays="1,2,3,4,5")
    seconds, cpu, result = timed(lambda: duck.execute(sql).fetchall())
    figures = {
        (dim, key): (n, a, None if med is None else round(med, 2), None if p is None else round(p, 2))
        for dim, key, n, a, med, p in result
    }
    return load, seconds, cpu, figures


def as_figures(report: dict) -> dict:
    figures = {
        ("all", "all"): (report["mentions"], report["answered"], report["median_minutes"], report["p90_minutes"])
    }
    for dim, key in (("class", "by_sla_class"), ("week", "by_week")):
        for name, f in report[key].items():
            figures[(dim, name)] = (f["mentions"], f["answered"], f["median_minutes"], f["p90_minutes"])
    for name, f in report["by_responder"].items():
        figures[("responder", name)] = (f["answered"], f["answered"], f["median_minutes"], f["p90_minutes"])
    return figures


def differences(duck: dict, ours: dict) -> list[str]:
    """Counts equal; minutes within one unit of the last rounded digit (DuckDB interpolates with another
    float formula, and sums µs in another order, so a .xx5 may round apart)."""
    out = [f"only DuckDB has {k}" for k in duck.keys() - ours.keys()]
    out += [f"only ours has {k}" for k in ours.keys() - duck.keys()]
    for key in duck.keys() & ours.keys():
        (n, answered, med, p90), (n2, answered2, med2, p902) = duck[key], ours[key]
        if (n, answered) != (n2, answered2) or (med is None) != (med2 is None):
            out.append(f"{key}: DuckDB {duck[key]}, ours {ours[key]}")
        elif med is not None and (abs(med - med2) > 0.0101 or abs(p90 - p902) > 0.0101):
            out.append(f"{key}: DuckDB {duck[key]}, ours {ours[key]}")
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "business_clock.md")
    parser.add_argument("--skip-old", action="store_true", help="do not time the old row-by-row path")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    path = Path(tempfile.mkdtemp(prefix="business-clock-")) / "bench.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(db.engine)
    started = time.perf_counter()
    executive_id = seed(db, path, args.mentions)
    print(f"wrote {args.mentions:,} mentions in {time.perf_counter() - started:.1f} s", flush=True)
    with db.reading() as session:
        hours = business_hours_of(session.get(Executive, executive_id))

    ours_s, ours_cpu, ours = timed(lambda: report_for_executive(db, executive_id, hours))
    print(f"ours: {ours_s:.3f} s (CPU {ours_cpu:.3f} s)", flush=True)
    load_s, duck_s, duck_cpu, duck = duckdb_side(path, executive_id)
    print(f"duckdb: load {load_s:.1f} s, query {duck_s:.3f} s (CPU {duck_cpu:.3f} s)", flush=True)
    diffs = differences(duck, as_figures(ours))
    ratio = ours_s / duck_s
    print(f"ratio {ratio:.2f}x; differences: {diffs[:5] or 'none'}", flush=True)
    steps: dict[str, float] = {}
    old_same = None
    if not args.skip_old:
        old, steps = old_path(db, executive_id, hours)
        old_same = not differences(as_figures(old), as_figures(ours))
        for name, seconds in steps.items():
            print(f"old path, {name}: {seconds:.2f} s", flush=True)

    checks = {
        f"business-clock report ≤ {TARGETS['seconds']} s": ours_s <= TARGETS["seconds"],
        f"≤ {TARGETS['duckdb_ratio']}x DuckDB's query": ratio <= TARGETS["duckdb_ratio"],
        "same figures as DuckDB (counts equal, minutes within 0.01)": not diffs,
    }
    if old_same is not None:
        checks["same figures as the old row-by-row engine path"] = old_same
    lines = [
        "# Business-clock report at scale",
        "",
        f"`.venv/bin/python benchmarks/bench_business_clock.py --mentions {args.mentions}` on "
        f"{platform.machine()} / Python {platform.python_version()} / SQLite {sqlite3.sqlite_version}, "
        f"{datetime.now(UTC):%Y-%m-%d}; {os.cpu_count()} CPUs, 1-minute load average {load_start:.1f} at the start "
        f"and {os.getloadavg()[0]:.1f} at the end (other processes share the CPUs: wall times are inflated by "
        "the load, CPU times much less so).",
        "",
        f"Data: {args.mentions:,} mentions of one executive over {DAYS} days from {START:%Y-%m-%d} (both DST "
        f"changes), {int(ours['answered']):,} answered; business hours {BUSINESS_DAYS} {HOURS} {ZONE}, "
        f"{len(HOLIDAYS)} public holidays.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| ours: `report_for_executive` on the business clock, median of 3 | **{ours_s:.3f} s** "
        f"(CPU {ours_cpu:.3f} s) |",
        f"| DuckDB: the same figures with its own business calendar (SQL), data already loaded, median of 3 | "
        f"{duck_s:.3f} s (CPU {duck_cpu:.3f} s, all its threads) |",
        f"| DuckDB: loading the rows from the SQLite file first | {load_s:.1f} s |",
        f"| ratio ours / DuckDB query | **{ratio:.2f}x** |",
        f"| figures that differ from DuckDB's | {len(diffs)} |",
        *[f"| old path (the engine row by row): {name} | {seconds:.2f} s |" for name, seconds in steps.items()],
        "",
        "| target | met |",
        "|---|---|",
        *[f"| {name} | {'yes' if ok else '**no**'} |" for name, ok in checks.items()],
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
