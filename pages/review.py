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
from assistant.i18n import N_, _, n_
from assistant.services import posts, publishing, workspace

# The sections' English names are their values (in the URL, in links from other pages); shown translated.
WAITING, READY = N_("Waiting for review"), N_("Approved, scheduled and failed")
SIGN_ALL = N_("I have read it as all four readers and checked facts, links, tags")
AUTHORSHIP_NAMES = {
    "executive": N_("executive"),
    "ai_assisted": N_("ai assisted"),
    "delegate": N_("delegate"),
    "reviewer": N_("reviewer"),
}
DECISION_NAMES = {"approve": N_("approve"), "request_changes": N_("request changes"), "reject": N_("reject")}
# Whole sentences per decision: a translation agrees its words with the decision.
DECISION_RECORDED = {
    "approve": N_("Post {id}: approve recorded."),
    "request_changes": N_("Post {id}: request changes recorded."),
    "reject": N_("Post {id}: reject recorded."),
}


actor = ui.require_actor(__file__)
db = ui.db()
st.title(_("Review"))
ui.show_flash()  # a message another page left for this one
mode = ui.publisher_mode()
if mode == "dry-run":
    st.info(_("Dry-run mode: no X credentials are configured, so publishing records posts without sending them to X."))
zones = {e.id: e.timezone for e in workspace.list_executives(db, actor)}
queue_ids = posts.review_queue(db, actor)
if (wanted := st.query_params.get("open")) is not None:  # a link from the calendar: ?open=<post id>
    del st.query_params["open"]
    if wanted.isdigit() and int(wanted) in queue_ids:  # the bound widgets take their value from session state
        st.session_state["section"], st.session_state["post"] = WAITING, int(wanted)
    elif wanted.isdigit():  # past review (approved, scheduled, failed): its card is in the other section
        st.session_state["section"] = READY
section = st.segmented_control(
    _("Show"),
    [WAITING, READY],
    format_func=_,
    default=WAITING,
    required=True,
    key="section",
    bind="query-params",
    width="stretch",
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
        st.success(ui.escape_md(got[1]))  # results are plain text: they name members and quote input
        st.toast(ui.escape_md(got[1]), icon=":material/check_circle:")


def thread_panel(post_id: int) -> None:
    """A long X post: the author's thread choice and exactly how it would be split."""
    preview = posts.thread_preview(db, actor, post_id)
    if not preview.needed:
        return
    st.markdown(
        _(
            "**Too long for one X post** ({weighted} of {limit} weighted characters)",
            weighted=preview.weighted,
            limit=preview.limit,
        )
    )
    result_here(f"thread_{post_id}")
    if preview.by_policy:
        st.caption(_("Workspace policy: long X posts go out as numbered threads."))
    else:
        choice = st.toggle(_("Publish as a thread"), value=preview.as_thread, key=f"thread_{post_id}")
        if choice != preview.as_thread and ui.run(
            lambda: posts.set_publish_as_thread(db, actor, post_id, choice) or True
        ):
            done(
                f"thread_{post_id}",
                _("Post {id} will go out as a thread.", id=post_id)
                if choice
                else _("Post {id} will go out as one post (too long: it will fail).", id=post_id),
            )
    parts = len(preview.parts)
    st.caption(
        n_(
            "Split preview: {count} part, each replying to the previous one",
            "Split preview: {count} parts, each replying to the previous one",
            parts,
        )
        if preview.as_thread
        else n_(
            "Split preview: {count} part, each replying to the previous one (only if 'Publish as a thread' is on)",
            "Split preview: {count} parts, each replying to the previous one (only if 'Publish as a thread' is on)",
            parts,
        )
    )
    for n, (text, weighted) in enumerate(preview.parts):
        sent = preview.sent[n] if n < len(preview.sent) else None
        with st.container(border=True):
            values = {"number": n + 1, "weighted": weighted, "limit": preview.limit, "sent": ui.escape_md(str(sent))}
            st.caption(
                _("Part {number} · {weighted}/{limit} · sent, X id {sent}", **values)
                if sent
                else _("Part {number} · {weighted}/{limit}", **values)
            )
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
                out.append(ui.escape_md(line))
                continue
            lead, trail = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()) :]
            body = ui.escape_md(core)
            body = f"~~{body}~~" if op == "delete" else body
            out.append(f"{ui.escape_md(lead)}:{colour[op]}-background[{body}]{ui.escape_md(trail)}")
    return "".join(out)


