"""Review: the queue (soonest scheduled, then oldest), diff, findings, sign-off, decisions, scheduling.

The section and the selected post are widgets with keys bound to the URL (?section=…&post=…), so an
action's rerun, a refresh or a link from the calendar lands on the same place; each action's result is
shown next to the control that did it (and as a toast), not at the top of a long page.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import streamlit as st

from assistant import formatting, ui
from assistant.domain.states import PostState
from assistant.services import posts, publishing, workspace

WAITING, READY = "Waiting for review", "Approved, scheduled and failed"
SIGN_ALL = "I have read it as all four readers and checked facts, links, tags"

actor = ui.require_actor(__file__)
db = ui.db()
st.title("Review")
ui.show_flash()  # a message another page left for this one
mode = ui.publisher_mode()
if mode == "dry-run":
    st.info("Dry-run mode: no X credentials are configured, so publishing records posts without sending them to X.")
zones = {e.id: e.timezone for e in workspace.list_executives(db, actor)}
queue_ids = posts.review_queue(db, actor)
if (wanted := st.query_params.get("open")) is not None:  # a link from the calendar: ?open=<post id>
    del st.query_params["open"]
    if wanted.isdigit() and int(wanted) in queue_ids:  # the bound widgets take their value from session state
        st.session_state["section"], st.session_state["post"] = WAITING, int(wanted)
    elif wanted.isdigit():  # past review (approved, scheduled, failed): its card is in the other section
        st.session_state["section"] = READY
section = st.segmented_control(
    "Show", [WAITING, READY], default=WAITING, required=True, key="section", bind="query-params", width="stretch"
)
top_result = st.empty()  # where a result goes when the place it belongs to is gone (an approved post)


def done(where: str, message: str) -> None:
    """Keep the result for the next run, shown at `where`; the rerun keeps section and post."""
    st.session_state["review_result"] = (where, message)
    st.rerun()


def result_here(where: str) -> None:
    got = st.session_state.get("review_result")
    if got and got[0] == where:
        del st.session_state["review_result"]
        st.success(got[1])
        st.toast(got[1], icon=":material/check_circle:")


def thread_panel(post_id: int) -> None:
    """A long X post: the author's thread choice and exactly how it would be split."""
    preview = posts.thread_preview(db, actor, post_id)
    if not preview.needed:
        return
    st.markdown(f"**Too long for one X post** ({preview.weighted} of {preview.limit} weighted characters)")
    result_here(f"thread_{post_id}")
    if preview.by_policy:
        st.caption("Workspace policy: long X posts go out as numbered threads.")
    else:
        choice = st.toggle("Publish as a thread", value=preview.as_thread, key=f"thread_{post_id}")
        if choice != preview.as_thread and ui.run(
            lambda: posts.set_publish_as_thread(db, actor, post_id, choice) or True
        ):
            done(
                f"thread_{post_id}",
                f"Post {post_id} will go out {'as a thread' if choice else 'as one post (too long: it will fail)'}.",
            )
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
    """Insertions on green, deletions struck through on red. Each stretch is escaped and trimmed: the
    markers must touch the words (`~~ text~~` is not strikethrough and showed literal tildes), and a
    marker never spans a line break."""
    colour = {"insert": "green", "delete": "red"}
    out: list[str] = []
    for op, text in diff:
        for n, line in enumerate(text.split("\n")):
            if n:
                out.append("  \n")
            core = line.strip()
            if op == "equal" or not core:
                out.append(ui.escape_md(line) if op == "equal" else line)
                continue
            lead, trail = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()) :]
            body = ui.escape_md(core)
            body = f"~~{body}~~" if op == "delete" else body
            out.append(f"{lead}:{colour[op]}-background[{body}]{trail}")
    return "".join(out)


def when_local(moment: datetime | None, tz: str) -> str:
    return ui.local_time(moment, tz) if moment else "no time"


