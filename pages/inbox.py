"""Inbox: mentions most urgent first; click one to open it, see what the delegation policy will do, claim it,
reply in the executive's voice (saved replies at hand, signed once). Several at once: dismiss, assign, set class.
Executives and reviewers also see the replies waiting for them; executives what the team said in their name.
After any action the page stays on the same tab and the same mention, and says what happened there."""

import streamlit as st

from assistant import formatting, ui
from assistant.domain.roles import Action, Role
from assistant.domain.states import MentionState, ReplyState
from assistant.i18n import N_, _, n_
from assistant.services import drafting, mentions, replies, workspace

# Urgencies are identifiers (in filters); these are the words shown for them.
URGENCY = {"breached": N_("late"), "at_risk": N_("at risk"), "on_track": N_("on track"), "met": N_("answered in time")}
STREAM_NAMES = {"mentions": N_("mentions"), "own_posts": N_("own posts")}
REPLY_KEYS = ("reply_text", "reply_drafts", "reply_ai", "revising", "reply_notes")
TAB_MENTIONS, TAB_APPROVALS, TAB_SAID = N_("Mentions"), N_("Waiting for your approval"), N_("Said on your behalf")


def mention_state(value: str) -> str:
    return ui.state_words(value)


def reply_state(value: str) -> str:
    return ui.state_words(value)


def sla_class(value: str) -> str:
    return ui.sla_class_name(value)


actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Inbox"))
ui.show_flash()
x = ui.x_account()
if x.dry_run:
    st.caption(_(":orange-badge[Dry run] No X keys are configured: replies are recorded here, nothing is sent to X."))

STATES = [*mentions.OPEN_STATES, MentionState.REPLIED.value, MentionState.DISMISSED.value]
EXECUTIVE_LIST = workspace.list_executives(db, actor)
EXECUTIVES = {e.id: e.name for e in EXECUTIVE_LIST}
ZONES = sorted({e.timezone for e in EXECUTIVE_LIST}) or ["UTC"]


def fetch_from_x(executive_id: int, name: str, status) -> None:
    def report(p) -> None:
        status.write(
            _(
                "{name}: {stream} page {page}, {read} read, {new} new",
                name=ui.escape_md(name),
                stream=ui.escape_md(ui.in_words(STREAM_NAMES, p.stream)),
                page=p.page,
                read=int(p.posts),
                new=int(p.stored),
            )
        )

    outcome = ui.run(lambda: mentions.sync_from_x(db, actor, x, executive_id, progress=report))
    if outcome is not None:
        status.write(ui.escape_md(f"{name}: {outcome.summary()}"))


if getattr(x, "can_read", False) and EXECUTIVES and st.button(_("Fetch new mentions from X")):
    with st.status(_("Reading X…"), expanded=True) as status:
        for executive_id, name in EXECUTIVES.items():
            fetch_from_x(executive_id, name, status)
        status.update(label=_("X read"), state="complete")


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
    st.session_state["inbox_tab"] = _(TAB_MENTIONS)  # a keyed tab bar holds the label it shows


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
        (st.success if shown["kind"] == "success" else st.error)(ui.escape_md(shown["message"]))  # plain text


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
    if n >= 10_000:
        return _("{count}k followers", count=f"{n / 1000:.0f}")
    return n_("{number} follower", "{number} followers", n, number=formatting.number(n))


