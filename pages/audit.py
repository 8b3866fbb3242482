"""Audit trail: who did what to which item, in words, with what changed; filters, export, the chain check."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import streamlit as st

from assistant import formatting, ui
from assistant.i18n import _, n_
from assistant.services import audit

PAGE_SIZE = 50

actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Audit trail"))

first = audit.audit_events(db, actor, page_size=1)
tz = first.timezone
left, middle, right = st.columns(3)
action = left.selectbox(
    _("Action"), [""] + first.actions, format_func=lambda a: first.action_names.get(a, a) if a else _("Any action")
)
who = middle.text_input(_("Who (name or e-mail contains)"))
day = right.date_input(_("Since"), value=None)
since = datetime.combine(day, time.min, tzinfo=ZoneInfo(tz)) if day else None
number = int(st.session_state.get("audit_page", 1))
trail = audit.audit_events(db, actor, action=action, who=who, since=since, page=number, page_size=PAGE_SIZE)
pages = max(1, -(-trail.total // PAGE_SIZE))
st.caption(
    n_("{count} event", "{count} events", trail.total)
    + " · "
    + _(
        "newest first · page {page} of {pages} · times in {zone}",
        page=min(number, pages),
        pages=pages,
        zone=formatting.zone_label(tz),
    )
)
# Cards, not a wide table: one sentence per event reads on a phone too.
for row in trail.rows:
    with st.container(border=True):
        st.markdown(f"**{ui.escape_md(row.sentence)}**")
        st.caption(_("{when} · event {id}", when=formatting.when(row.at, tz, with_year=True), id=row.id))
        if row.changes:
            st.markdown("\n".join(f"- {ui.escape_md(line)}" for line in row.changes))

if pages > 1:
    st.number_input(_("Page"), 1, pages, min(number, pages), key="audit_page")
st.download_button(
    _("Export CSV"),
    audit.export_audit_csv(db, actor, action=action, who=who, since=since),
    file_name="audit-trail.csv",
    mime="text/csv",
)
if st.button(_("Verify the chain")):
    count, broken = audit.check_chain(db, actor)
    if broken is None:
        st.success(n_("Chain intact: {count} event verified.", "Chain intact: {count} events verified.", count))
    else:
        st.error(_("Chain broken at event {id}: {reason}", id=broken.event_id, reason=ui.escape_md(broken.reason)))
