"""Inbox: mentions with their SLA countdown; claim one, reply in the executive's voice, let the policy decide.
Executives and reviewers also see the replies waiting for them; executives what the team said in their name."""

import streamlit as st

from assistant import ui
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
EXECUTIVES = {e.id: e.name for e in workspace.list_executives(db, actor)}

reader = ui.x_account()


def fetch_from_x(executive_id: int, name: str, status) -> None:
    def report(p) -> None:
        status.write(f"{name}: {p.stream.replace('_', ' ')} page {p.page}, {p.posts} read, {p.stored} new")

    outcome = ui.run(lambda: mentions.sync_from_x(db, actor, reader, executive_id, progress=report))
    if outcome is not None:
        status.write(f"{name}: {outcome.summary()}")


if getattr(reader, "can_read", False) and EXECUTIVES and st.button("Fetch new mentions from X"):
    with st.status("Reading X…", expanded=True) as status:
        for executive_id, name in EXECUTIVES.items():
            fetch_from_x(executive_id, name, status)
        status.update(label="X read", state="complete")


def done(action) -> bool:
    """True when the service call went through (its error, if any, is already shown)."""
    return ui.run(lambda: action() or True) is not None


def due(m) -> str:
    """The SLA countdown in words, on the class's own clock."""
    if m.sla_remaining_minutes is None or m.state in (MentionState.REPLIED, MentionState.DISMISSED):
        return ""
    left = m.sla_remaining_minutes
    span = f"{abs(left) / 60:.1f} h" if abs(left) >= 90 else f"{abs(left):.0f} min"
    return f"late by {span}" if left < 0 else f"in {span}"


def reply_card(r, key: str) -> None:
    with st.container(border=True):
        badge = " :orange-badge[dry run]" if r.dry_run else ""
        st.markdown(
            f"**{r.state.replace('_', ' ')}**{badge} · as {ui.escape_md(r.executive)} · written by "
            f"{ui.escape_md(r.written_by)}"
            + (f" · approved by {ui.escape_md(r.approved_by)}" if r.approved_by else "")
            + (f" · sent by {ui.escape_md(r.sent_by)}" if r.sent_by and r.state == ReplyState.SENT else "")
        )
        st.text(r.text)
        if r.x_post_id:
            st.caption(f"{'Dry-run id' if r.dry_run else 'X post'} {r.x_post_id}")
        if r.last_error:
            st.error(r.last_error)
        if r.state == ReplyState.FAILED and actor.can(Action.DRAFT_REPLY):
            retry, edit = st.columns(2)
            if retry.button("Retry sending", key=f"retry_{key}"):
                done = ui.run(lambda: replies.retry_reply(db, actor, r.id, x))
                if done is not None:
                    ui.flash(f"Reply {r.id} is {done.state}.")
                    st.rerun()
            if edit.button("Edit the text", key=f"edit_{key}") and ui.run(
                lambda: replies.withdraw_reply(db, actor, r.id)
            ):
                st.session_state.update(reply_text=r.text, revising=r.id)
                st.rerun()


def answer(m) -> None:
    """Drafts, the live checklist, and submit: the delegation policy decides what happens."""
    notes = st.text_input("Your notes for the drafts (optional)", key="reply_notes")
    if st.button("Draft three replies"):
        st.session_state["reply_drafts"] = ui.run(
            lambda: replies.draft_replies(db, actor, ui.drafter(EXECUTIVES.get(m.executive_id, "")), m.id, notes)
        )
    for i, checked in enumerate(st.session_state.get("reply_drafts") or []):
        with st.container(border=True):
            st.text(checked.draft.text)
            st.caption(f"Voice fidelity {checked.fidelity:.0%} · checklist: {checked.check.verdict.replace('_', ' ')}")
            if st.button("Use this draft", key=f"use_reply_{i}"):
                st.session_state.update(reply_text=checked.draft.text, reply_ai=True)
                st.rerun()
    text = st.text_area("Reply", key="reply_text", height=110, placeholder="Answer the way the executive would.")
    if text.strip():
        ui.show_check(text, drafting.check_post_text(db, actor, text, "x"))
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
                st.error(r.last_error)  # the text is kept: retry or edit it below
            else:
                ui.flash(message)
            ui.forget("reply_text", "reply_drafts", "reply_ai", "revising", "reply_notes")
            st.rerun()