def when_local(moment: datetime | None, tz: str) -> str:
    return ui.local_time(moment, tz) if moment else _("no time")


def review_panel(post_id: int, tz: str) -> None:
    post = posts.get_post(db, actor, post_id)
    detail = posts.review_detail(db, actor, post_id)
    latest = post.versions[-1]
    v = f"{post_id}_v{latest.number}"  # widgets belong to this post and version
    values = {
        "version": latest.number,
        "author": ui.escape_md(latest.author),
        "authorship": ui.escape_md(ui.in_words(AUTHORSHIP_NAMES, latest.authorship)),
        "model": ui.escape_md(str(latest.ai_model)),
        "prompt": ui.escape_md(str(latest.prompt)),
        "starter": ui.escape_md(post.created_by),
        "when": when_local(post.scheduled_at, tz),
    }
    st.caption(
        _(
            "Version {version} by {author} ({authorship}), model {model}, prompt {prompt}"
            " · post started by {starter} · to go out {when}",
            **values,
        )
        if latest.ai_model
        else _("Version {version} by {author} ({authorship}) · post started by {starter} · to go out {when}", **values)
    )
    st.markdown(
        _("**Changes since version {version}**", version=int(detail.diff_base))
        if detail.diff_base
        else _("**The text**")
    )
    with st.container(border=True, key=f"diff_{v}"):
        st.markdown(diff_markdown(detail.diff).replace("\n", "  \n"))
    if detail.diff_base:
        st.caption(_("Green: added · red, struck through: removed"))
    st.markdown(_("**Checklist findings** · {verdict}", verdict=ui.verdict_words(detail.verdict)))
    if detail.findings:
        marks = [
            SimpleNamespace(start=int(f.get("start", 0)), end=int(f.get("end", 0)), severity=f.get("severity"))
            for f in detail.findings
            if f.get("severity") in ("block", "warn", "info")
        ]
        with st.container(border=True, key=f"highlighted_{v}"):
            st.markdown(ui.highlighted(latest.text, marks))
    badge = {
        severity: f":{colour}-badge[{_(ui.SEVERITY_WORDS[severity])}]"
        for severity, colour in (("block", "red"), ("warn", "orange"), ("info", "blue"))
    }
    for f in detail.findings:
        st.markdown(
            f"{badge.get(f.get('severity'), ui.escape_md(str(f.get('severity'))))} · "
            f"{ui.escape_md(ui.category_name(str(f.get('category'))))} · {ui.escape_md(str(f.get('message')))}"
        )
    if post.platform == "x":
        thread_panel(post_id)

    st.markdown(_("**Signed items** (this version)"))
    items = posts.attested_items(db, actor)
    for item in items:
        who = detail.signed.get(item.key)
        cols = st.columns([4, 1], vertical_alignment="center")
        cols[0].markdown(
            f"{':material/check_box:' if who else ':material/check_box_outline_blank:'} {ui.escape_md(item.label)}"
            + (
                " · " + _("signed by {name}, {when}", name=ui.escape_md(who[0]), when=ui.local_time(who[1], tz))
                if who
                else ""
            )
        )
        if not who and cols[1].button(_("Sign"), key=f"sign_{item.key}", width="stretch"):
            if ui.run(lambda key=item.key: posts.sign_item(db, actor, post_id, key)) is not None:
                done("signed", _("Signed: {item}", item=item.label))
    unsigned = [i for i in items if i.key not in detail.signed]
    if unsigned and st.button(
        _(SIGN_ALL),
        key=f"sign_all_{v}",
        type="primary",
        width="stretch",
        help=_("Signs every unsigned item above, each recorded with your name on this version."),
    ):
        if ui.run(lambda: posts.sign_all_items(db, actor, post_id, [i.key for i in unsigned])) is not None:
            done(
                "signed",
                n_(
                    "Signed {count} item on version {version}, in your name.",
                    "Signed {count} items on version {version}, each in your name.",
                    len(unsigned),
                    version=latest.number,
                ),
            )
    result_here("signed")

    counts = {
        "count": len(detail.approvals),
        "needed": int(detail.approvals_needed),
        "names": ui.escape_md(", ".join(detail.approvals)),
    }
    st.caption(
        _("Approvals of this version: {count} of {needed} ({names})", **counts)
        if detail.approvals
        else _("Approvals of this version: {count} of {needed}", **counts)
    )
    for entry in detail.history:
        st.caption(
            f"{ui.escape_md(entry.reviewer)} · {ui.escape_md(ui.in_words(DECISION_NAMES, entry.decision))} "
            f"v{entry.version}, {ui.local_time(entry.created_at, tz)}: {ui.escape_md(entry.comment)}"
        )
    comment = st.text_input(_("Comment for the author"), key=f"comment_{v}")
    override = (
        st.text_input(_("Override reason (required: this version has a blocking finding)"), key=f"override_{v}")
        if detail.needs_override
        else ""
    )
    approve, changes, reject = st.columns(3)
    decision = None
    if approve.button(_("Approve"), type="primary", width="stretch", key=f"approve_{v}"):
        decision = "approve"
    if changes.button(_("Request changes"), width="stretch", key=f"changes_{v}"):
        decision = "request_changes"
    if reject.button(_("Reject"), width="stretch", key=f"reject_{v}"):
        decision = "reject"
    if decision and (
        view := ui.run(lambda: posts.review_post(db, actor, post_id, decision, comment, override_reason=override))
    ):
        said = _(DECISION_RECORDED[decision], id=post_id)
        if view.state in publishing.READY_TO_GO:
            said += " " + _("It now waits under {section}.", section=_(READY))
        done("decision", said)
    result_here("decision")
    with st.expander(_("Edit as reviewer (a new version, shown to the author as a diff)")):
        new_text = st.text_area(_("Text"), post.text, height=160, key=f"edit_{post_id}")
        if st.button(_("Save my edit"), key=f"save_edit_{v}") and ui.run(
            lambda: posts.edit_post(db, actor, post_id, new_text)
        ):
            done("decision", _("Post {id}: your edit is version {version}.", id=post_id, version=latest.number + 1))


