"""The secrets helper: st.secrets first, the environment next, and no crash without a secrets file."""

from __future__ import annotations

from pathlib import Path

from assistant import ui


def test_without_a_secrets_file_the_environment_is_used(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    assert not Path(".streamlit/secrets.toml").exists()
    monkeypatch.setenv("OPENAI_MODEL", "from-env")
    monkeypatch.delenv("X_BEARER_TOKEN", raising=False)
    assert ui.read_secret("OPENAI_MODEL") == "from-env"
    assert ui.read_secret("X_BEARER_TOKEN") is None
    assert ui.read_secret("X_BEARER_TOKEN", "fallback") == "fallback"
    assert ui.oidc_configured() is False


def test_settings_hold_only_configured_keys(monkeypatch):
    for key in ("X_BEARER_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("X_BEARER_TOKEN", "")
    settings = ui.settings()
    assert settings.get("OPENAI_BASE_URL") == "http://127.0.0.1:11434/v1"
    assert "X_BEARER_TOKEN" not in settings and "OPENAI_API_KEY" not in settings
