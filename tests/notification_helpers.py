"""A real SMTP server (aiosmtpd) and a real HTTP endpoint on 127.0.0.1, and a team with work waiting."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from assistant.clock import utcnow
from assistant.domain.roles import Role
from assistant.services import posts
from assistant.services.context import Actor
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, Post, Reply
from tests.conftest import Team

SMTP_USER, SMTP_PASSWORD = "mailer", "smtp-pass-Qz81-never-in-a-mail"
# A long mention: only an 80-character excerpt of it may reach a notification.
LONG_MENTION = (
    "@testexec I am writing a story about the plant closure in Dayton and would like a comment from you "
    "before Friday, TAIL-MARKER-7731 please call my desk"
)
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 15:00 in Paris, the team executive's zone


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    to: list[str]
    message: Message

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_payload(decode=True).decode(self.message.get_content_charset() or "utf-8")


@dataclass
class SmtpSink:
    """What the SMTP server accepted; `refuse` > 0 answers the next DATA commands with a temporary failure."""

    received: list[Received] = field(default_factory=list)
    refuse: int = 0
    logins: list[str] = field(default_factory=list)
    url: str = ""
    delay: float = 0.0  # seconds before answering DATA: a slow server keeps parallel senders overlapping

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(self.delay)
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        self.received.append(Received(list(envelope.rcpt_tos), message_from_bytes(envelope.original_content)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            SMTP_USER.encode(),
            SMTP_PASSWORD.encode(),
        )
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.to]


@contextmanager
def smtp_server() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, authenticator=sink.authenticate, auth_require_tls=False
    )
    controller.start()
    sink.url = f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{port}"
    try:
        yield sink
    finally:
        controller.stop()


@dataclass
class HookSink:
    posts: list[dict] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    fail: int = 0  # answer the next requests with HTTP 500
    url: str = ""


@contextmanager
def webhook_server() -> Iterator[HookSink]:
    sink = HookSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's hook name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if sink.fail:
                sink.fail -= 1
                self.send_response(500)
                self.end_headers()
                return
            assert self.headers.get("Content-Type", "").startswith("application/json")
            sink.posts.append(json.loads(body))
            sink.paths.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sink.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/secret-path-9f3k"
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Waiting:
    """A team whose work waits: a post in review, a post sent back, a reply held, an escalation,
    a press mention near its target, a failed publish."""

    team: Team
    executive: Actor
    delegate: Actor
    reviewer: Actor
    admin: Actor
    in_review: int
    changes: int
    failed: int
    reply: int
    escalated: int
    at_risk: int


def _mention(db: Database, team: Team, state: str, posted_at: datetime, text: str, **extra) -> int:
    with db.writing() as session:
        mention = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id=f"{posted_at.timestamp()}-{state}",
            author_id="9",
            author_handle=extra.pop("handle", "reporter"),
            author_followers=120000,
            text=text,
            posted_at=posted_at,
            source="import",
            state=state,
            **extra,
        )
        session.add(mention)
        session.flush()
        return mention.id


def waiting_work(db: Database, now: datetime = NOW) -> Waiting:
    team = Team(db)
    executive = team.actor(Role.EXECUTIVE, email="maya@notify.example")
    delegate = team.actor(Role.DELEGATE, email="sam@notify.example")
    reviewer = team.actor(Role.REVIEWER, email="riley@notify.example")
    admin = team.actor(Role.ADMIN, email="admin@notify.example")
    with db.writing() as session:
        session.get(Executive, team.executive_id).member_id = executive.member_id
    in_review = posts.create_draft(db, delegate, team.executive_id, "x", "Our quarter in numbers: a plain update.").id
    posts.submit_for_review(db, delegate, in_review)
    changes = posts.create_draft(db, delegate, team.executive_id, "x", "A second plain post about our week.").id
    posts.submit_for_review(db, delegate, changes)
    posts.review_post(db, reviewer, changes, "request_changes", "Say which plant, please.")
    failed = posts.create_draft(db, executive, team.executive_id, "x", "A post that X refused to take.").id
    with db.writing() as session:
        post = session.get(Post, failed)
        post.state, post.publish_attempts, post.last_error = "failed", 1, "X answered 503"
    escalated = _mention(db, team, "escalated", now - timedelta(minutes=20), "@testexec about the layoffs rumour")
    at_risk = _mention(db, team, "new", now - timedelta(minutes=50), LONG_MENTION, sla_class="press")
    asked = _mention(db, team, "claimed", now - timedelta(minutes=5), "@testexec what is the price?", handle="buyer")
    with db.writing() as session:
        reply = Reply(
            mention_id=asked,
            executive_id=team.executive_id,
            text="Thanks for asking: our pricing page has the details. ^SP",
            state="pending_approval",
            authorship="human",
            written_by_id=delegate.member_id,
            findings=[],
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(reply)
        session.flush()
        reply_id = reply.id
    return Waiting(team, executive, delegate, reviewer, admin, in_review, changes, failed, reply_id, escalated, at_risk)
