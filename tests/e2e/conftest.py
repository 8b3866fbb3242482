"""A real `streamlit run` on 127.0.0.1 with a seeded demo database, and headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import demo
from assistant.storage import migrate
from assistant.storage.db import Database
from tests.conftest import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).with_name("screenshots")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout}s")


@contextmanager
def served_app(db_url: str, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` (the ASGI wrapper: session-cookie routes + streamlit_app.py) on a free port."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true"]
    command += [f"--server.port={port}", "--server.address=127.0.0.1", "--server.fileWatcherType=none"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def seeded_demo(db_url: str) -> Database:
    db = Database.from_url(db_url)
    migrate.upgrade(db.engine)
    demo.seed(db)
    return db


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    for db_url in fresh_database_url(tmp_path_factory.mktemp("e2e")):
        seeded_demo(db_url).engine.dispose()
        with served_app(db_url) as url:
            yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


ENGLISH_SIGN_IN = {"password": "Password", "button": "Sign in", "home": "What waits for me"}
FRENCH_SIGN_IN = {"password": "Mot de passe", "button": "Se connecter", "home": "Ce qui m'attend"}


def sign_in(page, url: str, email: str, password: str, words: dict[str, str] = ENGLISH_SIGN_IN) -> None:
    """Sign in on the page's language (`words`: the labels as that language shows them)."""
    page.goto(url)
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_role("textbox", name=words["password"]).fill(password)
    page.get_by_role("button", name=words["button"]).click()
    page.get_by_role("heading", name=words["home"]).wait_for()


def wait_idle(page) -> None:
    """Until Streamlit has finished running the script (no 'Running...' status widget)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