def reply_card(r, key: str) -> None:
    with st.container(border=True):
        badge = " :orange-badge[" + _("dry run") + "]" if r.dry_run else ""
        parts = [
            f"**{reply_state(r.state)}**{badge}",
            _("as {executive}", executive=ui.escape_md(r.executive)),
            _("written by {name}", name=ui.escape_md(r.written_by)),
        ]
        if r.edited_by:
            parts.append(_("edited by {names}", names=ui.escape_md(", ".join(r.edited_by))))
        if r.approved_by:
            parts.append(_("approved by {name}", name=ui.escape_md(r.approved_by)))
        if r.sent_by and r.state == ReplyState.SENT:
            parts.append(_("sent by {name}", name=ui.escape_md(r.sent_by)))
        if r.sent_at:
            parts.append(ui.local_time(r.sent_at, r.timezone))
        st.markdown(" · ".join(parts))
        st.text(r.text)
        if r.x_post_id:
            st.caption(_("Dry-run id {id}", id=r.x_post_id) if r.dry_run else _("X post {id}", id=r.x_post_id))
        if r.last_error:
            st.error(ui.escape_md(r.last_error))
        if r.state == ReplyState.FAILED and actor.can(Action.DRAFT_REPLY):
            retry, edit = st.columns(2)
            if retry.button(_("Retry sending"), key=f"retry_{key}"):
                again = ui.run(lambda: replies.retry_reply(db, actor, r.id, x))
                if again is not None:
                    notice(r.mention_id, _("Reply {id} is {state}.", id=r.id, state=reply_state(again.state)))
                    st.rerun()
            if edit.button(_("Edit the text"), key=f"edit_{key}") and ui.run(
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
            _("Saved replies"),
            list(saved),
            format_func=lambda i: f"{saved[i].title}: {saved[i].text[:60]}",
            key="saved_pick",
        )
        insert.button(_("Insert"), key="insert_saved", on_click=insert_saved, args=(saved,), width="stretch")
    if actor.can(Action.MANAGE_SAVED_REPLIES):
        # keyed: the expander stays open across the reruns its own buttons cause
        with st.expander(_("Manage saved replies"), key="saved_manage", on_change="rerun"):
            with st.form("saved_form", clear_on_submit=True, border=False):
                title = st.text_input(_("Title"), max_chars=80)
                text = st.text_area(_("Text (without a signature: sending signs it)"), max_chars=280)
                create = st.form_submit_button(_("Save this reply for later"))
            if create:
                made = ui.run(lambda: replies.create_saved_reply(db, actor, title, text))
                if made is not None:
                    notice(st.session_state["reply_for"], _("Saved reply '{title}' added.", title=made.title))
                    st.rerun()
            for s in saved.values():
                row, remove = st.columns([4, 1], vertical_alignment="center")
                row.text(f"{s.title}: {s.text}")
                if remove.button(_("Delete"), key=f"saved_delete_{s.id}") and done(
                    lambda s=s: replies.delete_saved_reply(db, actor, s.id)
                ):
                    notice(st.session_state["reply_for"], _("Saved reply '{title}' deleted.", title=s.title))
                    st.rerun()


def answer(m, preview) -> None:
    """Drafts, saved replies, the reply and exactly what goes out, the live checklist, and submit."""
    notes = st.text_input(_("Your notes for the drafts (optional)"), key="reply_notes")
    if st.button(_("Draft three replies")):
        st.session_state["reply_drafts"] = ui.run(
            lambda: replies.draft_replies(db, actor, ui.drafter(EXECUTIVES.get(m.executive_id, "")), m.id, notes)
        )
    for i, checked in enumerate(st.session_state.get("reply_drafts") or []):
        with st.container(border=True):
            st.text(checked.draft.text)
            verdict = ui.verdict_words(checked.check.verdict).lower()
            st.caption(
                _(
                    "Voice fidelity {fidelity} · checklist: {verdict}",
                    fidelity=formatting.percent(checked.fidelity),
                    verdict=verdict,
                )
            )
            st.button(_("Use this draft"), key=f"use_reply_{i}", on_click=use_draft, args=(checked.draft.text,))
    saved_replies_box()
    text = st.text_area(_("Reply"), key="reply_text", height=110, placeholder=_("Answer the way the executive would."))
    outgoing = preview.outgoing(text) if text.strip() else ""
    if outgoing:
        st.caption(
            _("Goes out exactly as: (signed {signature} once, by the app)", signature=ui.escape_md(preview.signature))
            if preview.signature
            else _("Goes out exactly as:")
        )
        st.text(outgoing)
        ui.show_check(outgoing, drafting.check_post_text(db, actor, outgoing, "x"))
    if st.button(_("Send or submit reply"), type="primary", disabled=not text.strip()):
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
                "send": (
                    _("Reply {id} is {state} (dry run: nothing sent to X)", id=r.id, state=reply_state(r.state))
                    if r.dry_run
                    else _("Reply {id} is {state}", id=r.id, state=reply_state(r.state))
                ),
                "approval": _("Reply {id} waits for approval: {why}.", id=r.id, why=why),
                "escalate": _("Mention {id} is escalated to the executive: {why}.", id=m.id, why=why),
            }[outcome.decision.outcome]
            if r.state == ReplyState.FAILED:
                notice(m.id, r.last_error or _("Reply {id} failed; retry or edit it below.", id=r.id), "error")
            else:
                notice(m.id, message)
            ui.forget(*REPLY_KEYS)
            st.rerun()


