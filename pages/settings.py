"""Settings: the executive's voice and profile, members and roles, the checklist and delegation policies."""

from zoneinfo import available_timezones

import streamlit as st

from assistant import i18n, ui
from assistant.domain.policies import (
    DEFAULT_MENTION_TEXT_DAYS,
    MAX_MENTION_TEXT_DAYS,
    MIN_MENTION_TEXT_DAYS,
    approver_word,
)
from assistant.domain.roles import Action, Role
from assistant.i18n import N_, _, n_
from assistant.services import notifications, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Settings"))
ui.show_flash()

executives = workspace.list_executives(db, actor)
names = {e.id: e.name for e in executives}
TABS = [N_("Voice"), N_("Executive profile"), N_("Members"), N_("Checklist"), N_("Delegation")]
# A keyed tab bound to the URL: after an action (and its rerun) the admin stays on the tab they were on.
tabs = st.tabs([_(t) for t in TABS], key="settings_tab", bind="query-params")

with tabs[0]:
    if not executives:
        st.info(_("No executive profile yet."))
    else:
        executive_id = st.selectbox(_("Executive"), list(names), format_func=names.get, key="voice_exec")
        stored = next(e for e in executives if e.id == executive_id).voice_profile
        st.markdown(ui.escaped_lines(workspace.voice_profile(db, actor, executive_id).summary()))
        if actor.can(Action.EDIT_VOICE_PROFILE):
            account = ui.x_account()
            if getattr(account, "can_read", False) and st.button(_("Learn from the executive's X posts")):
                learned = ui.run(lambda: workspace.learn_voice_from_x(db, actor, executive_id, account))
                if learned:
                    ui.flash(
                        n_("Voice learned from {count} post on X.", "Voice learned from {count} posts on X.", learned)
                    )
                    st.rerun()
            rules = stored.get("rules", {})
            with st.form("voice"):
                past = st.text_area(
                    _("Past posts (one per paragraph)"), "\n\n".join(stored.get("past_posts", [])), height=220
                )
                upload = st.file_uploader(_("…or a CSV with a 'text' column"), type=["csv"])
                do = st.text_area(_("Do (one per line)"), "\n".join(rules.get("do", [])))
                dont = st.text_area(_("Don't (one per line)"), "\n".join(rules.get("dont", [])))
                never = st.text_input(_("Words never used (comma-separated)"), ", ".join(rules.get("never_words", [])))
                sign_off = st.text_input(_("Sign-off"), rules.get("sign_off", ""))
                if st.form_submit_button(_("Save voice")):
                    posts = ui.posts_from_upload(upload) if upload else [p for p in past.split("\n\n") if p.strip()]
                    new_rules = {
                        "do": ui.lines(do),
                        "dont": ui.lines(dont),
                        "sign_off": sign_off,
                        "never_words": [w.strip() for w in never.split(",") if w.strip()],
                    }
                    if ui.run(lambda: workspace.set_voice_material(db, actor, executive_id, posts, new_rules)):
                        ui.flash(
                            n_(
                                "Voice saved: learned from {count} post.",
                                "Voice saved: learned from {count} posts.",
                                len(posts),
                            )
                        )
                        st.rerun()

with tabs[1]:
    for e in executives:
        st.subheader(ui.escape_md(e.name))
        st.write(
            _(
                "X: @{handle} (id {id}) · time zone **{zone}** · business hours **{hours}** on **{days}** · "
                "holidays: {holidays}",
                handle=ui.escape_md(e.x_handle or "—"),
                id=e.x_user_id or "—",
                zone=ui.escape_md(e.timezone),
                hours=ui.escape_md(e.business_hours),
                days=ui.escape_md(e.business_days),
                holidays=ui.escape_md(", ".join(e.holidays)) or _("none"),
            )
        )
        if actor.can(Action.MANAGE_POLICIES):
            with st.form(f"profile_{e.id}"):
                zones = sorted(available_timezones() | {e.timezone})
                tz = st.selectbox(_("Time zone"), zones, index=zones.index(e.timezone), key=f"tz_{e.id}")
                hours = st.text_input(_("Business hours"), e.business_hours)
                days = st.text_input(_("Business days"), e.business_days)
                holidays = st.text_input(_("Holidays (YYYY-MM-DD, comma-separated)"), ", ".join(e.holidays))
                handle = st.text_input(_("X handle"), e.x_handle or "")
                changes = {
                    "timezone": tz.strip(),
                    "business_hours": hours.strip(),
                    "business_days": days.strip(),
                    "holidays": [h.strip() for h in holidays.split(",") if h.strip()],
                    "x_handle": handle.strip().lstrip("@") or None,
                }
                if st.form_submit_button(_("Save profile")) and ui.run(
                    lambda e=e, changes=changes: workspace.update_executive_profile(db, actor, e.id, **changes)
                ):
                    ui.flash(_("Profile of {name} saved.", name=e.name))
                    st.rerun()

