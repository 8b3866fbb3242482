"""Review: the queue (soonest scheduled, then oldest), diff, findings, sign-off, decisions, scheduling."""

from datetime import UTC, datetime, timedelta

import streamlit as st

from assistant import ui
from assistant.domain.states import PostState
from assistant.services import posts, publishing, workspace

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Review")
ui.show_flash()
mode = ui.publisher_mode()
if mode == "dry-run":
    st.info("Dry-run mode: no X credentials are configured, so publishing records posts without sending them to X.")
zones = {e.id: e.timezone for e in workspace.list_executives(db, actor)}


def done(message: str) -> None:
    st.session_state["flash"] = message
    st.rerun()


def thread_panel(post_id: int) -> None:
    """A long X post: the author's thread choice and exactly how it would be split."""
    preview = posts.thread_preview(db, actor, post_id)
    if not preview.needed:
        return
    st.markdown(f"**Too long for one X post** ({preview.weighted} of {preview.limit} weighted characters)")
    if preview.by_policy:
        st.caption("Workspace policy: long X posts go out as numbered threads.")
    else:
        choice = st.toggle("Publish as a thread", value=preview.as_thread, key=f"thread_{post_id}")
        if choice != preview.as_thread and ui.run(
            lambda: posts.set_publish_as_thread(db, actor, post_id, choice) or True
        ):
            done(f"Post {post_id} will go out {'as a thread' if choice else 'as one post (too long: it will fail)'}.")
    st.caption(
        f"Split preview: {len(preview.parts)} parts, each replying to the previous one"
        + ("" if preview.as_thread else " (only if 'Publish as a thread' is on)")
    )
    for n, (text, weighted) in enumerate(preview.parts):
        sent = preview.sent[n] if n < len(preview.sent) else None
        with st.container(border=True):
            st.caption(f"Part {n + 1} · {weighted}/{preview.limit}" + (f" · sent, X id {sent}" if sent else ""))
            st.markdown(ui.escape_md(text).replace("\n", "  \n"))


def diff_markdown(diff: list[tuple[str, str]]) -> str:
    style = {"insert": ":green-background[{}]", "delete": ":red-background[~~{}~~]", "equal": "{}"}
    return "".join(style[op].format(ui.escape_md(text)) if text.strip() else text for op, text in diff)


queue = [posts.get_post(db, actor, i) for i in posts.review_queue(db, actor)]
st.caption(f"{len(queue)} post(s) waiting; soonest scheduled first, then oldest.")
if queue:
    labels = {
        p.id: f"#{p.id} · {p.platform} · "
        + (ui.local_time(p.scheduled_at, zones.get(p.executive_id, "UTC")) if p.scheduled_at else "no time")
        + f" · {p.title}"
        for p in queue
    }
    post_id = st.selectbox("Post", list(labels), format_func=labels.get)
    post = next(p for p in queue if p.id == post_id)
    detail = posts.review_detail(db, actor, post_id)
    latest = post.versions[-1]
    st.caption(
        f"Version {latest.number} by {ui.escape_md(latest.author)} ({latest.authorship.replace('_', ' ')})"
        + (f", model {latest.ai_model}, prompt {latest.prompt}" if latest.ai_model else "")
        + f" · post started by {ui.escape_md(post.created_by)}"
    )
    if detail.diff_base:
        st.markdown(f"**Changes since version {detail.diff_base}**")
    with st.container(border=True):
        st.markdown(diff_markdown(detail.diff).replace("\n", "  \n"))
    st.markdown(f"**Checklist findings** · verdict: {detail.verdict or 'not checked'}")
    for f in detail.findings:
        st.markdown(
            f"- **{f.get('severity')}** · {ui.escape_md(str(f.get('category')))} · "
            f"{ui.escape_md(str(f.get('message')))}"
        )
    if post.platform == "x":
        thread_panel(post_id)
    st.markdown("**Signed items** (this version)")
    for item in posts.attested_items(db, actor):
        who = detail.signed.get(item.key)
        cols = st.columns([4, 1])
        cols[0].markdown(
            f"{'✅' if who else '⬜'} {ui.escape_md(item.label)}"
            + (f" · signed by {ui.escape_md(who[0])}, {ui.local_time(who[1])} UTC" if who else "")
        )
        if not who and cols[1].button("Sign", key=f"sign_{item.key}"):
            if ui.run(lambda key=item.key: posts.sign_item(db, actor, post_id, key)) is not None:
                done(f"Signed: {item.label}")
    st.caption(
        f"Approvals of this version: {len(detail.approvals)} of {detail.approvals_needed}"
        + (f" ({', '.join(detail.approvals)})" if detail.approvals else "")
    )
    for entry in detail.history:
        st.caption(
            f"{ui.escape_md(entry.reviewer)} · {entry.decision.replace('_', ' ')} v{entry.version}: "
            f"{ui.escape_md(entry.comment)}"
        )
    comment = st.text_input("Comment for the author")
    override = (
        st.text_input("Override reason (required: this version has a blocking finding)")
        if detail.needs_override
        else ""
    )
    approve, changes, reject = st.columns(3)
    decision = None
    if approve.button("Approve", type="primary"):
        decision = "approve"
    if changes.button("Request changes"):
        decision = "request_changes"
    if reject.button("Reject"):
        decision = "reject"
    if decision and ui.run(lambda: posts.review_post(db, actor, post_id, decision, comment, override_reason=override)):
        done(f"Post {post_id}: {decision.replace('_', ' ')} recorded.")
    with st.expander("Edit as reviewer (a new version, shown to the author as a diff)"):
        new_text = st.text_area("Text", post.text, height=160, key=f"edit_{post_id}")
        if st.button("Save my edit") and ui.run(lambda: posts.edit_post(db, actor, post_id, new_text)):
            done(f"Post {post_id}: your edit is version {latest.number + 1}.")