def class_choice(m, chosen: int) -> None:
    """The delegation policy reads the class: a delegate proposes one, a reviewer, the executive or an admin decides."""
    for p in mentions.sla_class_proposals(db, actor, mention_id=chosen):
        st.info(
            _(
                "{name} proposes the {proposed} class instead of {current}.",
                name=ui.escape_md(p.proposed_by),
                proposed=ui.escape_md(sla_class(p.proposed)),
                current=ui.escape_md(sla_class(p.current)),
            ),
            icon=":material/swap_horiz:",
        )
        if actor.can(Action.SET_SLA_CLASS):
            yes, no = st.columns(2)
            if yes.button(_("Accept the class"), key=f"accept_class_{chosen}", width="stretch") and done(
                lambda: mentions.decide_sla_class_proposal(db, actor, chosen, accept=True)
            ):
                notice(
                    chosen,
                    _("Mention {id} is now in the {sla_class} class.", id=chosen, sla_class=sla_class(p.proposed)),
                )
                st.rerun()
            if no.button(_("Decline"), key=f"decline_class_{chosen}", width="stretch") and done(
                lambda: mentions.decide_sla_class_proposal(db, actor, chosen, accept=False)
            ):
                notice(chosen, _("The class proposed for mention {id} is declined.", id=chosen))
                st.rerun()
    if actor.can(Action.PROPOSE_SLA_CLASS) and not actor.can(Action.SET_SLA_CLASS):
        names = mentions.sla_class_names()
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        proposed = pick.selectbox(
            _("Propose another SLA class"),
            names,
            index=names.index(m.sla_class) if m.sla_class in names else 0,
            format_func=sla_class,
            key=f"propose_{chosen}",
            help=_("The delegation policy reads the class: a reviewer, the executive or an admin decides."),
        )
        if go.button(
            _("Propose"), key=f"propose_go_{chosen}", disabled=proposed == m.sla_class, width="stretch"
        ) and done(lambda: mentions.propose_sla_class(db, actor, chosen, proposed)):
            notice(
                chosen,
                _(
                    "The {sla_class} class is proposed for mention {id}; "
                    "a reviewer, the executive or an admin decides.",
                    id=chosen,
                    sla_class=sla_class(proposed),
                ),
            )
            st.rerun()


