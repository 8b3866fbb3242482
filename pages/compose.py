"""Compose: write a post for an executive, save it as a draft, submit it for review."""

import streamlit as st

from assistant import ui
from assistant.services import posts, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Compose")

executives = workspace.list_executives(db, actor)
if not executives:
    st.info("No executive profile yet: an admin adds one in Settings.")
    st.stop()
names = {e.id: e.name for e in executives}
executive_id = st.selectbox("Executive", list(names), format_func=names.get)
platform = st.radio("Platform", posts.PLATFORMS, horizontal=True, format_func=lambda p: {"x": "X",
                    "linkedin": "LinkedIn"}[p])
text = st.text_area("Post", height=180, key="compose_text", placeholder="Say it the way you would say it.")
st.caption(f"{len(text)} characters")

left, right = st.columns(2)
if left.button("Save draft", disabled=not text.strip()):
    saved = ui.run(lambda: posts.create_draft(db, actor, executive_id, platform, text))
    if saved:
        st.success(f"Draft {saved.id} saved.")
if right.button("Submit for review", type="primary", disabled=not text.strip()):
    saved = ui.run(lambda: posts.create_draft(db, actor, executive_id, platform, text))
    if saved and ui.run(lambda: posts.submit_for_review(db, actor, saved.id)):
        st.success(f"Post {saved.id} is waiting for review.")

st.subheader("Recent drafts")
mine = posts.list_posts(db, actor, states=("draft", "changes_requested"), limit=20)
st.dataframe([{"post": p.id, "state": p.state, "platform": p.platform, "text": p.text, "by": p.created_by}
              for p in mine], hide_index=True, width="stretch")
