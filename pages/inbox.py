"""Inbox: mentions most urgent first; click one to open it, see what the delegation policy will do, claim it,
reply in the executive's voice (saved replies at hand, signed once). Several at once: dismiss, assign, set class.
Executives and reviewers also see the replies waiting for them; executives what the team said in their name.
After any action the page stays on the same tab and the same mention, and says what happened there."""

import streamlit as st

from assistant import formatting, ui
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState
from assistant.services import drafting, mentions, replies, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Inbox")
ui.show_flash()
x = ui.x_account()
if x.dry_run:
    st.caption(":orange-badge[Dry run] No X keys are configured: replies are recorded here, nothing is sent to X.")

STATES = [*mentions.OPEN_STATES, MentionState.REPLIED.value, MentionState.DISMISSED.value]
EXECUTIVE_LIST = workspace.list_executives(db, actor)
EXECUTIVES = {e.id: e.name for e in EXECUTIVE_LIST}
ZONES = sorted({e.timezone for e in EXECUTIVE_LIST}) or ["UTC"]
URGENCY = {"breached": "late", "at_risk": "at risk", "on_track": "on track", "met": "answered in time"}
REPLY_KEYS = ("reply_text", "reply_drafts", "reply_ai", "revising", "reply_notes")
TAB_MENTIONS, TAB_APPROVALS, TAB_SAID = "Mentions", "Waiting for your approval", "Said on your behalf"


def fetch_from_x(executive_id: int, name: str, status) -> None:
    def report(p) -> None:
        status.write(f"{name}: {p.stream.replace('_', ' ')} page {p.page}, {p.posts} read, {p.stored} new")

    outcome = ui.run(lambda: mentions.sync_from_x(db, actor, x, executive_id, progress=report))
    if outcome is not None:
        status.write(f"{name}: {outcome.summary()}")


if getattr(x, "can_read", False) and EXECUTIVES and st.button("Fetch new mentions from X"):
    with st.status("Reading X…", expanded=True) as status:
        for executive_id, name in EXECUTIVES.items():
            fetch_from_x(executive_id, name, status)
        status.update(label="X read", state="complete")


# --- where the user is: the open mention and the tab live in session_state (and the mention in the URL) ---


def open_mention(mention_id: int | None) -> None:
    """Open another mention: its own reply box, not the last one's; the URL names it (refresh, bookmark)."""
    if st.session_state.get("reply_for") != mention_id:
        ui.forget(*REPLY_KEYS)
        st.session_state.pop("inbox_notice", None)
    st.session_state["reply_for"] = mention_id
    st.session_state["linked_mention"] = str(mention_id) if mention_id else None
    if mention_id:
        st.query_params["mention"] = str(mention_id)
    else:
        st.query_params.pop("mention", None)


def open_from_elsewhere(mention_id: int) -> None:
    """A callback (it runs before the tabs exist, so it may switch them): open the mention on the Mentions tab."""
    open_mention(mention_id)
    st.session_state["inbox_tab"] = TAB_MENTIONS


linked = st.query_params.get("mention")
if linked and linked != st.session_state.get("linked_mention"):  # a deep link: /inbox?mention=12
    if linked.isdigit():
        open_from_elsewhere(int(linked))
    else:
        st.query_params.pop("mention", None)


def notice(mention_id: int, message: str, kind: str = "success") -> None:
    """The result of an action, shown on the mention it was about (not at the top of a long page)."""
    st.session_state["inbox_notice"] = {"mention": mention_id, "message": message, "kind": kind}


def show_notice(mention_id: int) -> None:
    shown = st.session_state.get("inbox_notice")
    if shown and shown["mention"] == mention_id:
        st.session_state.pop("inbox_notice")
        (st.success if shown["kind"] == "success" else st.error)(shown["message"])


def done(action) -> bool:
    """True when the service call went through (its error, if any, is already shown)."""
    return ui.run(lambda: action() or True) is not None


def due(m) -> str:
    """The SLA countdown in words ("late by 3 h 10 min", "due in 40 min"), for mentions still open."""
    if m.state not in mentions.OPEN_STATES:
        return ""
    return formatting.countdown(m.sla_remaining_minutes)


