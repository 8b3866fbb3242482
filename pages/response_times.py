"""Response times: how fast the executive and the team answer, this period against the last."""

import altair as alt
import pandas as pd
import streamlit as st

from assistant import formatting, ui
from assistant.services import response_times, workspace

PERIODS = {"Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90, "All time": None}

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Response times")

executives = workspace.list_executives(db, actor)
if not executives:
    st.info("No executive profile yet.")
    st.stop()
names = {e.id: e.name for e in executives}
left, middle, right = st.columns([2, 2, 1])
executive_id = left.selectbox("Executive", list(names), format_func=names.get)
period = middle.selectbox("Period", list(PERIODS), index=1)
business = right.toggle("Business hours only", value=False)
board = ui.run(
    lambda: response_times.response_times_dashboard(db, actor, executive_id, days=PERIODS[period], business=business)
)
if board is None:
    st.stop()
now, before = board.current, board.previous
RESPONDERS = {"executive": "The executive", "delegate": "The team", "outside": "Outside the app"}
SLA_STATES = {"breached": "late", "at_risk": "at risk", "on_track": "on track", "met": "met"}


def _signed_duration(change: float) -> str:
    """A change of a duration, for a metric's delta: '+12 min', '−1 h 5 min'."""
    return ("+" if change > 0 else "−" if change < 0 else "±") + formatting.duration(abs(change))


def _delta(key: str, rate: bool = False) -> str | None:
    if before is None or now[key] is None or before[key] is None:
        return None
    change = now[key] - before[key]
    return f"{change * 100:+.0f} points" if rate else _signed_duration(change)


attained = response_times.attainment_overall(board.sla)
attained_before = response_times.attainment_overall(board.previous_sla) if board.previous_sla else None
cols = st.columns(5)
cols[0].metric(
    "Mentions", f"{now['mentions']:,}", None if before is None else f"{now['mentions'] - before['mentions']:+,}"
)
cols[1].metric("Answered", formatting.percent(now["response_rate"]), _delta("response_rate", rate=True))
cols[2].metric(
    "Median time to answer",
    formatting.duration(now["median_minutes"]) or "–",
    _delta("median_minutes"),
    delta_color="inverse",
)
cols[3].metric(
    "9 in 10 answered within",
    formatting.duration(now["p90_minutes"]) or "–",
    _delta("p90_minutes"),
    delta_color="inverse",
)
sla_delta = None if attained is None or attained_before is None else (attained - attained_before) * 100
cols[4].metric(
    "Answered within target",
    formatting.percent(attained),
    None if sla_delta is None else f"{sla_delta:+.0f} points",
)
st.caption(
    ("Business hours only" if board.clock == "business" else "Around the clock")
    + f"; times in {formatting.zone_label(board.timezone)}. "
    + ("Compared with the previous period of the same length." if before else "Whole history.")
)

st.subheader("Suggested profile note")
st.code(board.profile_note, language=None)

hist, trend = st.columns(2)
with hist:
    st.subheader("How long answers take")
    st.altair_chart(
        alt.Chart(pd.DataFrame(board.histogram))
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=alt.SortField("order"), title="Time to answer"),
            y=alt.Y("mentions:Q", title="Mentions answered"),
            tooltip=[alt.Tooltip("bucket:N", title="Time to answer"), alt.Tooltip("mentions:Q", title="Mentions")],
        ),
        width="stretch",
    )
with trend:
    st.subheader("Weekly trend")
    if board.weekly:
        weekly = pd.DataFrame(
            [
                {
                    "Week": w["label"],
                    "order": i,
                    "Figure": figure,
                    "Hours": w[key] / 60,
                    "Time": formatting.duration(w[key]),
                }
                for i, w in enumerate(board.weekly)
                for key, figure in (("median_minutes", "Median"), ("p90_minutes", "9 in 10 within"))
                if w[key] is not None
            ]
        )
        st.altair_chart(
            alt.Chart(weekly)
            .mark_line(point=True)
            .encode(
                x=alt.X("Week:N", sort=alt.SortField("order"), title=None),
                y=alt.Y("Hours:Q", title="Hours to answer"),
                color=alt.Color("Figure:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=["Week", "Figure", "Time"],
            ),
            width="stretch",
        )

st.subheader(f"When mentions arrive ({formatting.zone_name(board.timezone)})")
if board.heatmap:
    heat = pd.DataFrame(
        [
            {
                "Weekday": c["weekday"],
                "Hour": c["hour"],
                "Mentions": c["mentions"],
                "Median time to answer": formatting.duration(c["median_minutes"]) or "not answered",
            }
            for c in board.heatmap
        ]
    )
    st.altair_chart(
        alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("Hour:O", title=f"Hour of the day ({formatting.zone_name(board.timezone)})"),
            y=alt.Y("Weekday:N", sort=list(response_times.WEEKDAYS), title=None),
            color=alt.Color("Mentions:Q", title="Mentions"),
            tooltip=["Weekday", "Hour", "Mentions", "Median time to answer"],
        ),
        width="stretch",
    )

by_responder, by_class = st.columns(2)
with by_responder:
    st.subheader("Who answered")
    st.dataframe(
        [
            {
                "Who": RESPONDERS.get(k, k),
                "Answered": v["answered"],
                "Share": formatting.percent(v["share"]),
                "Median": formatting.duration(v["median_minutes"]),
                "9 in 10 within": formatting.duration(v["p90_minutes"]),
            }
            for k, v in now["by_responder"].items()
        ],
        hide_index=True,
        width="stretch",
    )
with by_class:
    st.subheader("By kind of mention")
    rows = []
    for k, v in now["by_sla_class"].items():
        target = board.sla.get(k, {})
        rows.append(
            {
                "Kind": k,
                "Mentions": v["mentions"],
                "Answered": formatting.percent(v["response_rate"]),
                "Median": formatting.duration(v["median_minutes"]),
                "Target": (
                    formatting.duration(target["target_minutes"])
                    + (" of business hours" if target.get("clock") == "business" else "")
                    if target
                    else "–"
                ),
                "Within target": formatting.percent(target.get("attainment")),
                "Late": target.get("breached", 0),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader("At risk")
if board.at_risk:
    st.dataframe(
        [
            {
                "Mention": f"#{r['mention_id']} {r['author']}",
                "Kind": r["sla_class"],
                "State": SLA_STATES.get(r["state"], r["state"]),
                "Time left": formatting.countdown(r["remaining_minutes"]),
                "Text": r["text"],
            }
            for r in board.at_risk
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.success("No open mention is near or past its SLA target.")

# A callable: the CSV is built when the user clicks, not on every run of the page.
st.download_button("Export CSV", board.csv, file_name=f"response-times-{executive_id}.csv", mime="text/csv")