with tabs[2]:
    if not actor.can(Action.VIEW_MEMBERS):
        st.caption(_("Members and roles are managed by admins."))
    else:
        members = workspace.list_members(db, actor)
        # A list, not a wide table: it reads on a phone as well.
        for m in members:
            status = _("active") if m.active else "**" + _("deactivated") + "**"
            st.markdown(
                f"**{ui.escape_md(m.display_name)}** · {ui.role_names(m.roles)} · {status}  \n{ui.escape_md(m.email)}"
            )
    if actor.can(Action.VIEW_MEMBERS) and actor.can(Action.MANAGE_MEMBERS):
        by_id = {m.id: m for m in members}
        st.markdown(_("**Change a member's roles, or deactivate them**"))
        chosen = st.selectbox(
            _("Member"),
            list(by_id),
            format_func=lambda i: (
                f"{by_id[i].display_name} ({by_id[i].email})" + ("" if by_id[i].active else " · " + _("deactivated"))
            ),
            key="member_pick",
        )
        picked = by_id[chosen]
        with st.form(f"member_roles_{chosen}"):
            new_roles = st.multiselect(
                _("Roles"), [r.value for r in Role], list(picked.roles), format_func=ui.role_name, key=f"roles_{chosen}"
            )
            if st.form_submit_button(_("Save roles")) and ui.run(
                lambda: workspace.set_roles(db, actor, chosen, frozenset(Role(r) for r in new_roles))
            ):
                ui.flash(_("Roles of {name} saved: {roles}.", name=picked.display_name, roles=ui.role_names(new_roles)))
                st.rerun()
        if chosen == actor.member_id:
            st.caption(_("You cannot deactivate yourself; another admin can."))
        elif picked.active:
            sure = st.checkbox(
                _(
                    "Yes, deactivate {name}: they are signed out and can no longer sign in",
                    name=ui.escape_md(picked.display_name),
                ),
                key=f"sure_{chosen}",
            )
            if st.button(_("Deactivate member"), disabled=not sure, key=f"deactivate_{chosen}") and ui.run(
                lambda: workspace.deactivate_member(db, actor, chosen)
            ):
                ui.flash(_("{name} is deactivated and can no longer sign in.", name=picked.display_name))
                st.rerun()
        with st.form("invite_member"):
            st.markdown(_("**Invite a member** (they choose their own password with a one-time code)"))
            invite_email = st.text_input(_("E-mail"), key="invite_email")
            invite_name = st.text_input(_("Name"), key="invite_name")
            invite_roles = st.multiselect(
                _("Roles"), [r.value for r in Role], format_func=ui.role_name, key="invite_roles"
            )
            if st.form_submit_button(_("Create invitation")):
                invited = ui.run(
                    lambda: workspace.invite_member(
                        db, actor, invite_email, invite_name, frozenset(Role(r) for r in invite_roles)
                    )
                )
                if invited:
                    st.success(
                        _(
                            "Send {email} this code (shown once, valid 7 days): {code}",
                            email=ui.escape_md(invited[0].email),
                            code=ui.escape_md(invited[1]),
                        )
                    )
        with st.form("add_member"):
            st.markdown(_("**Add a member** with a first password"))
            email = st.text_input(_("E-mail"))
            name = st.text_input(_("Name"))
            roles = st.multiselect(_("Roles"), [r.value for r in Role], format_func=ui.role_name)
            password = st.text_input(_("First password (they can change it)"), type="password")
            if st.form_submit_button(_("Add member")) and ui.run(
                lambda: workspace.add_member(
                    db, actor, email, name, frozenset(Role(r) for r in roles), password or None
                )
            ):
                ui.flash(_("{email} added.", email=email))
                st.rerun()

