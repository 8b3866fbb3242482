"""What waits for me: each role's queue at a glance, with a link to where it is worked."""

import streamlit as st

from assistant import ui
from assistant.domain.roles import Action
from assistant.domain.states import MentionState, PostState
from assistant.i18n import N_, _
from assistant.services import mentions, posts, waiting

# An item's kind as a card heading shows it ("Post 12"), and inside a link ("Open post 12 in Review").
KIND_HEADINGS = {"post": N_("Post {id}"), "mention": N_("Mention {id}"), "reply": N_("Reply {id}")}
KIND_LINKS = {
    "post": N_("Open post {id} in {page}"),
    "mention": N_("Open mention {id} in {page}"),
    "reply": N_("Open reply {id} in {page}"),
}

actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("What waits for me"))

post_counts = posts.count_posts_by_state(db, actor)
figures = {
    _("Waiting for review"): post_counts.get(PostState.IN_REVIEW, 0),
    _("Changes requested"): post_counts.get(PostState.CHANGES_REQUESTED, 0),
    _("Scheduled"): post_counts.get(PostState.SCHEDULED, 0),
    _("Published"): post_counts.get(PostState.PUBLISHED, 0),
}
if actor.can(Action.VIEW_MENTIONS):
    mention_counts = mentions.count_mentions_by_state(db, actor)
    figures |= {
        _("New mentions"): mention_counts.get(MentionState.NEW, 0),
        _("Being answered"): mention_counts.get(MentionState.CLAIMED, 0),
        _("Escalated"): mention_counts.get(MentionState.ESCALATED, 0),
    }
wide, phone = ui.wide_and_phone("figures")
with wide:
    names = list(figures)
    for row in (names[:4], names[4:]):
        for column, name in zip(st.columns(4), row, strict=False):
            column.metric(ui.escape_md(name), figures[name])
# on a phone seven stacked metrics would fill the first screen: one line, then the queues
phone.markdown(" · ".join(f"**{int(n)}** {ui.escape_md(name.lower())}" for name, n in figures.items()))

pages = {p.path: p for p in ui.pages_for(actor.roles)}
queues = waiting.what_waits_for(db, actor)
if not queues:
    st.caption(_("No queue belongs to your roles; the figures above are the workspace's."))


def item_cards(queue) -> None:
    """Each item as a card (it reads on a phone), with a link that opens that very item where it is worked."""
    page = pages.get(queue.page)
    for i in queue.items:
        with st.container(border=True, key=f"{queue.key}_{i.id}"):
            heading = _(KIND_HEADINGS[i.kind], id=i.id) if i.kind in KIND_HEADINGS else ui.escape_md(f"{i.kind} {i.id}")
            head = [f"**{ui.escape_md(i.sla)}**" if i.sla else f"**{heading}**"]
            head.append(ui.state_words(i.state))
            if i.when is not None:
                head.append(ui.local_time(i.when, i.timezone))
            st.markdown(" · ".join(head))
            st.text(i.text)  # someone's words: shown as text, never as markup
            if i.note:
                st.caption(ui.escape_md(i.note))
            if page is not None and queue.opens and i.kind in KIND_LINKS:
                st.page_link(
                    queue.page,
                    label=_(KIND_LINKS[i.kind], id=i.id, page=_(page.title)),
                    icon=page.icon,
                    query_params={queue.opens: str(i.id)},
                )


for queue in queues:
    head, link = st.columns([3, 1])
    head.subheader(f"{ui.escape_md(queue.heading)} ({len(queue.items)})")
    if queue.page in pages:
        link.page_link(queue.page, label=_("Open {page}", page=_(pages[queue.page].title)), icon=pages[queue.page].icon)
    if not queue.items:
        st.caption(_("Nothing here."))
        continue
    item_cards(queue)
