"""Compose: an idea in, three drafts in the executive's voice out; pick, edit, check live, preview, submit.
Drafts and posts sent back for changes reopen here (a card, or the deep link `?post=<id>`)."""

import uuid

import streamlit as st

from assistant import formatting, ui
from assistant.drafting import ACTIONS
from assistant.services import drafting, posts, workspace

PLATFORM_NAMES = {"x": "X", "linkedin": "LinkedIn"}
STATE_NAMES = {"draft": "Draft", "changes_requested": "Changes requested"}
POST_LABEL = "Post"
IDEA_LABEL = "Idea, notes or a link"

actor = ui.require_actor(__file__)
db = ui.db()
state = st.session_state


def _new_form(text: str = "", post_id: int | None = None, idea: str = "") -> None:
    """A fresh editor. New widget keys (not popped values) so the browser's text areas start over
    too; a new submission key, so the next Submit is a new post and a repeat of this one is not."""
    state["compose_gen"] = state.get("compose_gen", 0) + 1
    state["compose_key"] = uuid.uuid4().hex
    state["compose_post_id"] = post_id
    gen = state["compose_gen"]
    state[f"compose_text_{gen}"] = text
    state[f"compose_idea_{gen}"] = idea
    ui.forget("drafts", "rewrites", "ai_source")


def _use_text(text: str) -> None:
    """A chosen draft or rewrite goes into the editor (of the same post when one is reopened); the three
    drafts stay, to try another."""
    idea = state.get(f"compose_idea_{state.get('compose_gen', 0)}", "")
    kept = {k: state[k] for k in ("drafts", "ai_source") if k in state}
    _new_form(text, state.get("compose_post_id"), idea)
    state.update(kept)


def _done(message: str) -> None:
    ui.flash(message)
    _new_form()
    st.query_params.pop("post", None)
    st.rerun()


st.title("Compose")
if "compose_gen" not in state:
    _new_form()

# A deep link (home page, notifications) or a card's Open button loads that post into the editor.
reopened = None
wanted = st.query_params.get("post")
if wanted and wanted != str(state.get("compose_post_id")):
    reopened = ui.run(lambda: posts.reopen_post(db, actor, int(wanted))) if wanted.isdigit() else None
    if reopened is not None:
        _new_form(reopened.post.text, reopened.post.id)
    else:
        st.query_params.pop("post", None)
        if not wanted.isdigit():
            st.error(f"“{ui.escape_md(wanted)}” is not a post number; open a post from the list below.")

gen = state["compose_gen"]
post_id = state.get("compose_post_id")
if post_id and reopened is None:
    reopened = ui.run(lambda: posts.reopen_post(db, actor, post_id))
    if reopened is None:  # moved on meanwhile (e.g. someone else resubmitted it)
        _new_form()
        st.query_params.pop("post", None)
        gen, post_id = state["compose_gen"], None

executives = workspace.list_executives(db, actor)
if not executives:
    st.info("No executive profile yet: an admin adds one in Settings.")
    st.stop()
by_id = {e.id: e for e in executives}

if reopened is not None:
    post = reopened.post
    executive_id, platform = post.executive_id, post.platform
    tz = by_id[executive_id].timezone if executive_id in by_id else "UTC"
    head, close = st.columns([4, 1], vertical_alignment="center")
    head.markdown(
        f"**Editing post {post.id}** · {STATE_NAMES.get(post.state, post.state)} · "
        f"{ui.escape_md(by_id[executive_id].name if executive_id in by_id else '?')} on {PLATFORM_NAMES[platform]}"
        f" · version {post.versions[-1].number} · last changed {formatting.when(post.updated_at, tz)}"
    )
    if close.button("New post instead", key="compose_close", width="stretch"):
        _new_form()
        st.query_params.pop("post", None)
        st.rerun()
else:
    left, right = st.columns(2)
    executive_id = left.selectbox("Executive", list(by_id), format_func=lambda i: by_id[i].name)
    platform = right.radio("Platform", posts.PLATFORMS, horizontal=True, format_func=PLATFORM_NAMES.get)
    tz = by_id[executive_id].timezone

drafter = ui.drafter(by_id[executive_id].name if executive_id in by_id else "")
st.caption(f"Drafting with: **{drafter.label}**" + (" · offline, no AI model involved" if drafter.offline else ""))

