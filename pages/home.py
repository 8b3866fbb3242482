"""What waits for me: each role's queue at a glance, with a link to where it is worked."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action
from assistant.domain.states import MentionState, PostState
from assistant.services import mentions, posts, waiting

actor = ui.require_actor(__file__)
db = ui.db()
st.title("What waits for me")

post_counts = posts.count_posts_by_state(db, actor)
columns = st.columns(4)
columns[0].metric("Waiting for review", post_counts.get(PostState.IN_REVIEW, 0))
columns[1].metric("Changes requested", post_counts.get("changes_requested", 0))
columns[2].metric("Scheduled", post_counts.get(PostState.SCHEDULED, 0))
columns[3].metric("Published", post_counts.get(PostState.PUBLISHED, 0))

if actor.can(Action.VIEW_MENTIONS):
    mention_counts = mentions.count_mentions_by_state(db, actor)
    cols = st.columns(3)
    cols[0].metric("New mentions", mention_counts.get(MentionState.NEW, 0))
    cols[1].metric("Being answered", mention_counts.get(MentionState.CLAIMED, 0))
    cols[2].metric("Escalated", mention_counts.get(MentionState.ESCALATED, 0))

pages = {p.path: p for p in ui.pages_for(actor.roles)}
queues = waiting.what_waits_for(db, actor)
if not queues:
    st.caption("No queue belongs to your roles; the figures above are the workspace's.")


def escalated_list(queue) -> None:
    """Each escalated mention with its SLA state in words and a link that opens it in the Inbox."""
    for i in queue.items:
        with st.container(border=True, key=f"escalated_{i.id}"):
            st.markdown(
                f"**{ui.escape_md(i.sla or i.state)}** · {ui.escape_md(i.note)} · {ui.local_time(i.when, i.timezone)}"
            )
            st.text(i.text)  # someone else's words: shown as text
            st.page_link(
                "pages/inbox.py",
                label=f"Open mention {i.id} in the Inbox",
                icon=":material/inbox:",
                query_params={"mention": i.id},
            )


for queue in queues:
    head, link = st.columns([3, 1])
    head.subheader(f"{queue.heading} ({len(queue.items)})")
    if queue.page in pages:
        link.page_link(queue.page, label=f"Open {pages[queue.page].title}", icon=pages[queue.page].icon)
    if not queue.items:
        st.caption("Nothing here.")
        continue
    if queue.key == "escalated":
        escalated_list(queue)
        continue
    st.dataframe(
        [
            {
                queue.items[0].kind.capitalize(): i.id,
                "State": i.state.replace("_", " "),
                "Text": i.text,
                "When": ui.local_time(i.when, i.timezone),
                "Why": i.note,
            }
            for i in queue.items
        ],
        hide_index=True,
        width="stretch",
    )
