"""Single sign-on in a real browser: st.login against an OIDC provider running on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from assistant import demo
from assistant.storage import migrate
from assistant.storage.db import Database
from tests.conftest import fresh_database_url
from tests.e2e.conftest import ROOT, _free_port, _wait_healthy, screenshot

pytestmark = pytest.mark.e2e


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("home")
    provider_port, app_port = _free_port(), _free_port()
    # The provider vouches for these addresses (email_verified); any other name typed in its form gets an
    # account whose e-mail it does not vouch for (no email_verified claim), which must open nothing.
    verified = [
        json.dumps({"sub": email, "email": email, "email_verified": True})
        for email in ("riley@lumengrid.example", "stranger@elsewhere.example")
    ]
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port)]
        + [arg for claims in verified for arg in ("--user-claims", claims)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-not-used-anywhere-else"\n'
        'client_id = "assistant-e2e"\n'
        'client_secret = "assistant-e2e-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n'
    )
    app = None
    try:
        _wait_for(f"http://127.0.0.1:{provider_port}/.well-known/openid-configuration")
        for db_url in fresh_database_url(tmp_path_factory.mktemp("oidc-db")):
            db = Database.from_url(db_url)
            migrate.upgrade(db.engine)
            demo.seed(db)
            db.engine.dispose()
            env = {**os.environ, "DATABASE_URL": db_url, "HOME": str(home)}
            app = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / "streamlit_app.py"),
                    "--server.headless=true",
                    f"--server.port={app_port}",
                    "--server.address=127.0.0.1",
                    "--server.fileWatcherType=none",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            url = f"http://127.0.0.1:{app_port}"
            _wait_healthy(url, app)
            yield url
    finally:
        for proc in (app, provider):
            if proc is not None:
                proc.terminate()
                proc.wait(10)


def _login_as(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in with your company account").click()
    page.locator('input[name="sub"]').first.fill(email)
    page.get_by_role("button", name="Authorize").click()


def test_a_member_signs_in_with_the_company_account(page, oidc_app):
    _login_as(page, oidc_app, "riley@lumengrid.example")
    page.get_by_role("heading", name="What waits for me").wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_role("link", name="Review")).to_have_count(1)
    expect(nav.get_by_role("link", name="Settings")).to_have_count(0)
    screenshot(page, "oidc-reviewer-home")


def test_an_unknown_company_account_reaches_no_page(page, oidc_app):
    _login_as(page, oidc_app, "stranger@elsewhere.example")
    page.get_by_text("is not a member of any workspace").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def test_a_member_address_the_provider_does_not_vouch_for_reaches_no_page(page, oidc_app):
    """Issue 14 point 12: an account at the provider that claims a member's e-mail without email_verified."""
    _login_as(page, oidc_app, "sam@lumengrid.example")
    page.get_by_text("does not confirm that sam@lumengrid.example is verified").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    screenshot(page, "oidc-unverified-email")
