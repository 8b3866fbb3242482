"""My account: who I am here, changing my password, and what I am e-mailed about."""

from datetime import time
from zoneinfo import available_timezones

import streamlit as st

from assistant import ui
from assistant.formatting import zone_label
from assistant.services import notifications, workspace

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

# -- notifications (issue 12, point 19) -------------------------------------------------------------
st.subheader("E-mail notifications")
server = notifications.mail_server(ui.settings())
if server is None:
    st.info("E-mail is not set up on this installation yet (no SMTP_URL); your choices apply once an admin sets it.")
else:
    st.caption(f"E-mails are sent through {server}.")
prefs = ui.run(lambda: notifications.notification_preferences(db, actor))
if prefs is not None:
    st.caption(
        "The worker sends one e-mail per pass listing everything new that waits for you, with a link to each "
        f"item; texts appear only as a short excerpt (at most {notifications.EXCERPT_CHARS} characters)."
    )
    zones = sorted(available_timezones() | {prefs.default_zone})
    with st.form("notifications"):
        enabled = st.toggle("E-mail me what waits for me", value=prefs.enabled)
        st.write("Tell me about:")
        chosen = [
            kind
            for kind, label in notifications.KIND_NAMES.items()
            if st.checkbox(label, value=kind in prefs.kinds, key=f"notify_{kind}")
        ]
        st.divider()
        quiet = st.checkbox("Quiet hours: hold e-mails, then send them together after", value=bool(prefs.quiet_start))
        start_col, end_col = st.columns(2)
        start = start_col.time_input(
            "From", time.fromisoformat(prefs.quiet_start or "22:00"), step=900, key="quiet_start"
        )
        end = end_col.time_input("Until", time.fromisoformat(prefs.quiet_end or "07:00"), step=900, key="quiet_end")
        default_label = f"The executive's zone: {zone_label(prefs.default_zone)}"
        zone = st.selectbox(
            "Quiet hours are read in",
            ["", *zones],  # "": the executive's zone, whichever it becomes
            index=0 if prefs.timezone is None else zones.index(prefs.timezone) + 1,
            format_func=lambda z: zone_label(z) if z else default_label,
            key="quiet_zone",
        )
        if st.form_submit_button("Save notification preferences"):
            saved = ui.run(
                lambda: notifications.set_notification_preferences(
                    db,
                    actor,
                    enabled=enabled,
                    kinds=chosen,
                    quiet_start=start.strftime("%H:%M") if quiet else None,
                    quiet_end=end.strftime("%H:%M") if quiet else None,
                    timezone=zone or None,
                )
            )
            if saved is not None:
                ui.flash("Notification preferences saved.")
                st.rerun()
