"""The one place adapters are built from the settings: the platform (X), the drafter, the model client.

Pages get them through `assistant.ui`, commands and the worker call these directly; services only
ever receive the typed ports (`assistant.ports`). The SDK modules load on first use, so commands
that need neither tweepy nor openai start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.ports import Drafter, Platform
from assistant.x_types import credentials_from_settings


def platform(settings: Mapping[str, str | None], **options: Any) -> Platform:
    """X for these settings: a real account when credentials exist, else the labelled dry run."""
    from assistant.x import x_account_from_settings

    return x_account_from_settings(settings, **options)


def publisher_mode(settings: Mapping[str, str | None]) -> str:
    """`dry-run` (no X keys), `live`, or `read-only` (bearer token only: posting is refused)."""
    creds = credentials_from_settings(settings)
    return "dry-run" if creds is None else ("live" if creds.can_post else "read-only")


def drafter(settings: Mapping[str, str], executive_name: str = "the executive") -> Drafter:
    """The offline drafter with no provider configured, else the LLM drafter."""
    from assistant.llm import build_drafter

    return build_drafter(settings, executive_name=executive_name)


def llm_client(settings: Mapping[str, str]) -> Any:
    """A model client for one-off calls (the readers review), or None when drafting is offline."""
    from assistant.llm import LLMClient, LLMSettings

    parsed = LLMSettings.from_mapping(settings)
    return None if parsed.offline else LLMClient(parsed)


def notifier(settings: Mapping[str, str | None]) -> Any:
    """E-mail (SMTP_URL) and webhook senders for the notification pass, with APP_URL for links."""
    from assistant.notify import notifier_from_settings

    return notifier_from_settings(settings)
