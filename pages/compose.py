"""Compose: an idea in, three drafts in the executive's voice out; pick, edit, check live, preview, submit.
Drafts and posts sent back for changes reopen here (a card, or the deep link `?post=<id>`)."""

import uuid

import streamlit as st

from assistant import formatting, i18n, ui
from assistant.drafting import ACTIONS
from assistant.i18n import N_, _, n_
from assistant.services import drafting, posts, workspace

PLATFORM_NAMES = {"x": "X", "linkedin": "LinkedIn"}
STATE_NAMES = {"draft": N_("Draft"), "changes_requested": N_("Changes requested")}
# The rewrite actions are identifiers (they pick the prompt); these are the words shown for them.
ACTION_NAMES = {
    "shorter": N_("shorter"),
    "warmer": N_("warmer"),
    "more_direct": N_("more direct"),
    "less_jargon": N_("less jargon"),
    "translate_fr": N_("translate fr"),
}
POST_LABEL = N_("Post")
# The offline drafter's angles (a model may name its own, shown as it wrote them).
ANGLES = {
    "straight": N_("straight"),
    "personal": N_("personal"),
    "question": N_("question"),
    "story": N_("story"),
    "lessons": N_("lessons"),
}


def _angle(angle: str) -> str:
    return _(ANGLES[angle]) if angle in ANGLES else angle


IDEA_LABEL = N_("Idea, notes or a link")

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


def _action_name(action: str) -> str:
    return _(ACTION_NAMES[action]) if action in ACTION_NAMES else action.replace("_", " ")


def _badge(severity: str) -> str:
    colour = {"block": "red", "warn": "orange", "info": "blue"}.get(severity, "gray")
    word = _(ui.SEVERITY_WORDS[severity]) if severity in ui.SEVERITY_WORDS else ui.escape_md(severity)
    return f":{colour}-badge[{word}]"


st.title(_("Compose"))
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
            st.error(
                _("“{wanted}” is not a post number; open a post from the list below.", wanted=ui.escape_md(wanted))
            )

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
    st.info(_("No executive profile yet: an admin adds one in Settings."))
    st.stop()
by_id = {e.id: e for e in executives}

if reopened is not None:
    post = reopened.post
    executive_id, platform = post.executive_id, post.platform
    tz = by_id[executive_id].timezone if executive_id in by_id else "UTC"
    head, close = st.columns([4, 1], vertical_alignment="center")
    head.markdown(
        _(
            "**Editing post {id}** · {state} · {executive} on {platform} · version {version} · last changed {when}",
            id=post.id,
            state=_(STATE_NAMES[post.state]) if post.state in STATE_NAMES else ui.escape_md(post.state),
            executive=ui.escape_md(by_id[executive_id].name if executive_id in by_id else "?"),
            platform=PLATFORM_NAMES[platform],
            version=post.versions[-1].number,
            when=formatting.when(post.updated_at, tz),
        )
    )
    if close.button(_("New post instead"), key="compose_close", width="stretch"):
        _new_form()
        st.query_params.pop("post", None)
        st.rerun()
else:
    left, right = st.columns(2)
    executive_id = left.selectbox(_("Executive"), list(by_id), format_func=lambda i: by_id[i].name)
    platform = right.radio(_("Platform"), posts.PLATFORMS, horizontal=True, format_func=PLATFORM_NAMES.get)
    tz = by_id[executive_id].timezone

drafter = ui.drafter(by_id[executive_id].name if executive_id in by_id else "")
st.caption(
    _("Drafting with: **{label}** · offline, no AI model involved", label=ui.escape_md(drafter.label))
    if drafter.offline
    else _("Drafting with: **{label}**", label=ui.escape_md(drafter.label))
)

