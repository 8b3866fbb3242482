"""What may be shown of an address taken from configuration (OPENAI_BASE_URL, DATABASE_URL...).

Such addresses may carry credentials: `http://user:password@host/v1`, `...?api_key=...`. Everything that displays
one (pages, CLI output, logs, error messages) passes it through `display_url` first. Pure: no I/O.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that carry a secret (compared lower-case, `-` read as `_`): their value is replaced.
SECRET_PARAMETERS = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "auth",
        "auth_token",
        "password",
        "passwd",
        "pwd",
        "secret",
        "client_secret",
        "sig",
        "signature",
        "code",
        "session",
        "sessionid",
        "credential",
        "credentials",
        "x_api_key",
        "subscription_key",
    }
)
HIDDEN = "***"
# `user:pass@` right after a scheme, for text that is not a single URL (an error message quoting one).
_USERINFO_IN_TEXT = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s@?#]+@")


def _secret_name(name: str) -> bool:
    folded = name.strip().lower().replace("-", "_")
    return folded in SECRET_PARAMETERS or folded.endswith(("_key", "_token", "_secret", "_password"))


def display_url(url: str | None) -> str:
    """The address without what must never be shown: user info (`user:password@`) goes, secret query parameters
    (key=, token=, api_key=, password=...) keep their name with the value hidden, the fragment goes.

    >>> display_url("http://llmuser:S3CRET@127.0.0.1:9/v1?api_key=abc&x=1")
    'http://127.0.0.1:9/v1?api_key=***&x=1'
    """
    if not url:
        return ""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # not parsable as a URL (a bad port...): at least drop anything before an '@'
        return strip_userinfo(text)
    if not parts.scheme or not parts.netloc:
        return strip_userinfo(text)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, HIDDEN if _secret_name(k) else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def display_host(url: str | None) -> str:
    """Host and port only (`127.0.0.1:9`), for labels."""
    shown = display_url(url)
    return urlsplit(shown).netloc if "://" in shown else ""


def strip_userinfo(text: str) -> str:
    """In free text (an error message), every `scheme://user:password@` becomes `scheme://`; an address without
    a scheme (`user:password@host:5432/db`) loses what comes before the '@' of its first segment."""
    text = _USERINFO_IN_TEXT.sub(lambda m: m.group("scheme"), text)
    head, slash, rest = text.partition("/")
    if "://" not in text and "@" in head and not any(c.isspace() for c in head):
        return head.rsplit("@", 1)[1] + slash + rest
    return text
