"""Settings from the environment (and, in the app, st.secrets through assistant.ui).

Secrets are read where they are used and never stored in the database, logs or audit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the database layer is imported on first use: `check` in a pipeline does not pay for it
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
    # Notifications (assistant/notify.py): SMTP_URL holds the mail password, so it is read like the keys above.
    "SMTP_URL",
    "NOTIFY_FROM",
    "APP_URL",
)

Lookup = Callable[[str], "str | None"]

ENV_FILE = ".env"


def load_env_file(path: str | os.PathLike[str] | None = None) -> bool:
    """Read `.env` (or ENV_FILE_PATH) into the environment; variables already set win.

    The app, the worker and the CLI call this first, so what `.env.example` says works.
    """
    chosen = path or os.environ.get("ENV_FILE_PATH") or ENV_FILE
    if not os.path.isfile(chosen):
        return False
    from dotenv import load_dotenv  # only when there is a file: `check` in a pipeline starts without it

    return load_dotenv(chosen, override=False)


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
        from assistant.storage.db import Database
        from assistant.storage.migrate import upgrade

        db = Database.from_url()
        upgrade(db.engine)
        _db = db
    return _db
