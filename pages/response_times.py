"""Response times: how fast the executive and the team answer, this period against the last."""

import altair as alt
import pandas as pd
import streamlit as st

from assistant import ui
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


def _minutes(value):
    return "–" if value is None else f"{value:,.2f}"


def _delta(key, percent=False):
    if before is None or now[key] is None or before[key] is None:
        return None
    change = now[key] - before[key]
    return f"{change * 100:+.1f} pts" if percent else f"{change:+,.2f} min"


attained = response_times.attainment_overall(board.sla)
attained_before = response_times.attainment_overall(board.previous_sla) if board.previous_sla else None
cols = st.columns(5)
cols[0].metric(
    "Mentions", f"{now['mentions']:,}", None if before is None else f"{now['mentions'] - before['mentions']:+,}"
)
cols[1].metric(
    "Response rate",
    "–" if now["response_rate"] is None else f"{now['response_rate'] * 100:.1f}%",
    _delta("response_rate", percent=True),
)
cols[2].metric("Median (min)", _minutes(now["median_minutes"]), _delta("median_minutes"), delta_color="inverse")
cols[3].metric("p90 (min)", _minutes(now["p90_minutes"]), _delta("p90_minutes"), delta_color="inverse")
sla_delta = None if attained is None or attained_before is None else (attained - attained_before) * 100
cols[4].metric(
    "SLA attainment",
    "–" if attained is None else f"{attained * 100:.1f}%",
    None if sla_delta is None else f"{sla_delta:+.1f} pts",
)
st.caption(
    f"Clock: {board.clock}; times in {board.timezone}. "
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
            x=alt.X("bucket:N", sort=alt.SortField("order"), title=None),
            y=alt.Y("mentions:Q", title="answered"),
            tooltip=["bucket", "mentions"],
        ),
        width="stretch",
    )
with trend:
    st.subheader("Weekly trend")
    if board.weekly:
        weekly = pd.DataFrame(board.weekly).melt(
            id_vars=["week"], value_vars=["median_minutes", "p90_minutes"], var_name="figure", value_name="minutes"
        )
        st.altair_chart(
            alt.Chart(weekly)
            .mark_line(point=True)
            .encode(
                x=alt.X("week:N", title=None),
                y=alt.Y("minutes:Q"),
                color="figure:N",
                tooltip=["week", "figure", "minutes"],
            ),
            width="stretch",
        )

st.subheader("When mentions arrive (weekday × hour)")
if board.heatmap:
    st.altair_chart(
        alt.Chart(pd.DataFrame(board.heatmap))
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title=f"hour ({board.timezone})"),
            y=alt.Y("weekday:N", sort=list(response_times.WEEKDAYS)),
            color=alt.Color("mentions:Q"),
            tooltip=["weekday", "hour", "mentions", "median_minutes"],
        ),
        width="stretch",
    )

by_responder, by_class = st.columns(2)
with by_responder:
    st.subheader("By responder")
    st.dataframe([{"responder": k, **v} for k, v in now["by_responder"].items()], hide_index=True, width="stretch")
with by_class:
    st.subheader("By SLA class")
    st.dataframe(
        [
            {
                "class": k,
                **v,
                **{f"sla_{s}": board.sla.get(k, {}).get(s) for s in ("met", "breached")},
                "attainment": board.sla.get(k, {}).get("attainment"),
            }
            for k, v in now["by_sla_class"].items()
        ],
        hide_index=True,
        width="stretch",
    )

st.subheader("At risk")
if board.at_risk:
    st.dataframe(board.at_risk, hide_index=True, width="stretch")
else:
    st.success("No open mention is near or past its SLA target.")

# A callable: the CSV is built when the user clicks, not on every run of the page.
st.download_button("Export CSV", board.csv, file_name=f"response-times-{executive_id}.csv", mime="text/csv")
