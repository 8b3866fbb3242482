"""My account: who I am here, the language of the interface, changing my password, and what I am e-mailed
about."""

from datetime import time
from zoneinfo import available_timezones

import streamlit as st

from assistant import i18n, ui
from assistant.formatting import zone_label
from assistant.i18n import _, n_
from assistant.services import notifications, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("My account"))
ui.show_flash()
st.write(f"**{ui.escape_md(actor.display_name)}** · {ui.escape_md(actor.email)}")
st.caption(_("Roles: {roles}", roles=ui.role_names(actor.roles)))

# -- language (issue 13, point 5): the member's choice, or the browser's ---------------------------------
BROWSER = ""  # the option for "no choice": the browser's language applies
choices = [*i18n.LANGUAGES, BROWSER]
language = st.selectbox(
    _("Language of the interface"),
    choices,
    index=choices.index(actor.language if actor.language in i18n.LANGUAGES else BROWSER),
    # each language in its own words, so someone lost in the other one still finds theirs
    format_func=lambda code: i18n.LANGUAGE_NAMES[code] if code else _("Browser language"),
    key="my_language",
)
if (language or None) != actor.language and ui.run(
    lambda: workspace.set_my_language(db, actor, language or None)
) is not None:
    st.rerun()  # the next run reads the member again, and speaks the new language

if ui.oidc_configured():
    st.info(_("You sign in with your company account; change your password there."))
else:
    with st.form("password"):
        current = st.text_input(_("Current password"), type="password")
        new = st.text_input(_("New password (at least 10 characters)"), type="password")
        again = st.text_input(_("New password again"), type="password")
        if st.form_submit_button(_("Change password")):
            if new != again:
                st.error(_("The two new passwords differ."))
            elif ui.run(lambda: workspace.change_password(db, actor, current, new)):
                ui.flash(_("Password changed."))
                st.rerun()
    # Issue 14 point 11: a cookie left on another computer (or stolen) stops working, this browser stays.
    if st.button(_("Sign out my other sessions"), key="end_other_sessions"):
        ended = ui.run(lambda: workspace.end_other_sessions(db, actor))
        if ended is not None:
            ui.flash(n_("{count} other session signed out.", "{count} other sessions signed out.", ended))
            st.rerun()

# -- notifications (issue 12, point 19) -------------------------------------------------------------
st.subheader(_("E-mail notifications"))
server = notifications.mail_server(ui.settings())
if server is None:
    st.info(_("E-mail is not set up on this installation yet (no SMTP_URL); your choices apply once an admin sets it."))
else:
    st.caption(_("E-mails are sent through {server}.", server=ui.escape_md(server)))
prefs = ui.run(lambda: notifications.notification_preferences(db, actor))
if prefs is not None:
    st.caption(
        _(
            "The worker sends one e-mail per pass listing everything new that waits for you, with a link to each "
            "item; texts appear only as a short excerpt (at most {count} characters).",
            count=notifications.EXCERPT_CHARS,
        )
    )
    zones = sorted(available_timezones() | {prefs.default_zone})
    with st.form("notifications"):
        enabled = st.toggle(_("E-mail me what waits for me"), value=prefs.enabled)
        st.write(_("Tell me about:"))
        chosen = [
            kind
            for kind, label in notifications.KIND_NAMES.items()
            if st.checkbox(_(label), value=kind in prefs.kinds, key=f"notify_{kind}")
        ]
        st.divider()
        quiet = st.checkbox(
            _("Quiet hours: hold e-mails, then send them together after"), value=bool(prefs.quiet_start)
        )
        start_col, end_col = st.columns(2)
        start = start_col.time_input(
            _("From"), time.fromisoformat(prefs.quiet_start or "22:00"), step=900, key="quiet_start"
        )
        end = end_col.time_input(_("Until"), time.fromisoformat(prefs.quiet_end or "07:00"), step=900, key="quiet_end")
        default_label = _("The executive's zone: {zone}", zone=zone_label(prefs.default_zone))
        zone = st.selectbox(
            _("Quiet hours are read in"),
            ["", *zones],  # "": the executive's zone, whichever it becomes
            index=0 if prefs.timezone is None else zones.index(prefs.timezone) + 1,
            format_func=lambda z: zone_label(z) if z else default_label,
            key="quiet_zone",
        )
        if st.form_submit_button(_("Save notification preferences")):
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
                ui.flash(_("Notification preferences saved."))
                st.rerun()
