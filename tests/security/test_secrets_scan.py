"""A full flow with known fake secrets, then a scan of everything we keep or show for any of them.

Secrets (X tokens, the LLM key, passwords) must never reach the database, logs, audit events,
exports or error messages shown to users.
"""

from __future__ import annotations

import json
import logging

import httpx2
import pytest
from sqlalchemy import text

from assistant.domain.roles import Role
from assistant.errors import AssistantError
from assistant.llm import build_drafter
from assistant.services import audit, drafting, posts, workspace
from assistant.storage.models import Base
from assistant.x import x_account_from_settings
from tests.x_replay import Replay

SECRETS = {
    "X_BEARER_TOKEN": "AAAAfakeBearerSECRET0001",
    "X_API_KEY": "fakeConsumerKeySECRET0002",
    "X_API_SECRET": "fakeConsumerSecretSECRET0003",
    "X_ACCESS_TOKEN": "1500-fakeAccessTokenSECRET0004",
    "X_ACCESS_TOKEN_SECRET": "fakeAccessSecretSECRET0005",
    "OPENAI_API_KEY": "sk-fakeOpenAIKeySECRET0006",
}
PASSWORDS = ("first passphrase SECRET0007", "second passphrase SECRET0008")


def _llm_that_fails_echoing_the_key(request: httpx2.Request) -> httpx2.Response:
    # A badly behaved server that puts the key it received into its error message.
    key = request.headers.get("authorization", "")
    return httpx2.Response(401, json={"error": {"message": f"Incorrect API key provided: {key}", "type": "auth"}})


def _dump_database(db) -> str:
    chunks = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f'SELECT * FROM "{table.name}"')):
                chunks.append(json.dumps([str(v) for v in row]))
    return "\n".join(chunks)


def test_no_secret_reaches_storage_logs_audit_exports_or_messages(db, team, caplog, monkeypatch):
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []  # every message a user would see

    admin = team.actor(Role.ADMIN)
    ceo = workspace.add_member(db, admin, "ceo@test.example", "CEO", frozenset({Role.EXECUTIVE}), PASSWORDS[0])
    actor = workspace.sign_in(db, "ceo@test.example", PASSWORDS[0])
    workspace.change_password(db, actor, PASSWORDS[0], PASSWORDS[1])
    with pytest.raises(AssistantError) as wrong:
        workspace.sign_in(db, "ceo@test.example", PASSWORDS[0])
    shown.append(str(wrong.value))

    # Drafting with a key: the server fails and echoes the key back.
    drafter = build_drafter(
        dict(SECRETS), http_client=httpx2.Client(transport=httpx2.MockTransport(_llm_that_fails_echoing_the_key))
    )
    with pytest.raises(AssistantError) as llm_error:
        drafting.draft_posts(db, actor, drafter, team.executive_id, "Our week in Dayton", "x")
    shown.append(str(llm_error.value))
    shown.append(repr(drafter))

    # Posting with X credentials that X refuses.
    account = x_account_from_settings(dict(SECRETS), attempts=1, sleep=lambda s: None)
    replay = Replay()
    replay.problem(401, "Unauthorized", "Unauthorized")
    account.session.mount("https://", replay)
    with pytest.raises(AssistantError) as x_error:
        account.post("Hello from the test")
    shown.append(str(x_error.value))
    shown.append(repr(account))

    # Ordinary work that writes audit events.
    post = posts.create_draft(db, actor, team.executive_id, "x", "A plain post.")
    posts.submit_for_review(db, actor, post.id)

    everything = "\n".join(
        [
            _dump_database(db),
            audit.export_audit_csv(db, admin),
            caplog.text,
            *shown,
        ]
    )
    assert ceo.email in everything  # the scan really covers the stored data
    leaked = [name for name, value in SECRETS.items() if value in everything]
    leaked += [p for p in PASSWORDS if p in everything]
    # The X tokens also never appear partially (a 12-character fragment is enough to matter).
    leaked += [name for name, value in SECRETS.items() if value[4:16] in everything]
    assert leaked == []
