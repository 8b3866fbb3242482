"""Sign-in attacks of issue 14, reproduced (points 2, 8, 11, 12): each test is the attack, and it must fail to get
through. Run on SQLite, and on PostgreSQL with DATABASE_URL.

Expected values come from the requirement: 5 wrong passwords at most, then 15 minutes locked, even for the right
password; an unknown e-mail answers exactly like a known one and costs one argon2 verify like a known one; a
password change, sign-out or deactivation ends the member's other sessions; OIDC needs `email_verified: true`."""

from __future__ import annotations

import multiprocessing
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import argon2
import pytest
import requests
from authlib.jose import JsonWebKey, jwt

from assistant import i18n
from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.errors import PermissionDenied
from assistant.services import workspace
from assistant.storage.db import Database
from tests.conftest import Team

PASSWORD = "correct horse battery"
WRONG = "wrong e-mail or password"
LOCKED_15 = "too many failed sign-ins: try again in 15 minutes or ask an admin"
ATTACKERS = 40


# -- point 2: 40 parallel wrong passwords from real processes ---------------------------------------------------


def _guess_in_a_process(url: str, email: str, guess: str, barrier, results) -> None:
    """One attacker: wait for the others, try one password, report what was said and how many hashes it checked."""
    verified = 0
    real_verify = argon2.PasswordHasher.verify

    def counting_verify(self, hash, password):  # noqa: A002 - argon2's own parameter name
        nonlocal verified
        verified += 1
        return real_verify(self, hash, password)

    argon2.PasswordHasher.verify = counting_verify  # this process only
    db = Database.from_url(url)
    try:
        barrier.wait(120)
        try:
            workspace.sign_in(db, email, guess)
            answer = "signed in"
        except PermissionDenied as refused:
            answer = str(refused)
        results.put((answer, verified))
    except Exception as exc:  # reported to the test, which fails on it
        results.put((repr(exc), verified))
    finally:
        db.engine.dispose()


def test_forty_parallel_wrong_passwords_check_at_most_five_then_the_right_one_is_refused(db, team, monkeypatch):
    team.actor(Role.EXECUTIVE, email="target@test.example", password=PASSWORD)
    # 40 processes on a shared CI machine: SQLite's 10 s busy wait can run out before a writer's turn comes;
    # what is tested here is how many passwords get checked, not how long SQLite waits (read at import, in each child).
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "300000")
    url = db.engine.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(ATTACKERS), spawn.Queue()
    attackers = [
        spawn.Process(
            target=_guess_in_a_process, args=(url, "target@test.example", f"guess number {i}", barrier, results)
        )
        for i in range(ATTACKERS)
    ]
    for process in attackers:
        process.start()
    answers = [results.get(timeout=600) for _ in attackers]
    for process in attackers:
        process.join(60)
    said = [answer for answer, _ in answers]
    checked = sum(verified for _, verified in answers)
    assert set(said) <= {WRONG} | {a for a in said if a.startswith("too many failed sign-ins")}, said
    wrong = said.count(WRONG)
    # what the attackers can see and what argon2 saw agree: at most 5 passwords were tried against the hash
    assert 1 <= wrong <= workspace.MAX_FAILED_LOGINS, said
    assert checked == wrong, (checked, said)
    with pytest.raises(PermissionDenied, match="^too many failed sign-ins"):
        workspace.sign_in(db, "target@test.example", PASSWORD)
    later = utcnow() + workspace.LOCKOUT + timedelta(seconds=1)
    assert workspace.sign_in(db, "target@test.example", PASSWORD, now=later).email == "target@test.example"


# -- point 8: sign-in does not reveal which e-mails exist -------------------------------------------------------


@pytest.fixture
def verify_calls(monkeypatch) -> list[str]:
    """Every hash argon2 is asked to verify a password against (spied on the hasher class itself)."""
    calls: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(self, hash, password):  # noqa: A002
        calls.append(hash)
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)
    return calls


def _answers(db: Database, email: str, password: str, now: datetime, attempts: int) -> list[str]:
    said = []
    for _ in range(attempts):
        try:
            workspace.sign_in(db, email, password, now=now)
            said.append("signed in")
        except PermissionDenied as refused:
            said.append(str(refused))
    return said