def followers(n: int | None) -> str:
    if not n:
        return ""
    return f"{n / 1000:.0f}k followers" if n >= 10_000 else f"{n:,} followers"


def reply_card(r, key: str) -> None:
    with st.container(border=True):
        badge = " :orange-badge[dry run]" if r.dry_run else ""
        st.markdown(
            f"**{r.state.replace('_', ' ')}**{badge} · as {ui.escape_md(r.executive)} · written by "
            f"{ui.escape_md(r.written_by)}"
            + (f" · approved by {ui.escape_md(r.approved_by)}" if r.approved_by else "")
            + (f" · sent by {ui.escape_md(r.sent_by)}" if r.sent_by and r.state == ReplyState.SENT else "")
            + (f" · {ui.local_time(r.sent_at, r.timezone)}" if r.sent_at else "")
        )
        st.text(r.text)
        if r.x_post_id:
            st.caption(f"{'Dry-run id' if r.dry_run else 'X post'} {r.x_post_id}")
        if r.last_error:
            st.error(r.last_error)
        if r.state == ReplyState.FAILED and actor.can(Action.DRAFT_REPLY):
            retry, edit = st.columns(2)
            if retry.button("Retry sending", key=f"retry_{key}"):
                again = ui.run(lambda: replies.retry_reply(db, actor, r.id, x))
                if again is not None:
                    notice(r.mention_id, f"Reply {r.id} is {again.state}.")
                    st.rerun()
            if edit.button("Edit the text", key=f"edit_{key}") and ui.run(
                lambda: replies.withdraw_reply(db, actor, r.id)
            ):
                st.session_state.update(reply_text=r.text, revising=r.id)
                st.rerun()


def insert_saved(saved: dict[int, "replies.SavedReplyView"]) -> None:
    """A callback: the saved reply goes into the reply box (after what is there) before the box is drawn."""
    chosen = saved.get(st.session_state.get("saved_pick"))
    if chosen:
        before = (st.session_state.get("reply_text") or "").rstrip()
        st.session_state["reply_text"] = f"{before} {chosen.text}".strip() if before else chosen.text


def use_draft(text: str) -> None:
    st.session_state.update(reply_text=text, reply_ai=True)


def saved_replies_box() -> None:
    saved = {s.id: s for s in replies.list_saved_replies(db, actor)}
    if saved:
        pick, insert = st.columns([3, 1], vertical_alignment="bottom")
        pick.selectbox(
            "Saved replies",
            list(saved),
            format_func=lambda i: f"{saved[i].title}: {saved[i].text[:60]}",
            key="saved_pick",
        )
        insert.button("Insert", key="insert_saved", on_click=insert_saved, args=(saved,), width="stretch")
    if actor.can(Action.MANAGE_SAVED_REPLIES):
        # keyed: the expander stays open across the reruns its own buttons cause
        with st.expander("Manage saved replies", key="saved_manage", on_change="rerun"):
            with st.form("saved_form", clear_on_submit=True, border=False):
                title = st.text_input("Title", max_chars=80)
                text = st.text_area("Text (without a signature: sending signs it)", max_chars=280)
                create = st.form_submit_button("Save this reply for later")
            if create:
                made = ui.run(lambda: replies.create_saved_reply(db, actor, title, text))
                if made is not None:
                    notice(st.session_state["reply_for"], f"Saved reply '{made.title}' added.")
                    st.rerun()
            for s in saved.values():
                row, remove = st.columns([4, 1], vertical_alignment="center")
                row.text(f"{s.title}: {s.text}")
                if remove.button("Delete", key=f"saved_delete_{s.id}") and done(
                    lambda s=s: replies.delete_saved_reply(db, actor, s.id)
                ):
                    notice(st.session_state["reply_for"], f"Saved reply '{s.title}' deleted.")
                    st.rerun()


