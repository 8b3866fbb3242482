"""Settings: members and roles, the executive's profile and voice, the checklist policy."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action, Role
from assistant.services import workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Settings")
ui.show_flash()

executives = workspace.list_executives(db, actor)
names = {e.id: e.name for e in executives}
tabs = st.tabs(["Voice", "Executive profile", "Members", "Checklist"])

with tabs[0]:
    if not executives:
        st.info("No executive profile yet.")
    else:
        executive_id = st.selectbox("Executive", list(names), format_func=names.get, key="voice_exec")
        stored = next(e for e in executives if e.id == executive_id).voice_profile
        st.markdown(workspace.voice_profile(db, actor, executive_id).summary())
        if actor.can(Action.EDIT_VOICE_PROFILE):
            account = ui.x_account()
            if getattr(account, "can_read", False) and st.button("Learn from the executive's X posts"):
                learned = ui.run(lambda: workspace.learn_voice_from_x(db, actor, executive_id, account))
                if learned:
                    ui.flash(f"Voice learned from {learned} posts on X.")
                    st.rerun()
            rules = stored.get("rules", {})
            with st.form("voice"):
                past = st.text_area(
                    "Past posts (one per paragraph)", "\n\n".join(stored.get("past_posts", [])), height=220
                )
                upload = st.file_uploader("…or a CSV with a 'text' column", type=["csv"])
                do = st.text_area("Do (one per line)", "\n".join(rules.get("do", [])))
                dont = st.text_area("Don't (one per line)", "\n".join(rules.get("dont", [])))
                never = st.text_input("Words never used (comma-separated)", ", ".join(rules.get("never_words", [])))
                sign_off = st.text_input("Sign-off", rules.get("sign_off", ""))
                if st.form_submit_button("Save voice"):
                    posts = ui.posts_from_upload(upload) if upload else [p for p in past.split("\n\n") if p.strip()]
                    new_rules = {
                        "do": ui.lines(do),
                        "dont": ui.lines(dont),
                        "sign_off": sign_off,
                        "never_words": [w.strip() for w in never.split(",") if w.strip()],
                    }
                    if ui.run(lambda: workspace.set_voice_material(db, actor, executive_id, posts, new_rules)):
                        ui.flash(f"Voice saved: learned from {len(posts)} posts.")
                        st.rerun()

with tabs[1]:
    for e in executives:
        st.subheader(e.name)
        st.write(
            f"X: @{ui.escape_md(e.x_handle or '—')} (id {e.x_user_id or '—'}) · time zone **{e.timezone}** · "
            f"business hours **{e.business_hours}** on **{e.business_days}** · "
            f"holidays: {', '.join(e.holidays) or 'none'}"
        )
        if actor.can(Action.MANAGE_POLICIES):
            with st.form(f"profile_{e.id}"):
                tz = st.text_input("Time zone (IANA)", e.timezone)
                hours = st.text_input("Business hours", e.business_hours)
                days = st.text_input("Business days", e.business_days)
                holidays = st.text_input("Holidays (YYYY-MM-DD, comma-separated)", ", ".join(e.holidays))
                handle = st.text_input("X handle", e.x_handle or "")
                changes = {
                    "timezone": tz.strip(),
                    "business_hours": hours.strip(),
                    "business_days": days.strip(),
                    "holidays": [h.strip() for h in holidays.split(",") if h.strip()],
                    "x_handle": handle.strip().lstrip("@") or None,
                }
                if st.form_submit_button("Save profile") and ui.run(
                    lambda e=e, changes=changes: workspace.update_executive_profile(db, actor, e.id, **changes)
                ):
                    ui.flash(f"Profile of {e.name} saved.")
                    st.rerun()

with tabs[2]:
    if not actor.can(Action.VIEW_MEMBERS):
        st.caption("Members and roles are managed by admins.")
    else:
        st.dataframe(
            [
                {"name": m.display_name, "e-mail": m.email, "roles": ", ".join(m.roles), "active": m.active}
                for m in workspace.list_members(db, actor)
            ],
            hide_index=True,
            width="stretch",
        )
        with st.form("invite_member"):
            st.markdown("**Invite a member** (they choose their own password with a one-time code)")
            invite_email = st.text_input("E-mail", key="invite_email")
            invite_name = st.text_input("Name", key="invite_name")
            invite_roles = st.multiselect("Roles", [r.value for r in Role], key="invite_roles")
            if st.form_submit_button("Create invitation"):
                invited = ui.run(
                    lambda: workspace.invite_member(
                        db, actor, invite_email, invite_name, frozenset(Role(r) for r in invite_roles)
                    )
                )
                if invited:
                    st.success(f"Send {invited[0].email} this code (shown once, valid 7 days): {invited[1]}")
        with st.form("add_member"):
            email = st.text_input("E-mail")
            name = st.text_input("Name")
            roles = st.multiselect("Roles", [r.value for r in Role])
            password = st.text_input("First password (they can change it)", type="password")
            if st.form_submit_button("Add member") and ui.run(
                lambda: workspace.add_member(
                    db, actor, email, name, frozenset(Role(r) for r in roles), password or None
                )
            ):
                ui.flash(f"{email} added.")
                st.rerun()

with tabs[3]:
    rows = [vars(r) for r in workspace.checklist_rules(db, actor)]
    editable = actor.can(Action.MANAGE_POLICIES)
    edited = st.data_editor(
        rows,
        disabled=not editable or ["rule", "category"],
        hide_index=True,
        width="stretch",
        column_config={"severity": st.column_config.SelectboxColumn(options=["block", "warn", "info"], required=True)},
        key="rules",
    )
    if editable:
        disclosure = st.text_input(
            "Line added to AI-assisted posts (empty for none)",
            workspace.ai_disclosure(db, actor),
            placeholder="Drafted with AI, edited by me",
        )
        if (
            st.button("Save AI disclosure")
            and ui.run(lambda: workspace.set_ai_disclosure(db, actor, disclosure)) is not None
        ):
            ui.flash("AI disclosure saved.")
            st.rerun()
    if editable and st.button("Save checklist rules"):
        settings = {**workspace.checklist_settings(db, actor), "rules": workspace.rule_changes(edited)}
        if ui.run(lambda: workspace.set_checklist_settings(db, actor, settings)) is not None:
            ui.flash("Checklist rules saved.")
            st.rerun()

if actor.can(Action.MANAGE_POLICIES):  # the delegation policy (issue 7): what delegates may answer, and how
    from assistant.checklist.model import CATEGORIES

    st.subheader("Delegation")
    current = workspace.delegation_policy(db, actor)
    with st.form("delegation"):
        classes = st.data_editor(
            [{"class": k, "rule": v} for k, v in current.classes.items()],
            num_rows="dynamic",
            column_config={
                "rule": st.column_config.SelectboxColumn(options=list(workspace.DELEGATION_CLASS_RULES), required=True)
            },
            key="delegation_classes",
        )
        approval_topics = st.text_input(
            "Topics that need approval (comma-separated)", ", ".join(current.approval_topics)
        )
        escalate_topics = st.text_input("Topics escalated to the executive", ", ".join(current.escalate_topics))
        categories = st.multiselect(
            "Checklist findings that need approval", CATEGORIES, list(current.approval_categories)
        )
        negative = st.checkbox("A negative tone needs approval", current.negative_tone_needs_approval)
        approver = st.selectbox(
            "Approved by", workspace.REPLY_APPROVERS, workspace.REPLY_APPROVERS.index(current.approver)
        )
        signature = st.text_input(
            "Signature: 'initials' (e.g. ^SP), a fixed text such as ^CM, or empty for none", current.signature
        )
        quiet = st.text_input(
            "Quiet hours, executive's time (e.g. 22:00-07:00; empty for none)", "-".join(current.quiet_hours or ())
        )
        if st.form_submit_button("Save delegation policy") and ui.run(
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
            ui.flash("Delegation policy saved.")
            st.rerun()
