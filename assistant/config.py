"""Settings from the environment (and, in the app, st.secrets through assistant.ui).

Secrets are read where they are used and never stored in the database, logs or audit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from assistant.storage.db import Database

SECRET_KEYS = (
    "X_BEARER_TOKEN",
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "LLM_PROVIDER",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_VERSION",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_DEPLOYMENT",
    "OPENAI_API_VERSION",
    "LLM_TIMEOUT",
    "LLM_MAX_RETRIES",
    "LLM_STRUCTURED_OUTPUT",
)

Lookup = Callable[[str], "str | None"]


def env_lookup(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def settings_mapping(lookup: Lookup = env_lookup, keys: tuple[str, ...] = SECRET_KEYS) -> Mapping[str, str]:
    """The configured keys only, as a plain mapping the adapters accept."""
    return {k: v for k in keys if (v := lookup(k))}


_db: Database | None = None


def database() -> Database:
    """The process-wide Database for DATABASE_URL, migrated on first use."""
    global _db
    if _db is None:
        from assistant.storage.migrate import upgrade

        db = Database.from_url()
        upgrade(db.engine)
        _db = db
    return _db


def drafter(settings: Mapping[str, str], executive_name: str = "the executive"):
    """The offline drafter with no provider configured, else the LLM drafter (assistant.llm)."""
    from assistant.llm import build_drafter

    return build_drafter(settings, executive_name=executive_name)


def llm_client(settings: Mapping[str, str]):
    """A model client for one-off calls (the readers review), or None when drafting is offline."""
    from assistant.llm import LLMClient, LLMSettings

    parsed = LLMSettings.from_mapping(settings)
    return None if parsed.offline else LLMClient(parsed)


def x_account(settings: Mapping[str, str]):
    """The X adapter for these settings: a real account when credentials exist, else the dry run."""
    from assistant.x import x_account_from_settings

    return x_account_from_settings(settings)
