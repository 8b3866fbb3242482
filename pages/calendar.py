"""Calendar: scheduled, due and published posts by day, week or month, in each executive's time zone.

Everyone who works on posts sees it; reviewers (who may schedule) reschedule from a post's detail.
Which day a post falls on is decided by assistant.domain.calendar; the view, filters and the open post
are widgets with keys (the view and anchor are bound to the URL), so a rerun or refresh keeps them.
"""

from datetime import date, datetime

import streamlit as st

from assistant import formatting, ui
from assistant.domain.calendar import shift
from assistant.i18n import N_, _
from assistant.services import publishing, workspace

WEEK, MONTH = "Week", "Month"  # values (in the URL), shown through VIEW_NAMES
VIEW_NAMES = {WEEK: N_("Week"), MONTH: N_("Month")}
PLATFORMS = {"x": "X", "linkedin": "LinkedIn"}
KIND_ICON = {
    "planned": ":material/pending:",
    "ready": ":material/task_alt:",
    "scheduled": ":material/schedule:",
    "due": ":material/alarm:",
    "published": ":material/check_circle:",
    "failed": ":material/error:",
}
KIND_COLOUR = {"planned": "gray", "ready": "blue", "scheduled": "blue", "due": "orange", "published": "green"}
# What each kind of entry is, in words (the legend and the buttons), and its short badge in the detail.
KIND_WORDS = {
    "planned": N_("planned, in review"),
    "ready": N_("approved"),
    "scheduled": N_("scheduled"),
    "due": N_("due now"),
    "published": N_("published"),
    "failed": N_("failed"),
}
KIND_SHORT = {**KIND_WORDS, "planned": N_("planned")}


def kind_words(kind: str) -> str:
    return ui.in_words(KIND_WORDS, kind)


def kind_badge(kind: str) -> str:
    words = _(KIND_SHORT[kind]) if kind in KIND_SHORT else ui.escape_md(kind)
    return f":{KIND_COLOUR.get(kind, 'red')}-badge[{words}]"


actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Calendar"))
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
    _("View"),
    [WEEK, MONTH],
    default=WEEK,
    required=True,
    format_func=lambda v: _(VIEW_NAMES[v]),
    key="cal_view",
    bind="query-params",
    width="stretch",
)
executive_id = filters[1].selectbox(  # 0: every executive (None would read as "nothing chosen")
    _("Executive"),
    [0, *executives],
    format_func=lambda i: executives[i].name if i else _("All executives"),
    key="cal_exec",
)
platform = filters[2].selectbox(
    _("Platform"), ["", *PLATFORMS], format_func=lambda p: PLATFORMS[p] if p else _("All platforms"), key="cal_pf"
)
st.session_state.setdefault("cal_day", date.today())  # set here, not as a default: move() changes it
anchor = filters[3].date_input(_("Week of") if view == WEEK else _("Month of"), key="cal_day", format="YYYY-MM-DD")
with st.container(horizontal=True, wrap=False):  # one row, on a phone too
    st.button(_("Previous"), icon=":material/chevron_left:", on_click=move, args=(-1,), width="stretch", key="cal_prev")
    st.button(_("Today"), on_click=move, args=(0,), width="stretch", key="cal_today")
    st.button(_("Next"), icon=":material/chevron_right:", on_click=move, args=(1,), width="stretch", key="cal_next")

cal = publishing.content_calendar(
    db, actor, "week" if view == WEEK else "month", anchor, executive_id=executive_id or None, platform=platform or None
)
shown = [executives[i] for i in ([executive_id] if executive_id else executives)]
st.caption(
    _(
        "Times in each executive's own zone: {zones}",
        zones="; ".join(f"{ui.escape_md(e.name)}, {formatting.zone_label(e.timezone)}" for e in shown),
    )
    + " · "
    + (_("click a post to open it or reschedule it") if cal.can_reschedule else _("click a post to open it"))
)
st.caption(" · ".join(f"{KIND_ICON[k]} {ui.escape_md(kind_words(k))}" for k in KIND_WORDS))
if result := st.session_state.pop("cal_result", None):
    st.success(ui.escape_md(result))
    st.toast(ui.escape_md(result), icon=":material/event_available:")