def waiting_section() -> None:
    queue = [posts.get_post(db, actor, i) for i in queue_ids]
    # English keeps its "post(s)" wording; n_ gives languages with plurals their proper forms.
    st.caption(
        n_(
            "{count} post(s) waiting; soonest scheduled first, then oldest.",
            "{count} post(s) waiting; soonest scheduled first, then oldest.",
            len(queue),
        )
    )
    if not queue:
        result_here("decision")
        st.success(_("Nothing waits for review."))
        return
    labels = {
        p.id: f"#{p.id} · {p.platform} · {when_local(p.scheduled_at, zones.get(p.executive_id, 'UTC'))} · {p.title}"
        for p in queue
    }
    post_id = st.selectbox(_("Post"), list(labels), format_func=labels.get, key="post", bind="query-params")
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
    zone = formatting.zone_name(tz)
    day = cols[0].date_input(_("Day ({zone})", zone=zone), local.date(), key=f"day_{stamp}")
    at_time = cols[1].time_input(_("Time"), local.time().replace(second=0, microsecond=0), key=f"time_{stamp}")
    label = _("Reschedule") if p.scheduled_at else _("Schedule")
    if cols[2].button(label, key=f"schedule_{p.id}", width="stretch") and ui.run(
        lambda: publishing.schedule_post(db, actor, p.id, datetime.combine(day, at_time))
    ):
        done(
            f"ready_{p.id}",
            _(
                "Post {id} scheduled for {day} {time} ({zone}).",
                id=p.id,
                day=ui.day_label(day),
                time=f"{at_time:%H:%M}",
                zone=zone,
            ),
        )
    if (
        p.platform == "x"
        and cols[3].button(_("Due now"), key=f"due_now_{p.id}", width="stretch")
        and ui.run(lambda: publishing.schedule_post(db, actor, p.id, datetime.now(UTC)))
    ):
        done(
            f"ready_{p.id}",
            _("Post {id} is due now: the worker sends it within a minute, or use Publish due posts now.", id=p.id),
        )