def test_a_known_and_an_unknown_email_get_the_same_answers_and_both_lock(db, team):
    team.actor(Role.DELEGATE, email="known@test.example", password=PASSWORD)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    known = _answers(db, "known@test.example", "not the password", now, 7)
    unknown = _answers(db, "nobody@test.example", "not the password", now, 7)
    assert known == unknown == [WRONG] * 5 + [LOCKED_15] * 2
    # case and spaces do not make a new counter for the same address
    assert _answers(db, " NOBODY@Test.Example", "x" * 12, now, 1) == [LOCKED_15]
    # the right password of the locked member is refused too, in the same words
    assert _answers(db, "known@test.example", PASSWORD, now + timedelta(minutes=5), 1) == [
        "too many failed sign-ins: try again in 10 minutes or ask an admin"
    ]
    # once the window is over, the member signs in and an unknown address is back to "wrong"
    after = now + workspace.LOCKOUT + timedelta(seconds=1)
    assert _answers(db, "known@test.example", PASSWORD, after, 1) == ["signed in"]
    assert _answers(db, "nobody@test.example", "still not it", after, 1) == [WRONG]


def test_the_lockout_answer_is_the_same_in_french_for_an_unknown_email(db, team):
    team.actor(Role.DELEGATE, email="connue@exemple.fr", password=PASSWORD)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with i18n.using("fr"):
        known = _answers(db, "connue@exemple.fr", "mauvais mot de passe", now, 6)
        unknown = _answers(db, "inconnue@exemple.fr", "mauvais mot de passe", now, 6)
    assert known == unknown
    assert known[0] == "e-mail ou mot de passe incorrect"
    assert known[-1] == (
        "trop de tentatives de connexion échouées : réessayez dans 15 minutes ou adressez-vous à un administrateur"
    )


def test_an_unknown_email_costs_one_argon2_verify_like_a_known_one(db, team, verify_calls):
    member = team.actor(Role.DELEGATE, email="known@test.example", password=PASSWORD)
    admin = team.actor(Role.ADMIN)
    gone = team.actor(Role.DELEGATE, email="gone@test.example", password=PASSWORD)
    workspace.deactivate_member(db, admin, gone.member_id)
    workspace.invite_member(db, admin, "invited@test.example", "Invited", frozenset({Role.REVIEWER}))
    verify_calls.clear()
    for email in ("known@test.example", "nobody@test.example", "gone@test.example", "invited@test.example"):
        with pytest.raises(PermissionDenied, match=f"^{WRONG}$"):
            workspace.sign_in(db, email, "not the password")
        assert len(verify_calls) == 1, email  # one hash checked, whether or not the e-mail is a member's
        verify_calls.clear()
    # the stand-in hash costs what a member's does: the same argon2 variant and parameters
    with pytest.raises(PermissionDenied):
        workspace.sign_in(db, "nobody@test.example", "not the password")
    with pytest.raises(PermissionDenied):
        workspace.sign_in(db, "known@test.example", "not the password")
    stand_in, real = (h.rsplit("$", 2)[0] for h in verify_calls)
    assert stand_in == real and real.startswith("$argon2id$")
    assert workspace.sign_in(db, "known@test.example", PASSWORD).member_id == member.member_id


def test_a_refusal_while_locked_checks_no_password(db, team, verify_calls):
    team.actor(Role.DELEGATE, email="known@test.example", password=PASSWORD)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    _answers(db, "known@test.example", "guess", now, 5)
    _answers(db, "nobody@test.example", "guess", now, 5)
    verify_calls.clear()
    assert _answers(db, "known@test.example", PASSWORD, now, 1) == [LOCKED_15]
    assert _answers(db, "nobody@test.example", PASSWORD, now, 1) == [LOCKED_15]
    assert verify_calls == []


def test_the_failure_table_keeps_no_email_in_clear(db, team):
    from sqlalchemy import select

    from assistant.storage.models import SignInFailure

    _answers(db, "Someone.Private@test.example", "guess", utcnow(), 2)
    with db.reading() as session:
        rows = session.scalars(select(SignInFailure)).all()
    assert len(rows) == 1 and rows[0].failures == 2
    assert "someone" not in rows[0].email_digest.lower() and len(rows[0].email_digest) == 64


# -- point 11: a password change, sign-out or deactivation ends the other sessions ------------------------------


def _two_sessions(db: Database, actor) -> tuple[str, str]:
    tokens = []
    for _ in range(2):
        started = workspace.start_session(db, actor, user_agent="pytest")
        token = workspace.exchange_code(db, started.code)
        assert token is not None
        tokens.append(token)
    return tokens[0], tokens[1]


def test_a_stolen_cookie_stops_working_when_the_owner_changes_the_password(db, team):
    member = team.actor(Role.DELEGATE, password=PASSWORD)
    mine, stolen = _two_sessions(db, member)
    acting = workspace.actor_for_token(db, mine)
    assert acting is not None and workspace.actor_for_token(db, stolen) is not None
    workspace.change_password(db, acting, PASSWORD, "a brand new passphrase")
    assert workspace.actor_for_token(db, stolen) is None
    assert workspace.actor_for_token(db, mine) is not None