def review_panel(post_id: int, tz: str) -> None:
    post = posts.get_post(db, actor, post_id)
    detail = posts.review_detail(db, actor, post_id)
    latest = post.versions[-1]
    v = f"{post_id}_v{latest.number}"  # widgets belong to this post and version
    st.caption(
        f"Version {latest.number} by {ui.escape_md(latest.author)} ({latest.authorship.replace('_', ' ')})"
        + (f", model {latest.ai_model}, prompt {latest.prompt}" if latest.ai_model else "")
        + f" · post started by {ui.escape_md(post.created_by)}"
        + f" · to go out {when_local(post.scheduled_at, tz)}"
    )
    st.markdown(f"**Changes since version {detail.diff_base}**" if detail.diff_base else "**The text**")
    with st.container(border=True, key=f"diff_{v}"):
        st.markdown(diff_markdown(detail.diff).replace("\n", "  \n"))
    if detail.diff_base:
        st.caption("Green: added · red, struck through: removed")
    st.markdown(f"**Checklist findings** · {ui.verdict_words(detail.verdict)}")
    if detail.findings:
        marks = [
            SimpleNamespace(start=int(f.get("start", 0)), end=int(f.get("end", 0)), severity=f.get("severity"))
            for f in detail.findings
            if f.get("severity") in ("block", "warn", "info")
        ]
        with st.container(border=True, key=f"highlighted_{v}"):
            st.markdown(ui.highlighted(latest.text, marks))
    badge = {"block": ":red-badge[block]", "warn": ":orange-badge[warn]", "info": ":blue-badge[info]"}
    for f in detail.findings:
        st.markdown(
            f"{badge.get(f.get('severity'), ui.escape_md(str(f.get('severity'))))} · "
            f"{ui.escape_md(str(f.get('category')))} · {ui.escape_md(str(f.get('message')))}"
        )
    if post.platform == "x":
        thread_panel(post_id)

    st.markdown("**Signed items** (this version)")
    items = posts.attested_items(db, actor)
    for item in items:
        who = detail.signed.get(item.key)
        cols = st.columns([4, 1], vertical_alignment="center")
        cols[0].markdown(
            f"{':material/check_box:' if who else ':material/check_box_outline_blank:'} {ui.escape_md(item.label)}"
            + (f" · signed by {ui.escape_md(who[0])}, {ui.local_time(who[1], tz)}" if who else "")
        )
        if not who and cols[1].button("Sign", key=f"sign_{item.key}", width="stretch"):
            if ui.run(lambda key=item.key: posts.sign_item(db, actor, post_id, key)) is not None:
                done("signed", f"Signed: {item.label}")
    unsigned = [i for i in items if i.key not in detail.signed]
    if unsigned and st.button(
        SIGN_ALL,
        key=f"sign_all_{v}",
        type="primary",
        width="stretch",
        help="Signs every unsigned item above, each recorded with your name on this version.",
    ):
        if ui.run(lambda: posts.sign_all_items(db, actor, post_id, [i.key for i in unsigned])) is not None:
            done("signed", f"Signed {len(unsigned)} items on version {latest.number}, each in your name.")
    result_here("signed")

    st.caption(
        f"Approvals of this version: {len(detail.approvals)} of {detail.approvals_needed}"
        + (f" ({', '.join(detail.approvals)})" if detail.approvals else "")
    )
    for entry in detail.history:
        st.caption(
            f"{ui.escape_md(entry.reviewer)} · {entry.decision.replace('_', ' ')} v{entry.version}, "
            f"{ui.local_time(entry.created_at, tz)}: {ui.escape_md(entry.comment)}"
        )
    comment = st.text_input("Comment for the author", key=f"comment_{v}")
    override = (
        st.text_input("Override reason (required: this version has a blocking finding)", key=f"override_{v}")
        if detail.needs_override
        else ""
    )
    approve, changes, reject = st.columns(3)
    decision = None
    if approve.button("Approve", type="primary", width="stretch", key=f"approve_{v}"):
        decision = "approve"
    if changes.button("Request changes", width="stretch", key=f"changes_{v}"):
        decision = "request_changes"
    if reject.button("Reject", width="stretch", key=f"reject_{v}"):
        decision = "reject"
    if decision and (
        view := ui.run(lambda: posts.review_post(db, actor, post_id, decision, comment, override_reason=override))
    ):
        where = f" It now waits under {READY}." if view.state in publishing.READY_TO_GO else ""
        done("decision", f"Post {post_id}: {decision.replace('_', ' ')} recorded.{where}")
    result_here("decision")
    with st.expander("Edit as reviewer (a new version, shown to the author as a diff)"):
        new_text = st.text_area("Text", post.text, height=160, key=f"edit_{post_id}")
        if st.button("Save my edit", key=f"save_edit_{v}") and ui.run(
            lambda: posts.edit_post(db, actor, post_id, new_text)
        ):
            done("decision", f"Post {post_id}: your edit is version {latest.number + 1}.")