entries = {e.post_id: e for e in cal.entries}


@st.dialog(_("Post"), width="medium", on_dismiss=close_post)
def detail(post_id: int) -> None:
    entry = entries[post_id]
    st.markdown(
        f"**#{entry.post_id} · {ui.escape_md(PLATFORMS.get(entry.platform, entry.platform))}** · "
        f"{kind_badge(entry.kind)} · {ui.escape_md(entry.executive)}"
    )
    st.markdown(
        _("Published **{when}**", when=ui.escape_md(entry.when))
        if entry.kind == "published"
        else _("Goes out **{when}**", when=ui.escape_md(entry.when))
    )
    st.caption(_("Executive's zone: {zone}", zone=formatting.zone_label(entry.timezone, entry.moment)))
    with st.container(border=True):
        st.markdown(ui.escape_md(entry.title))
    if cal.can_reschedule:
        if entry.state == "in_review":
            st.page_link(
                "pages/review.py",
                label=_("Open in Review"),
                icon=":material/fact_check:",
                query_params={"open": str(entry.post_id)},
            )
        elif entry.state in ("approved", "scheduled", "failed"):
            st.page_link(
                "pages/review.py",
                label=_("Open in Review (approved, scheduled and failed)"),
                icon=":material/fact_check:",
                query_params={"section": "Approved, scheduled and failed"},
            )
    if not (cal.can_reschedule and entry.reschedulable):
        return
    local = entry.local_schedule or datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)
    st.markdown(_("**Reschedule** ({zone})", zone=formatting.zone_name(entry.timezone)))
    cols = st.columns(2)
    day = cols[0].date_input(_("New day"), local.date(), key=f"cal_new_day_{post_id}", format="YYYY-MM-DD")
    at = cols[1].time_input(_("New time"), local.time(), key=f"cal_new_time_{post_id}")
    if st.button(_("Reschedule"), type="primary", width="stretch", key=f"cal_reschedule_{post_id}"):
        moved = ui.run(lambda: publishing.schedule_post(db, actor, post_id, datetime.combine(day, at)))
        if moved:
            close_post()
            st.session_state["cal_result"] = _(
                "Post {id} now goes out {when}.", id=post_id, when=ui.local_time(moved.scheduled_at, entry.timezone)
            )
            st.rerun()


def entry_button(entry, compact: bool) -> None:
    """A post on its day: time, platform and what it is; the week view adds the title's start."""
    label = f"{entry.clock} · {PLATFORMS.get(entry.platform, entry.platform)}"
    if not compact:  # words instead of the icon: the icon would take a narrow column's width
        label += f" · {kind_words(entry.kind)} · {entry.title[:30]}"
    st.button(
        ui.escape_md(label),
        key=f"cal_entry_{entry.post_id}",
        icon=KIND_ICON[entry.kind] if compact else None,
        on_click=open_post,
        args=(entry.post_id,),
        width="stretch",
        wrap=True,  # a narrow day column: the label wraps instead of ending in an ellipsis
        help=ui.escape_md(f"#{entry.post_id} · {entry.executive} · {kind_words(entry.kind)} · {entry.when}"),
    )


today = date.today()
weeks = [cal.days[i : i + 7] for i in range(0, len(cal.days), 7)]
if not cal.entries:
    st.info(
        _("No scheduled, due or published posts this week.")
        if view == WEEK
        else _("No scheduled, due or published posts this month.")
    )
for week in weeks:
    cols = st.columns(7, border=True)
    for col, day in zip(cols, week, strict=True):
        with col:
            outside = view == MONTH and day.month != anchor.month
            head = ui.day_label(day)
            head = _("**{day}** · today", day=head) if day == today else head
            st.markdown(f":gray[{head}]" if outside else head)
            for entry in cal.by_day[day]:
                entry_button(entry, compact=view == MONTH)

if (post_id := st.session_state.get("cal_open")) in entries:
    detail(post_id)