def answer(m, preview) -> None:
    """Drafts, saved replies, the reply and exactly what goes out, the live checklist, and submit."""
    notes = st.text_input("Your notes for the drafts (optional)", key="reply_notes")
    if st.button("Draft three replies"):
        st.session_state["reply_drafts"] = ui.run(
            lambda: replies.draft_replies(db, actor, ui.drafter(EXECUTIVES.get(m.executive_id, "")), m.id, notes)
        )
    for i, checked in enumerate(st.session_state.get("reply_drafts") or []):
        with st.container(border=True):
            st.text(checked.draft.text)
            verdict = ui.verdict_words(checked.check.verdict).lower()
            st.caption(f"Voice fidelity {formatting.percent(checked.fidelity)} · checklist: {verdict}")
            st.button("Use this draft", key=f"use_reply_{i}", on_click=use_draft, args=(checked.draft.text,))
    saved_replies_box()
    text = st.text_area("Reply", key="reply_text", height=110, placeholder="Answer the way the executive would.")
    outgoing = preview.outgoing(text) if text.strip() else ""
    if outgoing:
        st.caption(
            "Goes out exactly as:" + (f" (signed {preview.signature} once, by the app)" if preview.signature else "")
        )
        st.text(outgoing)
        ui.show_check(outgoing, drafting.check_post_text(db, actor, outgoing, "x"))
    if st.button("Send or submit reply", type="primary", disabled=not text.strip()):
        outcome = ui.run(
            lambda: replies.submit_reply(
                db,
                actor,
                m.id,
                text,
                x,
                reply_id=st.session_state.get("revising"),
                ai_assisted=bool(st.session_state.get("reply_ai")),
            )
        )
        if outcome is not None:
            r, why = outcome.reply, "; ".join(outcome.decision.reasons)
            message = {
                "send": f"Reply {r.id} is {r.state}" + (" (dry run: nothing sent to X)" if r.dry_run else ""),
                "approval": f"Reply {r.id} waits for approval: {why}.",
                "escalate": f"Mention {m.id} is escalated to the executive: {why}.",
            }[outcome.decision.outcome]
            if r.state == ReplyState.FAILED:
                notice(m.id, r.last_error or f"Reply {r.id} failed; retry or edit it below.", "error")
            else:
                notice(m.id, message)
            ui.forget(*REPLY_KEYS)
            st.rerun()


def mention_actions(m, chosen: int) -> None:
    held = m.claimed_by_id == actor.member_id
    if actor.can(Action.CLAIM_MENTION):
        names = mentions.sla_class_names()
        chosen_class = st.selectbox(
            "SLA class", names, index=names.index(m.sla_class) if m.sla_class in names else 0, key=f"sla_{chosen}"
        )
        if chosen_class != m.sla_class and done(lambda: mentions.set_sla_class(db, actor, chosen, chosen_class)):
            notice(chosen, f"Mention {chosen} is now in the {chosen_class} class.")
            st.rerun()
    if actor.can(Action.CLAIM_MENTION) and m.state in mentions.OPEN_STATES:
        c1, c2, c3 = st.columns(3)
        if not held and c1.button("Claim", type="primary", width="stretch"):
            if ui.run(lambda: mentions.claim_mention(db, actor, chosen)):
                notice(chosen, f"You hold mention {chosen} for the next {mentions.CLAIM_TTL.seconds // 60} minutes.")
                st.rerun()
        if held and c1.button("Release", width="stretch") and done(lambda: mentions.release_claim(db, actor, chosen)):
            notice(chosen, f"Mention {chosen} is free for someone else.")
            st.rerun()
        if (
            actor.can(Action.ESCALATE_MENTION)
            and c2.button("Escalate to the executive", width="stretch")
            and done(lambda: mentions.escalate_mention(db, actor, chosen, "escalated from the inbox"))
        ):
            notice(chosen, f"Mention {chosen} is escalated to the executive.")
            st.rerun()
        if (
            actor.can(Action.DISMISS_MENTION)
            and c3.button("Dismiss", width="stretch")
            and done(lambda: mentions.dismiss_mention(db, actor, chosen, "no answer needed"))
        ):
            notice(chosen, f"Mention {chosen} is dismissed.")
            st.rerun()


