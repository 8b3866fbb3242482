"""Calendar: scheduled, due and published posts by day, week or month, in each executive's time zone.

Everyone who works on posts sees it; reviewers (who may schedule) reschedule from a post's detail.
Which day a post falls on is decided by assistant.domain.calendar; the view, filters and the open post
are widgets with keys (the view and anchor are bound to the URL), so a rerun or refresh keeps them.
"""

from datetime import date, datetime

import streamlit as st

from assistant import formatting, ui
from assistant.domain.calendar import KIND_WORDS, shift
from assistant.services import publishing, workspace

WEEK, MONTH = "Week", "Month"
PLATFORMS = {"x": "X", "linkedin": "LinkedIn"}
KIND_ICON = {
    "planned": ":material/pending:",
    "ready": ":material/task_alt:",
    "scheduled": ":material/schedule:",
    "due": ":material/alarm:",
    "published": ":material/check_circle:",
    "failed": ":material/error:",
}
KIND_BADGE = {
    "planned": ":gray-badge[planned]",
    "ready": ":blue-badge[approved]",
    "scheduled": ":blue-badge[scheduled]",
    "due": ":orange-badge[due now]",
    "published": ":green-badge[published]",
    "failed": ":red-badge[failed]",
}

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Calendar")
executives = {e.id: e for e in workspace.list_executives(db, actor)}


def move(steps: int) -> None:
    """Previous / next: runs before the widgets of the next run exist, so it may set their state."""
    view = "week" if st.session_state.get("cal_view", WEEK) == WEEK else "month"
    anchor = st.session_state.get("cal_day") or date.today()
    st.session_state["cal_day"] = shift(view, anchor, steps) if steps else date.today()


def open_post(post_id: int) -> None:
    st.session_state["cal_open"] = post_id


def close_post() -> None:
    st.session_state.pop("cal_open", None)


filters = st.columns([1.2, 1, 1, 1.2], vertical_alignment="bottom")
view = filters[0].segmented_control(
    "View", [WEEK, MONTH], default=WEEK, required=True, key="cal_view", bind="query-params", width="stretch"
)
executive_id = filters[1].selectbox(  # 0: every executive (None would read as "nothing chosen")
    "Executive", [0, *executives], format_func=lambda i: executives[i].name if i else "All executives", key="cal_exec"
)
platform = filters[2].selectbox(
    "Platform", ["", *PLATFORMS], format_func=lambda p: PLATFORMS[p] if p else "All platforms", key="cal_pf"
)
st.session_state.setdefault("cal_day", date.today())  # set here, not as a default: move() changes it
anchor = filters[3].date_input(f"{view} of", key="cal_day", format="YYYY-MM-DD")
with st.container(horizontal=True, wrap=False):  # one row, on a phone too
    st.button("Previous", icon=":material/chevron_left:", on_click=move, args=(-1,), width="stretch", key="cal_prev")
    st.button("Today", on_click=move, args=(0,), width="stretch", key="cal_today")
    st.button("Next", icon=":material/chevron_right:", on_click=move, args=(1,), width="stretch", key="cal_next")

cal = publishing.content_calendar(
    db, actor, "week" if view == WEEK else "month", anchor, executive_id=executive_id or None, platform=platform or None
)
shown = [executives[i] for i in ([executive_id] if executive_id else executives)]
st.caption(
    "Times in each executive's own zone: "
    + "; ".join(f"{ui.escape_md(e.name)}, {formatting.zone_label(e.timezone)}" for e in shown)
    + (" · click a post to open it" + (" or reschedule it" if cal.can_reschedule else ""))
)
st.caption(" · ".join(f"{KIND_ICON[k]} {words}" for k, words in KIND_WORDS.items()))
if result := st.session_state.pop("cal_result", None):
    st.success(result)
    st.toast(result, icon=":material/event_available:")
entries = {e.post_id: e for e in cal.entries}


@st.dialog("Post", width="medium", on_dismiss=close_post)
def detail(post_id: int) -> None:
    entry = entries[post_id]
    st.markdown(
        f"**#{entry.post_id} · {PLATFORMS.get(entry.platform, entry.platform)}** · {KIND_BADGE[entry.kind]} · "
        f"{ui.escape_md(entry.executive)}"
    )
    st.markdown(f"{'Published' if entry.kind == 'published' else 'Goes out'} **{entry.when}**")
    st.caption(f"Executive's zone: {formatting.zone_label(entry.timezone, entry.moment)}")
    with st.container(border=True):
        st.markdown(ui.escape_md(entry.title))
    if cal.can_reschedule:
        if entry.state == "in_review":
            st.page_link(
                "pages/review.py",
                label="Open in Review",
                icon=":material/fact_check:",
                query_params={"open": str(entry.post_id)},
            )
        elif entry.state in ("approved", "scheduled", "failed"):
            st.page_link(
                "pages/review.py",
                label="Open in Review (approved, scheduled and failed)",
                icon=":material/fact_check:",
                query_params={"section": "Approved, scheduled and failed"},
            )
    if not (cal.can_reschedule and entry.reschedulable):
        return
    local = entry.local_schedule or datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    st.markdown(f"**Reschedule** ({formatting.zone_name(entry.timezone)})")
    cols = st.columns(2)
    day = cols[0].date_input("New day", local.date(), key=f"cal_new_day_{post_id}", format="YYYY-MM-DD")
    at = cols[1].time_input("New time", local.time(), key=f"cal_new_time_{post_id}")
    if st.button("Reschedule", type="primary", width="stretch", key=f"cal_reschedule_{post_id}"):
        moved = ui.run(lambda: publishing.schedule_post(db, actor, post_id, datetime.combine(day, at)))
        if moved:
            close_post()
            st.session_state["cal_result"] = (
                f"Post {post_id} now goes out {ui.local_time(moved.scheduled_at, entry.timezone)}."
            )
            st.rerun()


def entry_button(entry, compact: bool) -> None:
    """A post on its day: time, platform and what it is; the week view adds the title's start."""
    label = f"{entry.clock} · {PLATFORMS.get(entry.platform, entry.platform)}"
    if not compact:  # words instead of the icon: the icon would take a narrow column's width
        label += f" · {entry.kind_words} · {entry.title[:30]}"
    st.button(
        ui.escape_md(label),
        key=f"cal_entry_{entry.post_id}",
        icon=KIND_ICON[entry.kind] if compact else None,
        on_click=open_post,
        args=(entry.post_id,),
        width="stretch",
        wrap=True,  # a narrow day column: the label wraps instead of ending in an ellipsis
        help=f"#{entry.post_id} · {entry.executive} · {entry.kind_words} · {entry.when}",
    )


today = date.today()
weeks = [cal.days[i : i + 7] for i in range(0, len(cal.days), 7)]
if not cal.entries:
    st.info(f"No scheduled, due or published posts in this {view.lower()}.")
for week in weeks:
    cols = st.columns(7, border=True)
    for col, day in zip(cols, week, strict=True):
        with col:
            outside = view == MONTH and day.month != anchor.month
            head = f"{day:%a} {day.day} {day:%b}"
            head = f"**{head}** · today" if day == today else head
            st.markdown(f":gray[{head}]" if outside else head)
            for entry in cal.by_day[day]:
                entry_button(entry, compact=view == MONTH)

if (post_id := st.session_state.get("cal_open")) in entries:
    detail(post_id)