if reopened is None:
    idea = st.text_area(
        IDEA_LABEL,
        key=f"compose_idea_{gen}",
        height=90,
        placeholder="What happened, what you think about it, who it is for.",
    )
    if st.button("Draft three versions", disabled=not idea.strip()):
        stream = ui.run(lambda: drafting.start_draft_stream(db, actor, drafter, executive_id, idea, platform))
        if stream is not None:
            with st.status("Writing in your voice…", expanded=not drafter.offline):
                ui.run(lambda: st.write_stream(stream))
            state["drafts"] = ui.run(lambda: drafting.finish_draft_stream(db, actor, stream, executive_id))

    for i, checked in enumerate(state.get("drafts") or []):
        with st.container(border=True):
            st.markdown(ui.escape_md(checked.draft.text))
            st.caption(
                f"Voice fidelity {formatting.percent(checked.fidelity)} · "
                f"checklist: {ui.verdict_words(checked.check.verdict).lower()}"
                + (f" · {ui.escape_md(checked.draft.angle)}" if checked.draft.angle else "")
            )
            if st.button("Use this draft", key=f"use_{i}"):
                state["ai_source"] = (checked.draft.text, checked.record)
                _use_text(checked.draft.text)
                st.rerun()

editor, beside = st.columns([3, 2], gap="large")
with editor:
    ui.show_flash()  # the result of the last action, where the writer is looking
    text = st.text_area(
        POST_LABEL, key=f"compose_text_{gen}", height=220, placeholder="Say it the way you would say it."
    )
    check = drafting.check_post_text(db, actor, text, platform) if text.strip() else None
    as_thread = bool(
        check is not None
        and platform == "x"
        and not check.length.valid
        and st.checkbox(
            "Publish as a numbered thread (1/n) instead of one post",
            value=reopened.as_thread if reopened is not None else False,
            key=f"compose_thread_{gen}",
        )
    )
    choosing_thread = check is not None and platform == "x" and not check.length.valid
    source = state.get("ai_source")
    ai = drafting.ai_info(source[1], source[0], text) if source and text.strip() and reopened is None else None

    def _send(submit: bool) -> None:
        """Save or submit this form once: a repeat (double click, rerun) returns the same post."""
        if reopened is not None:
            saved = ui.run(
                lambda: posts.revise_post(
                    db, actor, reopened.post.id, text, as_thread=as_thread if choosing_thread else None, submit=submit
                )
            )
        else:
            saved = ui.run(
                lambda: posts.compose_post(
                    db,
                    actor,
                    executive_id,
                    platform,
                    text,
                    ai=ai,
                    as_thread=as_thread,
                    submit=submit,
                    submission_key=state["compose_key"],
                )
            )
        if saved:
            number = saved.versions[-1].number
            _done(
                f"Post {saved.id} (version {number}) is waiting for review."
                if submit
                else f"Draft {saved.id} saved (version {number})."
            )

    blocking = drafting.blocking_findings(check, as_thread) if check is not None else []

    def _forget_confirmation() -> None:
        state.pop("compose_confirm", None)

    # Asked for on Submit, and kept open across reruns (a flag, not the button's one-run click) until
    # the writer answers or closes it.
    @st.dialog("Submit with blocking findings?", on_dismiss=_forget_confirmation)
    def _confirm_blocked() -> None:
        many = len(blocking) != 1
        st.markdown(
            f"The checklist blocks this text. The reviewer will see {'these findings' if many else 'this finding'}"
            " highlighted in it:"
        )
        for f in blocking:
            st.markdown(f":red-badge[block] **{ui.escape_md(f['category'])}** · {ui.escape_md(f['message'])}")
        st.markdown(
            f"It cannot be published until you fix {'them' if many else 'it'}, or a reviewer approves it and"
            " writes the reason for overriding the block."
        )
        go, back = st.columns(2)
        if go.button("Submit anyway", type="primary", key="compose_submit_anyway", width="stretch"):
            _forget_confirmation()
            _send(True)
        if back.button("Keep editing", key="compose_keep", width="stretch"):
            _forget_confirmation()
            st.rerun()

    save_label, submit_label = (
        ("Save changes", "Resubmit for review") if reopened is not None else ("Save draft", "Submit for review")
    )
    save, submit = st.columns(2)
    if save.button(save_label, disabled=not text.strip(), width="stretch"):
        _send(False)
    if submit.button(submit_label, type="primary", disabled=not text.strip(), width="stretch"):
        if blocking:
            state["compose_confirm"] = gen
        else:
            _send(True)
    if blocking and state.get("compose_confirm") == gen:
        _confirm_blocked()

    if check is not None:
        rewrite, go_rewrite = st.columns([2, 1], vertical_alignment="bottom")
        action = rewrite.selectbox("Rewrite", ACTIONS, format_func=lambda a: a.replace("_", " "))
        if go_rewrite.button("Rewrite this text", width="stretch"):
            state["rewrites"] = ui.run(
                lambda: drafting.rewrite_text(db, actor, drafter, executive_id, text, action, platform)
            )
        for i, checked in enumerate(state.get("rewrites") or []):  # next to the editor, not at the top
            with st.container(border=True):
                st.markdown(ui.escape_md(checked.draft.text))
                st.caption(
                    f"Rewrite · voice fidelity {formatting.percent(checked.fidelity)} · "
                    f"checklist: {ui.verdict_words(checked.check.verdict).lower()}"
                )
                if st.button("Use this version", key=f"use_rewrite_{i}"):
                    if reopened is None:
                        state["ai_source"] = (checked.draft.text, checked.record)
                    _use_text(checked.draft.text)
                    st.rerun()
        client = ui.llm_client()
        if client is not None and st.button("How would the four readers read it?"):
            review = ui.run(lambda: drafting.readers_review(db, actor, client, executive_id, text, platform))
            if review:
                ui.show_readers(review)

