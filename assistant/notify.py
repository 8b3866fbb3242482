"""The notifications adapter: e-mail through SMTP and a Slack-compatible incoming webhook.

The only module that talks SMTP or HTTP for notifications. `SMTP_URL` is
`smtp://user:pass@host:587` (STARTTLS, required unless the server is on this machine) or
`smtps://user:pass@host:465` (implicit TLS). Errors never carry the password or the webhook's
path (a webhook URL is itself a credential): they name the host only.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol
from urllib.parse import unquote, urlsplit

import httpx2

from assistant.errors import ExternalServiceError, InvalidInput

TIMEOUT = 30.0  # seconds: a stuck server fails the attempt, the next pass retries
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool

    def __repr__(self) -> str:  # never print the password
        return f"SmtpSettings(host={self.host!r}, port={self.port}, implicit_tls={self.implicit_tls})"


def parse_smtp_url(url: str) -> SmtpSettings:
    """`smtp://user:pass@host:587` or `smtps://user:pass@host:465` (user and password optional)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidInput("SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
    implicit = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if implicit else 587)
    except ValueError:
        raise InvalidInput("SMTP_URL has a port that is not a number; write e.g. smtp://host:587") from None
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=implicit,
    )


def smtp_host(url: str | None) -> str | None:
    """What a page may show of SMTP_URL: host and port, never the credentials."""
    if not url:
        return None
    try:
        settings = parse_smtp_url(url)
    except InvalidInput:
        return None
    return f"{settings.host}:{settings.port}"


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    message_key: str  # stable per batch: a retry of the same batch carries the same Message-ID, so clients fold it


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class SmtpMailer:
    """Sends one message per call over a fresh connection (a pass sends few: one per member)."""

    def __init__(self, url: str, sender: str) -> None:
        self.settings = parse_smtp_url(url)
        self.sender = sender

    def send(self, email: Email) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, email.to, email.subject
        domain = self.sender.rpartition("@")[2].strip("> ") or "localhost"
        message["Date"], message["Message-ID"] = formatdate(localtime=False), f"<{email.message_key}@{domain}>"
        message["Auto-Submitted"] = "auto-generated"  # out-of-office replies stay away
        message.set_content(email.body)
        context = ssl.create_default_context()
        try:
            if s.implicit_tls:
                client: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=context)
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
            with client:
                if not s.implicit_tls:
                    client.ehlo()
                    if client.has_extn("starttls"):
                        client.starttls(context=context)
                        client.ehlo()
                    elif s.host not in _LOOPBACK:  # credentials and mail never cross a network in clear
                        raise ExternalServiceError(
                            f"the SMTP server {s.host}:{s.port} offers no STARTTLS; use smtps:// or another server",
                            retryable=False,
                        )
                if s.username:
                    client.login(s.username, s.password or "")
                client.send_message(message)
        except ExternalServiceError:
            raise
        except smtplib.SMTPAuthenticationError:
            raise ExternalServiceError(
                f"the SMTP server {s.host}:{s.port} refused the user name or password in SMTP_URL; check them"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            # the class name only: some servers echo the command, and the command may hold the address list
            raise ExternalServiceError(
                f"could not send e-mail through {s.host}:{s.port} ({type(exc).__name__}); retried on the next pass"
            ) from None


def check_webhook_url(url: str) -> str:
    """An incoming-webhook address: https (or http on this machine), with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput("the webhook address must start with https:// (e.g. https://hooks.slack.com/services/...)")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise InvalidInput("the webhook address must use https:// (plain http only for a server on this machine)")
    return url


def webhook_host(url: str | None) -> str | None:
    """What a page or the audit may show of a webhook address: its host, never the secret path."""
    return urlsplit(url).hostname if url else None


class Webhook:
    """A Slack-compatible incoming webhook: POST {"text": ...} as JSON."""

    def __init__(self, client: httpx2.Client | None = None) -> None:
        self._client = client

    def post(self, url: str, text: str) -> None:
        host = webhook_host(url)
        try:
            if self._client is not None:
                response = self._client.post(url, json={"text": text}, timeout=TIMEOUT)
            else:
                with httpx2.Client(timeout=TIMEOUT, follow_redirects=False) as client:
                    response = client.post(url, json={"text": text})
        except httpx2.HTTPError as exc:
            raise ExternalServiceError(
                f"could not reach the webhook at {host} ({type(exc).__name__}); it is retried on the next pass"
            ) from None
        if response.status_code >= 300:
            raise ExternalServiceError(
                f"the webhook at {host} answered HTTP {response.status_code}; it is retried on the next pass",
                retryable=response.status_code >= 500 or response.status_code == 429,
            )


DEFAULT_APP_URL = "http://localhost:8501"
DEFAULT_SENDER = "Executive assistant <assistant@localhost>"


@dataclass(frozen=True)
class Notifier:
    """What a notification pass needs from the settings: the mailer (None without SMTP_URL),
    the webhook client, and the app's address for links."""

    mailer: SmtpMailer | None
    webhook: Webhook
    app_url: str


def notifier_from_settings(settings: Mapping[str, str | None]) -> Notifier:
    url = settings.get("SMTP_URL")
    mailer = SmtpMailer(url, settings.get("NOTIFY_FROM") or DEFAULT_SENDER) if url else None
    return Notifier(mailer, Webhook(), (settings.get("APP_URL") or DEFAULT_APP_URL).rstrip("/"))
