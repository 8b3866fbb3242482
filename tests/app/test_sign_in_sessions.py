"""The sign-in form and the stored session behind the tab.

The cookie, refresh, deep links and the Sign out button are proven in a real browser: tests/e2e/test_sessions.py."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.services import workspace
from assistant.services.workspace.sessions import revoke_member_sessions
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


def _another_session(db, email: str) -> str:
    """The same member signed in on another computer: that browser's cookie token."""
    other = workspace.start_session(db, workspace.actor_for_email(db, email))
    token = workspace.exchange_code(db, other.code)
    assert token is not None and workspace.actor_for_token(db, token) is not None
    return token


def test_my_account_signs_out_the_other_sessions_and_keeps_this_one(demo_db):
    # the demo database is shared: sessions other tests left for Riley end first, so exactly one other remains
    riley = workspace.actor_for_email(demo_db, "riley@lumengrid.example")
    with demo_db.writing() as session:
        revoke_member_sessions(session, riley.member_id)
    at = _signed_in_by_form("riley@lumengrid.example", "reviewer-demo-1")
    elsewhere = _another_session(demo_db, "riley@lumengrid.example")
    at.switch_page("pages/account.py").run()
    next(b for b in at.button if b.label == "Sign out my other sessions").click().run()
    assert [s.value for s in at.success] == ["1 other session signed out."]
    assert workspace.actor_for_token(demo_db, elsewhere) is None
    assert [t.value for t in at.title] == ["My account"]  # this tab stays signed in
    assert workspace.actor_for_session(demo_db, at.session_state["member_session_id"]) is not None


def test_signing_out_the_other_sessions_in_french(demo_db):
    sam = workspace.actor_for_email(demo_db, "sam@lumengrid.example")
    workspace.set_my_language(demo_db, sam, "fr")
    try:
        at = _signed_in_by_form("sam@lumengrid.example", "delegate-demo-1")
        elsewhere = [_another_session(demo_db, "sam@lumengrid.example") for _ in range(2)]
        at.switch_page("pages/account.py").run()
        next(b for b in at.button if b.label == "Déconnecter mes autres sessions").click().run()
        assert [s.value for s in at.success] == ["2 autres sessions déconnectées."]
        assert all(workspace.actor_for_token(demo_db, token) is None for token in elsewhere)
    finally:
        workspace.set_my_language(demo_db, sam, None)