if reopened is None:
    idea = st.text_area(
        _(IDEA_LABEL),
        key=f"compose_idea_{gen}",
        height=90,
        placeholder=_("What happened, what you think about it, who it is for."),
    )
    # Drafts come in the idea's language by default (the executive's usual one when the idea is too short).
    write_in = st.segmented_control(
        _("Write in"),
        [None, *i18n.LANGUAGES],
        default=None,
        format_func=lambda code: i18n.LANGUAGE_NAMES[code] if code else _("the idea's language"),
        key=f"compose_language_{gen}",
    )
    if st.button(_("Draft three versions"), disabled=not idea.strip()):
        stream = ui.run(
            lambda: drafting.start_draft_stream(db, actor, drafter, executive_id, idea, platform, language=write_in)
        )
        if stream is not None:
            with st.status(_("Writing in your voice…"), expanded=not drafter.offline):
                streamed = ui.run(lambda: ui.stream_text(stream))  # plain text: model output is never Markdown
            if streamed is not None:  # a failed stream has no result: its error is shown above
                state["drafts"] = ui.run(lambda: drafting.finish_draft_stream(db, actor, stream, executive_id))

    for i, checked in enumerate(state.get("drafts") or []):
        with st.container(border=True):
            st.markdown(ui.escape_md(checked.draft.text))
            st.caption(
                _(
                    "Voice fidelity {fidelity} · checklist: {verdict}",
                    fidelity=formatting.percent(checked.fidelity),
                    verdict=ui.verdict_words(checked.check.verdict).lower(),
                )
                + (f" · {ui.escape_md(_angle(checked.draft.angle))}" if checked.draft.angle else "")
            )
            if st.button(_("Use this draft"), key=f"use_{i}"):
                state["ai_source"] = (checked.draft.text, checked.record)
                _use_text(checked.draft.text)
                st.rerun()

