"""Review: the queue of pending posts; approve, request changes or reject."""

import streamlit as st

from assistant import ui
from assistant.services import posts

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Review")
ui.show_flash()

queue = posts.list_posts(db, actor, states=("in_review",))
st.caption(f"{len(queue)} post(s) waiting; soonest scheduled first, then oldest.")
if not queue:
    st.success("Nothing waits for review.")
    st.stop()

labels = {p.id: f"#{p.id} · {p.platform} · {p.title}" for p in queue}
post_id = st.selectbox("Post", list(labels), format_func=labels.get)
post = next(p for p in queue if p.id == post_id)
latest = post.versions[-1]
st.text_area("Text", post.text, disabled=True, height=160)
st.caption(f"Version {latest.number} by {latest.author} ({latest.authorship.replace('_', ' ')})"
           + (f", model {latest.ai_model}, prompt {latest.prompt}" if latest.ai_model else ""))

comment = st.text_input("Comment for the author")
approve, changes, reject = st.columns(3)
decision = None
if approve.button("Approve", type="primary"):
    decision = "approve"
if changes.button("Request changes"):
    decision = "request_changes"
if reject.button("Reject"):
    decision = "reject"
if decision and ui.run(lambda: posts.review_post(db, actor, post_id, decision, comment)):
    ui.flash(f"Post {post_id}: {decision.replace('_', ' ')} recorded.")
    st.rerun()