with tabs[3]:
    # Severities and categories are identifiers; the table shows them in words and maps them back on save.
    severity_of = {_(ui.SEVERITY_WORDS[s]): s for s in ("block", "warn", "info")}
    rows = [
        {**vars(r), "severity": _(ui.SEVERITY_WORDS[r.severity]), "category": ui.category_name(r.category)}
        for r in workspace.checklist_rules(db, actor)
    ]
    editable = actor.can(Action.MANAGE_POLICIES)
    shown = st.data_editor(
        rows,
        disabled=not editable or ["rule", "category", "description"],
        hide_index=True,
        width="stretch",
        column_order=["enabled", "rule", "description", "severity", "category"],
        column_config={
            "rule": st.column_config.TextColumn(_("Rule")),
            "category": st.column_config.TextColumn(_("Category")),
            "severity": st.column_config.SelectboxColumn(_("Severity"), options=list(severity_of), required=True),
            "enabled": st.column_config.CheckboxColumn(_("On")),
            "description": st.column_config.TextColumn(_("What it checks"), width="large"),
        },
        key="rules",
    )
    edited = [{**row, "severity": severity_of.get(row["severity"], row["severity"])} for row in shown]
    if editable:
        disclosure = st.text_input(
            _("Line added to AI-assisted posts (empty for none)"),
            workspace.ai_disclosure(db, actor),
            placeholder=_("Drafted with AI, edited by me"),
        )
        if (
            st.button(_("Save AI disclosure"))
            and ui.run(lambda: workspace.set_ai_disclosure(db, actor, disclosure)) is not None
        ):
            ui.flash(_("AI disclosure saved."))
            st.rerun()
    if editable and st.button(_("Save checklist rules")):
        settings = {**workspace.checklist_settings(db, actor), "rules": workspace.rule_changes(edited)}
        if ui.run(lambda: workspace.set_checklist_settings(db, actor, settings)) is not None:
            ui.flash(_("Checklist rules saved."))
            st.rerun()

    # Each language has its own word lists (code names, figures, insults, jargon...): a workspace adds its own.
    st.subheader(_("Word lists"))
    lists = workspace.checklist_word_lists(db, actor)
    languages = sorted({w.language for w in lists})
    left, right = st.columns(2)
    mine = i18n.current_language()
    language = left.selectbox(
        _("Language"),
        languages,
        index=languages.index(mine) if mine in languages else 0,
        format_func=lambda code: i18n.LANGUAGE_NAMES.get(code, code),
        key="words_language",
    )
    by_name = {w.name: w for w in lists if w.language == language}
    names = sorted(by_name)
    # code names first: the list a workspace most often extends
    name = right.selectbox(
        _("List"), names, index=names.index("codenames") if "codenames" in names else 0, key="words_list"
    )
    chosen = by_name[name]
    st.caption(
        n_("{count} entry runs in this workspace.", "{count} entries run in this workspace.", chosen.entries)
        + " "
        + (
            _("Added here: {words}", words=ui.escape_md(", ".join(chosen.added)))
            if chosen.added
            else _("Nothing added here yet.")
        )
    )
    if editable:
        words = st.text_area(
            _("Words or phrases to add, one per line"), key=f"words_{language}_{name}", placeholder=_("Project Falcon")
        )
        if st.button(_("Add to the list"), disabled=not words.strip()) and (
            ui.run(lambda: workspace.add_checklist_words(db, actor, language, name, ui.lines(words))) is not None
        ):
            ui.flash(_("Added to the {tongue} list '{name}'.", tongue=i18n.LANGUAGE_NAMES[language], name=name))
            st.rerun()