def inbox_tab() -> None:
    f1, f2, f3, f4 = st.columns([3, 2, 1, 1])
    states = f1.multiselect("State", STATES, default=list(mentions.OPEN_STATES))
    classes = f2.multiselect("Class", mentions.sla_class_names())
    at_risk = f3.checkbox("At risk")
    mine = f4.checkbox("Assigned to me")
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
    )
    st.caption(f"{page.total} mention(s); page {page.page} of {max(1, -(-page.total // page.page_size))}")
    st.dataframe(
        [
            {
                "id": m.id,
                "due": due(m),
                "sla": m.sla_state.replace("_", " "),
                "class": m.sla_class,
                "state": m.state,
                "from": f"@{m.author_handle}",
                "followers": m.author_followers,
                "verified": m.author_verified,
                "text": m.text,
                "held by": m.claimed_by or "",
                "when": ui.local_time(m.posted_at),
            }
            for m in page.items
        ],
        hide_index=True,
        width="stretch",
    )
    if not page.items:
        return
    options = {m.id: f"#{m.id} @{m.author_handle}: {m.text[:60]}" for m in page.items}
    # Start on the first mention nobody holds (your own claims are one filter away: "Assigned to me").
    # The last chosen mention keeps its place (a changing default would reset the widget).
    free = next((i for i, m in enumerate(page.items) if m.claimed_by_id is None and m.state != MentionState.REPLIED), 0)
    index = list(options).index(st.session_state["reply_for"]) if st.session_state.get("reply_for") in options else free
    chosen = st.selectbox("Mention", list(options), index=index, format_func=options.get)
    if st.session_state.get("reply_for") != chosen:  # another mention: its own reply, not the last one's
        ui.forget("reply_text", "reply_drafts", "reply_ai", "revising", "reply_notes")
        st.session_state["reply_for"] = chosen
    detail = mentions.mention_detail(db, actor, chosen)
    m = detail.mention
    with st.container(border=True):
        st.markdown(
            f"**{ui.escape_md(m.author_name or m.author_handle)}** @{ui.escape_md(m.author_handle)} · "
            f"{m.author_followers or 0:,} followers"
            + (" · verified" if m.author_verified else "")
            + f" · {detail.earlier_count} earlier conversation(s) with the executive"
        )
        for t in detail.thread:
            st.caption(f"in the thread · @{ui.escape_md(t.author_handle)}: {ui.escape_md(t.text)}")
        st.text(m.text)  # someone else's words: shown as text, never as markup
        st.caption(f"{m.sla_class} · {due(m) or m.state} · {ui.local_time(m.posted_at)}")
        for e in detail.earlier:
            st.caption(f"earlier ({e.state}) · {ui.local_time(e.posted_at)}: {ui.escape_md(e.text[:120])}")
    if m.claimed_by and m.claimed_by_id != actor.member_id:
        st.info(f"{m.claimed_by} is answering this mention (claim until {ui.local_time(m.claim_expires_at)}).")
    held = m.claimed_by_id == actor.member_id
    if actor.can(Action.CLAIM_MENTION):
        names = mentions.sla_class_names()
        chosen_class = st.selectbox(
            "SLA class", names, index=names.index(m.sla_class) if m.sla_class in names else 0, key=f"sla_{chosen}"
        )
        if chosen_class != m.sla_class and done(lambda: mentions.set_sla_class(db, actor, chosen, chosen_class)):
            st.rerun()
    if actor.can(Action.CLAIM_MENTION) and m.state in mentions.OPEN_STATES:
        c1, c2, c3 = st.columns(3)
        if (
            not held
            and c1.button("Claim", type="primary")
            and ui.run(lambda: mentions.claim_mention(db, actor, chosen))
        ):
            ui.flash(f"You hold mention {chosen} for the next {mentions.CLAIM_TTL.seconds // 60} minutes.")
            st.rerun()
        if held and c1.button("Release") and done(lambda: mentions.release_claim(db, actor, chosen)):
            st.rerun()
        if (
            actor.can(Action.ESCALATE_MENTION)
            and c2.button("Escalate to the executive")
            and done(lambda: mentions.escalate_mention(db, actor, chosen, "escalated from the inbox"))
        ):
            ui.flash(f"Mention {chosen} is escalated to the executive.")
            st.rerun()
        if (
            actor.can(Action.DISMISS_MENTION)
            and c3.button("Dismiss")
            and done(lambda: mentions.dismiss_mention(db, actor, chosen, "no answer needed"))
        ):
            st.rerun()
    if held and actor.can(Action.DRAFT_REPLY):
        answer(m)
    for r in replies.list_replies(db, actor, mention_id=chosen):
        reply_card(r, f"m{r.id}")


