"""AppTest fixtures: the real app on a seeded demo database."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import config, demo
from assistant.services.workspace import actor_for_email
from assistant.storage import migrate
from assistant.storage.db import Database
from tests.conftest import fresh_database_url

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture(scope="package")
def demo_db(tmp_path_factory) -> Iterator[Database]:
    for url in fresh_database_url(tmp_path_factory.mktemp("appdb")):
        saved = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        config._db = None
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        demo.seed(db)
        yield db
        db.engine.dispose()
        config._db = None
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved


def signed_in_app(db: Database, email: str) -> AppTest:
    """The app as the member with this e-mail, already signed in."""
    actor = actor_for_email(db, email)
    assert actor is not None, email
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["member_id"] = actor.member_id
    at.session_state["last_seen"] = time.time()
    return at
