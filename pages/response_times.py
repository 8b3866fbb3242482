"""Response times: how fast the executive and the team answer mentions."""

import streamlit as st

from assistant import ui
from assistant.services import reports, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Response times")

executives = workspace.list_executives(db, actor)
if not executives:
    st.info("No executive profile yet.")
    st.stop()
names = {e.id: e.name for e in executives}
executive_id = st.selectbox("Executive", list(names), format_func=names.get)
business = st.toggle("Business hours only", value=False)
report = reports.response_time_report(db, actor, executive_id, business=business)

cols = st.columns(4)
cols[0].metric("Mentions", report["mentions"])
cols[1].metric("Response rate", f"{(report['response_rate'] or 0) * 100:.1f}%")
cols[2].metric("Median (min)", report["median_minutes"] if report["median_minutes"] is not None else "–")
cols[3].metric("p90 (min)", report["p90_minutes"] if report["p90_minutes"] is not None else "–")
st.caption(f"Clock: {report['clock']}")

for key, title in (("by_responder", "By responder"), ("by_sla_class", "By SLA class"), ("by_week", "By week")):
    if report.get(key):
        st.subheader(title)
        st.dataframe([{key.removeprefix("by_"): name, **figures} for name, figures in report[key].items()],
                     hide_index=True, width="stretch")