else:
    st.success("Nothing waits for review.")

st.header("Approved, scheduled and failed")
ready = posts.list_posts(db, actor, states=publishing.AFTER_REVIEW, limit=50)
if st.button("Publish due posts now") and (
    report := ui.run(lambda: publishing.publish_due_now(db, actor, ui.x_account()))
):
    done(
        f"Published {len(report.published) + len(report.reconciled)}, failed {len(report.failed)}"
        + (" (dry run)" if report.dry_run else "")
    )
for p in ready:
    tz = zones.get(p.executive_id, "UTC")
    with st.container(border=True):
        when = ui.local_time(p.scheduled_at, tz) if p.scheduled_at else "no time set"
        st.markdown(f"**#{p.id} · {p.platform} · {p.state}** · {when} ({tz}) · {ui.escape_md(p.title)}")
        if p.state == PostState.PUBLISHED:
            st.caption(
                f"Published {ui.local_time(p.published_at, tz)}"
                + (" · DRY RUN: not sent to X" if p.dry_run else f" · X id {p.x_post_id or '-'}")
            )
            continue
        if p.platform == "x" and (preview := posts.thread_preview(db, actor, p.id)).needed:
            sent = sum(1 for i in preview.sent if i)
            st.caption(
                f"{'Thread' if preview.as_thread else 'Too long, not a thread'} · {len(preview.parts)} parts"
                + (f" · {sent} sent" if sent else "")
            )
        if p.last_error:
            st.error(p.last_error)
        if p.state == PostState.FAILED and st.button("Retry", key=f"retry_{p.id}"):
            if ui.run(lambda pid=p.id: publishing.retry_publishing(db, actor, pid)):
                done(f"Post {p.id} will be retried at the next publisher run.")
        if p.state in publishing.READY_TO_GO:
            cols = st.columns(3)
            day = cols[0].date_input("Day", datetime.now().date() + timedelta(days=1), key=f"day_{p.id}")
            at = cols[1].time_input("Time", datetime(2000, 1, 1, 9, 0).time(), key=f"time_{p.id}")
            if cols[2].button("Schedule", key=f"schedule_{p.id}") and ui.run(
                lambda pid=p.id, d=day, t=at: publishing.schedule_post(db, actor, pid, datetime.combine(d, t))
            ):
                done(f"Post {p.id} scheduled for {day} {at:%H:%M} ({tz}).")
            if (
                p.platform == "x"
                and cols[2].button("Due now", key=f"due_now_{p.id}")
                and ui.run(lambda pid=p.id: publishing.schedule_post(db, actor, pid, datetime.now(UTC)))
            ):
                done(f"Post {p.id} is due now: the worker sends it within a minute, or use Publish due posts now.")
        if p.platform == "linkedin" and p.state in publishing.READY_TO_GO:
            export = publishing.linkedin_export(db, actor, p.id)
            st.caption(
                f"LinkedIn has no publishing API here: copy the text ({export.characters} characters"
                + ("" if export.fits else ", too long")
                + "), post it, then mark it published."
            )
            st.code(export.text, language=None, wrap_lines=True)
            if st.button("Mark as posted on LinkedIn", key=f"manual_{p.id}"):
                if ui.run(lambda pid=p.id: publishing.mark_posted_by_hand(db, actor, pid) or True):
                    done(f"Post {p.id} recorded as published on LinkedIn.")