editor, beside = st.columns([3, 2], gap="large")
with editor:
    ui.show_flash()  # the result of the last action, where the writer is looking
    text = st.text_area(
        _(POST_LABEL), key=f"compose_text_{gen}", height=220, placeholder=_("Say it the way you would say it.")
    )
    check = drafting.check_post_text(db, actor, text, platform) if text.strip() else None
    as_thread = bool(
        check is not None
        and platform == "x"
        and not check.length.valid
        and st.checkbox(
            _("Publish as a numbered thread (1/n) instead of one post"),
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
                _("Post {id} (version {version}) is waiting for review.", id=saved.id, version=number)
                if submit
                else _("Draft {id} saved (version {version}).", id=saved.id, version=number)
            )

    blocking = drafting.blocking_findings(check, as_thread) if check is not None else []

    def _forget_confirmation() -> None:
        state.pop("compose_confirm", None)

    # Asked for on Submit, and kept open across reruns (a flag, not the button's one-run click) until
    # the writer answers or closes it.
    @st.dialog(_("Submit with blocking findings?"), on_dismiss=_forget_confirmation)
    def _confirm_blocked() -> None:
        count = len(blocking)
        st.markdown(
            n_(
                "The checklist blocks this text. The reviewer will see this finding highlighted in it:",
                "The checklist blocks this text. The reviewer will see these findings highlighted in it:",
                count,
            )
        )
        for f in blocking:
            st.markdown(
                f"{_badge('block')} **{ui.escape_md(ui.category_name(f['category']))}** · {ui.escape_md(f['message'])}"
            )
        st.markdown(
            n_(
                "It cannot be published until you fix it, or a reviewer approves it and"
                " writes the reason for overriding the block.",
                "It cannot be published until you fix them, or a reviewer approves it and"
                " writes the reason for overriding the block.",
                count,
            )
        )
        go, back = st.columns(2)
        if go.button(_("Submit anyway"), type="primary", key="compose_submit_anyway", width="stretch"):
            _forget_confirmation()
            _send(True)
        if back.button(_("Keep editing"), key="compose_keep", width="stretch"):
            _forget_confirmation()
            st.rerun()

    save_label, submit_label = (
        (_("Save changes"), _("Resubmit for review"))
        if reopened is not None
        else (_("Save draft"), _("Submit for review"))
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
        action = rewrite.selectbox(_("Rewrite"), ACTIONS, format_func=_action_name)
        if go_rewrite.button(_("Rewrite this text"), width="stretch"):
            state["rewrites"] = ui.run(
                lambda: drafting.rewrite_text(db, actor, drafter, executive_id, text, action, platform)
            )
        for i, checked in enumerate(state.get("rewrites") or []):  # next to the editor, not at the top
            with st.container(border=True):
                st.markdown(ui.escape_md(checked.draft.text))
                st.caption(
                    _(
                        "Rewrite · voice fidelity {fidelity} · checklist: {verdict}",
                        fidelity=formatting.percent(checked.fidelity),
                        verdict=ui.verdict_words(checked.check.verdict).lower(),
                    )
                )
                if st.button(_("Use this version"), key=f"use_rewrite_{i}"):
                    if reopened is None:
                        state["ai_source"] = (checked.draft.text, checked.record)
                    _use_text(checked.draft.text)
                    st.rerun()
        client = ui.llm_client()
        if client is not None and st.button(_("How would the four readers read it?")):
            review = ui.run(lambda: drafting.readers_review(db, actor, client, executive_id, text, platform))
            if review:
                ui.show_readers(review)

with beside:
    if reopened is not None and reopened.comment:
        with st.container(border=True):
            st.markdown(
                _(
                    ":orange-badge[changes requested] **{reviewer}** on version {version} · {when}",
                    reviewer=ui.escape_md(reopened.reviewer),
                    version=reopened.reviewed_version,
                    when=formatting.when(reopened.reviewed_at, tz),
                )
            )
            st.markdown(f"> {ui.escape_md(reopened.comment)}")
            st.caption(_("What the reviewer read, with the checklist's findings highlighted:"))
            st.markdown(ui.highlighted(reopened.reviewed_text, reopened.findings))
    if check is None:
        st.caption(_("The checklist and the preview appear here as you write."))
    else:
        ui.show_check(text, check)
        preview = posts.post_preview(text, platform, as_thread=as_thread)
        x_tab, linkedin_tab = st.tabs([_("Preview on X"), _("Preview on LinkedIn")])
        with x_tab:
            x = preview.x
            facts = [_("{weighted}/{limit} weighted characters", weighted=x.weighted, limit=x.limit)]
            if x.thread:
                facts.append(n_("a thread of {count} post", "a thread of {count} posts", len(x.parts)))
            elif not x.fits:
                facts.append(_("too long for one post"))
            st.caption(" · ".join(facts))
            for part, weighted in x.parts:
                with st.container(border=True):
                    st.markdown(ui.escape_md(part).replace("\n", "  \n"))
                    if x.thread:
                        st.caption(f"{weighted}/{x.limit}")
            if x.link:
                st.caption(_(":material/link: Link card: {link}", link=ui.escape_md(x.link)))
        with linkedin_tab:
            li = preview.linkedin
            with st.container(border=True):
                st.markdown(
                    ui.escape_md(li.above_fold).replace("\n", "  \n")
                    + (" … :gray[**" + _("see more") + "**]" if li.folded else "")
                )
                if li.link:
                    st.caption(_(":material/link: Link card: {link}", link=ui.escape_md(li.link)))
            shown = n_(
                "{characters} character · readers see about the first {fold} before “…see more”",
                "{characters} characters · readers see about the first {fold} before “…see more”",
                li.characters,
                characters=formatting.number(li.characters),
                fold=formatting.number(li.fold),
            )
            if li.folded:
                shown += _("; {count} more are behind it", count=formatting.number(len(li.below_fold)))
            st.caption(shown)

ui.live_text_areas(_(POST_LABEL), _(IDEA_LABEL))  # the labels as shown: the script finds the areas by them

st.subheader(_("Drafts and changes requested"))
mine = posts.reopenable_posts(db, actor)
if not mine:
    st.caption(_("Nothing waiting: saved drafts and posts sent back for changes appear here."))
for item in mine:
    p = item.post
    zone = by_id[p.executive_id].timezone if p.executive_id in by_id else "UTC"
    with st.container(border=True):
        badge = (
            ":orange-badge[" + _("changes requested") + "]"
            if p.state == "changes_requested"
            else ":gray-badge[" + _("draft") + "]"
        )
        st.markdown(
            _(
                "{badge} **Post {id}** · {platform} · by {author} · {when}",
                badge=badge,
                id=p.id,
                platform=ui.escape_md(PLATFORM_NAMES.get(p.platform, p.platform)),
                author=ui.escape_md(p.created_by),
                when=formatting.when(p.updated_at, zone),
            )
        )
        st.markdown(ui.escape_md(p.text[:280] + ("…" if len(p.text) > 280 else "")))
        if item.comment:
            st.caption(f"{ui.escape_md(item.reviewer)}: “{ui.escape_md(item.comment)}”")
        if st.button(_("Open"), key=f"open_{p.id}", disabled=p.id == post_id, icon=":material/edit:"):
            st.query_params["post"] = str(p.id)
            st.rerun()