def approvals_tab() -> None:
    waiting = replies.approval_queue(db, actor)
    st.caption(f"{len(waiting)} repl{'y' if len(waiting) == 1 else 'ies'} waiting for your approval")
    for r in waiting:
        with st.container(border=True):
            st.caption(f"@{ui.escape_md(r.mention_author)} wrote:")
            st.text(r.mention_text)
            st.caption(
                f"{ui.escape_md(r.written_by)} replies as {ui.escape_md(r.executive)} · held because: "
                f"{ui.escape_md('; '.join(r.reasons) or 'the policy asks for approval')}"
            )
            text = st.text_area("Reply", r.text, key=f"approve_text_{r.id}")
            ui.show_check(text, drafting.check_post_text(db, actor, text, "x"))
            ok, no = st.columns(2)
            if ok.button("Approve and send", key=f"approve_{r.id}", type="primary"):
                done = ui.run(lambda r=r, text=text: replies.approve_reply(db, actor, r.id, x, text=text))
                if done is not None:
                    ui.flash(
                        f"Reply {r.id} is {done.state}"
                        + (" (dry run)" if done.dry_run else "")
                        + (f": {done.last_error}" if done.last_error else ".")
                    )
                    st.rerun()
            if no.button("Reject", key=f"reject_{r.id}") and ui.run(
                lambda r=r: replies.reject_reply(db, actor, r.id, "rejected from the inbox")
            ):
                ui.flash(f"Reply {r.id} rejected; the mention is back in the inbox.")
                st.rerun()
    if Role.EXECUTIVE in actor.roles:
        escalated = mentions.list_mentions(db, actor, states=(MentionState.ESCALATED.value,), page_size=50)
        st.subheader(f"Escalated to you ({escalated.total})")
        st.dataframe(
            [
                {"id": m.id, "due": due(m), "class": m.sla_class, "from": f"@{m.author_handle}", "text": m.text}
                for m in escalated.items
            ],
            hide_index=True,
            width="stretch",
        )


def on_behalf_tab() -> None:
    said = replies.said_on_my_behalf(db, actor)
    st.caption(f"{len(said)} repl{'y' if len(said) == 1 else 'ies'} sent in your name in the last 7 days")
    st.dataframe(
        [
            {
                "sent": ui.local_time(r.sent_at),
                "to": f"@{r.mention_author}",
                "they wrote": r.mention_text,
                "reply": r.text,
                "written by": r.written_by,
                "approved by": r.approved_by or "",
                "dry run": r.dry_run,
            }
            for r in said
        ],
        hide_index=True,
        width="stretch",
    )


names = ["Mentions"]
if actor.can(Action.APPROVE_REPLY):
    names.append("Waiting for your approval")
if Role.EXECUTIVE in actor.roles:
    names.append("Said on your behalf")
tabs = dict(zip(names, st.tabs(names), strict=True))
with tabs["Mentions"]:
    inbox_tab()
if "Waiting for your approval" in tabs:
    with tabs["Waiting for your approval"]:
        approvals_tab()
if "Said on your behalf" in tabs:
    with tabs["Said on your behalf"]:
        on_behalf_tab()
