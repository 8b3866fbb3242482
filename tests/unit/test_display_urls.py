"""Issue 14, point 9: an address from configuration is shown without its credentials, wherever it is shown (the
Compose label, model errors, `db upgrade` output); and ui.escape_md, the one Markdown escaping helper (point 4)."""

from __future__ import annotations

import httpx2
import pytest

from assistant import ui
from assistant.commands import db as db_command
from assistant.drafting.providers import LLMSettings
from assistant.errors import ExternalServiceError
from assistant.llm import LLMClient
from assistant.prompts import RenderedPrompt
from assistant.urls import display_host, display_url, strip_userinfo

ATTACK_URL = "http://llmuser:S3CRET@127.0.0.1:9/v1"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (ATTACK_URL, "http://127.0.0.1:9/v1"),
        ("https://llmuser@api.example.com/v1", "https://api.example.com/v1"),
        ("https://:only-a-password@api.example.com", "https://api.example.com"),
        (
            "https://api.example.com/v1?api_key=abc123&deployment=x",
            "https://api.example.com/v1?api_key=***&deployment=x",
        ),
        ("https://h.example/v1?key=k1&token=t1&Access-Token=t2&x_api_key=t3", None),
        (
            "https://h.example/v1?client_secret=s1&my_password=p1&page=2",
            "https://h.example/v1?client_secret=***&my_password=***&page=2",
        ),
        (
            "postgresql+psycopg://app:pg-S3CRET@db.internal:5432/assistant",
            "postgresql+psycopg://db.internal:5432/assistant",
        ),
        ("sqlite:///data/assistant.db", "sqlite:///data/assistant.db"),
        ("http://[::1]:11434/v1", "http://[::1]:11434/v1"),
        ("https://h.example/v1#token=frag", "https://h.example/v1"),
        ("app:S3CRET@db.internal:5432/assistant", "db.internal:5432/assistant"),
        ("", ""),
        (None, ""),
    ],
)
def test_display_url_drops_user_info_and_secret_parameters(url, shown):
    result = display_url(url)
    if shown is not None:
        assert result == shown
    for secret in ("S3CRET", "llmuser", "only-a-password", "abc123", "k1", "t1", "t2", "t3", "s1", "p1", "frag"):
        assert secret not in result


def test_display_host_is_host_and_port_only():
    assert display_host(ATTACK_URL) == "127.0.0.1:9"
    assert display_host("https://u:p@api.openai.com/v1?api_key=x") == "api.openai.com"
    assert display_host(None) == ""


def test_strip_userinfo_in_free_text():
    text = f"Could not reach {ATTACK_URL} (and https://a:b@c.example/x)."
    assert strip_userinfo(text) == "Could not reach http://127.0.0.1:9/v1 (and https://c.example/x)."


def test_the_compose_label_names_the_host_without_the_credentials():
    settings = LLMSettings.from_mapping({"OPENAI_BASE_URL": ATTACK_URL, "OPENAI_MODEL": "llama3.1"})
    label = settings.describe()
    assert label == "Local/compatible server · llama3.1 · 127.0.0.1:9"
    assert "S3CRET" not in label and "llmuser" not in label


def test_a_model_error_quoting_the_address_does_not_show_the_credentials():
    def refuse(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(400, json={"error": {"message": f"bad route {ATTACK_URL}/chat?api_key=K3Y"}})

    settings = LLMSettings.from_mapping({"OPENAI_BASE_URL": ATTACK_URL, "OPENAI_MODEL": "m", "LLM_MAX_RETRIES": "0"})
    client = LLMClient(settings, http_client=httpx2.Client(transport=httpx2.MockTransport(refuse)))
    prompt = RenderedPrompt(name="p", version=1, messages=[{"role": "user", "content": "hi"}], output_schema=None)
    with pytest.raises(ExternalServiceError) as raised:
        client.generate(prompt)
    assert "S3CRET" not in str(raised.value) and "llmuser" not in str(raised.value)
    assert "127.0.0.1:9" in str(raised.value)  # the address is still named, without its user info


def test_db_upgrade_prints_the_database_address_without_its_password(monkeypatch, capsys, tmp_path):
    url = f"sqlite:///{tmp_path}/a.db"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(db_command, "database_url", lambda: "postgresql+psycopg://app:pg-S3CRET@db.internal/x")
    assert db_command.run_upgrade(None) == 0
    out = capsys.readouterr().out
    assert "pg-S3CRET" not in out and "app:" not in out and "db.internal/x" in out


# -- ui.escape_md: the one Markdown escaping helper --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("![x](http://127.0.0.1/exfil.png?d=secret)", "!\\[x\\](http://127.0.0.1/exfil.png?d=secret)"),
        ("[click](https://evil.example)", "\\[click\\](https://evil.example)"),
        ('<img src="x">', '\\<img src="x"\\>'),
        (":red[alert] :blue-badge[b] :small[s]", "\\:red\\[alert\\] \\:blue-badge\\[b\\] \\:small\\[s\\]"),
        (":color[x]{foreground=red} ::red", "\\:color\\[x\\]{foreground=red} \\:\\:red"),
        (
            ":material/warning: :smile: :+1: :100: :streamlit:",
            ":\u2060material/warning: :\u2060smile: :\u2060+1: :\u2060100: :\u2060streamlit:",
        ),
        ("$E=mc^2$ and $$x$$", "\\$E=mc^2\\$ and \\$\\$x\\$\\$"),
        ("**bold** _it_ ~~gone~~ `code` a|b", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` a\\|b"),
        (
            "# Title\n- item\n+ item\n  2. two\n3) three\n===",
            "\\# Title\n\\- item\n\\+ item\n  2\\. two\n3\\) three\n\\===",
        ),
        ("see https://x.example and www.y.example", "see https://x.example and www.y.example"),
        ("&lt;script&gt; R&D", "\\&lt;script\\&gt; R&D"),
        ("C:\\new", "C:\\\\new"),
        # plain sentences stay as they are: nothing in them is markup
        ("Post 5: approve recorded (version 2), 12:30.", "Post 5: approve recorded (version 2), 12:30."),
        ("Use HH:MM-HH:MM, e.g. 09:00-18:00", "Use HH:MM-HH:MM, e.g. 09:00-18:00"),
        ("Q3 came in at 412 million - well ahead of plan!", "Q3 came in at 412 million - well ahead of plan!"),
    ],
)
def test_escape_md_leaves_nothing_markdown_would_interpret(text, escaped):
    assert ui.escape_md(text) == escaped


def test_escaped_lines_is_a_bullet_list_of_escaped_lines():
    assert ui.escaped_lines("- Do: :red[x]\n- Don't: ![i](u)\n\n") == "- Do: \\:red\\[x\\]\n- Don't: !\\[i\\](u)"