def mention_panel(chosen: int) -> None:
    """The open mention: who wrote it, the thread, what the policy will do, the actions and the replies."""
    detail = ui.run(lambda: mentions.mention_detail(db, actor, chosen))
    if detail is None:
        open_mention(None)
        return
    m = detail.mention
    with st.container(border=True, key="open_mention"):
        head, close = st.columns([5, 1], vertical_alignment="center")
        head.subheader(f"Mention #{m.id}")
        if close.button("Close", key="close_mention", width="stretch"):
            open_mention(None)
            st.rerun()
        show_notice(chosen)
        st.markdown(
            f"**{ui.escape_md(m.author_name or m.author_handle)}** @{ui.escape_md(m.author_handle)}"
            + (f" · {followers(m.author_followers)}" if m.author_followers else "")
            + (" · verified" if m.author_verified else "")
            + f" · {detail.earlier_count} earlier conversation(s) with the executive"
        )
        for t in detail.thread:
            st.caption(f"in the thread · @{ui.escape_md(t.author_handle)}: {ui.escape_md(t.text)}")
        st.text(m.text)  # someone else's words: shown as text, never as markup
        st.caption(
            f"{m.sla_class} · {due(m) or m.state.replace('_', ' ')} · posted {ui.local_time(m.posted_at, m.timezone)}"
        )
        if m.state in mentions.OPEN_STATES and actor.can(Action.VIEW_MENTIONS):
            preview = replies.reply_policy(db, actor, chosen)
            show = {"send": st.success, "approval": st.warning, "escalate": st.error}[preview.outcome]
            show(preview.headline + ".", icon=":material/policy:")
        else:
            preview = None
        if detail.earlier:  # folded: on a phone the actions stay within a thumb's reach
            with st.expander(f"Earlier conversations with this author ({detail.earlier_count})"):
                for e in detail.earlier:
                    st.caption(f"{e.state} · {ui.local_time(e.posted_at, e.timezone)}: {ui.escape_md(e.text[:120])}")
        if m.claimed_by and m.claimed_by_id != actor.member_id:
            st.info(
                f"{m.claimed_by} is answering this mention (until {ui.local_time(m.claim_expires_at, m.timezone)})."
            )
        mention_actions(m, chosen)
        if preview is not None and m.claimed_by_id == actor.member_id and actor.can(Action.DRAFT_REPLY):
            answer(m, preview)
        for r in replies.list_replies(db, actor, mention_id=chosen):
            reply_card(r, f"m{r.id}")


def bulk_actions(page) -> None:
    """Several mentions at once: each action one service call, all or nothing (the error names the ones in the way)."""
    can = {a: actor.can(a) for a in (Action.DISMISS_MENTION, Action.CLAIM_MENTION)}
    if not any(can.values()) or not page.items:
        return
    labels = {m.id: f"#{m.id} @{m.author_handle}: {m.text[:50]}" for m in page.items}
    with st.expander("Act on several mentions"):
        if st.checkbox("Select every mention on this page", key="bulk_all"):
            picked = list(labels)
        else:
            picked = st.multiselect("Mentions", list(labels), format_func=labels.get, key="bulk_ids")
        result = st.empty()

        def report(action, verb: str) -> None:
            changed = ui.run(action)
            if changed is not None:
                st.session_state["bulk_done"] = f"{len(changed)} mention(s) {verb}."
                ui.forget("bulk_ids", "bulk_all")
                st.rerun()

        if can[Action.DISMISS_MENTION] and st.button("Dismiss the selected", disabled=not picked):
            report(
                lambda: mentions.dismiss_mentions(db, actor, picked, "dismissed from the inbox (several)"), "dismissed"
            )
        if can[Action.CLAIM_MENTION]:
            people = mentions.assignable_members(db, actor)
            who, go = st.columns([3, 1], vertical_alignment="bottom")
            member = who.selectbox("Assign to", list(people), format_func=people.get, key="bulk_member")
            if go.button("Assign", disabled=not picked or member is None, width="stretch"):
                report(lambda: mentions.assign_mentions(db, actor, picked, member), f"assigned to {people[member]}")
            names = mentions.sla_class_names()
            which, set_ = st.columns([3, 1], vertical_alignment="bottom")
            sla_class = which.selectbox("Set the class", names, key="bulk_class")
            if set_.button("Set class", disabled=not picked, width="stretch"):
                report(
                    lambda: mentions.set_sla_classes(db, actor, picked, sla_class), f"moved to the {sla_class} class"
                )
        message = st.session_state.pop("bulk_done", None)
        if message:
            result.success(message)


