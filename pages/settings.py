"""Settings: members and roles (admins), the executive's profile and voice."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action
from assistant.services import members, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Settings")

if actor.can(Action.VIEW_MEMBERS):
    st.subheader("Members")
    st.dataframe([{"name": m.display_name, "e-mail": m.email, "roles": ", ".join(m.roles),
                   "active": m.active} for m in members.list_members(db, actor)], hide_index=True, width="stretch")

st.subheader("Executives")
for e in workspace.list_executives(db, actor):
    with st.expander(f"{e.name} (@{e.x_handle or 'no X account'})", expanded=True):
        st.write(f"Time zone **{e.timezone}**, business hours **{e.business_hours}** on **{e.business_days}**")
        st.write("Holidays: " + (", ".join(e.holidays) or "none"))
        rules = e.voice_profile.get("rules", {})
        if rules:
            st.write("Never uses: " + ", ".join(rules.get("never_words", [])))
        st.caption(f"{len(e.voice_profile.get('past_posts', []))} past posts in the voice profile")