def test_sign_out_ends_this_session_and_sign_out_elsewhere_ends_the_others(db, team):
    member = team.actor(Role.REVIEWER, password=PASSWORD)
    here, elsewhere = _two_sessions(db, member)
    acting = workspace.actor_for_token(db, here)
    assert workspace.end_other_sessions(db, acting) == 1
    assert workspace.actor_for_token(db, elsewhere) is None
    assert workspace.actor_for_token(db, here) is not None
    workspace.end_session(db, token=here)
    assert workspace.actor_for_token(db, here) is None


def test_deactivation_ends_every_session_of_the_member(db, team):
    admin = team.actor(Role.ADMIN)
    member = team.actor(Role.DELEGATE, password=PASSWORD)
    one, two = _two_sessions(db, member)
    workspace.deactivate_member(db, admin, member.member_id)
    assert workspace.actor_for_token(db, one) is None and workspace.actor_for_token(db, two) is None
    with pytest.raises(PermissionDenied, match=f"^{WRONG}$"):
        workspace.sign_in(db, member.email, PASSWORD)


# -- point 12: OIDC maps an e-mail only when the provider says it is verified ----------------------------------


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The local OIDC provider the e2e sign-on tests use (oidc_provider_mock), on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/.well-known/openid-configuration", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _id_token_claims(base: str, sub: str, claims: dict[str, object]) -> dict[str, object]:
    """The account `sub` signs in at the provider: the ID token's checked claims, as Streamlit keeps them in st.user."""
    requests.put(f"{base}/users/{urllib.parse.quote(sub)}", json=claims, timeout=5).raise_for_status()
    metadata = requests.get(f"{base}/.well-known/openid-configuration", timeout=5).json()
    callback = "http://127.0.0.1:9/oauth2callback"
    query = {
        "response_type": "code",
        "client_id": "assistant-test",
        "redirect_uri": callback,
        "scope": "openid email profile",  # what st.login asks for
        "state": "s",
        "nonce": "n-" + sub,
    }
    authorize = metadata["authorization_endpoint"] + "?" + urllib.parse.urlencode(query)
    granted = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert granted.status_code == 302, granted.text
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(granted.headers["location"]).query)["code"][0]
    token = requests.post(
        metadata["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": callback},
        auth=("assistant-test", "secret"),
        timeout=5,
    ).json()
    keys = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=5).json())
    decoded = jwt.decode(token["id_token"], keys)
    decoded.validate()
    return dict(decoded, is_logged_in=True, provider="default")


def test_oidc_maps_only_an_email_the_provider_says_is_verified(db, provider):
    team = Team(db)
    riley = team.actor(Role.REVIEWER, email="riley@test.example")
    verified = _id_token_claims(provider, "riley-verified", {"email": "riley@test.example", "email_verified": True})
    assert workspace.actor_for_oidc(db, verified).member_id == riley.member_id
    # an attacker's provider account that claims the member's e-mail without having proven it
    unverified = _id_token_claims(
        provider, "riley-unverified", {"email": "riley@test.example", "email_verified": False}
    )
    missing = _id_token_claims(provider, "riley-missing", {"email": "riley@test.example"})
    assert unverified["email_verified"] is False and "email_verified" not in missing
    expected = (
        "Your company account does not confirm that riley@test.example is verified, so it cannot open a workspace; "
        "ask your IT team to verify the address."
    )
    for claims in (unverified, missing, {**missing, "email_verified": "no"}):
        with pytest.raises(PermissionDenied) as refused:
            workspace.actor_for_oidc(db, claims)
        assert str(refused.value) == expected
    with i18n.using("fr"), pytest.raises(PermissionDenied) as refused:
        workspace.actor_for_oidc(db, unverified)
    assert str(refused.value) == (
        "Votre compte d’entreprise ne confirme pas que l’adresse riley@test.example est vérifiée : elle ne peut "
        "donc ouvrir aucun espace de travail. Demandez à votre service informatique de la vérifier."
    )


def test_oidc_still_refuses_a_verified_stranger_and_a_deactivated_member(db, provider):
    team = Team(db)
    admin = team.actor(Role.ADMIN)
    gone = team.actor(Role.DELEGATE, email="gone@test.example")
    workspace.deactivate_member(db, admin, gone.member_id)
    for email in ("stranger@elsewhere.example", "gone@test.example"):
        claims = _id_token_claims(provider, "s-" + email, {"email": email, "email_verified": True})
        with pytest.raises(PermissionDenied) as refused:
            workspace.actor_for_oidc(db, claims)
        assert str(refused.value) == f"{email} is not a member of any workspace; ask an admin."
    with pytest.raises(PermissionDenied) as refused:
        workspace.actor_for_oidc(db, {"is_logged_in": True, "email_verified": True})
    assert str(refused.value) == "This account is not a member of any workspace; ask an admin."
