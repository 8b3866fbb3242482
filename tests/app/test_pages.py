"""Every page as every demo member: no exception, the right pages, real data."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from assistant import ui
from assistant.demo import DEMO_USERS
from assistant.services import posts, workspace
from assistant.services.workspace import actor_for_email
from tests.app.conftest import APP, signed_in_app

USERS = {u.email: u for u in DEMO_USERS}


def test_a_signed_out_visitor_sees_only_the_sign_in(demo_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"]
    # Every page's address answers with the sign-in form (deep links), but no page file is reachable.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/settings.py")


def test_a_wrong_password_is_refused_and_the_right_one_signs_in(demo_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("riley@lumengrid.example")
    at.text_input[1].input("not-the-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["wrong e-mail or password"]
    at.text_input[1].input("reviewer-demo-1")
    at.button[0].click().run()
    # The browser is sent through /session/start for its cookie (AppTest does not follow it) ...
    assert not at.exception and [i.value for i in at.info] == ["Signing you in…"]
    riley = actor_for_email(demo_db, "riley@lumengrid.example")
    tab_session = workspace.actor_for_session(demo_db, at.session_state["member_session_id"])
    assert tab_session is not None and tab_session.member_id == riley.member_id
    # ... and this tab is signed in with the same stored session meanwhile.
    at.run()
    assert not at.exception and at.title[0].value == "What waits for me"


@pytest.mark.parametrize("email", sorted(USERS))
@pytest.mark.parametrize("page", ui.PAGES, ids=lambda p: p.path.removeprefix("pages/"))
def test_each_page_for_each_role(demo_db, email, page):
    user = USERS[email]
    at = signed_in_app(demo_db, email).run()
    assert not at.exception
    if page.roles & user.roles:
        at.switch_page(page.path).run()
        assert not at.exception, at.exception
        assert at.title[0].value == page.title
        assert not [e.value for e in at.error]
    else:  # not in this member's navigation at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page.path)


@pytest.mark.parametrize("page", ["settings.py", "review.py", "compose.py"])
def test_a_page_run_directly_still_refuses_the_wrong_role(demo_db, page):
    """Defence in depth: even reached outside the navigation, the page checks the roles."""
    at = signed_in_app(demo_db, "sam@lumengrid.example" if page != "compose.py" else "riley@lumengrid.example")
    direct = AppTest.from_file(APP.replace("streamlit_app.py", f"pages/{page}"), default_timeout=60)
    direct.session_state["member_id"] = at.session_state["member_id"]
    direct.session_state["last_seen"] = at.session_state["last_seen"]
    direct.run()
    assert [e.value for e in direct.error] == ["This page is not available for your roles."]
    assert not direct.dataframe


def test_the_reviewer_queue_shows_the_demo_post_waiting(demo_db):
    at = signed_in_app(demo_db, "riley@lumengrid.example")
    at.switch_page("pages/review.py").run()
    reviewer = actor_for_email(demo_db, "riley@lumengrid.example")
    waiting = posts.list_posts(demo_db, reviewer, states=("in_review",))
    assert f"{len(waiting)} post(s) waiting" in at.caption[0].value
    demo_post = next(p for p in waiting if "older solar inverters" in p.text)
    assert any(str(demo_post.id) in option for option in at.selectbox[0].options)


def test_the_inbox_lists_real_mentions_and_a_delegate_can_claim(demo_db):
    at = signed_in_app(demo_db, "sam@lumengrid.example")
    at.switch_page("pages/inbox.py").run()
    table = at.dataframe[0].value
    assert len(table) > 0 and table["Mention"].str.contains("@mayaokafor").all()
    at.query_params["mention"] = str(table["#"].iloc[0])  # what a click on the first row does
    at.run()
    claim = next(b for b in at.button if b.label == "Claim")
    claim.click().run()
    assert not at.exception
    assert any("You hold mention" in s.value for s in at.success)


def test_admin_settings_lists_the_members(demo_db):
    at = signed_in_app(demo_db, "admin@lumengrid.example")
    at.switch_page("pages/settings.py").run()
    listed = " ".join(m.value for m in at.markdown).replace("\\", "")  # a list of members (reads on a phone)
    for email in USERS:  # other tests may have invited more people into the shared demo workspace
        assert email in listed


def test_an_idle_session_expires_back_to_the_sign_in(demo_db):
    at = signed_in_app(demo_db, "maya@lumengrid.example")
    at.session_state["last_seen"] = time.time() - ui.SESSION_IDLE_LIMIT_S - 60
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert "member_id" not in at.session_state


def test_a_member_deactivated_while_signed_in_is_signed_out(demo_db):

    admin = actor_for_email(demo_db, "admin@lumengrid.example")
    extra = workspace.add_member(
        demo_db, admin, "temp@lumengrid.example", "Temp", frozenset({ui.Role.DELEGATE}), "temporary-pass-1"
    )
    at = signed_in_app(demo_db, "temp@lumengrid.example").run()
    assert at.title[0].value == "What waits for me"
    workspace.deactivate_member(demo_db, admin, extra.id)
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.dataframe and not at.metric  # nothing of the workspace is shown any more