def ready_section() -> None:
    ready = posts.list_posts(db, actor, states=publishing.AFTER_REVIEW, limit=50)
    if st.button(_("Publish due posts now"), width="stretch") and (
        report := ui.run(lambda: publishing.publish_due_now(db, actor, ui.x_account()))
    ):
        done("publish", report.summary())
    result_here("publish")
    if not ready:
        st.caption(_("Nothing approved yet."))
    for p in ready:
        tz = zones.get(p.executive_id, "UTC")
        with st.container(border=True, key=f"ready_card_{p.id}"):
            st.markdown(
                f"**#{p.id} · {ui.escape_md(p.platform)} · {ui.state_words(p.state)}** · "
                + (
                    _("published {when}", when=when_local(p.published_at, tz))
                    if p.published_at
                    else when_local(p.scheduled_at, tz)
                )
                + f" · {ui.escape_md(p.title)}"
            )
            result_here(f"ready_{p.id}")
            if p.state == PostState.PUBLISHED:
                when = ui.local_time(p.published_at, tz)
                st.caption(
                    _("Published {when} · DRY RUN: not sent to X", when=when)
                    if p.dry_run
                    else _("Published {when} · X id {id}", when=when, id=p.x_post_id or "-")
                )
                continue
            if p.platform == "x" and (preview := posts.thread_preview(db, actor, p.id)).needed:
                sent = sum(1 for i in preview.sent if i)
                facts = [
                    _("Thread") if preview.as_thread else _("Too long, not a thread"),
                    n_("{count} part", "{count} parts", len(preview.parts)),
                ]
                if sent:
                    facts.append(n_("{count} sent", "{count} sent", sent))
                st.caption(" · ".join(facts))
            if p.last_error:
                st.error(ui.escape_md(p.last_error))
            if p.state == PostState.FAILED and st.button(_("Retry"), key=f"retry_{p.id}"):
                if ui.run(lambda pid=p.id: publishing.retry_publishing(db, actor, pid)):
                    done(f"ready_{p.id}", _("Post {id} will be retried at the next publisher run.", id=p.id))
            if p.state in publishing.READY_TO_GO:
                schedule_fields(p, tz)
            if p.platform == "linkedin" and p.state in publishing.READY_TO_GO:
                export = publishing.linkedin_export(db, actor, p.id)
                st.caption(
                    n_(
                        "LinkedIn has no publishing API here: copy the text ({count} character), post it,"
                        " then mark it published.",
                        "LinkedIn has no publishing API here: copy the text ({count} characters), post it,"
                        " then mark it published.",
                        export.characters,
                    )
                    if export.fits
                    else n_(
                        "LinkedIn has no publishing API here: copy the text ({count} character, too long), post it,"
                        " then mark it published.",
                        "LinkedIn has no publishing API here: copy the text ({count} characters, too long), post it,"
                        " then mark it published.",
                        export.characters,
                    )
                )
                st.code(export.text, language=None, wrap_lines=True)
                if st.button(_("Mark as posted on LinkedIn"), key=f"manual_{p.id}"):
                    if ui.run(lambda pid=p.id: publishing.mark_posted_by_hand(db, actor, pid) or True):
                        done(f"ready_{p.id}", _("Post {id} recorded as published on LinkedIn.", id=p.id))


if section == READY:
    ready_section()
else:
    waiting_section()
# A result whose place is gone (say the last post left the queue): show it at the top rather than lose it.
if leftover := st.session_state.pop("review_result", None):
    with top_result:
        st.success(ui.escape_md(leftover[1]))
