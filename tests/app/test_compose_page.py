"""Compose in AppTest: idea -> three drafts -> pick -> live checklist -> submit for review; the editor
starts over after Save/Submit; reopen (card or `?post=<id>`), edit, resubmit; confirmation when blocked;
the X and LinkedIn previews."""

from __future__ import annotations

from assistant import ui
from assistant.services import posts, workspace
from assistant.services.workspace import actor_for_email
from tests.app.conftest import signed_in_app


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _area(at, label="Post"):
    return next(t for t in at.text_area if t.label == label)


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def maya_exec(db, actor) -> int:
    return workspace.list_executives(db, actor)[0].id


def _compose(demo_db, email="maya@lumengrid.example"):
    at = signed_in_app(demo_db, email).run()
    at.switch_page("pages/compose.py").run()
    assert not at.exception
    return at


def test_idea_to_submitted_post_with_live_findings(demo_db):
    at = _compose(demo_db)
    assert "Offline drafter" in at.caption[0].value and "offline" in at.caption[0].value
    _area(at, "Idea, notes or a link").input("Our apprentices finished their first substation. Revenue grew 40%.").run()
    _button(at, "Draft three versions").click().run()
    assert not at.exception
    used = [b for b in at.button if b.label == "Use this draft"]
    assert len(used) == 3
    assert all("Voice fidelity" in c.value and "%" in c.value for c in at.caption if "Voice fidelity" in c.value)
    used[1].click().run()
    text = _area(at).value
    assert "apprentices" in text
    panel = _markdown(at)
    assert "Blocked" in panel and ":red-background[Revenue]" in panel and "disclosure" in panel
    _button(at, "Submit for review").click().run()  # blocked: asks first, submits nothing yet
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    assert not [p for p in posts.list_posts(demo_db, maya, states=("in_review",)) if p.text == text]
    _button(at, "Submit anyway").click().run()
    assert [s.value for s in at.success][0].endswith("is waiting for review.")
    submitted = next(p for p in posts.list_posts(demo_db, maya, states=("in_review",)) if p.text == text)
    assert submitted.versions[-1].authorship == "ai_assisted" and submitted.versions[-1].ai_model == "offline-v1"


def test_markdown_in_a_post_is_shown_as_text(demo_db):
    at = _compose(demo_db, "sam@lumengrid.example")
    _area(at).input("<script>alert(1)</script> **bold** guaranteed to cure cancer").run()
    assert not at.exception
    rendered = [m.value for m in at.markdown if "script" in m.value]
    assert rendered and all("\\<script\\>" in r and "\\*\\*bold\\*\\*" in r for r in rendered)


def test_a_long_x_post_can_be_sent_for_review_as_a_thread(demo_db):
    at = _compose(demo_db)
    long_text = " ".join(f"Sentence {i} about what our field crews taught me this year." for i in range(9))
    _area(at).input(long_text).run()
    next(c for c in at.checkbox if c.label.startswith("Publish as a numbered thread")).check().run()
    thread = next(c.value for c in at.caption if "a thread of" in c.value)
    n = int(thread.split("a thread of ")[1].split()[0])
    parts = [m.value for m in at.markdown if m.value.startswith("Sentence ")][1 : n + 1]  # after the checklist's
    assert n >= 2 and [p.rsplit(" ", 1)[-1] for p in parts] == [f"{k}/{n}" for k in range(1, n + 1)]
    assert " ".join(p.rsplit(" ", 1)[0] for p in parts).replace("\\.", ".") == long_text  # nothing lost
    _button(at, "Submit for review").click().run()
    assert [s.value for s in at.success][0].endswith("is waiting for review.")
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    submitted = next(p for p in posts.list_posts(demo_db, maya, states=("in_review",)) if p.text == long_text)
    preview = posts.thread_preview(demo_db, maya, submitted.id)
    assert preview.as_thread and len(preview.parts) >= 2


def test_the_editor_starts_over_after_save_and_the_draft_is_listed(demo_db):
    at = _compose(demo_db)
    _area(at, "Idea, notes or a link").input("Some notes").run()
    _area(at).input("A quiet note about our Monday reviews, saved for later.").run()
    _button(at, "Save draft").click().run()
    assert [s.value for s in at.success][0].startswith("Draft ")
    assert _area(at).value == "" and _area(at, "Idea, notes or a link").value == ""
    assert _button(at, "Save draft").disabled and _button(at, "Submit for review").disabled
    assert "A quiet note about our Monday reviews, saved for later." in _markdown(at)  # in the list below


def test_a_blocked_post_asks_and_says_what_the_reviewer_will_see(demo_db):
    at = _compose(demo_db)
    _area(at).input("Revenue grew 40% this quarter and we guarantee more.").run()
    _button(at, "Submit for review").click().run()
    dialog = _markdown(at)
    assert "The reviewer will see" in dialog and ":red-badge[block] **disclosure**" in dialog
    assert "reason for overriding" in dialog
    _button(at, "Keep editing").click().run()
    assert _area(at).value == "Revenue grew 40% this quarter and we guarantee more."