with tabs[4]:  # the delegation policy (issue 7): what delegates may answer, and how; in its tab, shown once
    if not actor.can(Action.MANAGE_POLICIES):
        st.caption(_("The delegation policy is set by admins."))
    else:
        from assistant.checklist.model import CATEGORIES

        current = workspace.delegation_policy(db, actor)
        with st.form("delegation"):
            classes = st.data_editor(
                [{"class": k, "rule": v} for k, v in current.classes.items()],
                num_rows="dynamic",
                column_config={
                    "class": st.column_config.TextColumn(_("Mention class")),
                    "rule": st.column_config.SelectboxColumn(
                        _("What a delegate's reply needs"),
                        options=list(workspace.DELEGATION_CLASS_RULES),
                        required=True,
                    ),
                },
                key="delegation_classes",
            )
            approval_topics = st.text_input(
                _("Topics that need approval (comma-separated)"), ", ".join(current.approval_topics)
            )
            escalate_topics = st.text_input(_("Topics escalated to the executive"), ", ".join(current.escalate_topics))
            categories = st.multiselect(
                _("Checklist findings that need approval"),
                CATEGORIES,
                list(current.approval_categories),
                format_func=ui.category_name,
            )
            negative = st.checkbox(_("A negative tone needs approval"), current.negative_tone_needs_approval)
            approver = st.selectbox(
                _("Approved by"),
                workspace.REPLY_APPROVERS,
                workspace.REPLY_APPROVERS.index(current.approver),
                format_func=approver_word,
            )
            signature = st.text_input(
                _("Signature: 'initials' (e.g. ^SP), a fixed text such as ^CM, or empty for none"), current.signature
            )
            quiet = st.text_input(
                _("Quiet hours, executive's time (e.g. 22:00-07:00; empty for none)"),
                "-".join(current.quiet_hours or ()),
            )
            if st.form_submit_button(_("Save delegation policy")) and ui.run(
                lambda: workspace.set_delegation_policy(
                    db,
                    actor,
                    {
                        "classes": {r["class"]: r["rule"] for r in classes if r.get("class")},
                        "approval_topics": ui.lines(approval_topics.replace(",", "\n")),
                        "escalate_topics": ui.lines(escalate_topics.replace(",", "\n")),
                        "approval_categories": categories,
                        "negative_tone_needs_approval": negative,
                        "approver": approver,
                        "signature": signature,
                        "quiet_hours": quiet.split("-") if quiet.strip() else None,
                    },
                )
            ):
                ui.flash(_("Delegation policy saved."))
                st.rerun()

# Notifications (issue 12, point 19): where e-mail goes, and the workspace's Slack-compatible webhook.
if actor.can(Action.MANAGE_POLICIES):
    with st.expander(_("Notifications"), icon=":material/notifications:"):
        server = notifications.mail_server(ui.settings())
        st.write(
            _("E-mail: sent through {server}.", server=ui.escape_md(server))
            if server
            else _("E-mail: off (set SMTP_URL to send e-mail).")
        )
        hook = notifications.workspace_webhook(db, actor)
        st.write(
            _("Webhook: posting to {host}.", host=ui.escape_md(hook.host)) if hook.configured else _("Webhook: none.")
        )
        st.caption(
            _("Each worker pass posts one message listing what is new. The address is a secret: it is not shown again.")
        )
        with st.form("notifications_webhook", clear_on_submit=True):
            url = st.text_input(
                _("Incoming webhook address"), type="password", placeholder="https://hooks.slack.com/services/…"
            )
            save, remove = st.columns(2)
            if save.form_submit_button(_("Save webhook")) and ui.run(
                lambda: notifications.set_workspace_webhook(db, actor, url)
            ):
                ui.flash(_("Webhook saved.") if url.strip() else _("Webhook removed."))
                st.rerun()
            if remove.form_submit_button(_("Remove webhook")) and ui.run(
                lambda: notifications.set_workspace_webhook(db, actor, None)
            ):
                ui.flash(_("Webhook removed."))
                st.rerun()

# Personal data (issue 14, point 17): how long mention text is kept; export and erasure are commands.
if actor.can(Action.MANAGE_POLICIES):
    with st.expander(_("Personal data"), icon=":material/privacy_tip:"):
        kept = workspace.mention_retention(db, actor).mention_text_days
        with st.form("mention_retention"):
            blank = st.toggle(_("Blank the text of old mentions"), value=kept is not None)
            days = st.number_input(
                _("Days a mention's text is kept"),
                min_value=MIN_MENTION_TEXT_DAYS,
                max_value=MAX_MENTION_TEXT_DAYS,
                value=kept or DEFAULT_MENTION_TEXT_DAYS,
                step=1,
            )
            st.caption(
                _(
                    "The worker blanks older texts once a day; response times and reports keep their figures. "
                    "To export or erase what is stored about one author, an admin runs "
                    "`python -m assistant privacy export` or `privacy erase` with `--author HANDLE`."
                )
            )
            if st.form_submit_button(_("Save retention")) and ui.run(
                lambda: workspace.set_mention_retention(db, actor, int(days) if blank else None)
            ):
                ui.flash(_("Retention saved."))
                st.rerun()