def waiting_section() -> None:
    queue = [posts.get_post(db, actor, i) for i in queue_ids]
    st.caption(f"{len(queue)} post(s) waiting; soonest scheduled first, then oldest.")
    if not queue:
        result_here("decision")
        st.success("Nothing waits for review.")
        return
    labels = {
        p.id: f"#{p.id} · {p.platform} · {when_local(p.scheduled_at, zones.get(p.executive_id, 'UTC'))} · {p.title}"
        for p in queue
    }
    post_id = st.selectbox("Post", list(labels), format_func=labels.get, key="post", bind="query-params")
    post = next(p for p in queue if p.id == post_id)
    review_panel(post_id, zones.get(post.executive_id, "UTC"))


def schedule_fields(p, tz: str) -> None:
    """Day and time in the executive's zone: the post's own schedule when it has one."""
    if p.scheduled_at:
        at = p.scheduled_at if p.scheduled_at.tzinfo else p.scheduled_at.replace(tzinfo=UTC)
        local = at.astimezone(ZoneInfo(tz))
    else:
        local = datetime.now(ZoneInfo(tz)).replace(hour=9, minute=0) + timedelta(days=1)
    stamp = f"{p.id}_{int(local.timestamp())}"  # a new schedule gives fresh fields showing it
    cols = st.columns([2, 2, 1.4, 1.4], vertical_alignment="bottom")
    day = cols[0].date_input(f"Day ({formatting.zone_name(tz)})", local.date(), key=f"day_{stamp}")
    at_time = cols[1].time_input("Time", local.time().replace(second=0, microsecond=0), key=f"time_{stamp}")
    label = "Reschedule" if p.scheduled_at else "Schedule"
    if cols[2].button(label, key=f"schedule_{p.id}", width="stretch") and ui.run(
        lambda: publishing.schedule_post(db, actor, p.id, datetime.combine(day, at_time))
    ):
        done(f"ready_{p.id}", f"Post {p.id} scheduled for {day:%a %d %b} {at_time:%H:%M} ({formatting.zone_name(tz)}).")
    if (
        p.platform == "x"
        and cols[3].button("Due now", key=f"due_now_{p.id}", width="stretch")
        and ui.run(lambda: publishing.schedule_post(db, actor, p.id, datetime.now(UTC)))
    ):
        done(
            f"ready_{p.id}",
            f"Post {p.id} is due now: the worker sends it within a minute, or use Publish due posts now.",
        )


def ready_section() -> None:
    ready = posts.list_posts(db, actor, states=publishing.AFTER_REVIEW, limit=50)
    if st.button("Publish due posts now", width="stretch") and (
        report := ui.run(lambda: publishing.publish_due_now(db, actor, ui.x_account()))
    ):
        done("publish", report.summary())
    result_here("publish")
    if not ready:
        st.caption("Nothing approved yet.")
    for p in ready:
        tz = zones.get(p.executive_id, "UTC")
        with st.container(border=True, key=f"ready_card_{p.id}"):
            st.markdown(
                f"**#{p.id} · {p.platform} · {p.state}** · "
                + (f"published {when_local(p.published_at, tz)}" if p.published_at else when_local(p.scheduled_at, tz))
                + f" · {ui.escape_md(p.title)}"
            )
            result_here(f"ready_{p.id}")
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
                    done(f"ready_{p.id}", f"Post {p.id} will be retried at the next publisher run.")
            if p.state in publishing.READY_TO_GO:
                schedule_fields(p, tz)
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
                        done(f"ready_{p.id}", f"Post {p.id} recorded as published on LinkedIn.")


if section == READY:
    ready_section()
else:
    waiting_section()
# A result whose place is gone (say the last post left the queue): show it at the top rather than lose it.
if leftover := st.session_state.pop("review_result", None):
    with top_result:
        st.success(leftover[1])
