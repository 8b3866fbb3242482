"""Browser sessions of local accounts: the cookie token, its one-time code, expiry, revocation and the routes.

Expected values come from the requirement (issue 12 point 1): 60 s single-use codes, 8 idle hours, 7 days at most,
revoked by sign-out, password change (the other sessions) and deactivation; no open redirect."""

from __future__ import annotations

from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import select
from starlette.requests import Request

import app as web
from assistant import config
from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.services import workspace
from assistant.storage.models import MemberSession

PASSWORD = "correct horse battery"


def _signed_in(db, actor, now):
    """What the sign-in form and /session/start do: a session, then its code swapped for the cookie token."""
    started = workspace.start_session(db, actor, user_agent="pytest", now=now)
    token = workspace.exchange_code(db, started.code, now=now + timedelta(seconds=2))
    assert token is not None
    return started, token


def test_a_code_becomes_a_token_once_and_only_hashes_are_stored(db, team):
    actor = team.actor(Role.DELEGATE)
    now = utcnow()
    started = workspace.start_session(db, actor, now=now)
    token = workspace.exchange_code(db, started.code, now=now + timedelta(seconds=5))
    assert token and token != started.code
    assert workspace.exchange_code(db, started.code, now=now + timedelta(seconds=6)) is None  # single use
    found = workspace.actor_for_token(db, token, now=now + timedelta(minutes=1))
    assert found is not None and found.member_id == actor.member_id and found.roles == {Role.DELEGATE}
    assert found.session_id == started.session_id
    with db.reading() as session:
        row = session.get(MemberSession, started.session_id)
        stored = {row.token_hash, row.code_hash}
        assert token not in stored and started.code not in stored and row.code_hash is None
        assert row.user_agent is None  # not given here
        assert row.expires_at - row.created_at == timedelta(days=7)


def test_a_code_expires_after_sixty_seconds(db, team):
    actor = team.actor(Role.REVIEWER)
    now = utcnow()
    late = workspace.start_session(db, actor, now=now)
    assert workspace.exchange_code(db, late.code, now=now + timedelta(seconds=61)) is None
    in_time = workspace.start_session(db, actor, now=now)
    assert workspace.exchange_code(db, in_time.code, now=now + timedelta(seconds=59)) is not None


@pytest.mark.parametrize("bad", [None, "", "short", "x" * 43 + "=", "a b" * 15, "../../etc/passwd" * 3])
def test_malformed_codes_and_tokens_are_refused(db, team, bad):
    assert workspace.exchange_code(db, bad) is None
    assert workspace.actor_for_token(db, bad) is None


def test_a_tampered_or_unknown_token_is_refused(db, team):
    actor = team.actor(Role.EXECUTIVE)
    now = utcnow()
    _, token = _signed_in(db, actor, now)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert workspace.actor_for_token(db, flipped, now=now) is None
    assert workspace.actor_for_token(db, "Z" * 43, now=now) is None
    assert workspace.actor_for_token(db, token, now=now) is not None


def test_eight_idle_hours_end_a_session_and_use_keeps_it_alive(db, team):
    actor = team.actor(Role.DELEGATE)
    now = utcnow()
    _, idle = _signed_in(db, actor, now)
    _, used = _signed_in(db, actor, now)
    assert workspace.actor_for_token(db, used, now=now + timedelta(hours=7)) is not None
    later = now + timedelta(hours=8, minutes=5)
    assert workspace.actor_for_token(db, idle, now=later) is None  # 8 h 5 min without use
    assert workspace.actor_for_token(db, used, now=later) is not None  # used 1 h 5 min ago


def test_seven_days_end_a_session_however_busy(db, team):
    actor = team.actor(Role.DELEGATE)
    start = utcnow()
    _, token = _signed_in(db, actor, start)
    moment = start
    while moment < start + timedelta(days=7) - timedelta(hours=6):  # used every 6 hours: never idle
        moment += timedelta(hours=6)
        assert workspace.actor_for_token(db, token, now=moment) is not None, moment - start
    assert workspace.actor_for_token(db, token, now=start + timedelta(days=7, minutes=1)) is None


def test_sign_out_ends_that_session_only(db, team):
    actor = team.actor(Role.REVIEWER)
    now = utcnow()
    first, token = _signed_in(db, actor, now)
    _, other = _signed_in(db, actor, now)
    workspace.end_session(db, token=token, now=now)
    assert workspace.actor_for_token(db, token, now=now) is None
    assert workspace.actor_for_session(db, first.session_id, now=now) is None  # the tab that held it too
    assert workspace.actor_for_token(db, other, now=now) is not None
    # A revoked session's code cannot be swapped for a token either.
    late = workspace.start_session(db, actor, now=now)
    workspace.end_session(db, session_id=late.session_id, now=now)
    assert workspace.exchange_code(db, late.code, now=now) is None


def test_a_password_change_ends_the_members_other_sessions(db, team):
    actor = team.actor(Role.DELEGATE, password=PASSWORD)
    now = utcnow()
    here, token_here = _signed_in(db, actor, now)
    _, token_elsewhere = _signed_in(db, actor, now)
    someone_else = team.actor(Role.DELEGATE)
    _, their_token = _signed_in(db, someone_else, now)
    acting = workspace.actor_for_token(db, token_here, now=now)
    assert acting is not None and acting.session_id == here.session_id
    workspace.change_password(db, acting, PASSWORD, "a brand new passphrase")
    assert workspace.actor_for_token(db, token_elsewhere) is None
    assert workspace.actor_for_token(db, token_here) is not None  # the browser that changed it stays
    assert workspace.actor_for_token(db, their_token) is not None
    # Without a session (OIDC, CLI), every session of the member ends.
    workspace.change_password(db, actor, "a brand new passphrase", "another new passphrase")
    assert workspace.actor_for_token(db, token_here) is None


