"""Response times: how fast the executive and the team answer, this period against the last."""

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_date, get_day_names

from assistant import formatting, i18n, ui
from assistant.i18n import N_, _, n_
from assistant.services import response_times, workspace

# The English names are the options' values; shown translated.
PERIODS = {N_("Last 7 days"): 7, N_("Last 30 days"): 30, N_("Last 90 days"): 90, N_("All time"): None}
RESPONDERS = {"executive": N_("The executive"), "delegate": N_("The team"), "outside": N_("Outside the app")}
SLA_STATES = {"breached": N_("late"), "at_risk": N_("at risk"), "on_track": N_("on track"), "met": N_("met")}


def _weekday(abbreviation: str) -> str:
    """'Mon' (the dashboard's key) → 'Mon' / 'lun.' in the run's language."""
    if abbreviation not in response_times.WEEKDAYS:
        return abbreviation
    return get_day_names("abbreviated", locale=i18n.current_language())[response_times.WEEKDAYS.index(abbreviation)]


def _week(iso_week: str, label: str) -> str:
    """'2026-W45' → 'week of 2 Nov' / 'semaine du 2 nov.' (the Monday); the service's label if not a week."""
    try:
        year, week = iso_week.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return label
    return _("week of {day}", day=format_date(monday, "d MMM", locale=i18n.current_language()))


def _bucket(label: str) -> str:
    """The histogram's buckets are spans in figures; only the last one has a word."""
    return _("> 1 day") if label == "> 1 day" else label


actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Response times"))

executives = workspace.list_executives(db, actor)
if not executives:
    st.info(_("No executive profile yet."))
    st.stop()
names = {e.id: e.name for e in executives}
left, middle, right = st.columns([2, 2, 1])
executive_id = left.selectbox(_("Executive"), list(names), format_func=names.get)
period = middle.selectbox(_("Period"), list(PERIODS), index=1, format_func=_)
business = right.toggle(_("Business hours only"), value=False)
board = ui.run(
    lambda: response_times.response_times_dashboard(db, actor, executive_id, days=PERIODS[period], business=business)
)
if board is None:
    st.stop()
now, before = board.current, board.previous


def _signed_duration(change: float) -> str:
    """A change of a duration, for a metric's delta: '+12 min', '−1 h 5 min'."""
    return ("+" if change > 0 else "−" if change < 0 else "±") + formatting.duration(abs(change))


def _points(change: float) -> str:
    """A change of a rate in percentage points: '+12 points'."""
    whole = round(change)
    return n_("{change} point", "{change} points", abs(whole), change=f"{whole:+d}")


def _delta(key: str, rate: bool = False) -> str | None:
    if before is None or now[key] is None or before[key] is None:
        return None
    change = now[key] - before[key]
    return _points(change * 100) if rate else _signed_duration(change)


def _count_change(change: int) -> str:
    return ("+" if change >= 0 else "-") + formatting.number(abs(change))


attained = response_times.attainment_overall(board.sla)
attained_before = response_times.attainment_overall(board.previous_sla) if board.previous_sla else None
cols = st.columns(5)
cols[0].metric(
    _("Mentions"),
    formatting.number(now["mentions"]),
    None if before is None else _count_change(now["mentions"] - before["mentions"]),
)
cols[1].metric(_("Answered"), formatting.percent(now["response_rate"]), _delta("response_rate", rate=True))
cols[2].metric(
    _("Median time to answer"),
    formatting.duration(now["median_minutes"]) or "–",
    _delta("median_minutes"),
    delta_color="inverse",
)
cols[3].metric(
    _("9 in 10 answered within"),
    formatting.duration(now["p90_minutes"]) or "–",
    _delta("p90_minutes"),
    delta_color="inverse",
)
sla_delta = None if attained is None or attained_before is None else (attained - attained_before) * 100
cols[4].metric(
    _("Answered within target"),
    formatting.percent(attained),
    None if sla_delta is None else _points(sla_delta),
)
st.caption(
    _(
        "{clock}; times in {zone}.",
        clock=_("Business hours only") if board.clock == "business" else _("Around the clock"),
        zone=formatting.zone_label(board.timezone),
    )
    + " "
    + (_("Compared with the previous period of the same length.") if before else _("Whole history."))
)

st.subheader(_("Suggested profile note"))
st.code(board.profile_note, language=None)

