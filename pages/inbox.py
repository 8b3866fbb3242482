"""Inbox: mentions of the executive, newest first; claim one before answering it."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action
from assistant.services import mentions

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Inbox")
ui.show_flash()

states = st.multiselect("State", ["new", "claimed", "escalated", "replied", "dismissed"],
                        default=["new", "claimed", "escalated"])
page_number = st.number_input("Page", min_value=1, value=1, step=1)
page = mentions.list_mentions(db, actor, states=tuple(states), page=int(page_number), page_size=50)
st.caption(f"{page.total} mention(s); page {page.page} of {max(1, -(-page.total // page.page_size))}")
st.dataframe([{"id": m.id, "when": ui.local_time(m.posted_at), "from": f"@{m.author_handle}", "text": m.text,
               "class": m.sla_class, "state": m.state, "held by": m.claimed_by or ""} for m in page.items],
             hide_index=True, width="stretch")

if actor.can(Action.CLAIM_MENTION) and page.items:
    open_items = {m.id: f"#{m.id} @{m.author_handle}: {m.text[:60]}" for m in page.items
                  if m.state in ("new", "claimed", "escalated")}
    if open_items:
        chosen = st.selectbox("Mention", list(open_items), format_func=open_items.get)
        if st.button("Claim", type="primary") and ui.run(lambda: mentions.claim_mention(db, actor, chosen)):
            ui.flash(f"You hold mention {chosen} for the next 30 minutes.")
            st.rerun()
