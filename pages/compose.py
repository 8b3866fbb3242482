"""Compose: an idea in, three drafts in the executive's voice out; pick, edit, check live, submit."""

import streamlit as st

from assistant import ui
from assistant.drafting import ACTIONS
from assistant.services import drafting, posts, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Compose")
ui.show_flash()

executives = workspace.list_executives(db, actor)
if not executives:
    st.info("No executive profile yet: an admin adds one in Settings.")
    st.stop()
names = {e.id: e.name for e in executives}
left, right = st.columns(2)
executive_id = left.selectbox("Executive", list(names), format_func=names.get)
platform = right.radio(
    "Platform", posts.PLATFORMS, horizontal=True, format_func=lambda p: {"x": "X", "linkedin": "LinkedIn"}[p]
)
drafter = ui.drafter(names[executive_id])
st.caption(f"Drafting with: **{drafter.label}**" + (" · offline, no AI model involved" if drafter.offline else ""))

idea = st.text_area(
    "Idea, notes or a link",
    key="compose_idea",
    height=90,
    placeholder="What happened, what you think about it, who it is for.",
)
if st.button("Draft three versions", disabled=not idea.strip()):
    stream = ui.run(lambda: drafting.start_draft_stream(db, actor, drafter, executive_id, idea, platform))
    if stream is not None:
        with st.status("Writing in your voice…", expanded=not drafter.offline):
            ui.run(lambda: st.write_stream(stream))
        st.session_state["drafts"] = ui.run(lambda: drafting.finish_draft_stream(db, actor, stream, executive_id))

for i, checked in enumerate(st.session_state.get("drafts") or []):
    with st.container(border=True):
        st.markdown(ui.escape_md(checked.draft.text))
        st.caption(
            f"Voice fidelity {checked.fidelity:.0%} · checklist: {checked.check.verdict.replace('_', ' ')}"
            + (f" · {ui.escape_md(checked.draft.angle)}" if checked.draft.angle else "")
        )
        if st.button("Use this draft", key=f"use_{i}"):
            st.session_state["compose_text"] = checked.draft.text
            st.session_state["ai_source"] = (checked.draft.text, checked.record)
            st.rerun()

text = st.text_area("Post", key="compose_text", height=180, placeholder="Say it the way you would say it.")
check = drafting.check_post_text(db, actor, text, platform) if text.strip() else None
if check is not None:
    ui.show_check(text, check)
    client = ui.llm_client()
    if client is not None and st.button("How would the four readers read it?"):
        review = ui.run(lambda: drafting.readers_review(db, actor, client, executive_id, text, platform))
        if review:
            ui.show_readers(review)
    action = st.selectbox("Rewrite", ACTIONS, format_func=lambda a: a.replace("_", " "))
    if st.button("Rewrite this text"):
        rewritten = ui.run(lambda: drafting.rewrite_text(db, actor, drafter, executive_id, text, action, platform))
        if rewritten:
            st.session_state["drafts"] = rewritten

as_thread = (
    check is not None
    and platform == "x"
    and not check.length.valid
    and st.checkbox("Publish as a numbered thread (1/n) instead of one post", key="compose_thread")
)

source = st.session_state.get("ai_source")
ai = drafting.ai_info(source[1], source[0], text) if source and text.strip() else None
save, submit = st.columns(2)
for button, submitting in (
    (save.button("Save draft", disabled=not text.strip()), False),
    (submit.button("Submit for review", type="primary", disabled=not text.strip()), True),
):
    if button and (
        saved := ui.run(
            lambda submitting=submitting: posts.compose_post(
                db, actor, executive_id, platform, text, ai=ai, as_thread=bool(as_thread), submit=submitting
            )
        )
    ):
        ui.flash(f"Post {saved.id} is waiting for review." if submitting else f"Draft {saved.id} saved.")
        ui.forget("compose_text", "compose_idea", "drafts", "ai_source")
        st.rerun()

st.subheader("Drafts and changes requested")
mine = posts.list_posts(db, actor, states=posts.REOPENABLE, limit=20)
st.dataframe(
    [{"post": p.id, "state": p.state, "platform": p.platform, "text": p.text, "by": p.created_by} for p in mine],
    hide_index=True,
    width="stretch",
)
