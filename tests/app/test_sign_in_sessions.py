"""The sign-in form and the stored session behind the tab.

The cookie, refresh, deep links and the Sign out button are proven in a real browser: tests/e2e/test_sessions.py."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.services import workspace
from tests.app.conftest import APP


def _signed_in_by_form(email: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert [i.value for i in at.info] == ["Signing you in…"]
    return at.run()


def test_a_session_revoked_elsewhere_signs_this_tab_out(demo_db):
    at = _signed_in_by_form("riley@lumengrid.example", "reviewer-demo-1")
    assert at.title[0].value == "What waits for me"
    workspace.end_session(demo_db, session_id=at.session_state["member_session_id"])  # e.g. signed out elsewhere
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.dataframe and not at.metric