def mention_actions(m, chosen: int) -> None:
    held = m.claimed_by_id == actor.member_id
    class_choice(m, chosen)
    if actor.can(Action.SET_SLA_CLASS):
        names = mentions.sla_class_names()
        chosen_class = st.selectbox(
            _("SLA class"),
            names,
            index=names.index(m.sla_class) if m.sla_class in names else 0,
            format_func=sla_class,
            key=f"sla_{chosen}",
        )
        if chosen_class != m.sla_class and done(lambda: mentions.set_sla_class(db, actor, chosen, chosen_class)):
            notice(
                chosen, _("Mention {id} is now in the {sla_class} class.", id=chosen, sla_class=sla_class(chosen_class))
            )
            st.rerun()
    # an escalated mention is the executive's: a delegate neither takes it back nor dismisses it
    executives_only = m.state == MentionState.ESCALATED and not actor.can(Action.SET_SLA_CLASS)
    if actor.can(Action.CLAIM_MENTION) and m.state in mentions.OPEN_STATES and not executives_only:
        c1, c2, c3 = st.columns(3)
        if not held and c1.button(_("Claim"), type="primary", width="stretch"):
            if ui.run(lambda: mentions.claim_mention(db, actor, chosen)):
                minutes = mentions.CLAIM_TTL.seconds // 60
                notice(
                    chosen,
                    n_(
                        "You hold mention {id} for the next {count} minute.",
                        "You hold mention {id} for the next {count} minutes.",
                        minutes,
                        id=chosen,
                    ),
                )
                st.rerun()
        if (
            held
            and c1.button(_("Release"), width="stretch")
            and done(lambda: mentions.release_claim(db, actor, chosen))
        ):
            notice(chosen, _("Mention {id} is free for someone else.", id=chosen))
            st.rerun()
        if (
            actor.can(Action.ESCALATE_MENTION)
            and c2.button(_("Escalate to the executive"), width="stretch")
            and done(lambda: mentions.escalate_mention(db, actor, chosen, "escalated from the inbox"))
        ):
            notice(chosen, _("Mention {id} is escalated to the executive.", id=chosen))
            st.rerun()
        if (
            actor.can(Action.DISMISS_MENTION)
            and c3.button(_("Dismiss"), width="stretch")
            and done(lambda: mentions.dismiss_mention(db, actor, chosen, "no answer needed"))
        ):
            notice(chosen, _("Mention {id} is dismissed.", id=chosen))
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
        head.subheader(_("Mention #{id}", id=m.id))
        if close.button(_("Close"), key="close_mention", width="stretch"):
            open_mention(None)
            st.rerun()
        show_notice(chosen)
        about = [f"**{ui.escape_md(m.author_name or m.author_handle)}** @{ui.escape_md(m.author_handle)}"]
        if m.author_followers:
            about.append(followers(m.author_followers))
        if m.author_verified:
            about.append(_("verified"))
        about.append(
            n_(
                "{count} earlier conversation with the executive",
                "{count} earlier conversations with the executive",
                detail.earlier_count,
            )
        )
        st.markdown(" · ".join(about))
        for t in detail.thread:
            st.caption(
                _("in the thread · @{handle}: {text}", handle=ui.escape_md(t.author_handle), text=ui.escape_md(t.text))
            )
        st.text(m.text)  # someone else's words: shown as text, never as markup
        st.caption(
            _(
                "{sla_class} · {due} · posted {when}",
                sla_class=ui.escape_md(sla_class(m.sla_class)),
                due=due(m) or mention_state(m.state),
                when=ui.local_time(m.posted_at, m.timezone),
            )
        )
        if m.state in mentions.OPEN_STATES and actor.can(Action.VIEW_MENTIONS):
            preview = replies.reply_policy(db, actor, chosen)
            show = {"send": st.success, "approval": st.warning, "escalate": st.error}[preview.outcome]
            show(ui.escape_md(preview.headline + "."), icon=":material/policy:")
        else:
            preview = None
        if detail.earlier:  # folded: on a phone the actions stay within a thumb's reach
            with st.expander(_("Earlier conversations with this author ({count})", count=detail.earlier_count)):
                for e in detail.earlier:
                    st.caption(
                        f"{mention_state(e.state)} · {ui.local_time(e.posted_at, e.timezone)}: "
                        f"{ui.escape_md(e.text[:120])}"
                    )
        if m.claimed_by and m.claimed_by_id != actor.member_id:
            st.info(
                _(
                    "{name} is answering this mention (until {when}).",
                    name=ui.escape_md(m.claimed_by),
                    when=ui.local_time(m.claim_expires_at, m.timezone),
                )
            )
        mention_actions(m, chosen)
        if preview is not None and m.claimed_by_id == actor.member_id and actor.can(Action.DRAFT_REPLY):
            answer(m, preview)
        for r in replies.list_replies(db, actor, mention_id=chosen):
            reply_card(r, f"m{r.id}")


