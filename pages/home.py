"""What waits for me: each role's queue at a glance."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action, Role
from assistant.services import mentions, posts

actor = ui.require_actor(__file__)
db = ui.db()
st.title("What waits for me")

post_counts = posts.count_posts_by_state(db, actor)
columns = st.columns(4)
columns[0].metric("Waiting for review", post_counts.get("in_review", 0))
columns[1].metric("Changes requested", post_counts.get("changes_requested", 0))
columns[2].metric("Scheduled", post_counts.get("scheduled", 0))
columns[3].metric("Published", post_counts.get("published", 0))

if actor.can(Action.VIEW_MENTIONS):
    mention_counts = mentions.count_mentions_by_state(db, actor)
    cols = st.columns(3)
    cols[0].metric("New mentions", mention_counts.get("new", 0))
    cols[1].metric("Being answered", mention_counts.get("claimed", 0))
    cols[2].metric("Escalated", mention_counts.get("escalated", 0))

wanted = []
if Role.REVIEWER in actor.roles:
    wanted.append(("Posts waiting for your review", ("in_review",)))
if actor.roles & {Role.EXECUTIVE, Role.DELEGATE}:
    wanted.append(("Changes requested on your drafts", ("changes_requested",)))
    wanted.append(("Drafts", ("draft",)))
for heading, states in wanted:
    st.subheader(heading)
    rows = posts.list_posts(db, actor, states=states, limit=20)
    if not rows:
        st.caption("Nothing here.")
    st.dataframe([{"post": p.id, "platform": p.platform, "text": p.text, "by": p.created_by,
                   "updated": ui.local_time(p.updated_at)} for p in rows], hide_index=True, width="stretch")
