"""Audit trail: every state change, who did it and when; filters, export, and the chain check."""

from datetime import datetime, time

import streamlit as st

from assistant import ui
from assistant.services import audit

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Audit trail")

first = audit.audit_events(db, actor, page_size=1)
left, middle, right = st.columns(3)
action = left.selectbox("Action", [""] + first.actions, format_func=lambda a: a or "any action")
who = middle.text_input("Who (name or e-mail contains)")
day = right.date_input("Since", value=None)
since = datetime.combine(day, time.min).astimezone() if day else None
page = audit.audit_events(db, actor, action=action, who=who, since=since)
st.caption(f"{page.total} event(s); newest first (times in UTC)")
st.dataframe(
    [
        {
            "#": r.id,
            "when": ui.local_time(r.at),
            "who": r.actor,
            "action": r.action,
            "what": r.entity,
            "before": str(r.before or ""),
            "after": str(r.after or ""),
        }
        for r in page.rows
    ],
    hide_index=True,
    width="stretch",
)
st.download_button(
    "Export CSV",
    audit.export_audit_csv(db, actor, action=action, who=who, since=since),
    file_name="audit-trail.csv",
    mime="text/csv",
)
if st.button("Verify the chain"):
    count, broken = audit.check_chain(db, actor)
    if broken is None:
        st.success(f"Chain intact: {count} event(s) verified.")
    else:
        st.error(f"Chain broken at event {broken.event_id}: {broken.reason}")