with beside:
    if reopened is not None and reopened.comment:
        with st.container(border=True):
            st.markdown(
                f":orange-badge[changes requested] **{ui.escape_md(reopened.reviewer)}** on version "
                f"{reopened.reviewed_version} · {formatting.when(reopened.reviewed_at, tz)}"
            )
            st.markdown(f"> {ui.escape_md(reopened.comment)}")
            st.caption("What the reviewer read, with the checklist's findings highlighted:")
            st.markdown(ui.highlighted(reopened.reviewed_text, reopened.findings))
    if check is None:
        st.caption("The checklist and the preview appear here as you write.")
    else:
        ui.show_check(text, check)
        preview = posts.post_preview(text, platform, as_thread=as_thread)
        x_tab, linkedin_tab = st.tabs(["Preview on X", "Preview on LinkedIn"])
        with x_tab:
            x = preview.x
            st.caption(
                f"{x.weighted}/{x.limit} weighted characters"
                + (f" · a thread of {len(x.parts)} posts" if x.thread else "")
                + ("" if x.fits or x.thread else " · too long for one post")
            )
            for part, weighted in x.parts:
                with st.container(border=True):
                    st.markdown(ui.escape_md(part).replace("\n", "  \n"))
                    if x.thread:
                        st.caption(f"{weighted}/{x.limit}")
            if x.link:
                st.caption(f":material/link: Link card: {ui.escape_md(x.link)}")
        with linkedin_tab:
            li = preview.linkedin
            with st.container(border=True):
                st.markdown(
                    ui.escape_md(li.above_fold).replace("\n", "  \n") + (" … :gray[**see more**]" if li.folded else "")
                )
                if li.link:
                    st.caption(f":material/link: Link card: {ui.escape_md(li.link)}")
            st.caption(
                f"{li.characters:,} characters · readers see about the first {li.fold} before “…see more”"
                + (f"; {len(li.below_fold):,} more are behind it" if li.folded else "")
            )

ui.live_text_areas(POST_LABEL, IDEA_LABEL)

st.subheader("Drafts and changes requested")
mine = posts.reopenable_posts(db, actor)
if not mine:
    st.caption("Nothing waiting: saved drafts and posts sent back for changes appear here.")
for item in mine:
    p = item.post
    zone = by_id[p.executive_id].timezone if p.executive_id in by_id else "UTC"
    with st.container(border=True):
        badge = ":orange-badge[changes requested]" if p.state == "changes_requested" else ":gray-badge[draft]"
        st.markdown(
            f"{badge} **Post {p.id}** · {PLATFORM_NAMES.get(p.platform, p.platform)} · by {ui.escape_md(p.created_by)}"
            f" · {formatting.when(p.updated_at, zone)}"
        )
        st.markdown(ui.escape_md(p.text[:280] + ("…" if len(p.text) > 280 else "")))
        if item.comment:
            st.caption(f"{ui.escape_md(item.reviewer)}: “{ui.escape_md(item.comment)}”")
        if st.button("Open", key=f"open_{p.id}", disabled=p.id == post_id, icon=":material/edit:"):
            st.query_params["post"] = str(p.id)
            st.rerun()