def inbox_tab() -> None:
    search = st.text_input(
        "Search mentions", key="mention_search", placeholder="author, @handle or words", icon=":material/search:"
    )
    # Folded away so that on a phone the list comes first; the key keeps it open across reruns.
    with st.expander("Filters, order and page", key="inbox_filters", on_change="rerun"):
        f1, f2 = st.columns(2)
        states = f1.multiselect("State", STATES, default=list(mentions.OPEN_STATES))
        classes = f2.multiselect("Class", mentions.sla_class_names())
        f3, f4, f5 = st.columns(3)
        at_risk = f3.checkbox("At risk or late only")
        mine = f4.checkbox("Assigned to me")
        newest = f5.toggle("Newest first", help="By default the most urgent come first.")
        page_number = st.number_input("Page", min_value=1, value=1, step=1)
    page = mentions.list_mentions(
        db,
        actor,
        states=tuple(states),
        sla_classes=tuple(classes),
        at_risk_only=at_risk,
        assigned_to_me=mine,
        page=int(page_number),
        page_size=50,
        search=search,
        sort="newest" if newest else "urgency",
    )
    pages = max(1, -(-page.total // page.page_size))
    order = "newest first" if newest else "most urgent first"
    st.caption(
        f"{page.total} mention(s), {order}; page {page.page} of {pages}. Times in "
        + ", ".join(formatting.zone_label(z) for z in ZONES)
        + ". Click a row to open it."
    )
    wide, phone = ui.wide_and_phone("mention_list")
    event = wide.dataframe(
        [
            {
                "Due": due(m) or m.state.replace("_", " "),
                "From": f"@{m.author_handle}" + (f" ({followers(m.author_followers)})" if m.author_followers else ""),
                "Mention": m.text,
                "Class": m.sla_class,
                "Posted": ui.local_time(m.posted_at, m.timezone),
                "Urgency": URGENCY.get(m.sla_state, "") if m.state in mentions.OPEN_STATES else "",
                "State": m.state.replace("_", " "),
                "Held by": m.claimed_by or "",
                "#": m.id,
            }
            for m in page.items
        ],
        hide_index=True,
        width="stretch",
        key="mention_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={"Mention": st.column_config.TextColumn(width="large")},
    )
    with phone:  # the same page of mentions as cards a thumb can open
        for m in page.items:
            with st.container(border=True, key=f"mention_card_{m.id}"):
                # the countdown already says late or due; only "at risk" adds something
                urgency = "at risk" if m.state in mentions.OPEN_STATES and m.sla_state == "at_risk" else ""
                st.markdown(
                    f"**{ui.escape_md(due(m) or m.state.replace('_', ' '))}** · {ui.escape_md(m.sla_class)}"
                    + (f" · {ui.escape_md(urgency)}" if urgency else "")
                )
                who = f"@{m.author_handle}" + (f" ({followers(m.author_followers)})" if m.author_followers else "")
                st.caption(f"{ui.escape_md(who)} · {ui.local_time(m.posted_at, m.timezone)}")
                st.text(m.text)  # their words, as text
                st.button(
                    f"Open mention {m.id}",
                    key=f"open_card_{m.id}",
                    on_click=open_mention,
                    args=(m.id,),
                    width="stretch",  # a thumb's target
                )
    rows = tuple(event.selection.rows) if event else ()
    if rows and rows != st.session_state.get("table_pick") and rows[0] < len(page.items):
        open_mention(page.items[rows[0]].id)  # a new click; the same selection on a rerun changes nothing
    st.session_state["table_pick"] = rows
    bulk_actions(page)
    chosen = st.session_state.get("reply_for")
    if chosen:
        mention_panel(chosen)
    elif page.items:
        st.caption("Click a row above to open a mention.")


def approvals_tab() -> None:
    message = st.session_state.pop("approval_notice", None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    waiting = replies.approval_queue(db, actor)
    st.caption(f"{len(waiting)} repl{'y' if len(waiting) == 1 else 'ies'} waiting for your approval")
    for r in waiting:
        with st.container(border=True):
            st.caption(f"@{ui.escape_md(r.mention_author)} wrote:")
            st.text(r.mention_text)
            st.caption(
                f"{ui.escape_md(r.written_by)} replies as {ui.escape_md(r.executive)} · "
                f"{ui.local_time(r.created_at, r.timezone)} · held because: "
                f"{ui.escape_md('; '.join(r.reasons) or 'the policy asks for approval')}"
            )
            text = st.text_area("Reply", r.text, key=f"approve_text_{r.id}")
            ui.show_check(text, drafting.check_post_text(db, actor, text, "x"))
            ok, no = st.columns(2)
            if ok.button("Approve and send", key=f"approve_{r.id}", type="primary", width="stretch"):
                sent = ui.run(lambda r=r, text=text: replies.approve_reply(db, actor, r.id, x, text=text))
                if sent is not None:
                    st.session_state["approval_notice"] = (
                        "error" if sent.last_error else "success",
                        f"Reply {r.id} is {sent.state}"
                        + (" (dry run)" if sent.dry_run else "")
                        + (f": {sent.last_error}" if sent.last_error else "."),
                    )
                    st.rerun()
            if no.button("Reject", key=f"reject_{r.id}", width="stretch") and ui.run(
                lambda r=r: replies.reject_reply(db, actor, r.id, "rejected from the inbox")
            ):
                st.session_state["approval_notice"] = (
                    "success",
                    f"Reply {r.id} rejected; the mention is back in the inbox.",
                )
                st.rerun()
    if Role.EXECUTIVE in actor.roles:
        escalated = mentions.list_mentions(db, actor, states=(MentionState.ESCALATED.value,), page_size=50)
        st.subheader(f"Escalated to you ({escalated.total})")
        for m in escalated.items:
            line, go = st.columns([5, 1], vertical_alignment="center")
            line.markdown(
                f"**{ui.escape_md(due(m) or m.state)}** · {m.sla_class} · @{ui.escape_md(m.author_handle)}: "
                f"{ui.escape_md(m.text[:100])}"
            )
            go.button("Open", key=f"open_escalated_{m.id}", on_click=open_from_elsewhere, args=(m.id,))


def on_behalf_tab() -> None:
    said = replies.said_on_my_behalf(db, actor)
    st.caption(f"{len(said)} repl{'y' if len(said) == 1 else 'ies'} sent in your name in the last 7 days")
    st.dataframe(
        [
            {
                "Sent": ui.local_time(r.sent_at, r.timezone),
                "To": f"@{r.mention_author}",
                "They wrote": r.mention_text,
                "Reply": r.text,
                "Written by": r.written_by,
                "Approved by": r.approved_by or "",
                "Dry run": "yes" if r.dry_run else "",
            }
            for r in said
        ],
        hide_index=True,
        width="stretch",
    )


names = [TAB_MENTIONS]
if actor.can(Action.APPROVE_REPLY):
    names.append(TAB_APPROVALS)
if Role.EXECUTIVE in actor.roles:
    names.append(TAB_SAID)
if st.session_state.get("inbox_tab") not in names:
    st.session_state.pop("inbox_tab", None)
# A keyed tab bar keeps the tab the user is on across the reruns that actions cause.
tabs = dict(zip(names, st.tabs(names, key="inbox_tab", on_change="rerun"), strict=True))
with tabs[TAB_MENTIONS]:
    inbox_tab()
if TAB_APPROVALS in tabs:
    with tabs[TAB_APPROVALS]:
        approvals_tab()
if TAB_SAID in tabs:
    with tabs[TAB_SAID]:
        on_behalf_tab()