def test_deactivation_ends_all_the_members_sessions(db, team):
    admin = team.actor(Role.ADMIN)
    member = team.actor(Role.DELEGATE)
    now = utcnow()
    _, one = _signed_in(db, member, now)
    _, two = _signed_in(db, member, now)
    workspace.deactivate_member(db, admin, member.member_id)
    assert workspace.actor_for_token(db, one) is None and workspace.actor_for_token(db, two) is None
    with db.reading() as session:
        rows = session.scalars(select(MemberSession).where(MemberSession.member_id == member.member_id)).all()
        assert len(rows) == 2 and all(r.revoked_at is not None for r in rows)


def test_sessions_that_ended_over_a_day_ago_are_deleted_at_the_next_sign_in(db, team):
    actor = team.actor(Role.DELEGATE)
    start = utcnow()
    _signed_in(db, actor, start)  # expires on day 7
    recent, _ = _signed_in(db, actor, start + timedelta(days=6))
    workspace.end_session(db, session_id=recent.session_id, now=start + timedelta(days=8))
    workspace.start_session(db, actor, now=start + timedelta(days=8, hours=1))
    with db.reading() as session:
        begun = session.scalars(select(MemberSession.created_at).where(MemberSession.member_id == actor.member_id))
        ages = sorted(round((b - start) / timedelta(hours=1)) for b in begun)
    assert ages == [6 * 24, 8 * 24 + 1]  # the one expired a day and an hour ago is gone; revoked an hour ago stays


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("/inbox", "/inbox"),
        ("/review?post=4", "/review?post=4"),
        ("//evil.example/inbox", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("/inbox\r\nSet-Cookie: x=1", "/"),
        ("/ /evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_local_paths_are_followed_after_sign_in(asked, expected):
    assert workspace.safe_next(asked) == expected


# The wrapper's routes, called as Starlette calls them.


def _request(path: str, query: str = "", *, cookie: str | None = None, https: bool = False, site: str | None = None):
    headers = [(b"accept", b"text/html")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    if site:
        headers.append((b"sec-fetch-site", site.encode()))
    scheme = "https" if https else "http"
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": scheme,
            "server": ("assistant.example", 443 if https else 80),
            "path": path,
            "query_string": query.encode(),
            "headers": headers,
        }
    )


def _cookies(response) -> SimpleCookie:
    jar = SimpleCookie()
    for header in response.headers.getlist("set-cookie"):
        jar.load(header)
    return jar


@pytest.fixture
def routes_db(db, monkeypatch):
    monkeypatch.setattr(config, "_db", db)  # the routes use the app's database
    return db


def test_the_start_route_sets_an_httponly_cookie_and_opens_the_page(routes_db, team):
    actor = team.actor(Role.DELEGATE)
    started = workspace.start_session(routes_db, actor)
    response = web.session_start(_request("/session/start", f"code={started.code}&next=/inbox", site="same-origin"))
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    morsel = _cookies(response)[workspace.COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
    assert not morsel["secure"]  # plain http: a Secure cookie would be dropped
    assert int(morsel["max-age"]) == 7 * 24 * 3600
    found = workspace.actor_for_token(routes_db, morsel.value)
    assert found is not None and found.member_id == actor.member_id
    # The same code again: no cookie, back to the sign-in form on the page asked for.
    again = web.session_start(_request("/session/start", f"code={started.code}&next=/inbox"))
    assert again.headers["location"] == "/inbox" and not again.headers.getlist("set-cookie")


def test_the_start_route_sets_a_secure_cookie_over_https_and_refuses_open_redirects(routes_db, team):
    actor = team.actor(Role.DELEGATE)
    started = workspace.start_session(routes_db, actor)
    response = web.session_start(_request("/session/start", f"code={started.code}&next=//evil.example/x", https=True))
    assert response.headers["location"] == "/"
    assert _cookies(response)[workspace.COOKIE_NAME]["secure"]


def test_the_start_route_refuses_a_code_brought_by_another_site(routes_db, team):
    actor = team.actor(Role.DELEGATE)
    started = workspace.start_session(routes_db, actor)
    response = web.session_start(_request("/session/start", f"code={started.code}&next=/inbox", site="cross-site"))
    assert response.headers["location"] == "/" and not response.headers.getlist("set-cookie")
    # The code was not used up by the refused request.
    assert workspace.exchange_code(routes_db, started.code) is not None


def test_the_end_route_revokes_the_session_and_clears_the_cookie(routes_db, team):
    actor = team.actor(Role.DELEGATE)
    _, token = _signed_in(routes_db, actor, utcnow())
    response = web.session_end(_request("/session/end", cookie=f"{workspace.COOKIE_NAME}={token}"))
    assert response.status_code == 303 and response.headers["location"] == "/"
    morsel = _cookies(response)[workspace.COOKIE_NAME]
    assert morsel.value == "" and int(morsel["max-age"]) == 0
    assert workspace.actor_for_token(routes_db, token) is None
