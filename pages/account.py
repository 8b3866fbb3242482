"""My account: who I am here, and changing my password."""

import streamlit as st

from assistant import ui
from assistant.services import workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("My account")
ui.show_flash()
st.write(f"**{ui.escape_md(actor.display_name)}** · {ui.escape_md(actor.email)}")
st.caption("Roles: " + ", ".join(sorted(r.value for r in actor.roles)))
if ui.oidc_configured():
    st.info("You sign in with your company account; change your password there.")
else:
    with st.form("password"):
        current = st.text_input("Current password", type="password")
        new = st.text_input("New password (at least 10 characters)", type="password")
        again = st.text_input("New password again", type="password")
        if st.form_submit_button("Change password"):
            if new != again:
                st.error("The two new passwords differ.")
            elif ui.run(lambda: workspace.change_password(db, actor, current, new)):
                ui.flash("Password changed.")
                st.rerun()