# Chart fields are identifiers; what people read (axis titles, tooltips, legends) is translated.
hist, trend = st.columns(2)
with hist:
    st.subheader(_("How long answers take"))
    st.altair_chart(
        alt.Chart(pd.DataFrame([{**row, "bucket": _bucket(row["bucket"])} for row in board.histogram]))
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=alt.SortField("order"), title=_("Time to answer")),
            y=alt.Y("mentions:Q", title=_("Mentions answered")),
            tooltip=[
                alt.Tooltip("bucket:N", title=_("Time to answer")),
                alt.Tooltip("mentions:Q", title=_("Mentions")),
            ],
        ),
        width="stretch",
    )
with trend:
    st.subheader(_("Weekly trend"))
    if board.weekly:
        weekly = pd.DataFrame(
            [
                {
                    "week": _week(str(w.get("week", "")), w["label"]),
                    "order": i,
                    "figure": figure,
                    "hours": w[key] / 60,
                    "time": formatting.duration(w[key]),
                }
                for i, w in enumerate(board.weekly)
                for key, figure in (("median_minutes", _("Median")), ("p90_minutes", _("9 in 10 within")))
                if w[key] is not None
            ]
        )
        st.altair_chart(
            alt.Chart(weekly)
            .mark_line(point=True)
            .encode(
                x=alt.X("week:N", sort=alt.SortField("order"), title=None),
                y=alt.Y("hours:Q", title=_("Hours to answer")),
                color=alt.Color("figure:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=[
                    alt.Tooltip("week:N", title=_("Week")),
                    alt.Tooltip("figure:N", title=_("Figure")),
                    alt.Tooltip("time:N", title=_("Time")),
                ],
            ),
            width="stretch",
        )

zone = formatting.zone_name(board.timezone)
st.subheader(_("When mentions arrive ({zone})", zone=zone))
if board.heatmap:
    heat = pd.DataFrame(
        [
            {
                "weekday": _weekday(c["weekday"]),
                "hour": c["hour"],
                "mentions": c["mentions"],
                "median": formatting.duration(c["median_minutes"]) or _("not answered"),
            }
            for c in board.heatmap
        ]
    )
    st.altair_chart(
        alt.Chart(heat)
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title=_("Hour of the day ({zone})", zone=zone)),
            y=alt.Y("weekday:N", sort=[_weekday(d) for d in response_times.WEEKDAYS], title=None),
            color=alt.Color("mentions:Q", title=_("Mentions")),
            tooltip=[
                alt.Tooltip("weekday:N", title=_("Weekday")),
                alt.Tooltip("hour:O", title=_("Hour")),
                alt.Tooltip("mentions:Q", title=_("Mentions")),
                alt.Tooltip("median:N", title=_("Median time to answer")),
            ],
        ),
        width="stretch",
    )

by_responder, by_class = st.columns(2)
with by_responder:
    st.subheader(_("Who answered"))
    st.dataframe(
        [
            {
                _("Who"): ui.in_words(RESPONDERS, k),
                _("Answered"): v["answered"],
                _("Share"): formatting.percent(v["share"]),
                _("Median"): formatting.duration(v["median_minutes"]),
                _("9 in 10 within"): formatting.duration(v["p90_minutes"]),
            }
            for k, v in now["by_responder"].items()
        ],
        hide_index=True,
        width="stretch",
    )
with by_class:
    st.subheader(_("By kind of mention"))
    rows = []
    for k, v in now["by_sla_class"].items():
        target = board.sla.get(k, {})
        if not target:
            goal = "–"
        elif target.get("clock") == "business":
            goal = _("{duration} of business hours", duration=formatting.duration(target["target_minutes"]))
        else:
            goal = formatting.duration(target["target_minutes"])
        rows.append(
            {
                _("Kind"): ui.sla_class_name(k),
                _("Mentions"): v["mentions"],
                _("Answered"): formatting.percent(v["response_rate"]),
                _("Median"): formatting.duration(v["median_minutes"]),
                _("Target"): goal,
                _("Within target"): formatting.percent(target.get("attainment")),
                _("Late"): target.get("breached", 0),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(_("At risk"))
if board.at_risk:
    st.dataframe(
        [
            {
                _("Mention"): f"#{r['mention_id']} {r['author']}",
                _("Kind"): ui.sla_class_name(r["sla_class"]),
                _("State"): ui.in_words(SLA_STATES, r["state"]),
                _("Time left"): formatting.countdown(r["remaining_minutes"]),
                _("Text"): r["text"],
            }
            for r in board.at_risk
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.success(_("No open mention is near or past its SLA target."))

# A callable: the CSV is built when the user clicks, not on every run of the page.
st.download_button(_("Export CSV"), board.csv, file_name=f"response-times-{executive_id}.csv", mime="text/csv")