def bulk_actions(page) -> None:
    """Several mentions at once: each action one service call, all or nothing (the error names the ones in the way)."""
    can = {
        a: actor.can(a)
        for a in (Action.DISMISS_MENTION, Action.CLAIM_MENTION, Action.SET_SLA_CLASS, Action.PROPOSE_SLA_CLASS)
    }
    if not any(can.values()) or not page.items:
        return
    labels = {m.id: f"#{m.id} @{m.author_handle}: {m.text[:50]}" for m in page.items}
    with st.expander(_("Act on several mentions")):
        if st.checkbox(_("Select every mention on this page"), key="bulk_all"):
            picked = list(labels)
        else:
            picked = st.multiselect(_("Mentions"), list(labels), format_func=labels.get, key="bulk_ids")
        result = st.empty()

        def report(action, message) -> None:
            """`message(count)` says what happened to that many mentions."""
            changed = ui.run(action)
            if changed is not None:
                st.session_state["bulk_done"] = message(len(changed))
                ui.forget("bulk_ids", "bulk_all")
                st.rerun()

        # English keeps its "mention(s)" wording; n_ gives languages with plurals their proper forms.
        if can[Action.DISMISS_MENTION] and st.button(_("Dismiss the selected"), disabled=not picked):
            report(
                lambda: mentions.dismiss_mentions(db, actor, picked, "dismissed from the inbox (several)"),
                lambda n: n_("{count} mention(s) dismissed.", "{count} mention(s) dismissed.", n),
            )
        if can[Action.CLAIM_MENTION]:
            people = mentions.assignable_members(db, actor)
            who, go = st.columns([3, 1], vertical_alignment="bottom")
            member = who.selectbox(_("Assign to"), list(people), format_func=people.get, key="bulk_member")
            if go.button(_("Assign"), disabled=not picked or member is None, width="stretch"):
                report(
                    lambda: mentions.assign_mentions(db, actor, picked, member),
                    lambda n: n_(
                        "{count} mention(s) assigned to {name}.",
                        "{count} mention(s) assigned to {name}.",
                        n,
                        name=people[member],
                    ),
                )
        names = mentions.sla_class_names()
        if can[Action.SET_SLA_CLASS]:
            which, set_class = st.columns([3, 1], vertical_alignment="bottom")
            new_class = which.selectbox(_("Set the class"), names, format_func=sla_class, key="bulk_class")
            if set_class.button(_("Set class"), disabled=not picked, width="stretch"):
                report(
                    lambda: mentions.set_sla_classes(db, actor, picked, new_class),
                    lambda n: n_(
                        "{count} mention(s) moved to the {sla_class} class.",
                        "{count} mention(s) moved to the {sla_class} class.",
                        n,
                        sla_class=sla_class(new_class),
                    ),
                )
        elif can[Action.PROPOSE_SLA_CLASS]:
            which, propose = st.columns([3, 1], vertical_alignment="bottom")
            new_class = which.selectbox(_("Propose a class"), names, format_func=sla_class, key="bulk_class")
            if propose.button(_("Propose class"), disabled=not picked, width="stretch"):
                report(
                    lambda: mentions.propose_sla_classes(db, actor, picked, new_class),
                    lambda n: n_(
                        "{count} mention(s): the {sla_class} class is proposed; a reviewer, the executive or an "
                        "admin decides.",
                        "{count} mention(s): the {sla_class} class is proposed; a reviewer, the executive or an "
                        "admin decides.",
                        n,
                        sla_class=sla_class(new_class),
                    ),
                )
        message = st.session_state.pop("bulk_done", None)
        if message:
            result.success(ui.escape_md(message))