def test_a_post_sent_back_opens_from_the_deep_link_and_resubmits_as_a_new_version(demo_db):
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    riley = actor_for_email(demo_db, "riley@lumengrid.example")
    post = posts.compose_post(demo_db, maya, maya_exec(demo_db, maya), "x", "We guarantee a calm winter.", submit=True)
    posts.review_post(demo_db, riley, post.id, "request_changes", "No guarantees *please*")
    at = signed_in_app(demo_db, "maya@lumengrid.example")
    at.query_params["post"] = str(post.id)
    at.run()
    at.switch_page("pages/compose.py")
    at.query_params["post"] = str(post.id)
    at.run()
    assert not at.exception
    assert _area(at).value == "We guarantee a calm winter."
    shown = _markdown(at)
    assert f"**Editing post {post.id}**" in shown and "Changes requested" in shown
    assert "No guarantees \\*please\\*" in shown  # the reviewer's comment, as text
    assert ":orange-background[guarantee]" in shown  # the finding highlighted in what the reviewer read
    _area(at).input("A calm winter is what we plan for.").run()
    _button(at, "Resubmit for review").click().run()
    assert [s.value for s in at.success][0] == f"Post {post.id} (version 2) is waiting for review."
    after = posts.get_post(demo_db, maya, post.id)
    assert after.state == "in_review" and [v.number for v in after.versions] == [1, 2]
    assert _area(at).value == "" and "post" not in at.query_params


def test_a_draft_opens_from_its_card(demo_db):
    sam = actor_for_email(demo_db, "sam@lumengrid.example")
    draft = posts.compose_post(demo_db, sam, maya_exec(demo_db, sam), "linkedin", "A draft Sam keeps for Maya.")
    at = _compose(demo_db, "sam@lumengrid.example")
    next(b for b in at.button if b.key == f"open_{draft.id}").click().run()
    assert _area(at).value == "A draft Sam keeps for Maya."
    _area(at).input("A draft Sam keeps for Maya, now better.").run()
    _button(at, "Save changes").click().run()
    assert [s.value for s in at.success][0] == f"Draft {draft.id} saved (version 2)."
    assert posts.get_post(demo_db, sam, draft.id).text == "A draft Sam keeps for Maya, now better."


def test_a_post_in_review_is_not_reopened_from_a_link(demo_db):
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    post = posts.compose_post(demo_db, maya, maya_exec(demo_db, maya), "x", "Waiting for Riley.", submit=True)
    at = signed_in_app(demo_db, "maya@lumengrid.example").run()
    at.switch_page("pages/compose.py")
    at.query_params["post"] = str(post.id)
    at.run()
    assert any("Review page" in e.value for e in at.error)
    assert _area(at).value == ""


def test_the_linkedin_preview_shows_the_fold(demo_db):
    at = _compose(demo_db)
    next(r for r in at.radio if r.label == "Platform").set_value("linkedin").run()
    words = " ".join(f"word{i}" for i in range(60))  # about 410 characters
    _area(at).input(words).run()
    shown = _markdown(at)
    assert "see more" in shown
    preview = next(m.value for m in at.markdown if m.value.endswith("see more**]"))
    visible = preview.split(" …")[0]
    assert words.startswith(visible) and 150 < len(visible) <= 210


def test_a_rewrite_appears_under_the_editor_and_can_be_used(demo_db):
    at = _compose(demo_db)
    original = "We had a good week. The crews in Dayton finished the line early and safely."
    _area(at).input(original).run()
    _button(at, "Rewrite this text").click().run()
    assert not at.exception
    assert [c.value for c in at.caption if c.value.startswith("Rewrite · voice fidelity")]
    # Beside the editor: after the Rewrite button, before the list of drafts (not at the top of the page).
    labels = [b.label for b in at.button]
    assert labels.index("Rewrite this text") < labels.index("Use this version") < labels.index("Open")
    shown = [m.value for m in at.markdown]
    next(b for b in at.button if b.label == "Use this version").click().run()
    used = _area(at).value
    assert used and used != original and ui.escape_md(used) in shown  # the card's text is now in the editor
    assert "Use this version" not in [b.label for b in at.button]


def test_a_reopened_thread_keeps_its_thread_choice(demo_db):
    maya = actor_for_email(demo_db, "maya@lumengrid.example")
    long_text = " ".join(f"Point {i}: what the line crews taught me about patience this year." for i in range(8))
    draft = posts.compose_post(demo_db, maya, maya_exec(demo_db, maya), "x", long_text, as_thread=True)
    at = _compose(demo_db)
    next(b for b in at.button if b.key == f"open_{draft.id}").click().run()
    assert next(c for c in at.checkbox if c.label.startswith("Publish as a numbered thread")).value is True
    _area(at).input(long_text + " Thank you all.").run()
    _button(at, "Save changes").click().run()
    assert posts.thread_preview(demo_db, maya, draft.id).as_thread
    assert posts.get_post(demo_db, maya, draft.id).text.endswith("Thank you all.")