def inbox_tab() -> None:
    search = st.text_input(
        _("Search mentions"),
        key="mention_search",
        placeholder=_("author, @handle or words"),
        icon=":material/search:",
    )
    # Folded away so that on a phone the list comes first; the key keeps it open across reruns.
    with st.expander(_("Filters, order and page"), key="inbox_filters", on_change="rerun"):
        f1, f2 = st.columns(2)
        states = f1.multiselect(_("State"), STATES, default=list(mentions.OPEN_STATES), format_func=mention_state)
        classes = f2.multiselect(_("Class"), mentions.sla_class_names(), format_func=sla_class)
        f3, f4, f5 = st.columns(3)
        at_risk = f3.checkbox(_("At risk or late only"))
        mine = f4.checkbox(_("Assigned to me"))
        newest = f5.toggle(_("Newest first"), help=_("By default the most urgent come first."))
        page_number = st.number_input(_("Page"), min_value=1, value=1, step=1)
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
    order = _("newest first") if newest else _("most urgent first")
    st.caption(
        n_(
            "{number} mention, {order}; page {page} of {pages}. Times in {zones}. Click a row to open it.",
            "{number} mentions, {order}; page {page} of {pages}. Times in {zones}. Click a row to open it.",
            page.total,
            number=formatting.number(page.total),
            order=order,
            page=page.page,
            pages=pages,
            zones=", ".join(formatting.zone_label(z) for z in ZONES),
        )
    )
    wide, phone = ui.wide_and_phone("mention_list")
    event = wide.dataframe(
        [
            {
                _("Due"): due(m) or mention_state(m.state),
                _("From"): f"@{m.author_handle}"
                + (f" ({followers(m.author_followers)})" if m.author_followers else ""),
                _("Mention"): m.text,
                _("Class"): sla_class(m.sla_class),
                _("Posted"): ui.local_time(m.posted_at, m.timezone),
                _("Urgency"): ui.in_words(URGENCY, m.sla_state) if m.state in mentions.OPEN_STATES else "",
                _("State"): mention_state(m.state),
                _("Held by"): m.claimed_by or "",
                "#": m.id,
            }
            for m in page.items
        ],
        hide_index=True,
        width="stretch",
        key="mention_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={_("Mention"): st.column_config.TextColumn(width="large")},
    )
    with phone:  # the same page of mentions as cards a thumb can open
        for m in page.items:
            with st.container(border=True, key=f"mention_card_{m.id}"):
                # the countdown already says late or due; only "at risk" adds something
                urgency = _("at risk") if m.state in mentions.OPEN_STATES and m.sla_state == "at_risk" else ""
                st.markdown(
                    f"**{ui.escape_md(due(m) or mention_state(m.state))}** · {ui.escape_md(sla_class(m.sla_class))}"
                    + (f" · {ui.escape_md(urgency)}" if urgency else "")
                )
                who = f"@{m.author_handle}" + (f" ({followers(m.author_followers)})" if m.author_followers else "")
                st.caption(f"{ui.escape_md(who)} · {ui.local_time(m.posted_at, m.timezone)}")
                st.text(m.text)  # their words, as text
                st.button(
                    _("Open mention {id}", id=m.id),
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
        st.caption(_("Click a row above to open a mention."))


def class_proposals_list() -> None:
    """Class changes delegates proposed, to accept or decline here (the policy reads the class)."""
    proposals = mentions.sla_class_proposals(db, actor)
    if not proposals:
        return
    st.subheader(_("Class changes proposed ({count})", count=len(proposals)))
    for p in proposals:
        line, yes, no = st.columns([4, 1, 1], vertical_alignment="center")
        line.markdown(
            _(
                "{name} proposes {proposed} instead of {current} for mention #{id} (@{handle}): {text}",
                name=ui.escape_md(p.proposed_by),
                proposed=ui.escape_md(sla_class(p.proposed)),
                current=ui.escape_md(sla_class(p.current)),
                id=p.mention_id,
                handle=ui.escape_md(p.author_handle),
                text=ui.escape_md(p.text[:100]),
            )
        )
        for column, label, accept in ((yes, _("Accept"), True), (no, _("Decline"), False)):
            if column.button(label, key=f"class_{'accept' if accept else 'decline'}_{p.mention_id}") and done(
                lambda p=p, accept=accept: mentions.decide_sla_class_proposal(db, actor, p.mention_id, accept=accept)
            ):
                st.session_state["approval_notice"] = (
                    "success",
                    _("Mention {id} is now in the {sla_class} class.", id=p.mention_id, sla_class=sla_class(p.proposed))
                    if accept
                    else _("The class proposed for mention {id} is declined.", id=p.mention_id),
                )
                st.rerun()


def approvals_tab() -> None:
    message = st.session_state.pop("approval_notice", None)
    if message:
        (st.success if message[0] == "success" else st.error)(ui.escape_md(message[1]))  # plain text
    waiting = replies.approval_queue(db, actor)
    st.caption(n_("{count} reply waiting for your approval", "{count} replies waiting for your approval", len(waiting)))
    for r in waiting:
        with st.container(border=True):
            st.caption(_("@{handle} wrote:", handle=ui.escape_md(r.mention_author)))
            st.text(r.mention_text)
            st.caption(
                _(
                    "{author} replies as {executive} · {when} · held because: {reasons}",
                    author=ui.escape_md(r.authors),
                    executive=ui.escape_md(r.executive),
                    when=ui.local_time(r.created_at, r.timezone),
                    reasons=ui.escape_md("; ".join(r.reasons) or _("the policy asks for approval")),
                )
            )
            text = st.text_area(_("Reply"), r.text, key=f"approve_text_{r.id}")
            ui.show_check(text, drafting.check_post_text(db, actor, text, "x"))
            ok, no = st.columns(2)
            # an edit is a new version by you: someone else approves it, nothing goes out now
            edited = text.strip() != r.text.strip()
            label = _("Save my edit for someone else's approval") if edited else _("Approve and send")
            if ok.button(label, key=f"approve_{r.id}", type="primary", width="stretch"):
                sent = ui.run(
                    lambda r=r, text=text: replies.approve_reply(db, actor, r.id, x, text=text, version=r.version)
                )
                if sent is not None and sent.state in (ReplyState.PENDING_APPROVAL, ReplyState.DRAFT):
                    st.session_state["approval_notice"] = (
                        "success",
                        _(
                            "Your edit of reply {id} is version {version}; "
                            "someone else approves it before it goes out.",
                            id=r.id,
                            version=sent.version,
                        )
                        if sent.state == ReplyState.PENDING_APPROVAL
                        else _(
                            "Your edit of reply {id} sends mention {mention} to the executive "
                            "(the policy escalates it).",
                            id=r.id,
                            mention=r.mention_id,
                        ),
                    )
                    st.rerun()
                if sent is not None:
                    values = {"id": r.id, "state": reply_state(sent.state), "error": sent.last_error}
                    if sent.last_error:
                        said = (
                            _("Reply {id} is {state} (dry run): {error}", **values)
                            if sent.dry_run
                            else _("Reply {id} is {state}: {error}", **values)
                        )
                    else:
                        said = (
                            _("Reply {id} is {state} (dry run).", **values)
                            if sent.dry_run
                            else _("Reply {id} is {state}.", **values)
                        )
                    st.session_state["approval_notice"] = ("error" if sent.last_error else "success", said)
                    st.rerun()
            if no.button(_("Reject"), key=f"reject_{r.id}", width="stretch") and ui.run(
                lambda r=r: replies.reject_reply(db, actor, r.id, "rejected from the inbox")
            ):
                st.session_state["approval_notice"] = (
                    "success",
                    _("Reply {id} rejected; the mention is back in the inbox.", id=r.id),
                )
                st.rerun()
    if actor.can(Action.SET_SLA_CLASS):
        class_proposals_list()
    if Role.EXECUTIVE in actor.roles:
        escalated = mentions.list_mentions(db, actor, states=(MentionState.ESCALATED.value,), page_size=50)
        st.subheader(_("Escalated to you ({count})", count=escalated.total))
        for m in escalated.items:
            line, go = st.columns([5, 1], vertical_alignment="center")
            line.markdown(
                f"**{ui.escape_md(due(m) or mention_state(m.state))}** · {ui.escape_md(sla_class(m.sla_class))} · "
                f"@{ui.escape_md(m.author_handle)}: {ui.escape_md(m.text[:100])}"
            )
            go.button(_("Open"), key=f"open_escalated_{m.id}", on_click=open_from_elsewhere, args=(m.id,))


def on_behalf_tab() -> None:
    said = replies.said_on_my_behalf(db, actor)
    st.caption(
        n_(
            "{count} reply sent in your name in the last 7 days",
            "{count} replies sent in your name in the last 7 days",
            len(said),
        )
    )
    st.dataframe(
        [
            {
                # who said what as the executive comes first: the long texts would push it out of sight
                _("Sent"): ui.local_time(r.sent_at, r.timezone),
                _("To"): f"@{r.mention_author}",
                _("Written by"): r.written_by,
                _("Edited by"): ", ".join(r.edited_by),
                _("Approved by"): r.approved_by or "",
                _("Reply"): r.text,
                _("They wrote"): r.mention_text,
                _("Dry run"): _("yes") if r.dry_run else "",
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
labels = [_(n) for n in names]  # the tab bar's key holds the label shown, in this run's language
if st.session_state.get("inbox_tab") not in labels:
    st.session_state.pop("inbox_tab", None)
# A keyed tab bar keeps the tab the user is on across the reruns that actions cause.
tabs = dict(zip(names, st.tabs(labels, key="inbox_tab", on_change="rerun"), strict=True))
with tabs[TAB_MENTIONS]:
    inbox_tab()
if TAB_APPROVALS in tabs:
    with tabs[TAB_APPROVALS]:
        approvals_tab()
if TAB_SAID in tabs:
    with tabs[TAB_SAID]:
        on_behalf_tab()
